package markdown

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Matcher finds known names in running text: one trie over every name and
// alias, walked from each word start, so the cost grows with the text and
// not with the number of names. Whole words only; at each place the longest
// name wins ("Russian Federation" before "Russia"); names match whatever
// their case, aliases only in their own case ("US" is not "us"); a line
// break matches a space and ’ matches '.
type Matcher struct {
	nodes []node
	// edges[n.lo:n.hi] leave node n, sorted by rune; to is never 0, the
	// start node.
	edges []edge
	// dense holds a row of 128 targets (0 for none) for each node with
	// many children, by ASCII rune: an index instead of a search where
	// walks begin (the start has a row) and where they branch most.
	dense []int32
	// ends[n.endLo:n.endHi] are the patterns (indices into pats) that end
	// at node n.
	ends []int32
	pats []Pattern
	// firsts has a bit set for the hash of each name's first word, lower
	// case: a word whose bit is clear starts no name, and is passed
	// without walking the trie. Most words of a text start none; at
	// 100,000 briefings the trie (12,000 people) is larger than the
	// caches and a walk costs a few misses, where the bits stay cached.
	firsts []uint64
}

// node is a trie state, its numbers in one place so a step reads one
// cache line.
type node struct {
	row          int32 // offset of the node's row in dense, or -1
	lo, hi       int32
	endLo, endHi int32
}

type edge struct {
	r  rune
	to int32
}

// rowMin is the number of children from which a node gets a row in dense.
const rowMin = 5

// NewMatcher builds the trie for patterns. Patterns with an empty text are
// skipped.
func NewMatcher(patterns []Pattern) *Matcher {
	m := &Matcher{pats: patterns}
	next := map[uint64]int32{} // (state << 32 | rune) -> state
	ends := map[int32][]int32{}
	count := int32(0)
	for i, p := range patterns {
		if p.Text == "" || p.Target == nil {
			continue
		}
		state := int32(0)
		for _, r := range p.Text {
			key := uint64(state)<<32 | uint64(uint32(lower(r)))
			s, ok := next[key]
			if !ok {
				count++
				s = count
				next[key] = s
			}
			state = s
		}
		ends[state] = append(ends[state], int32(i))
	}
	if count == 0 {
		return m
	}
	m.filter(patterns)
	// Lay the edges out node by node, each node's sorted by rune.
	m.nodes = make([]node, count+1)
	for key := range next {
		m.nodes[key>>32].hi++
	}
	at := int32(0)
	for s := range m.nodes {
		n := &m.nodes[s]
		n.lo, n.hi, at = at, at, at+n.hi
		n.row = -1
		if s == 0 || at-n.lo >= rowMin {
			n.row = int32(len(m.dense))
			m.dense = append(m.dense, make([]int32, utf8.RuneSelf)...)
		}
	}
	m.edges = make([]edge, len(next))
	for key, to := range next {
		n, r := &m.nodes[key>>32], rune(uint32(key))
		m.edges[n.hi] = edge{r, to}
		n.hi++
		if n.row >= 0 && r < utf8.RuneSelf {
			m.dense[n.row+r] = to
		}
	}
	for s := range m.nodes {
		n := &m.nodes[s]
		slices.SortFunc(m.edges[n.lo:n.hi], func(a, b edge) int { return cmp.Compare(a.r, b.r) })
		n.endLo = int32(len(m.ends))
		m.ends = append(m.ends, ends[int32(s)]...)
		n.endHi = int32(len(m.ends))
	}
	return m
}

// filter sets the bits of firsts for the first word of every pattern,
// with some 64 bits for each different first word, so that about one word
// in 64 that starts no name is walked all the same. (At 100,000 briefings
// the 20,000 names have some 1,400 first words: 16 KB of bits.)
func (m *Matcher) filter(patterns []Pattern) {
	var hashes []uint64
	for _, p := range patterns {
		if p.Text != "" && p.Target != nil {
			_, h := wordEnd([]byte(p.Text), 0)
			hashes = append(hashes, h)
		}
	}
	slices.Sort(hashes)
	hashes = slices.Compact(hashes)
	size := 64 // words of 64 bits, a power of two
	for size < len(hashes) {
		size *= 2
	}
	m.firsts = make([]uint64, size)
	for _, h := range hashes {
		m.firsts[h>>6&uint64(size-1)] |= 1 << (h & 63)
	}
}

// The constants of FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// starts reports whether a name may start with the word whose hash is h.
func (m *Matcher) starts(h uint64) bool {
	return m.firsts[h>>6&uint64(len(m.firsts)-1)]&(1<<(h&63)) != 0
}

// wordEnd returns where the word starting at text[i] ends and the hash
// (FNV-1a over its runes in lower case) that firsts is set by.
func wordEnd(text []byte, i int) (end int, h uint64) {
	h = fnvOffset
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r < utf8.RuneSelf {
			if !asciiWord[r] {
				break
			}
			r = rune(asciiLower[r])
		} else {
			r, size = utf8.DecodeRune(text[i:])
			if !isWord(r) {
				break
			}
			r = lower(r)
		}
		h = (h ^ uint64(r)) * fnvPrime
		i += size
	}
	return i, h
}

