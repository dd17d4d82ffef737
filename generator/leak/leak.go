// Package leak is the safety net behind the edition filter: it reads
// every file a build writes for the strings of the notes the build
// withheld, so that a bug of the filter (or a layout, or raw HTML, that
// reaches around it) fails the build instead of publishing them.
//
// An Index holds what to look for: the titles, names, aliases and page
// addresses of the withheld notes, and the sentences of their bodies cut
// into shingles of Shingle words. Only distinctive strings are looked
// for: Allow removes every one that something the build may publish
// holds (a published note's text, site.toml, the theme), so that a
// withheld person's name that a published briefing writes is not taken
// for a leak of her note. Scanner then reads output files as they are
// written, in one pass over their bytes: words are hashed as they end,
// a rolling hash of the last words is looked up in a bit set, and only
// its rare hits in a map.
//
// Words are runs of letters and digits, lower-cased; HTML tags, character
// references and JavaScript string escapes are read as a browser would
// show them, so that a sentence is found in a page, a search shard or a
// feed alike. A sentence never spans a full stop, a question or
// exclamation mark, a semicolon, a double quote or a block-level tag,
// so that words that only happen to follow each other in a page (the
// items of a list) are not taken for a sentence.
//
// The key types are Index, Note, Scanner and Hit.
package leak

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"html"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Shingle is the number of words in a piece of a withheld sentence: a
// leak is found when Shingle words of one of its sentences follow each
// other in a file. Sentences of 3 words up to Shingle are looked for
// whole.
const Shingle = 5

// Note is a withheld note, as a leak's message names it.
type Note struct {
	// Path is the note's file from the site folder.
	Path string
	// Why says why it is withheld: "marked TLP:RED, above the audience
	// TLP:CLEAR".
	Why string
	// Line finds the line of a string of the note, for the message; nil
	// means line 1.
	Line func(what string, words []string) int
}

// what a needle is of its note.
type needle struct {
	note *Note
	what string // "title", "name", "alias", "address", "sentence", ...
	// text is the needle's words as the scanner reads them, joined by
	// spaces; shown is what a message shows, a phrase as written (the
	// same string as text for a sentence). last is the hash of the last
	// word and n the number of words.
	text, shown string
	last        uint64
	n           int
}

// words returns the needle's words as the scanner reads them.
func (nd needle) words() []string { return strings.Split(nd.text, " ") }

// Index is what a build looks for in its output. Add its needles, then
// Allow what may be published, then read files with Scanner; a Scanner
// may be used on many goroutines at once, one per file.
type Index struct {
	needles []needle
	ids     map[uint64]int32
	// bits is a filter over the keys of the needles (see filter):
	// a key it says no to is no needle's. ends is a filter over the last
	// word of the needles shorter than Shingle words: a window whose last
	// word it says no to ends none of them. short has bit L set when
	// some needle is L words long, for L below Shingle.
	bits  []uint64
	shift uint
	ends  []uint64
	short uint32
	// built says the filters are made; removed, that Allow removed
	// needles since (the filters still pass them, so they are made
	// again before files are scanned: published text is most of what
	// is scanned, and would pass them at every sentence).
	built, removed bool

	mu    sync.Mutex
	hits  []*Hit                    // the first of each note
	files map[*Note]map[string]bool // the files holding a string of each
	// clean holds the hashes of the segments of files read clean (see
	// Scanner), seed their seed.
	clean    *cleanSet
	seed     maphash.Seed
	expected int // see Expect
}

// New returns an empty Index.
func New() *Index { return &Index{ids: map[uint64]int32{}} }

// Expect says how many files the scanners will read, which sizes the
// set of the segments read clean.
func (x *Index) Expect(files int) { x.expected = files }

// Empty reports whether there is nothing to look for.
func (x *Index) Empty() bool { return x == nil || len(x.ids) == 0 }

