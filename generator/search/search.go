// Package search turns a Site into the index of its client-side search:
// small JavaScript files that the search page loads with <script> tags, so
// search works on a web host and straight from disk (file://), where
// fetch and WebAssembly are blocked.
//
// The index is sharded so that a query loads only what it needs, however
// large the site:
//
//	search/meta.js        the shard table: first term and size of each
//	                      shard, document count, stop words, kinds
//	search/terms-N.js     a range of terms, sorted, with their postings
//	search/docs-N.js      result metadata of documents N*Chunk ...
//	search/names.js       every entity's name and URL, for result chips
//	search/lex-N.js       the lexicon: terms without digits, of three
//	                      letters or more, with their document counts,
//	                      grouped by first letter and sorted by length,
//	                      for correcting typos
//
// Each file is one call to a global registration function
// (briefingsSearch.meta, .terms, .docs, .names, .lex) that layouts/assets/search.js
// defines. Documents are the entities, then the briefings newest first,
// then the plain pages; a posting is a document number and a weight that
// already holds term frequency, field boosts and length normalisation
// (BM25), so the browser only adds the inverse document frequency.
//
// The key function is Index; Tokens is the tokenizer that search.js
// mirrors.
package search

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/fnv"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"

	"briefings/generator/config"
	"briefings/generator/marking"
	"briefings/generator/publish"
	"briefings/generator/site"
	"briefings/generator/spill"
)

const (
	// ShardSize is the size a terms shard is filled up to; one term's
	// postings may make it larger.
	ShardSize = 48 << 10
	// Chunk is the number of documents per docs file.
	Chunk = 32
	// LexSize is the size a lexicon piece is filled up to.
	LexSize = 16 << 10
	// lexMin is the shortest term the lexicon holds: search.js corrects
	// typos in words of four letters or more, by one letter up to seven
	// and two from eight, so no shorter term can be what was meant.
	lexMin = 3
	// maxChips is the number of entity chips a briefing's result shows.
	maxChips = 8
	// snippetLen caps the snippet of a document without a summary.
	snippetLen = 240
	// BM25 parameters.
	k1, b = 1.2, 0.75
)

// Field boosts: a word in a title counts as much as ten in the body.
const (
	boostTitle   = 10
	boostName    = 10 // an entity's own name and aliases
	boostTag     = 5
	boostSummary = 3
	boostMention = 3 // the names and aliases of the entities a briefing mentions
	boostBody    = 1
)

// Stop lists the words left out of the index and of queries: they are in
// nearly every briefing and would only make shards larger.
var Stop = []string{
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before", "but", "by",
	"can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into",
	"is", "it", "its", "more", "most", "no", "not", "of", "on", "or", "other", "our", "over", "said", "she", "so",
	"some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "under",
	"up", "was", "we", "were", "what", "when", "which", "while", "who", "will", "with", "would", "you",
}

var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range Stop {
		m[w] = true
	}
	return m
}()

// doc is one searchable document: what its result shows, and the
// briefing, entity or page its fields come from (see fields).
type doc struct {
	kind    int    // 0 briefing, 1.. entity kinds in site order, then pages
	url     string // from the site root, without the leading slash
	title   string
	iso     string
	date    string
	snippet string
	chips   []int
	// label is the document's marking, the zero Label for none.
	label marking.Label
	// status marks a note published only because the build asked for
	// drafts or the future (serve --drafts, build --drafts): statusDraft,
	// statusEmbargoed, or both; results show it as lists do.
	status int
	// body is the plain text of the body, read as the document is
	// tokenized, so that the index never holds every body at once.
	body spill.Bytes

	briefing *site.Briefing
	entity   *site.Entity
	page     *site.Page
}

// The bits of a document's status.
const (
	statusDraft     = 1
	statusEmbargoed = 2
)

// statusOf returns the status bits of a note.
func statusOf(draft, embargoed bool) int {
	s := 0
	if draft {
		s |= statusDraft
	}
	if embargoed {
		s |= statusEmbargoed
	}
	return s
}

type field struct {
	text  string
	boost int
}

