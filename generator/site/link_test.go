package site

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"briefings/generator/markdown"
)

// TestTogetherAndRelatedMatchPairwiseCounts checks Link's related
// briefings and entities that appear together against plain
// implementations that use maps and full sorts, on random sites large
// enough for the related window and its binary search to matter.
func TestTogetherAndRelatedMatchPairwiseCounts(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1))
			files := map[string]string{}
			for i := range 400 {
				var people, countries []string
				for range r.IntN(5) {
					people = append(people, fmt.Sprintf("%q", fmt.Sprintf("Person %d", r.IntN(40))))
				}
				for range r.IntN(3) {
					countries = append(countries, fmt.Sprintf("%q", fmt.Sprintf("Country %d", r.IntN(12))))
				}
				if i%3 != 0 {
					countries = append(countries, `"Everywhere"`) // over 4 windows of briefings
				}
				// Few dates and titles, so that briefings tie on both.
				files[fmt.Sprintf("content/briefings/b%03d.md", i)] = fmt.Sprintf("+++\ntitle = \"Briefing %d\"\ndate = 2025-01-%02d\npeople = [%s]\ncountries = [%s]\n+++\n",
					r.IntN(50), 1+r.IntN(28), strings.Join(people, ", "), strings.Join(countries, ", "))
			}
			s, _ := assemble(t, files)
			s.Link()
			wantTogether := pairwiseTogether(s)
			wantRelated := pairwiseRelated(s)
			for _, k := range s.Kinds {
				for _, e := range s.Entities[k.Name] {
					if !reflect.DeepEqual(e.Together, wantTogether[e]) {
						t.Errorf("%s: Together = %v, want %v", e.Key(), e.Together, wantTogether[e])
					}
				}
			}
			for _, b := range s.Briefings {
				if !slices.Equal(b.Related, wantRelated[b]) {
					t.Errorf("%s: Related = %v, want %v", b.Key(), keys(b.Related), keys(wantRelated[b]))
				}
			}
		})
	}
}

// TestLinkSinceMatchesLink links random sites again after edits to the
// people and countries of a few briefings, as a Builder does, and checks
// that the related briefings LinkSince takes from the last Site are those
// Link finds in a fresh one, and that it took some. Issue 27.
func TestLinkSinceMatchesLink(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 2))
			briefing := func(i int) string {
				var people, countries []string
				for range r.IntN(5) {
					people = append(people, fmt.Sprintf("%q", fmt.Sprintf("Person %d", r.IntN(60))))
				}
				for range r.IntN(3) {
					countries = append(countries, fmt.Sprintf("%q", fmt.Sprintf("Country %d", r.IntN(12))))
				}
				if i%3 != 0 {
					countries = append(countries, `"Everywhere"`)
				}
				return fmt.Sprintf("+++\ntitle = \"Briefing %d\"\ndate = 2025-01-%02d\npeople = [%s]\ncountries = [%s]\n+++\n",
					i, 1+i%28, strings.Join(people, ", "), strings.Join(countries, ", "))
			}
			files := map[string]string{}
			for i := range 400 {
				files[fmt.Sprintf("content/briefings/b%03d.md", i)] = briefing(i)
			}
			last, _ := assemble(t, files)
			last.Link()
			kept, keptTogether := 0, 0
			for step := range 6 {
				for range 1 + step%3 {
					i := r.IntN(400)
					files[fmt.Sprintf("content/briefings/b%03d.md", i)] = briefing(i)
				}
				s, _ := assemble(t, files)
				if c := s.compare(s.graph(), last); c != nil {
					for _, k := range c.related {
						if k {
							kept++
						}
					}
					for _, k := range c.together {
						if k {
							keptTogether++
						}
					}
				}
				s.LinkSince(last)
				want, _ := assemble(t, files)
				want.Link()
				for i, b := range s.Briefings {
					if got, want := keys(b.Related), keys(want.Briefings[i].Related); !slices.Equal(got, want) {
						t.Errorf("step %d: %s: Related = %v, want %v", step, b.Key(), got, want)
					}
				}
				for _, k := range s.Kinds {
					for i, e := range s.Entities[k.Name] {
						if got, want := together(e), together(want.Entities[k.Name][i]); got != want {
							t.Errorf("step %d: %s: Together = %s, want %s", step, e.Key(), got, want)
						}
					}
				}
				last = s
			}
			if kept == 0 || keptTogether == 0 {
				t.Errorf("LinkSince took %d related briefings and %d entities together from the last Site: the test no longer covers it", kept, keptTogether)
			}
		})
	}
}

