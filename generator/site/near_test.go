package site

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"briefings/generator/config"
)

// nearTestIndex indexes names given as "kind:Name|alias|alias", one
// entity each.
func nearTestIndex(names ...string) *nearIndex {
	x := newNearIndex()
	for _, line := range names {
		kind, rest, _ := strings.Cut(line, ":")
		fields := strings.Split(rest, "|")
		e := &Entity{Kind: config.Kind{Name: kind}, Name: fields[0], Slug: strings.ToLower(strings.ReplaceAll(fields[0], " ", "-")), Aliases: fields[1:]}
		for _, n := range fields {
			x.add(n, e)
		}
	}
	return x
}

// TestNearMissesThatAreTypos lists slips of the keyboard an editor makes,
// each of which must find the name meant (issue 22).
func TestNearMissesThatAreTypos(t *testing.T) {
	x := nearTestIndex(
		"people:Pete Hegseth", "people:Vladimir Putin|Putin", "people:Lloyd J. Austin", "people:Łukasz Nowak",
		"people:Volodymyr Zelensky", "people:Mohammed bin Salman", "people:Olena Kovalenko",
		"countries:Ukraine", "countries:Kazakhstan", "countries:Afghanistan", "countries:Netherlands",
		"countries:Bosnia and Herzegovina", "countries:Luxembourg", "countries:Côte d'Ivoire",
		"countries:United Kingdom|UK|Britain", "events:Invasion of Ukraine",
	)
	tests := []struct{ name, want string }{
		{"Pete Hegset", "Pete Hegseth"},           // a letter left out at the end
		{"Vladmir Putin", "Vladimir Putin"},       // a letter left out inside
		{"Ukriane", "Ukraine"},                    // neighbours swapped
		{"Ukrain", "Ukraine"},                     // the last letter left out
		{"Putn", "Putin"},                         // an alias, in a word of four
		{"Pete Hegsethh", "Pete Hegseth"},         // a letter doubled
		{"Pete Hegsetj", "Pete Hegseth"},          // the key beside
		{"Vladimit Putin", "Vladimir Putin"},      // the key beside
		{"Vladmir Puttin", "Vladimir Putin"},      // two slips in two words
		{"PeteHegseth", "Pete Hegseth"},           // a space left out
		{"Pete Heg seth", "Pete Hegseth"},         // a space added
		{"Putin Vladimir", "Vladimir Putin"},      // the words the other way round
		{"Lloyd Austin", "Lloyd J. Austin"},       // a word missing in the middle
		{"Olena V. Kovalenko", "Olena Kovalenko"}, // a word more in the middle
		{"Bosnia Herzegovina", "Bosnia and Herzegovina"},
		{"Lukasz Nowak", "Łukasz Nowak"},               // a letter with no accent to fold
		{"Volodymyr Zelenskyy", "Volodymyr Zelensky"},  // a letter more
		{"Mohammed bin Slaman", "Mohammed bin Salman"}, // neighbours swapped
		{"Kazakstan", "Kazakhstan"},                    // a letter left out of a long word
		{"Afghanistna", "Afghanistan"},                 // neighbours swapped at the end
		{"Netherlnads", "Netherlands"},                 // two slips in a word of eleven
		{"Luxembourgh", "Luxembourg"},                  // a letter more in a long word
		{"Cote d'Ivorie", "Côte d'Ivoire"},             // accents folded, then a swap
		{"United Kingdon", "United Kingdom"},           // the key beside, in a word of seven
		{"Invasion of Ukriane", "Invasion of Ukraine"}, // a slip in the last of three words
		{"Brittain", "Britain"},                        // an alias
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := x.find(tc.name, nil)
			if len(got) != 1 || got[0].Name != tc.want {
				t.Errorf("got %v, want %q", names(got), tc.want)
			}
		})
	}
}