// Digest returns a number that changes with what x looks for: a
// rebuild that reads only the files that changed must read every file
// again when it does, as a file that held a note's words unchanged is a
// leak once the note is withheld. A nil Index has the Digest 0.
func (x *Index) Digest() uint64 {
	if x == nil {
		return 0
	}
	d := uint64(len(x.ids))
	for key := range x.ids {
		// A sum, so that the order of the map does not matter.
		d += bits.RotateLeft64(key*0x9e3779b97f4a7c15, 29)
	}
	return d
}

// Added returns an Index of the needles x looks for that old does not
// (a nil old looks for none), or nil when there are none. A file read
// clean against old can hold a string of x only if it holds one of
// these: a rebuild that withholds one more note reads the files it does
// not write again against what that note added, not against it all.
func (x *Index) Added(old *Index) *Index {
	if x.Empty() {
		return nil
	}
	var a *Index
	for key, id := range x.ids {
		if old != nil {
			if _, ok := old.ids[key]; ok {
				continue
			}
		}
		if a == nil {
			a = New()
			a.expected = x.expected
		}
		a.ids[key] = int32(len(a.needles))
		a.needles = append(a.needles, x.needles[id])
	}
	return a
}

// Within reports whether old looks for every needle x looks for (a nil
// x looks for none).
func (x *Index) Within(old *Index) bool {
	if x.Empty() {
		return true
	}
	if old.Empty() {
		return false
	}
	for key := range x.ids {
		if _, ok := old.ids[key]; !ok {
			return false
		}
	}
	return true
}

// Has reports whether x looks for the needle of key (as Held returns
// them).
func (x *Index) Has(key uint64) bool {
	if x == nil {
		return false
	}
	_, ok := x.ids[key]
	return ok
}

// Needles returns the number of strings looked for.
func (x *Index) Needles() int {
	if x == nil {
		return 0
	}
	return len(x.ids)
}

// Phrase adds a title, name, alias or page address of the note, looked
// for as a whole (in pieces of Shingle words when it is longer); what
// names it in messages ("title"). A phrase of one word is looked for
// only if it has four letters or more and is not a number.
func (x *Index) Phrase(n *Note, what, text string) { x.add(n, what, text, 1, true) }

// Text adds the sentences of a text of the note (its body, its summary):
// each sentence of three words or more is looked for, whole up to
// Shingle words, else in every piece of Shingle words.
func (x *Index) Text(n *Note, what, text string) { x.add(n, what, text, 3, false) }

// add cuts text into the pieces to look for: each run of words between
// breaks, whole when it has from least to Shingle words, else every run of
// Shingle words in it.
func (x *Index) add(n *Note, what, text string, least int, phrase bool) {
	shown := ""
	if phrase {
		shown = strings.TrimSpace(text)
	}
	var words []string
	flush := func() {
		defer func() { words = words[:0] }()
		if len(words) < least {
			return
		}
		if len(words) == 1 && !distinctiveWord(words[0]) {
			return
		}
		if len(words) <= Shingle {
			x.put(n, what, words, shown)
			return
		}
		for i := 0; i+Shingle <= len(words); i++ {
			x.put(n, what, words[i:i+Shingle], shown)
		}
	}
	t := tokenizer{mode: needleMode, do: collect}
	t.onWord = func(w []byte) { words = append(words, string(w)) }
	t.onBreak = flush
	t.write([]byte(text))
	t.end()
	flush()
}

// distinctiveWord reports whether a one-word needle is worth looking
// for: four letters or more, not only digits.
func distinctiveWord(w string) bool {
	if utf8.RuneCountInString(w) < 4 {
		return false
	}
	return strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0
}

// put adds one needle.
func (x *Index) put(n *Note, what string, words []string, shown string) {
	h := uint64(0)
	for _, w := range words {
		h = h*prime + wordHash([]byte(w))
	}
	key := h * lengthKey[len(words)]
	if _, dup := x.ids[key]; dup {
		return
	}
	x.ids[key] = int32(len(x.needles))
	text := strings.Join(words, " ")
	if shown == "" {
		shown = text
	}
	x.needles = append(x.needles, needle{note: n, what: what, text: text, shown: shown,
		last: wordHash([]byte(words[len(words)-1])), n: len(words)})
	x.built = false
}

