package markdown

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentencer finds the sentence around a link, which the linked page
// quotes as a backlink's context. A sentence ends at ., ! or ? followed
// by a space and anything but a lower-case letter, except where the
// period belongs to an abbreviation (Dr., Gen., e.g.), to initials
// (J. R. R., U.S.) or to a known name or alias (St. Petersburg).
type sentencer struct {
	// dotted holds the known names and aliases whose periods the rules
	// for abbreviations and initials do not keep, by the word that ends
	// at each such period, in lower case ("dept." for "Dept. of State"),
	// with where that period is in the name.
	dotted map[string][]dottedName
}

// dottedName is a name holding a period, and the offset of one of its
// periods.
type dottedName struct {
	name string
	at   int
}

// newSentencer returns the sentencer for the known names of patterns.
func newSentencer(patterns []Pattern) *sentencer {
	s := &sentencer{dotted: map[string][]dottedName{}}
	seen := map[string]bool{}
	for _, p := range patterns {
		if !strings.Contains(p.Text, ".") || seen[p.Text] {
			continue
		}
		seen[p.Text] = true
		name := []byte(p.Text)
		for i, c := range name {
			if c != '.' {
				continue
			}
			word, kept := wordAt(name, i)
			if !kept {
				key := strings.ToLower(string(word))
				s.dotted[key] = append(s.dotted[key], dottedName{p.Text, i})
			}
		}
	}
	return s
}

// abbreviations are the words after whose period a sentence goes on,
// as they are written: titles and ranks, and the Latin of citations.
var abbreviations = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`Mr. Mrs. Ms. Mx. Dr. Prof. Gen. Lt. Col. Maj. Capt. Cpt. Sgt. Cpl. Pvt.
		Adm. Cmdr. Cdr. Brig. Gov. Sen. Rep. Pres. Amb. Rev. Hon. Fr. Sr. Jr. St. Mt. Ft.
		No. Nos. Nr. Vol. Fig. Art. Sec. Ch. Ed. Eds. pp. p. e.g. i.e. cf. vs. viz. al. approx. ca. incl. est.
		Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.`) {
		m[w] = true
	}
	return m
}()

// span is the text of a link in a plain text, from and to, and the
// sentence that holds it, start and end.
type span struct{ from, to, start, end int }

// bounds returns the sentence of text that holds text[from:to], a link's
// text. prev is the span of the link before it in the same text, or nil:
// the scans stop where that one's did, so that a paragraph of many links
// is read once.
func (s *sentencer) bounds(text []byte, from, to int, prev *span) span {
	sp := span{from: from, to: to, start: -1, end: -1}
	stop := 1
	if prev != nil {
		stop = max(stop, prev.from)
	}
	for i := from - 1; i >= stop; i-- {
		if text[i] == ' ' && s.ends(text, i-1) {
			sp.start = i + 1
			break
		}
	}
	if sp.start < 0 {
		sp.start = 0
		if prev != nil {
			sp.start = prev.start
		}
	}
	if prev != nil && to <= prev.end {
		sp.end = prev.end
		return sp
	}
	sp.end = len(text)
	for i := max(to, 1); i < len(text); i++ {
		if text[i] == ' ' && s.ends(text, i-1) {
			sp.end = i
			break
		}
	}
	return sp
}

// ends reports whether a sentence ends at text[i], followed by a space.
func (s *sentencer) ends(text []byte, i int) bool {
	switch c := text[i]; {
	case c == '!' || c == '?':
	case c == '.':
		if s.keeps(text, i) {
			return false
		}
	default:
		return false
	}
	// "e.g. the" and "3 p.m. on" go on: the next word is lower case.
	return !(i+2 < len(text) && text[i+2] >= 'a' && text[i+2] <= 'z')
}

// keeps reports whether the period at text[i] is part of a word, not the
// end of a sentence.
func (s *sentencer) keeps(text []byte, i int) bool {
	word, kept := wordAt(text, i)
	if kept {
		return true
	}
	if len(s.dotted) == 0 {
		return false
	}
	var lower [32]byte
	if len(word) > len(lower) {
		return false
	}
	for k, c := range word {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[k] = c
	}
	for _, d := range s.dotted[string(lower[:len(word)])] {
		if holds(text, i, d) {
			return true
		}
	}
	return false
}

// wordAt returns the word that the period at text[i] ends: letters and
// periods back to a space or a punctuation mark ("(Dr." is "Dr."), and
// whether the rules for abbreviations and initials keep the period.
func wordAt(text []byte, i int) (word []byte, kept bool) {
	j := i
	upper, letters, initials := 0, 0, true
	last := '.'
	for j > 0 {
		r, size := utf8.DecodeLastRune(text[:j])
		if r != '.' && !unicode.IsLetter(r) {
			break
		}
		if r != '.' {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
			if last != '.' {
				initials = false // two letters in a row
			}
		}
		last = r
		j -= size
	}
	word = text[j : i+1]
	// Initials: one capital letter before each period (J., U.S., D.C.).
	return word, abbreviations[string(word)] || initials && letters > 0 && upper == letters
}

// holds reports whether d's name, compared in ASCII case, is written in
// text as a whole word with its period d.at at text[i].
func holds(text []byte, i int, d dottedName) bool {
	from, to := i-d.at, i-d.at+len(d.name)
	if from < 0 || to > len(text) || !bytes.EqualFold(text[from:to], []byte(d.name)) {
		return false
	}
	if from > 0 {
		if r, _ := utf8.DecodeLastRune(text[:from]); isWord(r) {
			return false
		}
	}
	if to < len(text) {
		if r, _ := utf8.DecodeRune(text[to:]); isWord(r) {
			return false
		}
	}
	return true
}

// clipSentence copies sentence s, trimmed, cut to about 300 bytes around
// byte offset pos when longer. at is where the copy starts in s, less
// the length of the "…" a cut copy starts with: a byte at i in s is at
// i-at in the copy.
func clipSentence(s []byte, pos int) (clip string, at int) {
	t := bytes.TrimLeftFunc(s, unicode.IsSpace)
	at = len(s) - len(t)
	s = bytes.TrimRightFunc(t, unicode.IsSpace)
	pos -= at
	if len(s) > 300 {
		from := max(0, pos-140)
		to := min(len(s), from+300)
		from, to = runeStart(s, from), runeStart(s, to)
		cut := bytes.TrimRightFunc(s[from:to], unicode.IsSpace)
		t := bytes.TrimLeftFunc(cut, unicode.IsSpace)
		from += len(cut) - len(t)
		return "…" + string(t) + "…", at + from - len("…")
	}
	return string(s), at
}

func runeStart(s []byte, i int) int {
	for i > 0 && i < len(s) && s[i]&0xC0 == 0x80 {
		i--
	}
	return i
}