// fields appends the fields of d but its body to list: made as each
// document is tokenized, they are never all held at once.
func (d *doc) fields(list []field, kinds []config.Kind) []field {
	switch {
	case d.entity != nil:
		e := d.entity
		list = append(list, field{e.Summary, boostSummary}, field{e.Role, boostSummary}, field{e.Name, boostName})
		for _, a := range e.Aliases {
			list = append(list, field{a, boostName})
		}
	case d.briefing != nil:
		br := d.briefing
		list = append(list, field{br.Summary, boostSummary}, field{br.Title, boostTitle})
		for _, t := range br.Tags {
			list = append(list, field{t.Name, boostTag})
		}
		for i := range kinds {
			for _, e := range br.MentionedIn(i) {
				list = append(list, field{e.Name, boostMention})
				for _, a := range e.Aliases {
					list = append(list, field{a, boostMention})
				}
			}
		}
	case d.page != nil:
		list = append(list, field{d.page.Summary, boostSummary}, field{d.page.Title, boostTitle})
	}
	return list
}

// posting is one document's weight for a term: the document number
// shifted left by 6 bits, then the weight (1 to 63). Four bytes, not
// eight: at 100,000 briefings the postings are some 20 million.
type posting uint32

func makePosting(doc int32, weight uint8) posting { return posting(uint32(doc)<<6 | uint32(weight&63)) }

// Doc is the document number, Weight the weight.
func (p posting) Doc() int32    { return int32(p >> 6) }
func (p posting) Weight() uint8 { return uint8(p & 63) }

// maxDocs is the most documents a posting can number.
const maxDocs = 1 << 26

// Index returns the search files of s, under search/.
func Index(s *site.Site) []publish.File { return (&Indexer{}).Index(s) }

// An Indexer makes the search index of a site again and again, as serve
// does after each save: it keeps each document's term counts with a hash
// of its text, so that only the documents whose text changed since the
// last Index are tokenized again, which was nearly all of the work. The
// postings, whose weights depend on every document's length, and the
// files are made again from the counts kept. The files are those Index
// makes. The zero Indexer keeps nothing (a build made once).
type Indexer struct {
	keep bool
	// global numbers every term met; terms are the terms by number.
	global map[string]int32
	terms  []string
	// counts are each document's term counts, by its URL.
	counts map[string]*counted
	seed   maphash.Seed
	// Tokenized is the number of documents the last Index tokenized.
	Tokenized int
}

// counted is what a document's text holds: its terms and their weights
// (term frequency times field boost), and its length in words.
type counted struct {
	sum uint64 // the hash of the text counted
	tfs []termWeight
	n   int
}

type termWeight struct{ id, w int32 }

// NewIndexer returns an Indexer that keeps the counts between calls.
func NewIndexer() *Indexer {
	return &Indexer{keep: true, global: map[string]int32{}, counts: map[string]*counted{}, seed: maphash.MakeSeed()}
}

// Index returns the search files of s, under search/.
func (x *Indexer) Index(s *site.Site) []publish.File {
	docs, kinds := documents(s)
	if len(docs) > maxDocs {
		docs = docs[:maxDocs] // a posting cannot number more
	}
	terms, postings := x.invert(docs, s.Kinds)
	var labels []marking.Label
	if ed := s.Edition; ed != nil && ed.Marked {
		// Those the edition may hold: no name of a label above it.
		labels = ed.Scheme.Labels[:ed.Audience.Rank+1]
	}
	return files(docs, kinds, terms, postings, labels)
}

// documents lists what search finds: entities, briefings, pages.
func documents(s *site.Site) ([]doc, []string) {
	n := len(s.Briefings) + len(s.Pages)
	for _, k := range s.Kinds {
		n += len(s.Entities[k.Name])
	}
	docs := make([]doc, 0, n)
	kinds := []string{"Briefing"}
	entityID := map[*site.Entity]int{}
	for i, k := range s.Kinds {
		kinds = append(kinds, k.Singular)
		for _, e := range s.Entities[k.Name] {
			entityID[e] = len(docs)
			d := doc{kind: i + 1, url: strings.TrimPrefix(e.URL, "/"), title: e.Name, snippet: cmp.Or(e.Summary, e.Role), body: e.Plain, entity: e, label: e.Label, status: statusOf(e.Draft, false)}
			if d.snippet == "" {
				d.snippet = clip(e.Plain.String())
			}
			if !e.Date.IsZero() {
				d.iso, d.date = e.Date.ISO(), e.Date.Short()
			}
			docs = append(docs, d)
		}
	}
	for _, br := range s.Briefings {
		d := doc{kind: 0, url: strings.TrimPrefix(br.URL, "/"), title: br.Title, iso: br.Date.ISO(), date: br.Date.Short(), snippet: br.Summary, body: br.Plain, briefing: br, label: br.Label, status: statusOf(br.Draft, br.Embargoed)}
		if d.snippet == "" {
			d.snippet = clip(br.Plain.String())
		}
		for i := range s.Kinds {
			for _, e := range br.MentionedIn(i) {
				if len(d.chips) < maxChips {
					d.chips = append(d.chips, entityID[e])
				}
			}
		}
		docs = append(docs, d)
	}
	kinds = append(kinds, "Page")
	for _, p := range s.Pages {
		docs = append(docs, doc{kind: len(kinds) - 1, url: strings.TrimPrefix(p.URL, "/"), title: p.Title, snippet: p.Summary, page: p, label: p.Label, status: statusOf(p.Draft, false)})
	}
	return docs, kinds
}

