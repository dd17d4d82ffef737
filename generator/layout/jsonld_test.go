package layout

import (
	htmltemplate "html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestQuotesAreEscapedAsTemplatesEscapeText checks that a backlink's
// quote, made ready to print in Go, is escaped byte for byte as
// html/template escapes a string printed in text.
func TestQuotesAreEscapedAsTemplatesEscapeText(t *testing.T) {
	tmpl := htmltemplate.Must(htmltemplate.New("q").Parse(`<p>{{ . }}</p>`))
	cases := []string{"", "plain", `"quoted" & 'single' <b> a+b`, "nul\x00byte", "bad \xff utf8", "é – “x”"}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", " ", "\"", "'", "&", "+", "<", ">", "\x00", "é", "\xff", "=", "`"}
	for range 2000 {
		var s string
		for range r.IntN(12) {
			s += alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		var want strings.Builder
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if got := "<p>" + string(appendHTML(nil, s)) + "</p>"; got != want.String() {
			t.Errorf("appendHTML(%q) = %s, want %s", s, got, want.String())
		}
	}
}
