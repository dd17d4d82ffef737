package site

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
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
			all = append(all, b.Mentioned[k.Name]...)
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
			for _, e := range b.Mentioned[k.Name] {
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
			for _, e := range b.Mentioned[k.Name] {
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