// TestNearMissesThatAreOtherNames lists names one or two letters from
// another that are other people or places: none may be taken for a typo
// (a false alarm costs the editor as much as a typo missed).
func TestNearMissesThatAreOtherNames(t *testing.T) {
	tests := []struct{ known, name string }{
		{"countries:Iraq", "Iran"}, // a struck key in a word of four
		{"countries:Mali", "Bali"}, // the first letter
		{"countries:Oman", "Omar"},
		{"countries:Zambia", "Gambia"},     // the first letter
		{"countries:Ireland", "Iceland"},   // c is not beside r
		{"countries:Australia", "Austria"}, // two letters in a word of seven
		{"countries:Slovenia", "Slovakia"}, // two letters in a word of eight
		{"countries:Nigeria", "Niger"},
		{"countries:South Sudan", "Sudan"}, // a word missing at the start
		{"countries:Sudan", "South Sudan"},
		{"people:Jordan Peterson", "Jordan"}, // a word missing at the end
		{"countries:Jordan", "Jordan Peterson"},
		{"people:Kim Jong Il", "Kim Jong Un"}, // words of two letters are exact
		{"countries:Equatorial Guinea", "Guinea"},
		{"countries:Guinea", "Guinea-Bissau"},
		{"countries:Democratic Republic of the Congo", "Republic of the Congo"},
		{"countries:Dominican Republic", "Dominica"},
		{"countries:North Korea", "South Korea"},
		{"people:Ivan Petrov", "Ivana Petrov"}, // a woman's name
		{"people:Anna Petrova", "Anna Petrov"},
		{"people:Paul Smith", "Paula Smith"},
		{"people:Santos", "Santoso"},
		{"people:Paulo Santos", "Paul Santos"},
		{"people:Jan Jansen", "Jan Jensen"}, // a for e: not beside
		{"people:Elena Smith", "Eleni Smith"},
		{"people:Karen Smith", "Karin Smith"},
		{"people:Maria Rossi", "Mario Rossi"},
		{"people:Kamala Harris", "Kamala Harris Jones"}, // a word more at the end
		{"countries:UK", "US"},
		{"countries:Chad", "Chat"},
		{"people:Wang Wei", "Wang Wen"},
		{"people:Li Qiang", "Li Keqiang"},
		{"people:Marco Antonio González", "Marco González"}, // a long word missing in the middle
		{"people:José Johansson", "José Miguel Johansson"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := nearTestIndex(tc.known)
			if got := x.find(tc.name, nil); len(got) > 0 {
				t.Errorf("%q is taken for %v", tc.name, names(got))
			}
		})
	}
}

// TestNearMissesNameEveryCloseCandidate: a name as close to two as to
// one names both, the closest only, and never the name itself.
func TestNearMissesNameEveryCloseCandidate(t *testing.T) {
	x := nearTestIndex("people:Maria Garcia", "people:Marta Garcia", "people:Mario Garcia Lopez", "people:Pete Hegseth")
	if got := names(x.find("Mara Garcia", nil)); got != "Maria Garcia, Marta Garcia" {
		t.Errorf("Mara Garcia: got %s", got)
	}
	if got := x.find("Pete Hegseth", nil); got != nil {
		t.Errorf("an exact name is no near miss: got %v", names(got))
	}
	if got := x.find("pete-hegseth", nil); got != nil {
		t.Errorf("a slug is no near miss: got %v", names(got))
	}
	if got := x.find("Pete Hegset", func(e *Entity) bool { return e.Kind.Name == "countries" }); got != nil {
		t.Errorf("a name of another kind is kept out: got %v", names(got))
	}
}

func names(ms []nearMatch) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return strings.Join(out, ", ")
}

// nearSlow is find the slow way: every entry of x is held against the
// rules, one by one.
func nearSlow(x *nearIndex, name string) []nearMatch {
	slug, folded, words := nearWords(name)
	if len(words) == 0 {
		return nil
	}
	best := map[*Entity]nearMatch{}
	for _, e := range x.entries {
		if e.slug == slug {
			return nil
		}
		cost, ok := 0, false
		ew := e.words
		switch {
		case strings.Join(ew, "-") == folded,
			strings.Join(ew, "") == strings.Join(words, ""),
			len(words) >= 2 && len(ew) == len(words) && sameWords(ew, words),
			dropsShortMiddle(ew, words), dropsShortMiddle(words, ew):
			cost, ok = 1, true
		case len(ew) == len(words):
			cost, ok = slips(words, ew, e.entity.Kind.Name == "people")
		}
		if !ok {
			continue
		}
		if m, seen := best[e.entity]; !seen || cost < m.cost || cost == m.cost && e.name < m.Name {
			best[e.entity] = nearMatch{Name: e.name, Entity: e.entity, cost: cost}
		}
	}
	var out []nearMatch
	for _, m := range best {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b nearMatch) int {
		return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Entity.Key(), b.Entity.Key()))
	})
	n := min(1, len(out))
	for n < len(out) && n < 3 && out[n].cost == out[0].cost {
		n++
	}
	return out[:n]
}

