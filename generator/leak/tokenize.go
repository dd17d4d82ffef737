package leak

import (
	"unicode"
	"unicode/utf8"
)

// mode says what a tokenizer reads.
type mode uint8

const (
	// needleMode reads the plain text of a withheld note: a line break
	// ends a sentence too (the plain text of a body holds a block a
	// line), and nothing is markup.
	needleMode mode = iota
	// allowMode reads text the build may publish, as plain text: a line
	// break is a space, so that as few sentences as possible are cut
	// (what it holds is removed from the needles).
	allowMode
	// htmlMode reads an output file or published HTML: tags, character
	// references and JavaScript escapes are read as what they show.
	htmlMode
)

// What a tokenizer does with each window of words.
const (
	collect = iota // hand each word to onWord (needles are made)
	remove         // remove the needles it ends with (Allow)
	hold           // record the needles it ends with, removing none (Held)
	scan           // record the needles it ends with as hits (Scanner)
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	// prime combines the hashes of the words of a window.
	prime = 0x9E3779B97F4A7C15
)

// lengthKey are odd numbers that make the key of a window of each
// length from its hash, so that windows of different lengths whose
// hashes meet do not share a key.
var lengthKey = [Shingle + 1]uint64{0, 0xff51afd7ed558ccd, 0xc4ceb9fe1a85ec53, 0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9, 0x94d049bb133111eb}

// wordHash is the hash of a word, as the tokenizer computes it.
func wordHash(w []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range w {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// window is the last words read since a break: h[l] is the hash of the
// last l of them, for l up to Shingle, and n how many there are.
type window struct {
	h [Shingle + 1]uint64
	n int
}

func (w *window) push(t uint64) {
	for l := min(w.n+1, Shingle); l >= 1; l-- {
		w.h[l] = w.h[l-1]*prime + t
	}
	if w.n < Shingle {
		w.n++
	}
}

// Byte classes for the ASCII fast path.
const (
	sep    = iota // ends a word
	letter        // part of a word (lower-cased by lower)
	stop          // ends a sentence: . ! ? ; "
	other         // needs a closer look: < & \ newline ' and every non-ASCII byte
)

var class, lower [256]byte

func init() {
	for c := range 256 {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			class[c], lower[c] = letter, byte(c)
		case c >= 'A' && c <= 'Z':
			class[c], lower[c] = letter, byte(c+'a'-'A')
		case c == '.' || c == '!' || c == '?' || c == ';':
			class[c] = stop
		case c == '"' || c == '\'' || c == '<' || c == '&' || c == '\\' || c == '\n' || c >= 0x80:
			class[c] = other
		}
	}
}

// inline are the HTML elements a sentence runs through: their tags are
// not breaks in the text around them.
var inline = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true, "data": true,
	"del": true, "dfn": true, "em": true, "i": true, "ins": true, "kbd": true, "mark": true, "q": true,
	"s": true, "samp": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"time": true, "u": true, "var": true, "wbr": true, "br": true,
}

// tokenizer reads bytes as words, in two streams: the text of a page,
// and the values of its tags' attributes, each of which is a sentence
// of its own. It is fed by write, in pieces of any size, and end.
type tokenizer struct {
	mode mode
	// do says what to do with each window: collect calls onWord with
	// each word and onBreak at each break; remove and scan ask index.
	do      int
	index   *Index
	scanner *Scanner
	held    []uint64 // the keys found, for hold
	onWord  func(w []byte)
	onBreak func()

	word   []byte // the word's bytes, when collecting
	h      uint64
	inWord bool
	// text and attr are the two streams; cur is the one read now.
	text, attr window
	cur        *window
	// The tag being read: inTag, its name so far, whether the name is
	// over, and the quote of the attribute value being read (0 outside
	// one).
	inTag    bool
	name     []byte
	nameDone bool
	quote    byte
	// line counts the line breaks read.
	line int
	// carry holds the end of a piece that needs the next one to be read
	// (a character reference, an escape, a tag's start, a rune cut in
	// two).
	carry []byte
}

