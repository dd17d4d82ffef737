package markdown

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Change is a change of the names a site's bodies are rendered against:
// the patterns of automatic mentions added, removed or pointing
// elsewhere, and whatever else the Resolver answers. A body rendered
// before it keeps its rendering when Keeps says so, which costs a scan
// of its source where rendering it again costs a parse; watch and serve
// render again only the bodies that a new name or alias can change.
type Change struct {
	// words matches every word of the patterns that are in the names
	// before or now but not both, as a whole word in any case; each
	// word has a Target of its own, its index in words' patterns.
	words *Matcher
	index map[*Target]int
	// names lists, for each of those patterns, the indices of its words.
	names [][]int
	// dotted are the words, in lower case, that end at a period of one
	// of those patterns and that the sentencer looks up (see
	// newSentencer): where a backlink's sentence ends may change where
	// a body holds one.
	dotted []string
}

// NewChange returns the change from the patterns of automatic mentions
// before to those now. A pattern is the same when its text, case rule and
// target's key, URL and title are; the order does not matter, as it
// matters to neither the Matcher nor the sentencer.
func NewChange(before, now []Pattern) *Change {
	type key struct {
		text            string
		cased           bool
		key, url, title string
	}
	count := map[key]int{}
	keyOf := func(p Pattern) key {
		return key{p.Text, p.CaseSensitive, p.Target.Key, p.Target.URL, p.Target.Title}
	}
	for _, p := range before {
		if p.Text != "" && p.Target != nil {
			count[keyOf(p)]++
		}
	}
	for _, p := range now {
		if p.Text != "" && p.Target != nil {
			count[keyOf(p)]--
		}
	}
	c := &Change{index: map[*Target]int{}}
	var words []Pattern
	seen := map[string]int{} // a word in lower case -> its index
	for k, n := range count {
		if n == 0 {
			continue
		}
		// A name matches where the text holds each of its words, in
		// some case, as a whole word: a word of the text never spans
		// two nodes of the syntax tree, and the bytes of a text node
		// are those of the source, between the same kind of bounds.
		// Where not every word of a changed name is, the matches of
		// the other names are what they were.
		var name []int
		text := []byte(k.text)
		for i := 0; i < len(text); {
			end, _ := wordEnd(text, i)
			if end == i {
				_, size := utf8.DecodeRune(text[i:])
				i += size
				continue
			}
			word := string(text[i:end])
			low := strings.Map(lower, word)
			at, ok := seen[low]
			if !ok {
				at = len(words)
				seen[low] = at
				words = append(words, Pattern{Text: word, Target: &Target{}})
			}
			name = append(name, at)
			i = end
		}
		// A name that starts with no letter or digit matches nowhere:
		// automatic mentions start at the start of a word.
		if end, _ := wordEnd(text, 0); end > 0 {
			c.names = append(c.names, name)
		}
		for word := range newSentencer([]Pattern{{Text: k.text}}).dotted {
			c.dotted = append(c.dotted, word)
		}
	}
	for i := range words {
		c.index[words[i].Target] = i
	}
	c.words = NewMatcher(words)
	slices.Sort(c.dotted)
	c.dotted = slices.Compact(c.dotted)
	return c
}

// touches reports whether body holds every word of one of the changed
// names.
func (c *Change) touches(body []byte) bool {
	var room [8]Match
	matches := c.words.appendMatches(room[:0], body)
	if len(matches) == 0 {
		return false
	}
	found := make([]bool, len(c.index))
	for _, m := range matches {
		found[c.index[m.Pattern.Target]] = true
	}
	for _, name := range c.names {
		all := true
		for _, w := range name {
			all = all && found[w]
		}
		if all {
			return true
		}
	}
	return false
}

// Keeps reports whether a body, rendered as res before the change for
// the page that r resolves for now, renders the same now. The rendering
// of a body depends on the names through:
//
//   - its wikilinks that resolved: r must resolve each to the same key,
//     URL and title;
//   - its problems (an unknown name, which a new note may give, or a
//     "did you mean" that a new name may change): a body with any is
//     rendered again;
//   - with auto set (a briefing), the automatic mentions of its text:
//     body may hold no changed name, which it cannot when one of each
//     name's words is not in it;
//   - the sentences its links quote, which end at no period of a known
//     name: none of the changed names with a period may be in its text.
//
// The rest of what r answered it (cards, links by path, withheld names)
// is Fresh's to check, whether the names changed or not.
func (c *Change) Keeps(body []byte, res *Result, r Resolver, auto bool) bool {
	if len(res.Problems) > 0 {
		return false
	}
	if auto && c.touches(body) {
		return false
	}
	if len(res.Links) > 0 {
		for _, d := range c.dotted {
			if containsLower(res.Text, d) {
				return false
			}
		}
	}
	for _, a := range res.asked {
		if a.target == nil {
			continue // a path or a withheld name: see Fresh
		}
		t, err := r.Resolve(a.kind, a.name)
		if err != nil || t == nil || t.Key != a.target.Key || t.URL != a.target.URL || t.Title != a.target.Title {
			return false
		}
	}
	return true
}

// containsLower reports whether text, with its ASCII letters in lower
// case, holds word, as the sentencer compares them.
func containsLower(text, word string) bool {
	if word == "" {
		return false
	}
	for i := 0; i+len(word) <= len(text); i++ {
		j := 0
		for j < len(word) {
			c := text[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != word[j] {
				break
			}
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}