// clip cuts text to about snippetLen bytes at a word boundary.
func clip(text string) string {
	if len(text) <= snippetLen {
		return text
	}
	cut := strings.LastIndexByte(text[:snippetLen], ' ')
	if cut < snippetLen/2 {
		cut = snippetLen
		for !utf8.RuneStart(text[cut]) {
			cut--
		}
	}
	return strings.TrimRight(text[:cut], " ,;:") + "…"
}

// invert builds the postings of every term, in document order, and
// returns the terms and their postings, by term number. Documents are
// tokenized in parallel, each worker numbering the words it meets (so a
// word is hashed once per occurrence and allocated once per worker); the
// merge is a plain loop over slices, in document order, so postings come
// out sorted. An Indexer that keeps its counts tokenizes only the
// documents whose text changed.
func (x *Indexer) invert(docs []doc, siteKinds []config.Kind) ([]string, [][]posting) {
	type tf struct{ id, w int32 } // a worker's word number and weight
	type worker struct {
		words []string
		ids   wordTable // -1: not indexed (stop word, too short or long)
	}
	if x.global == nil {
		x.global = map[string]int32{}
	}
	counts := make([]*counted, len(docs))
	sums := make([]uint64, len(docs))
	todo := make([]int, 0, len(docs))
	if x.keep {
		var h maphash.Hash
		h.SetSeed(x.seed)
		var body []byte
		var fields []field
		for i := range docs {
			h.Reset()
			body, _ = docs[i].body.AppendTo(body[:0])
			h.Write(body)
			for _, f := range docs[i].fields(fields[:0], siteKinds) {
				h.WriteByte(0)
				h.WriteString(f.text)
				h.WriteByte(byte(f.boost))
			}
			sums[i] = h.Sum64()
			if c := x.counts[docs[i].url]; c != nil && c.sum == sums[i] {
				counts[i] = c
			} else {
				todo = append(todo, i)
			}
		}
	} else {
		for i := range docs {
			todo = append(todo, i)
		}
	}
	x.Tokenized = len(todo)
	perDoc := make([][]tf, len(docs))
	lengths := make([]int, len(docs))
	owner := make([]int, len(docs))
	workers := make([]*worker, min(runtime.GOMAXPROCS(0), max(1, len(todo))))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for wi := range workers {
		wk := &worker{}
		workers[wi] = wk
		wg.Go(func() {
			var tok tokenizer
			var counts []int32
			var touched []int32
			var fields []field
			var body []byte
			for i := range next {
				n := 0
				// Each body is read into the same buffer: the words
				// kept are copied out of it.
				body, _ = docs[i].body.AppendTo(body[:0]) // a failed read is in the spill file's Err
				fields = append(fields[:0], field{unsafe.String(unsafe.SliceData(body), len(body)), boostBody})
				fields = docs[i].fields(fields, siteKinds)
				for _, f := range fields {
					tok.each(f.text, func(t []byte, h uint64) {
						id, ok := wk.ids.find(t, h)
						if !ok {
							id = -1
							if indexed(t) {
								id = int32(len(wk.words))
								wk.words = append(wk.words, string(t))
								counts = append(counts, 0)
							}
							wk.ids.add(t, h, id)
						}
						if id < 0 {
							return
						}
						if counts[id] == 0 {
							touched = append(touched, id)
						}
						counts[id] += int32(f.boost)
						n++
					})
				}
				list := make([]tf, len(touched))
				for j, id := range touched {
					list[j] = tf{id, counts[id]}
					counts[id] = 0
				}
				touched = touched[:0]
				perDoc[i], lengths[i], owner[i] = list, n, wi
			}
		})
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()

	// Number the words of all workers together, after those numbered
	// before.
	toGlobal := make([][]int32, len(workers))
	for wi, wk := range workers {
		toGlobal[wi] = make([]int32, len(wk.words))
		for id, w := range wk.words {
			g, ok := x.global[w]
			if !ok {
				g = int32(len(x.terms))
				x.global[w] = g
				x.terms = append(x.terms, w)
			}
			toGlobal[wi][id] = g
		}
	}
	for _, i := range todo {
		ids := toGlobal[owner[i]]
		tfs := make([]termWeight, len(perDoc[i]))
		for j, t := range perDoc[i] {
			tfs[j] = termWeight{ids[t.id], t.w}
		}
		perDoc[i] = nil
		counts[i] = &counted{sum: sums[i], tfs: tfs, n: lengths[i]}
	}
	if x.keep {
		// The counts of documents gone are let go of.
		now := make(map[string]*counted, len(docs))
		for i, d := range docs {
			now[d.url] = counts[i]
		}
		x.counts = now
	}
	terms := x.terms

	total := 0
	for _, c := range counts {
		total += c.n
	}
	avg := max(1, float64(total)/float64(max(1, len(docs))))
	// Size every term's postings first, all in one slice: term g's are
	// all[start[g]:start[g+1]], and fill[g] is where its next one goes (a
	// counter, not a slice header, is what the fill below touches at
	// random: at 100,000 briefings it placed 15 million postings).
	start := make([]int, len(terms)+1)
	for _, c := range counts {
		for _, t := range c.tfs {
			start[t.id+1]++
		}
	}
	for g := range terms {
		start[g+1] += start[g]
	}
	all := make([]posting, start[len(terms)])
	fill := slices.Clone(start[:len(terms)])
	for i, c := range counts {
		norm := k1 * (1 - b + b*float64(c.n)/avg)
		for _, t := range c.tfs {
			w := float64(t.w)
			score := w * (k1 + 1) / (w + norm) / (k1 + 1) // 0 < score < 1
			q := uint8(max(1, min(63, math.Ceil(score*63))))
			all[fill[t.id]] = makePosting(int32(i), q)
			fill[t.id]++
		}
		if !x.keep {
			counts[i] = nil // garbage as the postings fill up
		}
	}
	// Terms that no document holds any more are left out.
	out := make([]string, 0, len(terms))
	postings := make([][]posting, 0, len(terms))
	for g, t := range terms {
		if start[g+1] > start[g] {
			out = append(out, t)
			postings = append(postings, all[start[g]:start[g+1]:start[g+1]])
		}
	}
	if !x.keep {
		x.global, x.terms = nil, nil
	}
	return out, postings
}

// indexed reports whether a word is a term: two to forty letters, not a
// stop word.
func indexed(t []byte) bool {
	if len(t) < 2 || len(t) > 160 || stop[string(t)] {
		return false
	}
	n := utf8.RuneCount(t)
	return n >= 2 && n <= 40
}

// Tokens returns the index terms of text, in order: lower case, accents
// and other marks removed, split at every character that is not a letter
// or a digit, stop words and one-letter words left out. search.js
// tokenizes queries the same way.
func Tokens(text string) []string {
	var out []string
	var tok tokenizer
	tok.each(text, func(t []byte, _ uint64) {
		if indexed(t) {
			out = append(out, string(t))
		}
	})
	return out
}

// wordTable maps words to numbers with open addressing on the hash the
// tokenizer computes as it lowers the case: a word seen before costs a
// probe and a compare, and no allocation (a map with string keys hashes
// the word again, and was most of the indexing time).
type wordTable struct {
	slots  []int32 // 1 + entry number; 0 is free
	keys   []string
	hashes []uint64
	vals   []int32
}

func (wt *wordTable) find(t []byte, h uint64) (int32, bool) {
	if len(wt.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(wt.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := wt.slots[i] - 1
		if e < 0 {
			return 0, false
		}
		if wt.hashes[e] == h && wt.keys[e] == string(t) {
			return wt.vals[e], true
		}
	}
}

func (wt *wordTable) add(t []byte, h uint64, val int32) {
	wt.keys = append(wt.keys, string(t))
	wt.hashes = append(wt.hashes, h)
	wt.vals = append(wt.vals, val)
	if 2*len(wt.keys) > len(wt.slots) {
		size := 1024 // a power of two: slots are found with a mask
		for size < 4*len(wt.keys) {
			size *= 2
		}
		wt.slots = make([]int32, size)
		for e := range wt.keys {
			wt.place(int32(e))
		}
		return
	}
	wt.place(int32(len(wt.keys) - 1))
}

func (wt *wordTable) place(e int32) {
	mask := uint64(len(wt.slots) - 1)
	i := wt.hashes[e] & mask
	for wt.slots[i] != 0 {
		i = (i + 1) & mask
	}
	wt.slots[i] = e + 1
}

// FNV-1a, the hash of wordTable.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// tokenizer splits text into lower-case words without marks, reusing its
// buffers; a word and its hash are valid only during the callback.
type tokenizer struct {
	buf, nfd []byte
	folded   map[string][]byte // a word with letters beyond ASCII -> its folded form
}

func (tk *tokenizer) each(text string, emit func(t []byte, h uint64)) {
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		// A word may start here: take its letters, digits and marks.
		start, ascii, stop := i, true, 0 // stop: the size of a rune beyond ASCII that ends it
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if !asciiWord[c] {
					break
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
				stop = size
				break
			}
			ascii = false
			i += size
		}
		if i == start {
			i += stop // a character beyond ASCII that no word holds
			continue
		}
		tk.word(text[start:i], ascii, emit)
	}
}