// write reads the next piece.
func (t *tokenizer) write(p []byte) {
	if t.cur == nil {
		t.cur = &t.text
		t.h = fnvOffset
	}
	if len(t.carry) > 0 {
		p = append(t.carry, p...)
		t.carry = nil
	}
	t.read(p, false)
}

// end reads what is left of the last piece and ends the last word.
func (t *tokenizer) end() {
	if t.cur == nil {
		t.cur = &t.text
		t.h = fnvOffset
	}
	if len(t.carry) > 0 {
		p := t.carry
		t.carry = nil
		t.read(p, true)
	}
	t.endWord()
}

// read reads p; final says that no byte follows it.
func (t *tokenizer) read(p []byte, final bool) {
	html := t.mode == htmlMode
	i := 0
	for i < len(p) {
		if t.inTag && t.quote == 0 {
			i = t.tag(p, i)
			continue
		}
		c := p[i]
		switch class[c] {
		case letter:
			// The word's bytes, hashed in a register.
			h, start := t.h, i
			for {
				h = (h ^ uint64(lower[c])) * fnvPrime
				i++
				if i == len(p) {
					break
				}
				c = p[i]
				if class[c] != letter {
					break
				}
			}
			t.h, t.inWord = h, true
			if t.do == collect {
				for _, b := range p[start:i] {
					t.word = append(t.word, lower[b])
				}
			}
			continue
		case sep:
			t.endWord()
			i++
			continue
		case stop:
			t.stop()
			i++
			continue
		}
		// other
		switch {
		case c == t.quote:
			// The end of an attribute value: the tag goes on.
			t.stop()
			t.quote = 0
			t.cur = &t.text
			i++
		case c == '\n':
			t.line++
			if t.mode == needleMode {
				t.stop()
			} else {
				t.endWord()
			}
			i++
		case c == '"':
			t.stop()
			i++
		case c < utf8.RuneSelf && (!html || t.quote != 0 && c == '<'):
			t.endWord()
			i++
		case c == '<':
			if i+1 >= len(p) && !final {
				t.carry = append(t.carry, p[i:]...)
				return
			}
			t.endWord()
			i++
			if i < len(p) && (isASCIILetter(p[i]) || p[i] == '/' || p[i] == '!' || p[i] == '?') {
				t.inTag, t.name, t.nameDone = true, t.name[:0], false
				if !isASCIILetter(p[i]) {
					i++
				}
			}
		case c == '&':
			n, ok := t.reference(p[i:], final)
			if !ok {
				t.carry = append(t.carry, p[i:]...)
				return
			}
			i += n
		case c == '\\':
			n, ok := t.escape(p[i:], final)
			if !ok {
				t.carry = append(t.carry, p[i:]...)
				return
			}
			i += n
		case c < utf8.RuneSelf: // '
			t.endWord()
			i++
		default:
			if !final && !utf8.FullRune(p[i:]) {
				t.carry = append(t.carry, p[i:]...)
				return
			}
			r, size := utf8.DecodeRune(p[i:])
			t.rune(r)
			i += size
		}
	}
}

// tag reads a tag from p[i], outside its attribute values, up to its
// end or the start of an attribute value, and returns where it stopped.
func (t *tokenizer) tag(p []byte, i int) int {
	for ; i < len(p); i++ {
		c := p[i]
		if !t.nameDone {
			if isASCIILetter(c) || c >= '0' && c <= '9' {
				if len(t.name) < 16 {
					t.name = append(t.name, lower[c])
				}
				continue
			}
			t.nameDone = true
		}
		switch c {
		case '>':
			t.inTag = false
			if !inline[string(t.name)] {
				t.stop()
			}
			return i + 1
		case '"', '\'':
			t.quote = c
			t.cur = &t.attr
			t.attr.n = 0
			return i + 1
		case '\n':
			t.line++
		}
	}
	return i
}