// Allow removes the needles that text holds: text is something the
// build may publish (a published note's text, title or address), so
// what it holds is no leak. AllowHTML does the same for HTML (a page's
// body, the theme), read as the output is.
func (x *Index) Allow(text []byte) { x.allow(text, allowMode) }

// AllowHTML is Allow for HTML, read as the output is read.
func (x *Index) AllowHTML(text []byte) { x.allow(text, htmlMode) }

func (x *Index) allow(text []byte, m mode) {
	if x.Empty() || len(text) == 0 {
		return
	}
	x.filter()
	t := tokenizer{mode: m, do: remove, index: x}
	t.write(text)
	t.end()
}

// removeAt removes the needles that window w ends with.
func (x *Index) removeAt(w *window) {
	if len(x.ids) == 0 {
		return
	}
	var keys [Shingle]uint64
	for _, key := range keys[:x.candidates(w, &keys)] {
		if _, ok := x.ids[key]; ok {
			delete(x.ids, key)
			x.removed = true
		}
	}
}

// Clone returns a copy of x that what is done to either (Allow, Remove,
// scans) does not change in the other.
func (x *Index) Clone() *Index {
	return &Index{needles: slices.Clip(x.needles), ids: maps.Clone(x.ids), expected: x.expected}
}

// Held returns the keys of the needles that text holds, which Allow
// (or AllowHTML, when html is set) would remove, and removes none. A
// build that allows the same texts again and again (generator.Builder)
// keeps what each held, reads only the texts that changed, and removes
// them all with Remove: what Allow leaves does not depend on the order
// of the texts, so the Index is the same. Keys may repeat.
func (x *Index) Held(text []byte, html bool) []uint64 {
	if x.Empty() || len(text) == 0 {
		return nil
	}
	x.filter()
	m := allowMode
	if html {
		m = htmlMode
	}
	t := tokenizer{mode: m, do: hold, index: x}
	t.write(text)
	t.end()
	return t.held
}

// Remove removes the needles of keys, as Allow of the texts that held
// them (Held) would.
func (x *Index) Remove(keys []uint64) {
	for _, key := range keys {
		if _, ok := x.ids[key]; ok {
			delete(x.ids, key)
			x.removed = true
		}
	}
}

// heldAt appends to held the keys of the needles that window w ends
// with.
func (x *Index) heldAt(w *window, held []uint64) []uint64 {
	var keys [Shingle]uint64
	for _, key := range keys[:x.candidates(w, &keys)] {
		if _, ok := x.ids[key]; ok {
			held = append(held, key)
		}
	}
	return held
}

// candidates puts in keys the key of each window that w ends with which
// may be a needle's, the longest first, and returns how many.
func (x *Index) candidates(w *window, keys *[Shingle]uint64) int {
	n := 0
	if w.n >= Shingle {
		if key := w.h[Shingle] * lengthKey[Shingle]; x.maybe(key) {
			keys[n] = key
			n++
		}
	}
	if x.short == 0 {
		return n
	}
	if last := w.h[1]; x.ends[last>>x.endShift()&uint64(len(x.ends)-1)]&(1<<(last&63)) == 0 {
		return n
	}
	for l := min(w.n, Shingle-1); l >= 1; l-- {
		if x.short&(1<<l) == 0 {
			continue
		}
		if key := w.h[l] * lengthKey[l]; x.maybe(key) {
			keys[n] = key
			n++
		}
	}
	return n
}

// endShift is where the bits of a last word's hash that pick its word of
// ends start.
func (x *Index) endShift() uint64 { return 6 }

// AllowString is Allow for a string.
func (x *Index) AllowString(text string) {
	if x.Empty() || text == "" {
		return
	}
	x.Allow([]byte(text))
}

