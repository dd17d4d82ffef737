package generator

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/edition"
	"briefings/generator/leak"
	"briefings/generator/markdown"
	"briefings/generator/publish"
	"briefings/generator/site"
)

// leakIndex makes what the leak scan of a build looks for (see package
// leak): the titles, names, aliases, addresses, summaries and sentences
// of every note the edition withheld, less every string that something
// the build publishes holds. It is nil when nothing is withheld.
//
// What the build publishes is read as the output shows it: the titles,
// names and plain text of the published notes (their bodies as
// rendered, so a wikilink is its label), their addresses, their dates as
// pages write them, site.toml, and the theme and the site's layouts.
//
// c, when not nil (a Builder's), keeps what each of these texts held of
// the needles, so that a rebuild whose needles are the same reads only
// the texts that changed (see leakCache); nil reads every one.
func leakIndex(s *site.Site, md func() *markdown.Markdown, source string, theme, layouts fs.FS, c *leakCache) *leak.Index {
	ed := s.Edition
	if c != nil {
		c.active = false
	}
	if len(ed.Withheld) == 0 {
		return nil
	}
	x := leak.New()
	// Entity notes first: a name is its note's before it is a name
	// that a briefing lists.
	for _, entities := range []bool{true, false} {
		for _, w := range ed.Withheld {
			if (w.Note.Entity != nil) == entities {
				withheld(x, s, md, w)
			}
		}
	}
	if x.Empty() {
		return nil
	}

	var prev *leak.Index
	if c != nil {
		prev, c.all = c.all, x.Clone()
	}
	a := newAllower(x, c, prev)
	for _, b := range s.Briefings {
		a.briefing(b)
	}
	for _, k := range s.Kinds {
		a.str(k.Name + " " + k.Title + " " + k.Singular)
		a.end("k" + k.Name)
		for _, e := range s.Entities[k.Name] {
			a.entity(e)
		}
	}
	for _, t := range s.Tags {
		a.str(t.URL)
		a.str(t.Name)
		a.end("t" + t.URL)
	}
	for _, p := range append(s.Pages, s.Home) {
		if p != nil {
			a.page(p)
		}
	}
	for m := time.January; m <= time.December; m++ {
		a.str(m.String())
	}
	a.end("months")
	if b, err := os.ReadFile(filepath.Join(source, "site.toml")); err == nil {
		a.bytes(b)
		a.end("site.toml")
	}
	for i, fsys := range []fs.FS{theme, layouts} {
		if fsys == nil {
			continue
		}
		fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, err := fs.ReadFile(fsys, p); err == nil {
					a.html(b)
					a.end(fmt.Sprintf("%d:%s", i, p))
				}
			}
			return nil
		})
	}
	a.done()
	if x.Empty() {
		return nil
	}
	pages := len(s.Briefings) + len(s.Tags) + len(s.Pages)
	for _, k := range s.Kinds {
		pages += len(s.Entities[k.Name])
	}
	x.Expect(pages)
	return x
}

// briefing allows what a published briefing shows: its address, title,
// summary, aliases, sources, authors, corrections, text and date.
func (a *allower) briefing(b *site.Briefing) {
	a.str(b.URL)
	a.str(b.Title)
	a.str(b.Summary)
	for _, al := range b.Note.Briefing.Aliases {
		a.str(al)
	}
	for _, src := range b.Sources {
		a.str(src.Title)
		a.str(src.URL)
		a.str(src.Archive)
		a.str(src.Source.Outlet)
	}
	for _, au := range b.Authors {
		a.str(au.Name)
	}
	for _, c := range b.Corrections {
		a.str(c.Text)
	}
	if text, err := b.Text(); err == nil {
		a.str(text)
	}
	a.date(b.Date)
	a.end("b" + b.URL)
}

// entity allows what an entity's page shows.
func (a *allower) entity(e *site.Entity) {
	for _, t := range append([]string{e.URL, e.Name, e.Role, e.Code, e.Capital, e.Location, e.Summary, e.Website}, e.Aliases...) {
		a.str(t)
	}
	if text, err := e.Text(); err == nil {
		a.str(text)
	}
	a.date(e.Date)
	a.date(e.EndDate)
	a.end("e" + e.URL)
}

// page allows what a page (or the home page) shows.
func (a *allower) page(p *site.Page) {
	a.str(p.URL)
	a.str(p.Title)
	a.str(p.Summary)
	if html, err := p.HTML(); err == nil {
		a.html(html)
	}
	a.end("p" + p.URL)
}