// together describes an entity's Together, with each entity by key.
func together(e *Entity) string {
	if e.Together == nil {
		return "nil"
	}
	var b strings.Builder
	for _, kind := range slices.Sorted(maps.Keys(e.Together)) {
		fmt.Fprintf(&b, "%s:", kind)
		for _, c := range e.Together[kind] {
			fmt.Fprintf(&b, " %s=%d", c.Entity.Key(), c.N)
		}
		b.WriteString("; ")
	}
	return b.String()
}

func keys(list []*Briefing) []string {
	var out []string
	for _, b := range list {
		out = append(out, b.Key())
	}
	return out
}

func pairwiseTogether(s *Site) map[*Entity]map[string][]Count {
	counts := map[*Entity]map[*Entity]int{}
	for _, b := range s.Briefings {
		var all []*Entity
		for _, k := range s.Kinds {
			all = append(all, b.Mentioned()[k.Name]...)
		}
		for _, e := range all {
			if counts[e] == nil {
				counts[e] = map[*Entity]int{}
			}
			for _, o := range all {
				if o != e {
					counts[e][o]++
				}
			}
		}
	}
	out := map[*Entity]map[string][]Count{}
	for e, c := range counts {
		out[e] = map[string][]Count{}
		for o, n := range c {
			out[e][o.Kind.Name] = append(out[e][o.Kind.Name], Count{Entity: o, N: n})
		}
		for k, list := range out[e] {
			slices.SortFunc(list, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), byName(a.Entity, b.Entity)) })
			out[e][k] = list[:min(len(list), 8)]
		}
	}
	return out
}

func pairwiseRelated(s *Site) map[*Briefing][]*Briefing {
	n := float64(len(s.Briefings))
	postings := map[*Entity][]*Briefing{} // newest first
	for _, b := range s.Briefings {
		for _, k := range s.Kinds {
			for _, e := range b.Mentioned()[k.Name] {
				postings[e] = append(postings[e], b)
			}
		}
	}
	index := map[*Briefing]int{}
	for i, b := range s.Briefings {
		index[b] = i
	}
	out := map[*Briefing][]*Briefing{}
	for _, b := range s.Briefings {
		score := map[*Briefing]float64{}
		for _, k := range s.Kinds {
			for _, e := range b.Mentioned()[k.Name] {
				list := postings[e]
				w := math.Log(1 + n/float64(len(list)))
				i := slices.Index(list, b)
				for j, o := range list {
					if o != b && j >= i-relatedWindow && j <= i+relatedWindow {
						score[o] += w
					}
				}
			}
		}
		var list []*Briefing
		for o := range score {
			list = append(list, o)
		}
		slices.SortFunc(list, func(x, y *Briefing) int {
			return cmp.Or(cmp.Compare(score[y], score[x]), cmp.Compare(index[x], index[y]))
		})
		if len(list) > 0 {
			out[b] = list[:min(len(list), 5)]
		}
	}
	return out
}

func TestRelMatchesConcatenation(t *testing.T) {
	froms := []string{"", "/", "/briefings/", "/briefings/x/", "/timeline/2025/", "/a/b/c/d/", "/404.html", "noslash"}
	urls := []string{"", "/", "#top", "x", "/people/", "/people/putin/", "/people/putin/#bio", "/assets/app.css", "/a#", "/#x", "//", "https://e.org/"}
	for _, from := range froms {
		for _, url := range urls {
			want := url
			if url != "" && strings.HasPrefix(url, "/") {
				path, frag, hasFrag := strings.Cut(url, "#")
				if strings.HasSuffix(path, "/") {
					path += "index.html"
				}
				want = strings.Repeat("../", max(0, strings.Count(from, "/")-1)) + strings.TrimPrefix(path, "/")
				if hasFrag {
					want += "#" + frag
				}
			}
			if got := Rel(from, url); got != want {
				t.Errorf("Rel(%q, %q) = %q, want %q", from, url, got, want)
			}
		}
	}
}