// word lowers the case of a word, takes the marks off its letters and
// hashes it, then hands it to emit.
func (tk *tokenizer) word(word string, ascii bool, emit func(t []byte, h uint64)) {
	h := uint64(fnvOffset)
	if ascii {
		tk.buf = append(tk.buf[:0], word...)
		for i, c := range tk.buf {
			// The bit 0x20 makes an ASCII letter lower case and is
			// already set in a digit: no branch on each letter.
			c |= 0x20
			tk.buf[i] = c
			h = (h ^ uint64(c)) * fnvPrime
		}
		emit(tk.buf, h)
		return
	}
	// Names with accents come back again and again: decompose each
	// spelling once.
	folded, ok := tk.folded[word]
	if !ok {
		tk.nfd = norm.NFD.AppendString(tk.nfd[:0], word)
		for _, r := range string(tk.nfd) {
			if !unicode.Is(unicode.Mn, r) {
				folded = utf8.AppendRune(folded, unicode.ToLower(r))
			}
		}
		if tk.folded == nil {
			tk.folded = map[string][]byte{}
		}
		tk.folded[strings.Clone(word)] = folded
	}
	tk.buf = append(tk.buf[:0], folded...)
	for _, c := range tk.buf {
		h = (h ^ uint64(c)) * fnvPrime
	}
	emit(tk.buf, h)
}