// date allows a date as pages write it.
func (a *allower) date(d content.Date) {
	if !d.IsZero() {
		a.str(d.Format() + " " + d.Short() + " " + d.ISO())
	}
}

// leakCache is what a Builder keeps of its leak indexes: what each text
// the last build published held of the needles (leak.Index.Held), by
// the unit that published it (a briefing, an entity, a page, a file of
// the theme). What a text held depends only on the text and the
// needles, so a rebuild whose needles (before anything was allowed) are
// the same reads again only the units whose texts changed; any other
// rebuild reads every one. At 10,000 briefings reading them all is
// most of the second leakIndex takes.
type leakCache struct {
	needles uint64 // the Digest of the needles the units were read against
	units   map[string]heldBy
	// count is, for each needle some unit held, how many units held it:
	// the needles removed are those counted, and a rebuild updates the
	// counts of the units that changed rather than adding up them all.
	count map[uint64]int32
	// active is set when the last build had needles, and units are
	// what its texts held; all is its index before anything was
	// allowed, against which update reads a unit again.
	active bool
	all    *leak.Index
}

// update reads again, for Builder.patch, the texts of one published
// note that a save changed in place (fill gives them, as leakIndex does:
// allower.briefing, entity or page), and counts what they hold now. It
// reports false when a needle that they held, and no other published
// text holds, would be looked for again: the leak index changes, and a
// file the save does not write may now be a leak (a file of static/
// that says what a draft says, which the briefing said too), so the save
// must take the full way, which makes the index again.
func (c *leakCache) update(fill func(a *allower)) bool {
	if !c.active {
		return true // nothing withheld
	}
	a := &allower{x: c.all, c: c, updating: true, ok: true}
	fill(a)
	return a.ok
}

// heldBy is what one unit held: a hash of its texts, and the keys of
// the needles they held.
type heldBy struct {
	sum     uint64
	keys    []uint64 // sorted
	unknown bool     // its texts changed since they were read
}

func newLeakCache() *leakCache {
	return &leakCache{units: map[string]heldBy{}, count: map[uint64]int32{}}
}

// add counts the keys of a unit in, or out when n is -1.
func (c *leakCache) add(keys []uint64, n int32) {
	for _, k := range keys {
		if c.count[k] += n; c.count[k] == 0 {
			delete(c.count, k)
		}
	}
}

var leakSeed = maphash.MakeSeed()

// allower gives what a build publishes to the leak index, unit by unit:
// at once without a cache; with one, through what each unit held the
// last time, its texts read again only when they changed, and all of it
// removed at the end (done).
type allower struct {
	x      *leak.Index
	c      *leakCache
	seen   map[string]bool // the units read in this build
	pieces []piece
	keys   []uint64 // what units read twice in this build held
	// updating is set for leakCache.update, and ok cleared when the
	// unit it read no longer holds what only it held.
	updating, ok bool
}

// piece is a text of a unit: a string, or bytes read as HTML or not.
type piece struct {
	str  string
	data []byte
	html bool
}

// newAllower returns an allower of x, through c when not nil; prev is
// the index of c's units before anything was allowed.
func newAllower(x *leak.Index, c *leakCache, prev *leak.Index) *allower {
	a := &allower{x: x, c: c}
	if c != nil {
		if d := x.Digest(); d != c.needles {
			if c.needles != 0 && x.Within(prev) {
				// Needles only went (a note published again): what a
				// unit holds of them is what it held, less those gone,
				// and no text is read again for it.
				c.shrink(x)
			} else {
				c.units, c.count = map[string]heldBy{}, map[uint64]int32{}
			}
			c.needles = d
		}
		a.seen = make(map[string]bool, len(c.units))
	}
	return a
}

// shrink keeps of what each unit held the keys that x still looks for.
func (c *leakCache) shrink(x *leak.Index) {
	c.count = map[uint64]int32{}
	for id, held := range c.units {
		keys := held.keys[:0:0]
		for _, k := range held.keys {
			if x.Has(k) {
				keys = append(keys, k)
			}
		}
		held.keys = slices.Clip(keys)
		c.units[id] = held
		c.add(held.keys, 1)
	}
}

// str allows a string, html HTML and bytes bytes, of the unit being read.
func (a *allower) str(s string) {
	if a.c == nil {
		a.x.AllowString(s)
	} else if s != "" {
		a.pieces = append(a.pieces, piece{str: s})
	}
}

