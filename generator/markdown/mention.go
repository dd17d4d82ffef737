package markdown

import (
	"unicode"
	"unicode/utf8"
)

// Matcher finds known names in running text: one trie over every name and
// alias, walked from each word start, so the cost grows with the text and
// not with the number of names. Whole words only; at each place the longest
// name wins ("Russian Federation" before "Russia"); names match whatever
// their case, aliases only in their own case ("US" is not "us").
type Matcher struct {
	next  map[uint64]int32 // (state << 32 | rune) -> state
	ends  map[int32][]int32
	pats  []Pattern
	count int32
}

// NewMatcher builds the trie for patterns. Patterns with an empty text are
// skipped.
func NewMatcher(patterns []Pattern) *Matcher {
	m := &Matcher{next: map[uint64]int32{}, ends: map[int32][]int32{}, pats: patterns}
	for i, p := range patterns {
		if p.Text == "" || p.Target == nil {
			continue
		}
		state := int32(0)
		for _, r := range p.Text {
			key := uint64(state)<<32 | uint64(uint32(lower(r)))
			s, ok := m.next[key]
			if !ok {
				m.count++
				s = m.count
				m.next[key] = s
			}
			state = s
		}
		m.ends[state] = append(m.ends[state], int32(i))
	}
	return m
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
	if m == nil || len(m.next) == 0 {
		return nil
	}
	var out []Match
	prevWord := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		word := isWord(r)
		if !word || prevWord {
			prevWord = word
			i += size
			continue
		}
		if match, ok := m.longest(text, i); ok {
			out = append(out, match)
			i = match.End
			prevWord = true
			continue
		}
		prevWord = true
		i += size
	}
	return out
}

// longest walks the trie from text[start:] and returns the longest valid
// whole-word match.
func (m *Matcher) longest(text []byte, start int) (Match, bool) {
	state := int32(0)
	var best Match
	found := false
	for j := start; j < len(text); {
		r, size := utf8.DecodeRune(text[j:])
		s, ok := m.next[uint64(state)<<32|uint64(uint32(lower(r)))]
		if !ok {
			break
		}
		state = s
		j += size
		ends, ok := m.ends[state]
		if !ok {
			continue
		}
		if j < len(text) {
			if after, _ := utf8.DecodeRune(text[j:]); isWord(after) {
				continue
			}
		}
		if p := m.pick(ends, text[start:j]); p != nil {
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
		if p.CaseSensitive && string(s) != p.Text {
			continue
		}
		if chosen != nil && chosen.Target.Key != p.Target.Key {
			return nil
		}
		chosen = p
	}
	return chosen
}

func lower(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