// asciiWord marks the ASCII characters words are made of: letters and
// digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// digits are the 64 characters postings are written with: safe inside a
// JavaScript string, and in order so that a digit's value is its index.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// encode writes postings as text: for each, the gap from the previous
// document number in base 32, most significant digit first, digits before
// the last offset by 32 (so the value ends at the first digit below 32),
// then the weight as one digit.
func encode(buf []byte, ps []posting) []byte {
	prev := int32(-1)
	var tmp [8]byte
	for _, p := range ps {
		gap := uint32(p.Doc() - prev)
		prev = p.Doc()
		n := len(tmp)
		n--
		tmp[n] = digits[gap&31]
		for gap >>= 5; gap > 0; gap >>= 5 {
			n--
			tmp[n] = digits[32+gap&31]
		}
		buf = append(buf, tmp[n:]...)
		buf = append(buf, digits[p.Weight()])
	}
	return buf
}

// files writes the search files.
func files(docs []doc, kinds []string, terms []string, postings [][]posting, labels []marking.Label) []publish.File {
	var out []publish.File
	sorted := make([]int32, len(terms))
	for i := range sorted {
		sorted[i] = int32(i)
	}
	slices.SortFunc(sorted, func(a, b int32) int { return strings.Compare(terms[a], terms[b]) })

	var firsts []string
	var sizes []int
	var buf bytes.Buffer
	shard := func() {
		buf.WriteString("})\n")
		out = append(out, publish.File{Path: fmt.Sprintf("search/terms-%d.js", len(firsts)-1), Data: bytes.Clone(buf.Bytes())})
		sizes = append(sizes, buf.Len())
		buf.Reset()
	}
	var post []byte
	for _, id := range sorted {
		t := terms[id]
		if buf.Len() >= ShardSize {
			shard()
		}
		if buf.Len() == 0 {
			firsts = append(firsts, t)
			fmt.Fprintf(&buf, "briefingsSearch.terms(%d,{", len(firsts)-1)
		} else {
			buf.WriteByte(',')
		}
		writeString(&buf, t)
		buf.WriteString(`:"`)
		post = encode(post[:0], postings[id])
		buf.Write(post)
		buf.WriteByte('"')
	}
	if buf.Len() > 0 {
		shard()
	}

	lexFirsts, lexSizes, lexFiles := lexicon(terms, postings)
	out = append(out, lexFiles...)

	var docSizes []int
	for c := 0; c*Chunk < len(docs); c++ {
		buf.Reset()
		fmt.Fprintf(&buf, "briefingsSearch.docs(%d,[", c)
		for i, d := range docs[c*Chunk : min(len(docs), (c+1)*Chunk)] {
			if i > 0 {
				buf.WriteString(",\n")
			}
			fmt.Fprintf(&buf, "[%d,", d.kind)
			for _, s := range []string{d.url, d.title, d.iso, d.date, d.snippet} {
				writeString(&buf, s)
				buf.WriteByte(',')
			}
			buf.WriteByte('[')
			for j, id := range d.chips {
				if j > 0 {
					buf.WriteByte(',')
				}
				buf.WriteString(strconv.Itoa(id))
			}
			buf.WriteByte(']')
			if !d.label.IsZero() {
				// The marking, by its rank in meta.labels.
				fmt.Fprintf(&buf, ",%d", d.label.Rank)
			} else if d.status != 0 {
				buf.WriteString(",null")
			}
			if d.status != 0 {
				// Draft, embargoed: the bits of status.
				fmt.Fprintf(&buf, ",%d", d.status)
			}
			buf.WriteByte(']')
		}
		buf.WriteString("])\n")
		out = append(out, publish.File{Path: fmt.Sprintf("search/docs-%d.js", c), Data: bytes.Clone(buf.Bytes())})
		docSizes = append(docSizes, buf.Len())
	}

	// names: the entities are the first documents.
	buf.Reset()
	buf.WriteString("briefingsSearch.names([")
	for i, d := range docs {
		if d.kind == 0 || d.kind == len(kinds)-1 {
			break
		}
		if i > 0 {
			buf.WriteString(",\n")
		}
		fmt.Fprintf(&buf, "[%d,", d.kind)
		writeString(&buf, d.url)
		buf.WriteByte(',')
		writeString(&buf, d.title)
		buf.WriteByte(']')
	}
	buf.WriteString("])\n")
	names := publish.File{Path: "search/names.js", Data: bytes.Clone(buf.Bytes())}
	out = append(out, names)

	// meta: its version is a hash of every other file, so that a service
	// worker's cache of the index is replaced when the index changes.
	h := fnv.New64a()
	for _, f := range out {
		h.Write([]byte(f.Path))
		h.Write(f.Data)
	}
	buf.Reset()
	buf.WriteString("briefingsSearch.meta({\"version\":")
	writeString(&buf, strconv.FormatUint(h.Sum64(), 36))
	fmt.Fprintf(&buf, ",\"docs\":%d,\"chunk\":%d,\"namesSize\":%d,\"kinds\":", len(docs), Chunk, len(names.Data))
	writeStrings(&buf, kinds)
	buf.WriteString(",\"stop\":")
	writeStrings(&buf, Stop)
	buf.WriteString(",\"firsts\":")
	writeStrings(&buf, firsts)
	buf.WriteString(",\"sizes\":")
	writeInts(&buf, sizes)
	buf.WriteString(",\"docSizes\":")
	writeInts(&buf, docSizes)
	buf.WriteString(",\"lex\":[")
	for i, k := range lexFirsts {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('[')
		writeString(&buf, k.first)
		fmt.Fprintf(&buf, ",%d]", k.length)
	}
	buf.WriteString("],\"lexSizes\":")
	writeInts(&buf, lexSizes)
	if len(labels) > 0 {
		// The site's markings, by rank: what a result's label shows.
		buf.WriteString(",\"labels\":[")
		for i, l := range labels {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeStrings(&buf, []string{l.Text, l.Color, l.Background})
		}
		buf.WriteByte(']')
	}
	buf.WriteString("})\n")
	out = append(out, publish.File{Path: "search/meta.js", Data: bytes.Clone(buf.Bytes())})
	return out
}