func (a *allower) html(b []byte) {
	if a.c == nil {
		a.x.AllowHTML(b)
	} else if len(b) > 0 {
		a.pieces = append(a.pieces, piece{data: b, html: true})
	}
}

func (a *allower) bytes(b []byte) {
	if a.c == nil {
		a.x.Allow(b)
	} else if len(b) > 0 {
		a.pieces = append(a.pieces, piece{data: b})
	}
}

// end ends the unit id: what its texts held is taken from the cache when
// they are the same, else read.
func (a *allower) end(id string) {
	if a.c == nil {
		return
	}
	var h maphash.Hash
	h.SetSeed(leakSeed)
	for _, p := range a.pieces {
		var head [9]byte
		n := len(p.str) + len(p.data)
		binary.LittleEndian.PutUint64(head[:8], uint64(n))
		if p.html {
			head[8] = 1
		}
		h.Write(head[:])
		h.WriteString(p.str)
		h.Write(p.data)
	}
	sum := h.Sum64()
	held, ok := a.c.units[id]
	if a.updating {
		a.update(id, sum, held, ok)
		a.pieces = a.pieces[:0]
		return
	}
	if a.seen[id] {
		// Two units of one name (pages at one address, which is an
		// error): the second is read and not kept.
		ok, held = false, heldBy{}
	}
	if !ok || held.unknown || held.sum != sum {
		fresh := a.read(sum)
		if a.seen[id] {
			a.keys = append(a.keys, fresh.keys...)
		} else {
			a.c.add(held.keys, -1)
			a.c.add(fresh.keys, 1)
			a.c.units[id] = fresh
		}
	}
	a.seen[id] = true
	a.pieces = a.pieces[:0]
}

// read reads the pieces of the unit, and returns what they hold.
func (a *allower) read(sum uint64) heldBy {
	fresh := heldBy{sum: sum}
	for _, p := range a.pieces {
		data := p.data
		if p.str != "" {
			data = []byte(p.str)
		}
		fresh.keys = append(fresh.keys, a.x.Held(data, p.html)...)
	}
	// A name a text says often is counted once.
	slices.Sort(fresh.keys)
	fresh.keys = slices.Clip(slices.Compact(fresh.keys))
	return fresh
}

// update is end for leakCache.update.
func (a *allower) update(id string, sum uint64, held heldBy, ok bool) {
	if ok && !held.unknown && held.sum == sum {
		return
	}
	fresh := a.read(sum)
	for _, k := range held.keys {
		if _, still := slices.BinarySearch(fresh.keys, k); !still && a.c.count[k] == 1 {
			if ok {
				held.unknown = true
				a.c.units[id] = held
			}
			a.ok = false
			return
		}
	}
	a.c.add(held.keys, -1)
	a.c.add(fresh.keys, 1)
	a.c.units[id] = fresh
}

// done removes what the units held, and keeps it for the next build.
func (a *allower) done() {
	if a.c == nil {
		return
	}
	for id, held := range a.c.units {
		if !a.seen[id] {
			a.c.add(held.keys, -1)
			delete(a.c.units, id)
		}
	}
	for k := range a.c.count {
		a.keys = append(a.keys, k)
	}
	a.x.Remove(a.keys)
	a.c.active = true
}