// filter makes the filters over the needles, if they changed. bits is
// a blocked Bloom filter: three bits of one 64-bit word for each key
// (the word picked by the key's top bits, the bits by three fields of
// its middle ones), with 32 bits a needle; a window that is no needle's
// passes it about once in 1,500, and is told so with one read of
// memory. A window of Shingle words is looked up in it at every word;
// shorter ones (titles, names, addresses), only when ends, a small bit
// set over the last words of the short needles, has the window's last
// word: so a word costs one read of memory, not one for each length.
func (x *Index) filter() {
	if x.built {
		return
	}
	size := 1 << 16
	for size < 32*len(x.ids) {
		size <<= 1
	}
	x.bits = make([]uint64, size/64)
	x.shift = uint(64 - bitsLen(size/64))
	x.short = 0
	n := 0
	for key, id := range x.ids {
		x.bits[key>>x.shift] |= bloom(key)
		if l := x.needles[id].n; l < Shingle {
			x.short |= 1 << l
			n++
		}
	}
	ends := 64
	for ends < 16*n {
		ends <<= 1
	}
	x.ends = make([]uint64, ends/64)
	for _, id := range x.ids {
		if nd := x.needles[id]; nd.n < Shingle {
			last := nd.last
			x.ends[last>>x.endShift()&uint64(len(x.ends)-1)] |= 1 << (last & 63)
		}
	}
	x.built = true
}

// bloom returns the three bits of key's word, from its middle bits: a
// product's low bits depend only on the low bits of what was
// multiplied, and its top bits pick the word.
func bloom(key uint64) uint64 {
	return 1<<(key>>20&63) | 1<<(key>>26&63) | 1<<(key>>32&63)
}

// maybe reports whether key may be a needle's.
func (x *Index) maybe(key uint64) bool {
	m := bloom(key)
	return x.bits[key>>x.shift]&m == m
}

func bitsLen(n int) int {
	l := 0
	for n > 1 {
		n >>= 1
		l++
	}
	return l
}

// Hit is a string of a withheld note found in the output: the first
// found of its note.
type Hit struct {
	Note *Note
	// What the string is of the note ("title", "sentence"), its words as
	// the scanner reads them, and as the message shows them.
	What  string
	Words []string
	Shown string
	// File is the output file (a path from the output folder) and Line
	// the line the string ends on; More counts the other files that
	// hold a string of the note.
	File string
	Line int
	More int
}

// NoteLine is the line of the note the string is on.
func (h Hit) NoteLine() int {
	if h.Note.Line == nil {
		return 1
	}
	return max(h.Note.Line(h.What, h.Words), 1)
}

// String describes the hit for the command line, after the note's
// path:line.
func (h Hit) String() string {
	more := ""
	switch {
	case h.More == 1:
		more = " (and 1 more file)"
	case h.More > 1:
		more = fmt.Sprintf(" (and %d more files)", h.More)
	}
	return fmt.Sprintf("withheld from this build (%s), but its %s %q is in the output, in %s:%d%s", h.Note.Why, h.What, h.Shown, h.File, h.Line, more)
}

// Hits returns what the Scanners found: for each withheld note whose
// strings reached the output, the first, by file and line, with the
// number of other files, sorted by the note's path.
func (x *Index) Hits() []Hit {
	if x == nil {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	out := make([]Hit, len(x.hits))
	for i, h := range x.hits {
		out[i] = *h
		out[i].More = len(x.files[h.Note]) - 1
	}
	slices.SortFunc(out, func(a, b Hit) int { return strings.Compare(a.Note.Path, b.Note.Path) })
	return out
}

// record keeps a hit: for each note the one in the first file (by
// path) at its first line, whatever order the files are read in, and
// the files of the others.
func (x *Index) record(h Hit) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.files == nil {
		x.files = map[*Note]map[string]bool{}
	}
	files := x.files[h.Note]
	if files == nil {
		files = map[string]bool{}
		x.files[h.Note] = files
		x.hits = append(x.hits, &h)
	} else {
		for _, first := range x.hits {
			if first.Note == h.Note && (h.File < first.File || h.File == first.File && h.Line < first.Line) {
				*first = h
			}
		}
	}
	files[h.File] = true
}