// step returns the node after rune r (lower-cased) from node n, or 0.
func (m *Matcher) step(n *node, r rune) int32 {
	if r < utf8.RuneSelf && n.row >= 0 {
		return m.dense[n.row+r]
	}
	es := m.edges[n.lo:n.hi]
	if len(es) > 8 {
		i, ok := slices.BinarySearchFunc(es, r, func(e edge, r rune) int { return cmp.Compare(e.r, r) })
		if !ok {
			return 0
		}
		return es[i].to
	}
	for _, e := range es {
		if e.r >= r {
			if e.r == r {
				return e.to
			}
			break
		}
	}
	return 0
}

// Match is a name found in text: text[Start:End] matched Pattern.
type Match struct {
	Start, End int
	Pattern    *Pattern
}

// Find returns the matches in text, in order and never overlapping. A
// place where names of two different targets match equally is skipped:
// the writer can settle it with a wikilink.
func (m *Matcher) Find(text []byte) []Match {
	// Matches go to room on the stack first, so that a text with a few
	// of them costs one allocation of the right size.
	var room [16]Match
	out := m.appendMatches(room[:0], text)
	switch {
	case len(out) == 0:
		return nil
	case len(out) > len(room):
		return out // already moved to the heap
	}
	return slices.Clone(out)
}

// appendMatches appends the matches Find returns to out.
func (m *Matcher) appendMatches(out []Match, text []byte) []Match {
	if m == nil || len(m.edges) == 0 {
		return out
	}
	for i := 0; i < len(text); {
		// Find the next word start.
		if c := text[i]; c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		end, h := wordEnd(text, i)
		if end == i { // a rune beyond ASCII that is no letter or digit
			_, size := utf8.DecodeRune(text[i:])
			i += size
			continue
		}
		if m.starts(h) {
			if match, ok := m.longest(text, i); ok {
				out = append(out, match)
				end = match.End // a name ends a word
			}
		}
		i = end
	}
	return out
}

// longest walks the trie from text[start:] and returns the longest valid
// whole-word match.
func (m *Matcher) longest(text []byte, start int) (Match, bool) {
	n := &m.nodes[0]
	var best Match
	found := false
	for j := start; j < len(text); {
		r, size := rune(text[j]), 1
		if r < utf8.RuneSelf {
			r = rune(asciiLower[r])
		} else {
			r, size = utf8.DecodeRune(text[j:])
			r = lower(r)
		}
		s := m.step(n, r)
		if s == 0 {
			break
		}
		n = &m.nodes[s]
		j += size
		if n.endLo == n.endHi {
			continue
		}
		if j < len(text) {
			if c := text[j]; c < utf8.RuneSelf {
				if asciiWord[c] {
					continue
				}
			} else if after, _ := utf8.DecodeRune(text[j:]); isWord(after) {
				continue
			}
		}
		if p := m.pick(m.ends[n.endLo:n.endHi], text[start:j]); p != nil {
			best, found = Match{Start: start, End: j, Pattern: p}, true
		}
	}
	return best, found
}

// pick returns the pattern that matches s exactly as its case rules say,
// or nil if none does or several name different targets.
func (m *Matcher) pick(ends []int32, s []byte) *Pattern {
	var chosen *Pattern
	for _, i := range ends {
		p := &m.pats[i]
		if p.CaseSensitive && !sameText(s, p.Text) {
			continue
		}
		if chosen != nil && chosen.Target.Key != p.Target.Key {
			return nil
		}
		chosen = p
	}
	return chosen
}

// sameText reports whether s is text as written, but for the line
// breaks and apostrophes that fold makes equal.
func sameText(s []byte, text string) bool {
	if string(s) == text {
		return true
	}
	for _, r := range text {
		if len(s) == 0 {
			return false
		}
		c, size := utf8.DecodeRune(s)
		if fold(c) != fold(r) {
			return false
		}
		s = s[size:]
	}
	return len(s) == 0
}

// fold makes equal the characters a name may be written with in running
// text: a line break of a hard-wrapped paragraph is a space, and the
// typographic apostrophe (’), which the typographer puts for ', is '.
func fold(r rune) rune {
	switch r {
	case '\n':
		return ' '
	case '’':
		return '\''
	}
	return r
}

// lower is the rune the trie holds for r: r in lower case, folded.
func lower(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return fold(r)
	}
	return unicode.ToLower(fold(r))
}

// asciiWord and asciiLower are isWord and lower for ASCII bytes.
var asciiWord, asciiLower = func() (w [utf8.RuneSelf]bool, l [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		w[c] = isWord(rune(c))
		l[c] = byte(lower(rune(c)))
	}
	return w, l
}()

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