// withheld adds what x looks for of one withheld note: its title or
// name and aliases, its page's address, the names it lists and their
// addresses, its summary, sources and the sentences of its body as
// rendered.
func withheld(x *leak.Index, s *site.Site, md func() *markdown.Markdown, w edition.Withheld) {
	n := w.Note
	note := &leak.Note{Path: n.Path, Why: why(s.Edition, w), Line: noteLine(n)}
	var url string
	mentions := map[string]content.Names{}
	switch {
	case n.Briefing != nil:
		fm := n.Briefing
		url = "/briefings/" + n.Slug + "/"
		x.Phrase(note, "title", fm.Title)
		for _, a := range fm.Aliases {
			x.Phrase(note, "alias", a)
		}
		x.Text(note, "summary", fm.Summary)
		for _, src := range fm.Sources {
			x.Text(note, "source", src.Title)
			x.Phrase(note, "source address", src.URL)
			x.Phrase(note, "source address", src.Archive)
			if src.Outlet != "" {
				// An outlet only withheld briefings cite has no page.
				x.Phrase(note, "outlet", src.Outlet)
				x.Phrase(note, "address", "/outlets/"+content.Slug(src.Outlet)+"/")
			}
		}
		for _, a := range fm.Authors {
			x.Phrase(note, "author", a)
		}
		for _, c := range fm.Corrections {
			x.Text(note, "correction", c.Text)
		}
		for _, t := range fm.Tags {
			x.Phrase(note, "tag", "/tags/"+content.Slug(t)+"/")
		}
		mentions = fm.Mentions
	case n.Entity != nil:
		fm := n.Entity
		url = "/" + n.Kind + "/" + n.Slug + "/"
		x.Phrase(note, "name", fm.Name)
		for _, a := range fm.Aliases {
			x.Phrase(note, "alias", a)
		}
		x.Phrase(note, "role", fm.Role)
		x.Phrase(note, "wikidata", fm.Wikidata)
		x.Phrase(note, "website", fm.URL)
		x.Phrase(note, "location", fm.Location)
		x.Text(note, "summary", fm.Summary)
		mentions = fm.Mentions
	case n.Page != nil:
		url = "/" + n.Slug + "/"
		x.Phrase(note, "title", n.Page.Title)
		x.Text(note, "summary", n.Page.Summary)
	}
	x.Phrase(note, "address", url)
	for kind, names := range mentions {
		for _, name := range names {
			// A name only withheld notes list has no page either.
			x.Phrase(note, "name under "+kind, name)
			x.Phrase(note, "address", "/"+kind+"/"+content.Slug(name)+"/")
		}
	}
	if len(n.Body) > 0 {
		if res, err := md().Render(n.Body, s.ResolverFor(url), n.Briefing != nil); err == nil {
			x.Text(note, "sentence", res.Text)
		}
	}
}

// why says why a note is withheld, for a leak's message.
func why(ed *edition.Edition, w edition.Withheld) string {
	switch w.Reason {
	case edition.Draft:
		return "a draft"
	case edition.Marked:
		return fmt.Sprintf("marked %s, above the audience %s", w.Label.Text, ed.Audience.Text)
	case edition.Embargoed:
		return "embargoed until " + w.Until.UTC().Format("2006-01-02 15:04 UTC")
	}
	return w.Reason.String()
}

// noteLine finds the line of a string of note n: the line of its front
// matter key, or, for a sentence or a field of a source or correction,
// the first line of the file that holds the most of its words.
func noteLine(n *content.Note) func(what string, words []string) int {
	return func(what string, words []string) int {
		key := map[string]string{"title": "title", "alias": "aliases", "name": "name", "summary": "summary",
			"tag": "tags", "role": "role", "location": "location", "author": "authors", "website": "url", "wikidata": "wikidata"}[what]
		if kind, ok := strings.CutPrefix(what, "name under "); ok {
			key = kind
		}
		if line := n.Lines[key]; key != "" && line > 0 {
			return line
		}
		// A sentence, or a field of one of several tables (sources,
		// corrections), is on the line that holds its words.
		if key != "" || what == "address" || len(words) == 0 || n.Src == nil {
			return 1
		}
		// The line holding the most of the words, in order.
		best, line := 0, 1
		for i, l := range bytes.Split(n.Src, []byte("\n")) {
			lower := strings.ToLower(string(l))
			at, got := 0, 0
			for _, w := range words {
				j := strings.Index(lower[at:], w)
				if j < 0 {
					break
				}
				at += j + len(w)
				got++
			}
			if got > best {
				best, line = got, i+1
			}
		}
		return line
	}
}

// scanned returns files with each one's bytes given to the leak scan
// as it is written: a File made as it is written is read as it is made,
// and one whose bytes are known is made from them. An index of nil
// returns files as they are.
func scanned(files []publish.File, x *leak.Index) []publish.File {
	if x == nil {
		return files
	}
	out := make([]publish.File, len(files))
	for i, f := range files {
		make, data := f.Make, f.Data
		// The file as it is (After, say), made through the scan.
		out[i] = f
		out[i].Data = nil
		out[i].Make = func(w io.Writer) error {
			s := x.Scanner(f.Path)
			var err error
			if make != nil {
				err = make(io.MultiWriter(w, scanView(f.Path, s)))
			} else {
				scanView(f.Path, s).Write(data)
				_, err = w.Write(data)
			}
			if cerr := s.Close(); err == nil {
				err = cerr
			}
			return err
		}
	}
	return out
}

// scanView returns the writer through which the leak scan reads the
// file at path: s itself, or for a list of words that are no sentence
// (the search lexicon, search/lex-N.js, its words sorted and spaced), s
// reading each word alone, so that two words that only happen to be
// neighbours there (people, petrov) are not taken for a withheld
// note's name or address ("/people/petrov/"). A word alone is still
// found.
func scanView(path string, s io.Writer) io.Writer {
	if strings.HasPrefix(path, "search/lex-") {
		return wordsApart{s}
	}
	return s
}

