package markdown

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMatcher checks the Matcher, its trie and the filter of first words
// that spares most walks, against matching done the slow way: every name
// tried at every word start, with a line break equal to a space and ’ to
// '.
func FuzzMatcher(f *testing.F) {
	f.Add("Vladimir Putin|Putin|Russia|Russian Federation|US", "The Russian Federation, Russia and vladimir putin; Putin in the US, not us.")
	f.Add("Kim Jong Un|Kim|Jong", "Kim Jong Un met Kim and Jong-un, not Kimberly.")
	f.Add("Ольга Петрова|Łódź|İstanbul|Straße", "ольга петрова in ŁÓDŹ and istanbul, i̇stanbul, STRASSE, Straße.")
	f.Add("O'Brien|U.S.|New York|New", "O'Brien of the U.S. in New York and New Delhi.")
	f.Add("a|a b|a b c|B", "a b c a b a B x b")
	f.Add("Côte d'Ivoire|Côte d’Ivoire|Vladimir Putin|Saint Kitts", "Côte d’Ivoire and côte d'ivoire, Vladimir\nPutin and Saint\nKitts, Vladimir\n\nPutin")
	f.Fuzz(func(t *testing.T, names, text string) {
		if !utf8.ValidString(names) || !utf8.ValidString(text) {
			return
		}
		var patterns []Pattern
		for i, name := range strings.Split(names, "|") {
			// Three targets, so that some names are shared and some
			// places are ambiguous; every other name is an alias.
			key := []string{"a", "b", "c"}[i%3]
			patterns = append(patterns, Pattern{Text: name, CaseSensitive: i%2 == 1, Target: &Target{Key: key}})
		}
		got := NewMatcher(patterns).Find([]byte(text))
		want := slowFind(patterns, []byte(text))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("names %q, text %q:\n got %v\nwant %v", names, text, got, want)
		}
	})
}

// slowFind is Matcher.Find without a trie or a filter: at each word start
// it tries every name and keeps the longest that matches its case rules
// and one target.
func slowFind(patterns []Pattern, text []byte) []Match {
	var out []Match
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if !isWord(r) {
			i += size
			continue
		}
		// ends maps each length a name matches (as lower case) at i to
		// the names that do: names of one length that match are equal
		// in lower case, one node of the trie, and judged together.
		ends := map[int][]int{}
		for pi, p := range patterns {
			if p.Text == "" || p.Target == nil {
				continue
			}
			if n, ok := lowerPrefix(text[i:], p.Text); ok {
				if j := i + n; j == len(text) || !startsWord(text[j:]) {
					ends[n] = append(ends[n], pi)
				}
			}
		}
		best := -1
		var chosen *Pattern
		for n, list := range ends {
			if n <= best {
				continue
			}
			var c *Pattern
			for _, pi := range list {
				p := &patterns[pi]
				if p.CaseSensitive && strings.Map(fold, string(text[i:i+n])) != strings.Map(fold, p.Text) {
					continue
				}
				if c != nil && c.Target.Key != p.Target.Key {
					c = nil
					break
				}
				c = p
			}
			if c != nil {
				best, chosen = n, c
			}
		}
		if chosen != nil {
			out = append(out, Match{Start: i, End: i + best, Pattern: chosen})
			i += best
			continue
		}
		for i < len(text) {
			r, size := utf8.DecodeRune(text[i:])
			if !isWord(r) {
				break
			}
			i += size
		}
	}
	return out
}

// lowerPrefix reports whether text starts with name, rune by rune in lower
// case, and how many bytes of text that takes.
func lowerPrefix(text []byte, name string) (int, bool) {
	n := 0
	for _, pr := range name {
		if n >= len(text) {
			return 0, false
		}
		tr, size := utf8.DecodeRune(text[n:])
		if lower(tr) != lower(pr) {
			return 0, false
		}
		n += size
	}
	return n, true
}

func startsWord(text []byte) bool {
	r, _ := utf8.DecodeRune(text)
	return isWord(r)
}
