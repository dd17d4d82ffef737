package markdown

import (
	"bytes"
	"slices"
	"strings"
	"sync"
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
	// lowered holds each word as the Matcher compares it, and letter a
	// byte of it to look for first (see search); fast is set when every
	// word has one.
	lowered []string
	letter  []byte
	fast    bool
	// dotted are the words, in lower case, that end at a period of one
	// of those patterns and that the sentencer looks up (see
	// newSentencer): where a backlink's sentence ends may change where
	// a body holds one.
	dotted []string

	// answers holds what Resolve answered now for each kind and name
	// that a kept body linked to, as bodies share most of their names.
	mu      sync.Mutex
	answers map[[2]string]answer
}

// answer is what Resolve answered: a target's key, URL and title, ok
// when it gave one.
type answer struct {
	key, url, title string
	ok              bool
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
	c.fast = true
	for i := range words {
		c.index[words[i].Target] = i
		low := strings.Map(lower, words[i].Text)
		c.lowered = append(c.lowered, low)
		c.letter = append(c.letter, searchByte(low))
		c.fast = c.fast && c.letter[i] != 0
	}
	c.words = NewMatcher(words)
	slices.Sort(c.dotted)
	c.dotted = slices.Compact(c.dotted)
	return c
}

// touches reports whether body holds every word of one of the changed
// names.
func (c *Change) touches(body []byte) bool {
	if c.fast {
		for _, name := range c.names {
			all := true
			for _, w := range name {
				if !c.holds(body, w) {
					all = false
					break
				}
			}
			if all {
				return true
			}
		}
		return false
	}
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

// holds reports whether body holds word w whole, in any case: it looks
// for the word's letter (in both cases) with bytes.IndexByte, many times
// faster than reading every word, and compares the word each is in.
func (c *Change) holds(body []byte, w int) bool {
	low, b := c.lowered[w], c.letter[w]
	for _, x := range [2]byte{b, b &^ 0x20} {
		for i := 0; ; {
			j := bytes.IndexByte(body[i:], x)
			if j < 0 {
				break
			}
			if wordIs(body, i+j, low) {
				return true
			}
			i += j + 1
		}
		if b < 'a' {
			break // a digit has no upper case
		}
	}
	return false
}

// wordIs reports whether the word of text that holds byte p is low, as
// the Matcher compares words: rune by rune, in lower case.
func wordIs(text []byte, p int, low string) bool {
	start := p
	for start > 0 {
		r, size := utf8.DecodeLastRune(text[:start])
		if !isWord(r) {
			break
		}
		start -= size
	}
	end, _ := wordEnd(text, start)
	j := 0
	for k := start; k < end; {
		r, size := utf8.DecodeRune(text[k:])
		k += size
		want, n := utf8.DecodeRuneInString(low[j:])
		if j >= len(low) || lower(r) != want {
			return false
		}
		j += n
	}
	return j == len(low)
}

// searchByte returns the byte of a word in lower case to look for first:
// its rarest ASCII letter or digit, by the frequency of letters in
// English; 0 when it has none. Not k nor i, which the Kelvin sign and
// the dotted capital I also give in lower case.
func searchByte(low string) byte {
	const common = "0123456789etaonsrhldcumfpgwybvxjqz" // most common first
	best, rank := byte(0), -1
	for i := 0; i < len(low); i++ {
		if r := strings.IndexByte(common, low[i]); r > rank {
			best, rank = low[i], r
		}
	}
	return best
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
		if now := c.resolve(r, a.kind, a.name); !now.ok || now.key != a.target.Key || now.url != a.target.URL || now.title != a.target.Title {
			return false
		}
	}
	return true
}

// resolve returns r.Resolve(kind, name), asking r once for each kind and
// name: what it answers depends on the site, not on the page.
func (c *Change) resolve(r Resolver, kind, name string) answer {
	k := [2]string{kind, name}
	c.mu.Lock()
	a, ok := c.answers[k]
	c.mu.Unlock()
	if ok {
		return a
	}
	if t, err := r.Resolve(kind, name); err == nil && t != nil {
		a = answer{t.Key, t.URL, t.Title, true}
	}
	c.mu.Lock()
	if c.answers == nil {
		c.answers = map[[2]string]answer{}
	}
	c.answers[k] = a
	c.mu.Unlock()
	return a
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