// lexKey is where a term sorts in the lexicon: by its first letter,
// then its length in letters, then the term.
type lexKey struct {
	first  string
	length int
	term   string
	df     int // documents holding the term
}

func (a lexKey) compare(b lexKey) int {
	return cmp.Or(strings.Compare(a.first, b.first), cmp.Compare(a.length, b.length), strings.Compare(a.term, b.term))
}

// lexicon writes the lexicon that search.js corrects typos with: every
// term of lexMin letters or more without a digit, with the number of
// documents that hold it, sorted by lexKey and cut into pieces of about
// LexSize. A typo seldom touches a word's first letter, so a word's
// corrections are among the terms of its first letter (or its second,
// for a first letter added or two swapped) within two of its length: one
// or two pieces, whatever the size of the site. It returns each piece's
// first key and size, for meta.js, and the files.
func lexicon(terms []string, postings [][]posting) (firsts []lexKey, sizes []int, out []publish.File) {
	var keys []lexKey
	for id, t := range terms {
		n := utf8.RuneCountInString(t)
		if n < lexMin || strings.IndexFunc(t, unicode.IsDigit) >= 0 {
			continue
		}
		r, size := utf8.DecodeRuneInString(t)
		if r == utf8.RuneError {
			continue
		}
		keys = append(keys, lexKey{t[:size], n, t, len(postings[id])})
	}
	slices.SortFunc(keys, lexKey.compare)
	var buf bytes.Buffer
	var counts []int
	countsLen := 0 // the length of counts written out
	flush := func() {
		buf.WriteString(`",`)
		writeInts(&buf, counts)
		buf.WriteString(")\n")
		out = append(out, publish.File{Path: fmt.Sprintf("search/lex-%d.js", len(firsts)-1), Data: bytes.Clone(buf.Bytes())})
		sizes = append(sizes, buf.Len())
		buf.Reset()
		counts, countsLen = counts[:0], 0
	}
	for _, k := range keys {
		if buf.Len()+countsLen >= LexSize {
			flush()
		}
		if buf.Len() == 0 {
			firsts = append(firsts, k)
			fmt.Fprintf(&buf, "briefingsSearch.lex(%d,\"", len(firsts)-1)
		} else {
			buf.WriteByte(' ')
		}
		writeChars(&buf, k.term) // inside the quotes of one string of terms
		counts = append(counts, k.df)
		countsLen += len(strconv.Itoa(k.df)) + 1
	}
	if buf.Len() > 0 {
		flush()
	}
	return firsts, sizes, out
}