// wordsApart gives w what it is written with each space a semicolon,
// which the scan reads as the end of a sentence.
type wordsApart struct{ w io.Writer }

func (a wordsApart) Write(p []byte) (int, error) {
	if _, err := a.w.Write(bytes.ReplaceAll(p, []byte{' '}, []byte{';'})); err != nil {
		return 0, err
	}
	return len(p), nil
}

// scanFiles gives the files, whose bytes are known, to the leak scan,
// on every core, and reports whether it found a leak. A file Kept is
// read back from the output folder dest, where the Builder published
// those very bytes; err is the first that could not be read.
func scanFiles(x *leak.Index, files []publish.File, dest string) (found bool, err error) {
	if x == nil {
		return false, nil
	}
	var wg sync.WaitGroup
	var leaked atomic.Bool
	var errOnce sync.Once
	next := make(chan publish.File)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for f := range next {
				data := f.Data
				if f.Kept {
					b, e := os.ReadFile(filepath.Join(dest, filepath.FromSlash(f.Path)))
					if e == nil && len(b) != f.Size {
						e = fmt.Errorf("%s changed in the output folder", f.Path)
					}
					if e != nil {
						errOnce.Do(func() { err = e })
						continue
					}
					data = b
				}
				s := x.Scanner(f.Path)
				scanView(f.Path, s).Write(data)
				if s.Close() != nil {
					leaked.Store(true)
				}
			}
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	return leaked.Load(), err
}

// textFiles are the extensions of the files copied as they are that
// the leak scan reads: text a browser or a reader's tool shows. Pictures,
// PDFs and other binary files are not read.
var textFiles = map[string]bool{".html": true, ".htm": true, ".txt": true, ".js": true, ".mjs": true, ".json": true,
	".geojson": true, ".jsonld": true, ".css": true, ".xml": true, ".svg": true, ".csv": true, ".tsv": true, ".ics": true,
	".yaml": true, ".yml": true, ".toml": true, ".rss": true, ".atom": true, ".webmanifest": true, ".vtt": true, ".srt": true}

// copyStamp is what tells a file copied as it is changed: its size and
// modification time.
type copyStamp struct {
	size int64
	mod  time.Time
}

// scanCopies gives the text files copied as they are (static/, the
// files of published bundles and of content/; copies maps output path to
// source) to the leak scan, and reports whether it found a leak. A file
// whose stamp is the one in seen (nil: none) is skipped; seen is filled
// with the stamps of the files read clean.
func scanCopies(x *leak.Index, copies map[string]string, seen map[string]copyStamp) bool {
	if x == nil {
		return false
	}
	found := false
	for out, src := range copies {
		if !textFiles[strings.ToLower(path.Ext(out))] {
			continue
		}
		info, err := os.Stat(src)
		if err != nil {
			continue
		}
		stamp := copyStamp{info.Size(), info.ModTime()}
		if old, ok := seen[out]; ok && old == stamp {
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			continue // publish reports it
		}
		if x.Scan(out, b) != nil {
			found = true
		} else if seen != nil {
			seen[out] = stamp
		}
	}
	return found
}

// What a leak's message says was written: nothing, or (a rebuild of
// serve that published its pages first; see Builder.pagesFirst) the
// pages but not the rest, or everything but the file that holds it.
const (
	nothingPublished = "nothing was published, and the previous output stays"
	pagesPublished   = "the pages were published, but the search index, hover cards and data files stay as the last build wrote them"
	// unwrittenPublished: the file that holds it is one the last build
	// wrote, when the note was published, and this one did not write.
	unwrittenPublished = "this build's files were published, but the file that holds it is the last build's, written while the note was published, and stays as it was"
)

// leaksFound turns what the leak scan found into errors: each at the
// line of the withheld note whose string reached the output, naming the
// output file and line; written says what was written (nothingPublished).
func leaksFound(x *leak.Index, diags *diag.List, written string) bool {
	hits := x.Hits()
	for _, h := range hits {
		diags.Errorf(diag.Pos{File: h.Note.Path, Line: h.NoteLine()}, "%s: %s; find what put it there (a file of layouts/ or static/, a file of a bundle, raw HTML that reaches around the filter, or a bug of briefings to report)", h, written)
	}
	return len(hits) > 0
}