// Scanner reads one output file, given to Write as it is written.
//
// A page is read as segments, each from a block-level tag to the next
// (a sentence never runs across one): a segment read clean once, in any
// file, is not read again, only its lines counted. Most of a site's
// bytes are such repeats (a briefing's item on each page that lists it,
// the header and footer of every page), so most of what a build writes
// is hashed rather than read word by word. A file without block-level
// tags (a search shard) is read as it comes, in pieces of scanBuffer.
type Scanner struct {
	x    *Index
	path string
	t    tokenizer
	hits int
	// pending holds the bytes of the segment not ended yet (from
	// buffers); streaming is set once the file has given up on
	// segments (one larger than scanBuffer), and reads the rest as it
	// comes.
	pending   []byte
	streaming bool
}

// scanBuffer bounds a segment, and is the size of the pieces a Scanner
// reads when it streams.
const scanBuffer = 16 << 10

// buffers holds the Scanners' buffers between files.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 2*scanBuffer); return &b }}

// Scanner returns a scanner of the output file at path (from the output
// folder); the Index must not change while it is used.
func (x *Index) Scanner(path string) *Scanner {
	x.mu.Lock()
	if x.removed {
		x.built, x.removed = false, false
	}
	x.filter()
	if x.clean == nil {
		// Some 128 segments a file, at most a million (8 MB).
		size := 1 << 12
		for size < 128*x.expected && size < 1<<20 {
			size <<= 1
		}
		x.seed = maphash.MakeSeed()
		x.clean = newCleanSet(size)
	}
	x.mu.Unlock()
	s := &Scanner{x: x, path: path}
	s.t = tokenizer{mode: htmlMode, do: scan, scanner: s}
	return s
}

// cleanSet is the set of the hashes of the segments read clean: open
// addressing over a fixed array, read without locks (a segment is looked
// up far more often than added); once 3/4 full it takes no more.
type cleanSet struct {
	slots []atomic.Uint64
	n     atomic.Int64
}

func newCleanSet(size int) *cleanSet { return &cleanSet{slots: make([]atomic.Uint64, size)} }