// TestBacklinksListEachBriefingOnceNewestFirst: an entity's backlinks
// whatever the order AddLinks met the briefings in, each briefing once,
// marked when its front matter names the entity, with the sentences
// around its body links once each, in the order written, and only its
// own.
func TestBacklinksListEachBriefingOnceNewestFirst(t *testing.T) {
	s, diags := assemble(t, map[string]string{
		"content/people/putin.md":     "+++\nname = \"Vladimir Putin\"\n+++\n",
		"content/countries/russia.md": "+++\nname = \"Russia\"\n+++\n",
		"content/briefings/a.md":      "+++\ntitle = \"A\"\ndate = 2025-01-01\npeople = [\"Vladimir Putin\"]\n+++\n",
		"content/briefings/b.md":      "+++\ntitle = \"B\"\ndate = 2025-01-02\n+++\n",
		"content/briefings/c.md":      "+++\ntitle = \"C\"\ndate = 2025-01-03\npeople = [\"Vladimir Putin\"]\n+++\n",
		"content/briefings/d.md":      "+++\ntitle = \"D\"\ndate = 2025-01-04\n+++\n",
	})
	if len(diags.Items()) > 0 {
		t.Fatal(diags.Items())
	}
	putin, russia := s.byKey["people/putin"], s.byKey["countries/russia"]
	link := func(e *Entity, context string) markdown.Link {
		return markdown.Link{Target: &markdown.Target{Key: e.Key(), URL: e.URL}, Context: context}
	}
	bodies := map[string][]markdown.Link{
		"a": {link(putin, "Putin spoke."), link(russia, "Putin spoke."), link(putin, "Putin spoke."), link(putin, "Putin left.")},
		"b": {link(russia, "Russia waited."), link(putin, "")},
		"d": {link(putin, "Putin again.")},
	}
	// Oldest first, the reverse of Site.Briefings.
	for _, slug := range []string{"a", "b", "c", "d"} {
		b := s.briefings[slug]
		s.AddLinks(b.Note, &markdown.Result{Links: bodies[slug]}, diags)
	}
	s.Link()
	type want struct {
		briefing    string
		frontMatter bool
		contexts    []string
	}
	check := func(e *Entity, wants []want) {
		t.Helper()
		if len(e.Backlinks) != len(wants) {
			t.Fatalf("%s has %d backlinks, want %d", e.Key(), len(e.Backlinks), len(wants))
		}
		for i, w := range wants {
			bl := e.Backlinks[i]
			if bl.Briefing.Slug != w.briefing || bl.FrontMatter != w.frontMatter || !slices.Equal(bl.Contexts(), w.contexts) {
				t.Errorf("%s backlink %d = %s, front matter %v, %q; want %s, %v, %q", e.Key(), i, bl.Briefing.Slug, bl.FrontMatter, bl.Contexts(), w.briefing, w.frontMatter, w.contexts)
			}
		}
	}
	check(putin, []want{
		{"d", false, []string{"Putin again."}},
		{"c", true, nil},
		{"b", false, nil},
		{"a", true, []string{"Putin spoke.", "Putin left."}},
	})
	check(russia, []want{
		{"b", false, []string{"Russia waited."}},
		{"a", false, []string{"Putin spoke."}},
	})
}

// TestRequoteKeepsTheContexts: a backlink quotes the sentence around
// its link, and still does once serve has quoted the briefing again
// after an edit of its summary.
func TestRequoteKeepsTheContexts(t *testing.T) {
	s, diags := assemble(t, map[string]string{
		"content/people/putin.md": "+++\nname = \"Vladimir Putin\"\n+++\n",
		"content/briefings/a.md":  "+++\ntitle = \"Talks in Geneva\"\ndate = 2025-01-01\nsummary = \"Putin spoke.\"\n+++\n",
		"content/briefings/b.md":  "+++\ntitle = \"Quiet\"\ndate = 2025-01-02\n+++\n",
	})
	if len(diags.Items()) > 0 {
		t.Fatal(diags.Items())
	}
	putin := s.byKey["people/putin"]
	quote := []markdown.Link{{Target: &markdown.Target{Key: putin.Key(), URL: putin.URL}, Context: "Putin spoke at length."}}
	a, b := s.briefings["a"], s.briefings["b"]
	s.AddLinks(a.Note, &markdown.Result{Links: quote}, diags)
	s.AddLinks(b.Note, &markdown.Result{}, diags)
	s.Link()
	if got := putin.Backlinks[0].Contexts(); !slices.Equal(got, []string{"Putin spoke at length."}) {
		t.Errorf("contexts = %q", got)
	}
	a.Summary = "Putin spoke, then left."
	s.Requote(a, quote)
	if got := putin.Backlinks[0].Contexts(); !slices.Equal(got, []string{"Putin spoke at length."}) {
		t.Errorf("contexts after Requote = %q", got)
	}
}