// reference reads a character reference at the start of p (which starts
// with &), and returns how many bytes it took; ok is false when p ends
// before one can tell.
func (t *tokenizer) reference(p []byte, final bool) (n int, ok bool) {
	if t.mode != htmlMode {
		t.endWord()
		return 1, true
	}
	for j := 1; j < len(p) && j <= 32; j++ {
		c := p[j]
		if c == ';' {
			s := string(p[:j+1])
			u := unescape(s)
			if u == s {
				break
			}
			for _, r := range u {
				t.rune(r)
			}
			return j + 1, true
		}
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && !(j == 1 && c == '#') && !(j == 2 && (c == 'x' || c == 'X')) {
			break
		}
		if j == len(p)-1 && !final {
			return 0, false
		}
	}
	if len(p) == 1 && !final {
		return 0, false
	}
	t.endWord()
	return 1, true
}

// escape reads a JavaScript string escape at the start of p (which
// starts with a backslash): \uXXXX (a pair of them for a rune beyond
// the BMP), \" and the others.
func (t *tokenizer) escape(p []byte, final bool) (n int, ok bool) {
	if len(p) < 2 {
		if final {
			t.endWord()
			return 1, true
		}
		return 0, false
	}
	switch p[1] {
	case '"':
		t.stop()
		return 2, true
	case 'u':
		if len(p) < 6 {
			if final {
				t.endWord()
				return len(p), true
			}
			return 0, false
		}
		r, ok := hex4(p[2:6])
		if !ok {
			t.endWord()
			return 2, true
		}
		if r >= 0xD800 && r < 0xDC00 {
			if len(p) < 12 && !final {
				return 0, false
			}
			if len(p) >= 12 && p[6] == '\\' && p[7] == 'u' {
				if lo, ok := hex4(p[8:12]); ok && lo >= 0xDC00 && lo < 0xE000 {
					t.rune((r-0xD800)<<10 + (lo - 0xDC00) + 0x10000)
					return 12, true
				}
			}
			t.endWord()
			return 6, true
		}
		t.rune(r)
		return 6, true
	}
	t.endWord()
	return 2, true
}

func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// rune reads a character that is not a plain ASCII byte, or one that a
// reference or an escape wrote.
func (t *tokenizer) rune(r rune) {
	if r < utf8.RuneSelf {
		c := byte(r)
		switch {
		case class[c] == letter:
			t.h = (t.h ^ uint64(lower[c])) * fnvPrime
			if t.do == collect {
				t.word = append(t.word, lower[c])
			}
			t.inWord = true
		case class[c] == stop || c == '"':
			t.stop()
		default:
			t.endWord()
		}
		return
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
		t.endWord()
		return
	}
	var b [utf8.UTFMax]byte
	n := utf8.EncodeRune(b[:], unicode.ToLower(r))
	for _, c := range b[:n] {
		t.h = (t.h ^ uint64(c)) * fnvPrime
	}
	if t.do == collect {
		t.word = append(t.word, b[:n]...)
	}
	t.inWord = true
}

// fresh readies t for a segment that starts outside any tag and word,
// after a break: the line count stays.
func (t *tokenizer) fresh() {
	if t.cur == nil {
		t.h = fnvOffset
	}
	t.endWord()
	t.cur = &t.text
	t.text.n, t.attr.n = 0, 0
	t.inTag, t.quote, t.carry = false, 0, nil
}

// endWord ends the word being read, if any.
func (t *tokenizer) endWord() {
	if !t.inWord {
		return
	}
	w := t.cur
	w.push(t.h)
	switch t.do {
	case collect:
		t.onWord(t.word)
		t.word = t.word[:0]
	case remove:
		t.index.removeAt(w)
	case hold:
		t.held = t.index.heldAt(w, t.held)
	case scan:
		t.scanner.check(w)
	}
	t.h, t.inWord = fnvOffset, false
}

// stop ends a sentence of the stream being read.
func (t *tokenizer) stop() {
	t.endWord()
	t.cur.n = 0
	if t.onBreak != nil {
		t.onBreak()
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