func writeInts(buf *bytes.Buffer, list []int) {
	buf.WriteByte('[')
	for i, n := range list {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(strconv.Itoa(n))
	}
	buf.WriteByte(']')
}

func writeStrings(buf *bytes.Buffer, list []string) {
	buf.WriteByte('[')
	for i, s := range list {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeString(buf, s)
	}
	buf.WriteByte(']')
}

// writeString writes s as a JavaScript string literal in ASCII, so that
// the file reads the same whatever encoding the browser assumes for it
// (from file:// there is no Content-Type to say UTF-8).
func writeString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	writeChars(buf, s)
	buf.WriteByte('"')
}

// writeChars writes the characters of s as writeString does, without the
// quotes around them.
func writeChars(buf *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	u := func(r rune) {
		buf.WriteString(`\u`)
		buf.WriteByte(hex[r>>12&15])
		buf.WriteByte(hex[r>>8&15])
		buf.WriteByte(hex[r>>4&15])
		buf.WriteByte(hex[r&15])
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			buf.WriteByte('\\')
			buf.WriteByte(byte(r))
		case r < 0x20 || r == '<' || r == '>' || r == '&':
			u(r)
		case r < 0x7f:
			buf.WriteByte(byte(r))
		case r > 0xffff:
			r -= 0x10000
			u(0xd800 + r>>10)
			u(0xdc00 + r&0x3ff)
		default:
			u(r)
		}
	}
}