// has reports whether h is in the set.
func (c *cleanSet) has(h uint64) bool {
	h |= 1 // 0 marks an empty slot
	mask := uint64(len(c.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch c.slots[i].Load() {
		case h:
			return true
		case 0:
			return false
		}
	}
}

// add puts h in the set, unless the set is full enough.
func (c *cleanSet) add(h uint64) {
	if c.n.Load() >= int64(len(c.slots))*3/4 {
		return
	}
	h |= 1
	mask := uint64(len(c.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		v := c.slots[i].Load()
		if v == h {
			return
		}
		if v == 0 {
			if c.slots[i].CompareAndSwap(0, h) {
				c.n.Add(1)
				return
			}
			i = (i - 1) & mask // taken meanwhile: look at it again
		}
	}
}

// check records the needles that window w ends with, the longest
// first.
func (s *Scanner) check(w *window) {
	x := s.x
	var keys [Shingle]uint64
	for _, key := range keys[:x.candidates(w, &keys)] {
		if id, ok := x.ids[key]; ok {
			nd := x.needles[id]
			s.hits++
			x.record(Hit{Note: nd.note, What: nd.what, Words: nd.words(), Shown: nd.shown, File: s.path, Line: s.t.line + 1})
		}
	}
}

// Write reads p, the next bytes of the file. It never fails.
func (s *Scanner) Write(p []byte) (int, error) {
	if s.streaming {
		s.t.write(p)
		return len(p), nil
	}
	if len(s.pending) == 0 {
		// Nothing held over: the segments p holds whole are read
		// where they are, and only the rest is kept. A page comes in
		// one piece, and copying it whole would hold it twice.
		rest := p[s.segments(p, 0):]
		if len(rest) > scanBuffer {
			s.stream(rest)
			return len(p), nil
		}
		if s.pending == nil {
			s.pending = (*buffers.Get().(*[]byte))[:0]
		}
		s.pending = append(s.pending, rest...)
		return len(p), nil
	}
	from := len(s.pending)
	s.pending = append(s.pending, p...)
	start := s.segments(s.pending, max(0, from-20))
	s.pending = append(s.pending[:0], s.pending[start:]...)
	if len(s.pending) > scanBuffer {
		s.stream(s.pending)
		s.pending = s.pending[:0]
	}
	return len(p), nil
}

// stream gives up on segments for the rest of the file, which has one
// longer than scanBuffer, and reads it as it comes, from b.
func (s *Scanner) stream(b []byte) {
	s.streaming = true
	s.t.fresh()
	s.t.write(b)
}

// segments reads the segments that p holds whole, those that end where a
// block-level tag starts, looking for tags from byte from on, and returns
// where the segment not ended yet starts.
func (s *Scanner) segments(p []byte, from int) (start int) {
	for i := from; i < len(p); {
		j := bytes.IndexByte(p[i:], '<')
		if j < 0 {
			break
		}
		at := i + j
		yes, more := startsSegment(p[at+1:])
		if more {
			break // the tag's name goes on in the next piece
		}
		i = at + 1
		if !yes || at == start {
			continue
		}
		s.segment(p[start:at])
		start = at
	}
	return start
}

// startsSegment reports whether b, the bytes after a <, start the tag of
// a segment: the opening tag of a block-level element that holds a
// paragraph, an item or a part of a page, so that a briefing's item on a
// list, or a page's header, is one segment. more is true when b ends
// before that can be told.
func startsSegment(b []byte) (yes, more bool) {
	if len(b) == 0 {
		return false, true
	}
	if !isASCIILetter(b[0]) {
		return false, false
	}
	var name [12]byte
	n := 0
	for n < len(b) && (isASCIILetter(b[n]) || b[n] >= '0' && b[n] <= '9') {
		if n == len(name) {
			return false, false // longer than any of them
		}
		name[n] = lower[b[n]]
		n++
	}
	if n == len(b) {
		return false, true
	}
	switch string(name[:n]) {
	case "li", "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "header", "footer", "nav",
		"main", "aside", "ul", "ol", "dl", "table", "tr", "figure", "div", "pre", "details", "body", "head":
		return true, false
	}
	return false, false
}

// segment reads one segment, or only counts its lines when a segment of
// the same bytes was read clean before.
func (s *Scanner) segment(seg []byte) {
	h := maphash.Bytes(s.x.seed, seg)
	if s.x.clean.has(h) {
		s.t.line += bytes.Count(seg, []byte{'\n'})
		return
	}
	before := s.hits
	s.t.fresh()
	s.t.read(seg, true)
	s.t.endWord()
	if s.hits == before {
		s.x.clean.add(h)
	}
}

// ErrLeak is what Close returns when the file holds a string of a
// withheld note: the Index's Hits say which.
var ErrLeak = fmt.Errorf("holds a string of a withheld note")

// Close ends the file, and returns ErrLeak if it holds a string of a
// withheld note.
func (s *Scanner) Close() error {
	if len(s.pending) > 0 {
		if s.streaming {
			s.t.write(s.pending)
		} else {
			s.segment(s.pending)
		}
	}
	if s.pending != nil {
		// A buffer grown past what a segment needs (a large write
		// after a held-over piece) is let go rather than pinned.
		if cap(s.pending) <= 4*scanBuffer {
			b := s.pending[:0]
			buffers.Put(&b)
		}
		s.pending = nil
	}
	s.t.end()
	if s.hits > 0 {
		return ErrLeak
	}
	return nil
}

// Scan reads a whole file at once.
func (x *Index) Scan(path string, data []byte) error {
	s := x.Scanner(path)
	s.Write(data)
	return s.Close()
}

// unescape is html.UnescapeString, named for the tokenizer.
var unescape = html.UnescapeString
