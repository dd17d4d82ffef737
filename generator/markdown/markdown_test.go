package markdown

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	// For embeds, [[Name#Heading]] and names spanning nodes.
	"state-department":  {Key: "people/state-department", URL: "/people/state-department/", Title: "Dept. of State"},
	"cote-d'ivoire":     {Key: "countries/cote-divoire", URL: "/countries/cote-divoire/", Title: "Côte d’Ivoire"},
	"briefing-on-talks": {Key: "briefings/briefing-on-talks", URL: "/briefings/briefing-on-talks/", Title: "Briefing on talks"},
}

func (fakeResolver) Resolve(kind, name string) (*Target, error) {
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "-")
	if key == "georgia" && kind == "" {
		return nil, fmt.Errorf("ambiguous link target %q", name)
	}
	return pages[key], nil
}

func (fakeResolver) Href(url string) string { return "../.." + url }

func (fakeResolver) Card(t *Target) *Card {
	switch t.Key {
	case "people/vladimir-putin":
		return &Card{Kind: "Person", Class: "people", Facts: []Fact{{"Role", "President of Russia"}}}
	case "countries/ukraine":
		return &Card{Kind: "Country", Class: "countries", Flag: "🇺🇦", Facts: []Fact{{"Capital", "Kyiv"}}, Summary: "A country in <Eastern> Europe."}
	}
	return nil
}

var testNames = []Pattern{
	{Text: "Vladimir Putin", Target: pages["putin"]},
	{Text: "Putin", Target: pages["putin"], CaseSensitive: true},
	{Text: "Russia", Target: pages["russia"]},
	{Text: "Russian Federation", Target: pages["russia"], CaseSensitive: true},
	{Text: "Ukraine", Target: pages["ukraine"]},
	{Text: "Côte d'Ivoire", Target: pages["cote-d'ivoire"]},
	{Text: "Ivory Coast", Target: pages["cote-d'ivoire"], CaseSensitive: true},
}

// TestRenderGolden renders each testdata/render/*.txtar's input.md and
// compares the HTML, links and problems with the archive's golden files.
// An archive whose comment says "unsafe" renders with raw HTML let
// through. Run with -update to rewrite them.
func TestRenderGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/render/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	safe, unsafe := New(Options{Names: testNames}), New(Options{Names: testNames, Unsafe: true})
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			md := safe
			if strings.Contains(string(a.Comment), "unsafe") {
				md = unsafe
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

// TestBacklinkContextSentences renders a sentence with a link between
// two others and checks the sentence its backlink quotes: it never ends
// after an abbreviation, initials or inside a known name (issue 22).
func TestBacklinkContextSentences(t *testing.T) {
	names := append(slices.Clone(testNames), Pattern{Text: "Dept. of State", Target: pages["state-department"]})
	md := New(Options{Names: names})
	tests := []struct{ sentence, want string }{
		{"Putin spoke on Wednesday.", "Putin spoke on Wednesday."},
		{"At the Contact Group in Brussels, U.S. Defense Secretary [[Putin]] spoke.", "At the Contact Group in Brussels, U.S. Defense Secretary Vladimir Putin spoke."},
		{"[[Putin]] met the U.S. Defense Secretary in Brussels.", "Vladimir Putin met the U.S. Defense Secretary in Brussels."},
		{"Dr. Ruth and Gen. Syrskyi briefed [[Putin]].", "Dr. Ruth and Gen. Syrskyi briefed Vladimir Putin."},
		{"Lt. Col. Ivanova and Prof. Chen wrote to [[Putin]].", "Lt. Col. Ivanova and Prof. Chen wrote to Vladimir Putin."},
		{"He flew to St. Petersburg to meet [[Putin]].", "He flew to St. Petersburg to meet Vladimir Putin."},
		{"Point No. 3 was put to [[Putin]].", "Point No. 3 was put to Vladimir Putin."},
		{"Several leaders, e.g. [[Putin]], came.", "Several leaders, e.g. Vladimir Putin, came."},
		{"The host, i.e. [[Putin]], spoke first.", "The host, i.e. Vladimir Putin, spoke first."},
		{"Donald J. Trump called [[Putin]].", "Donald J. Trump called Vladimir Putin."},
		{"The Dept. of State wrote to [[Putin]].", "The Dept. of State wrote to Vladimir Putin."},
		{"They met [[Putin]]. Talks went on.", "They met Vladimir Putin."},
		{"Who called? [[Putin]] did.", "Vladimir Putin did."},
		{"He left! [[Putin]] stayed.", "Vladimir Putin stayed."},
		{"[[Putin|Gen. Putin]] spoke.", "Gen. Putin spoke."},
	}
	for _, tc := range tests {
		t.Run(tc.sentence, func(t *testing.T) {
			body := "The day began early. " + tc.sentence + " The day ended late."
			res, err := md.Render([]byte(body), fakeResolver{}, true)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range res.Links {
				if l.Target.Key == "people/vladimir-putin" {
					if l.Context != tc.want {
						t.Errorf("got %q, want %q", l.Context, tc.want)
					}
					return
				}
			}
			t.Errorf("no link to Putin in %q", body)
		})
	}
}

// TestBacklinkContextMarksTheLink: the quoted sentence knows where the
// link's text is in it, for the entity page to highlight, in a short
// sentence, in a long one cut around the link, and for each of two
// links in one sentence (issue 23).
func TestBacklinkContextMarksTheLink(t *testing.T) {
	md := New(Options{Names: testNames})
	long := strings.Repeat("word ", 80)
	for _, body := range []string{
		"The day began early.   [[Putin]] spoke. The day ended late.",
		"Before that, Putin and [[Putin|the president]] met.",
		long + "and then [[Putin]] spoke, " + long + "at length.",
		"  " + long + "Putin " + long,
	} {
		res, err := md.Render([]byte(body), fakeResolver{}, true)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, l := range res.Links {
			if l.Target.Key != "people/vladimir-putin" {
				continue
			}
			n++
			got := l.Context[l.Mark[0]:l.Mark[1]]
			if got != "Vladimir Putin" && got != "Putin" && got != "the president" {
				t.Errorf("%.40q: the mark in %q is %q", body, l.Context, got)
			}
		}
		if n == 0 {
			t.Errorf("no link to Putin in %.40q", body)
		}
	}
}

func TestWordsCountsLikeFields(t *testing.T) {
	for _, text := range []string{"", " ", "one", " one  two\tthree\n", "a\u00a0b\u2003c", "\u0085x\v\fy\r", "caf\xe9 au lait", "Зеленський сказав"} {
		if got, want := Words([]byte(text)), len(strings.Fields(text)); got != want {
			t.Errorf("Words(%q) = %d, want %d", text, got, want)
		}
	}
}
