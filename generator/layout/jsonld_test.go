package layout

import (
	"encoding/json"
	htmltemplate "html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestJSONStringsAreEscapedAsEncodingJSONDoes checks that the JSON-LD
// writer escapes a string byte for byte as encoding/json does (which
// wrote the pages' structured data before): quotes, backslashes, control
// characters, <, > and & (so that the JSON cannot end its script
// element), U+2028 and U+2029, and bytes that are not UTF-8.
func TestJSONStringsAreEscapedAsEncodingJSONDoes(t *testing.T) {
	cases := []string{
		"", "Putin", `say "no"`, `back\slash`, "</script><script>alert(1)</script>",
		"a & b", "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f", "Zürich – “quoted” ‘x’",
		"line\u2028para\u2029end", "bad \xff\xfe utf8 \xc3", "emoji 🇺🇦 flag", "\xe2\x80", "é\u2028\xff<",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", " ", "\"", "\\", "<", ">", "&", "\n", "\x00", "\x1f", "\x7f", "é", "\u2028", "\u2029", "\xff", "\xe2", "\x80", "😀", "/"}
	for range 2000 {
		var s string
		for range r.IntN(12) {
			s += alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

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
