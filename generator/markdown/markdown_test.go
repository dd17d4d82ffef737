package markdown

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/render")

// fakeResolver knows a few pages; "Georgia" is ambiguous.
type fakeResolver struct{}

var pages = map[string]*Target{
	"putin":          {Key: "people/vladimir-putin", URL: "/people/vladimir-putin/", Title: "Vladimir Putin"},
	"vladimir-putin": {Key: "people/vladimir-putin", URL: "/people/vladimir-putin/", Title: "Vladimir Putin"},
	"russia":         {Key: "countries/russia", URL: "/countries/russia/", Title: "Russia"},
	"ukraine":        {Key: "countries/ukraine", URL: "/countries/ukraine/", Title: "Ukraine"},
}

func (fakeResolver) Resolve(kind, name string) (*Target, error) {
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "-")
	if key == "georgia" && kind == "" {
		return nil, fmt.Errorf("ambiguous link target %q", name)
	}
	return pages[key], nil
}

func (fakeResolver) Href(url string) string { return "../.." + url }

var testNames = []Pattern{
	{Text: "Vladimir Putin", Target: pages["putin"]},
	{Text: "Putin", Target: pages["putin"], CaseSensitive: true},
	{Text: "Russia", Target: pages["russia"]},
	{Text: "Russian Federation", Target: pages["russia"], CaseSensitive: true},
	{Text: "Ukraine", Target: pages["ukraine"]},
}

// TestRenderGolden renders each testdata/render/*.txtar's input.md and
// compares the HTML, links and problems with the archive's golden files.
// Run with -update to rewrite them.
func TestRenderGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/render/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	md := New(Options{Names: testNames})
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var input []byte
			for _, f := range a.Files {
				if f.Name == "input.md" {
					input = f.Data
				}
			}
			res, err := md.Render(input, fakeResolver{}, true)
			if err != nil {
				t.Fatal(err)
			}
			var links strings.Builder
			for _, l := range res.Links {
				fmt.Fprintf(&links, "%s offset=%d auto=%v context=%q\n", l.Target.Key, l.Offset, l.Auto, l.Context)
			}
			for _, p := range res.Problems {
				fmt.Fprintf(&links, "problem offset=%d: %s\n", p.Offset, p.Msg)
			}
			got := map[string]string{"want.html": string(res.HTML), "want-links.txt": links.String()}
			if *update {
				a.Files = []txtar.File{{Name: "input.md", Data: input}, {Name: "want.html", Data: res.HTML}, {Name: "want-links.txt", Data: []byte(links.String())}}
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, f := range a.Files {
				if want, ok := got[f.Name]; ok && string(f.Data) != want {
					t.Errorf("%s: got\n%s\nwant\n%s", f.Name, want, f.Data)
				}
			}
		})
	}
}

func TestMatcherLongestWholeWordCaseRules(t *testing.T) {
	m := NewMatcher(testNames)
	tests := []struct{ text, want string }{
		{"The Russian Federation and Russia.", "Russian Federation"},
		{"Russians are not Russia.", "Russia"},
		{"putin lower case alias does not match", ""},
		{"vladimir putin matches by name", "vladimir putin"},
		{"UkraineX is not a word match", ""},
	}
	for _, tc := range tests {
		got := ""
		if ms := m.Find([]byte(tc.text)); len(ms) > 0 {
			got = tc.text[ms[0].Start:ms[0].End]
		}
		if got != tc.want {
			t.Errorf("Find(%q) first = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestSentence(t *testing.T) {
	text := "First one. Putin spoke on Wednesday. Dr. Who came. Last."
	if got := Sentence(text, strings.Index(text, "Putin")); got != "Putin spoke on Wednesday." {
		t.Errorf("got %q", got)
	}
}

func TestWordsCountsLikeFields(t *testing.T) {
	for _, text := range []string{"", " ", "one", " one  two\tthree\n", "a\u00a0b\u2003c", "\u0085x\v\fy\r", "caf\xe9 au lait", "Зеленський сказав"} {
		if got, want := Words([]byte(text)), len(strings.Fields(text)); got != want {
			t.Errorf("Words(%q) = %d, want %d", text, got, want)
		}
	}
}