// dropsShortMiddle reports whether long is short with one word of three
// letters or fewer more, neither first nor last.
func dropsShortMiddle(long, short []string) bool {
	if len(long) != len(short)+1 || len(long) < 3 || len(long) > maxNearWords {
		return false
	}
	for i := 1; i < len(long)-1; i++ {
		if utf8.RuneCountInString(long[i]) <= 3 && slices.Equal(slices.Concat(long[:i], long[i+1:]), short) {
			return true
		}
	}
	return false
}

// FuzzNearMiss looks names up among arbitrary names: nothing panics, a
// known name is never a near miss of anything, at most three names come
// back, and the index finds exactly what holding every name against the
// rules finds.
func FuzzNearMiss(f *testing.F) {
	f.Add("Pete Hegseth\nVladimir Putin|Putin\nUkraine|Ukraina", "Vladmir Putin")
	f.Add("Ukraine\nJordan\nJordan Peterson", "Ukriane")
	f.Add("Lloyd J. Austin\nBosnia and Herzegovina", "Lloyd Austin")
	f.Add("Pete Hegseth", "PeteHegseth")
	f.Add("Łukasz Nowak\nStraße", "Lukasz Nowak")
	f.Add("Maria Garcia\nMarta Garcia\nMarina Garcia", "Mara Garcia")
	f.Add("Kim Jong Un|Kim Jong-un", "Kim Jongun")
	f.Add("a b c d\nb a d c", "a b d c")
	f.Add("Netherlands\nNetherlandish", "Netherlnads")
	f.Add("Володимир Зеленський|Zelensky", "Володимир Зеленськй")
	f.Fuzz(func(t *testing.T, lines, query string) {
		var known []string
		for i, line := range strings.Split(lines, "\n") {
			if i >= 30 {
				break
			}
			kind := [...]string{"people", "countries", "events"}[i%3]
			known = append(known, kind+":"+line)
		}
		x := nearTestIndex(known...)
		got := x.find(query, nil)
		if len(got) > 3 {
			t.Fatalf("find(%q) = %d names", query, len(got))
		}
		if want := nearSlow(x, query); names(got) != names(want) {
			t.Fatalf("find(%q) = %q, the slow way %q", query, names(got), names(want))
		}
		for _, e := range x.entries {
			if m := x.find(e.name, nil); m != nil {
				t.Fatalf("the known name %q is a near miss of %q", e.name, names(m))
			}
		}
	})
}

// TestOSAMatchesTheFullTable: the banded distance equals the full one
// wherever it is within the limit.
func TestOSAMatchesTheFullTable(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "abc", "acb", "hegseth", "hegset", "hegsteh", "hesgeth", "ukraine", "ukriane", "ukrain", "netherlands", "netherlnads", "aaaaaaaaaab", "baaaaaaaaaa", "abcdefghij", "bacdefghji"}
	full := func(a, b []rune) int {
		d := make([][]int, len(a)+1)
		for i := range d {
			d[i] = make([]int, len(b)+1)
			d[i][0] = i
		}
		for j := range d[0] {
			d[0][j] = j
		}
		for i := 1; i <= len(a); i++ {
			for j := 1; j <= len(b); j++ {
				cost := 1
				if a[i-1] == b[j-1] {
					cost = 0
				}
				d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
				if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
					d[i][j] = min(d[i][j], d[i-2][j-2]+1)
				}
			}
		}
		return d[len(a)][len(b)]
	}
	for _, a := range words {
		for _, b := range words {
			for limit := 0; limit <= 3; limit++ {
				want := min(full([]rune(a), []rune(b)), limit+1)
				if got := osa([]rune(a), []rune(b), limit); got != want {
					t.Errorf("osa(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
				}
			}
		}
	}
}
