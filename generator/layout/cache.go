package layout

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/geo"
	"briefings/generator/marking"
	"briefings/generator/site"
)

// Cache keeps rendered pages and feeds between renders, for watch and
// serve: RenderCached executes a template only when the page's key
// changed. A page's key hashes its template's sources and every value its
// built-in template shows, or what such a value is made from where that
// is cheaper to read: the strings of its JSON-LD rather than the JSON
// written, a dossier's briefings rather than the dossier gathered from
// them, an entity's own marking beside its backlinks' briefings rather
// than the highest of them (keyer.page lists them per kind). A feed's key
// hashes the Feed or Sitemap value, which is all its template sees. A
// page kind whose template, baseof.html or a partial comes from the
// site's layouts/ is rendered every time, since such a template may show
// anything in the Site. The equivalence test of generator.Builder and
// the rebuild tests of generator/pagecache_test.go keep the keys true to
// the templates.
type Cache struct {
	// Rendered counts the pages and feeds the last RenderCached executed
	// a template for; Reused those it took from the cache.
	Rendered, Reused int
	mu               sync.Mutex
	memo             *memo
	entries          map[string]cacheEntry // by output path
	pending          map[string]uint64     // feed keys between feed and keepFeed
	// site is the Site of the last RenderCached, and
	// pages and feeds what it rendered at each output path, for
	// RenderAgain, with custom the pages of kinds with a template of the
	// site's own; listing is set while that render records them.
	site    *site.Site
	pages   map[string]*Page
	feeds   map[string]feedSource
	custom  []string
	listing bool
	// RenderedPaths lists what the last RenderCached rendered, for tests.
	renderedPaths []string
	// keyed is the Site whose pages the entries were keyed from, with
	// idents the templates', when RenderCached last listed and keyed
	// every page of it; nil when that is not known (a render failed, a
	// quick render changed the Site in place and has not keyed its
	// pages yet). reuse, made from it, says which pages the render
	// under way takes without keying them.
	keyed  *site.Site
	idents map[string]uint64
	reuse  *reuse
	// Check, set by tests, keys the pages reuse would skip too, and
	// fails the render naming those whose key changed (missed).
	Check  bool
	missed []string
}

// cacheEntry is what the cache keeps of a page or feed: the key it was
// rendered under, its length and, until its render is published
// (Published), its bytes.
type cacheEntry struct {
	key  uint64
	n    int
	data []byte
}

// file is the entry as the File at path: its bytes while the cache holds
// them, else Kept.
func (e cacheEntry) file(path string) File {
	if e.data == nil {
		return File{Path: path, Kept: true, Size: e.n}
	}
	return File{Path: path, Data: e.data}
}

// feedSource is what a feed is made from (makeFeed): its path, title,
// the page it follows and the briefings of its entries.
type feedSource struct {
	path, title, page string
	entries           []*site.Briefing
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]cacheEntry{}, pending: map[string]uint64{}}
}

// RenderCached is Render, reusing the pages and feeds of earlier renders
// whose keys are unchanged. The files are the same, byte for byte, but
// those reused since they were published (Published), which are Kept.
func (set *Set) RenderCached(s *site.Site, c *Cache) ([]File, error) {
	if c != nil {
		c.Rendered, c.Reused, c.renderedPaths = 0, 0, nil
		c.memo = newMemo(c.memo)
		c.listing = true
		c.site, c.pages, c.feeds, c.custom = s, map[string]*Page{}, map[string]feedSource{}, nil
		c.reuse, c.missed = nil, nil
		if c.keyed != nil && maps.Equal(c.idents, set.idents) {
			c.reuse = newReuse(c.keyed, s)
		}
		c.keyed = nil
		defer func() { c.listing, c.reuse = false, nil }()
	}
	files, err := set.render(s, c)
	if c != nil && err == nil && len(c.missed) > 0 {
		slices.Sort(c.missed)
		err = fmt.Errorf("layout: the keys of %d pages that reuse took as they were changed: %s", len(c.missed), strings.Join(c.missed[:min(len(c.missed), 10)], ", "))
	}
	if c != nil && err == nil {
		c.keyed, c.idents = s, maps.Clone(set.idents)
		// Forget the pages and feeds this render did not make: a page
		// that comes back must be written again.
		made := make(map[string]bool, len(files))
		for _, f := range files {
			made[f.Path] = true
		}
		c.mu.Lock()
		for path := range c.entries {
			if !made[path] {
				delete(c.entries, path)
			}
		}
		c.mu.Unlock()
	}
	return files, err
}

// Published tells the cache that the files at paths, as its renders
// last made them, are published: it lets go of their bytes, and hands
// out such a page or feed whose key is unchanged since as Kept, without
// them. A server that kept every page of a large site in memory would
// hold several times what the site's build needs.
func (c *Cache) Published(paths []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, path := range paths {
		if e, ok := c.entries[path]; ok && e.data != nil {
			e.data = nil
			c.entries[path] = e
		}
	}
}

// Unpublished tells the cache that what was published is no longer
// known: it forgets the pages and feeds whose bytes it let go of, so
// that they are rendered again.
func (c *Cache) Unpublished() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for path, e := range c.entries {
		if e.data == nil {
			delete(c.entries, path)
		}
	}
}

// InPlace tells the cache that the Site of its last render is about to
// change in place (generator.Builder's quick way): what its pages were
// keyed from is no longer known, until RenderAgain keys those the change
// reaches. Until then the next RenderCached keys every page.
func (c *Cache) InPlace() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keyed = nil
}

// Bytes returns how many bytes of pages and feeds the cache holds.
func (c *Cache) Bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range c.entries {
		n += len(e.data)
	}
	return n
}

// RenderAgain renders the pages and feeds at the output paths in only,
// and the pages of kinds with a template of the site's own (which may
// show anything), for a Site whose bodies and summaries changed in place
// since the last full RenderCached of it (generator.Builder's quick way):
// the pages and feeds are those that render listed, with their
// descriptions and entry summaries taken again from the Site. It returns
// only these files, those whose keys are unchanged taken from the cache,
// without listing the site's pages again. It reports false, having
// rendered nothing, when it cannot do this: another Site, or a path the
// last render did not make.
func (set *Set) RenderAgain(s *site.Site, c *Cache, only map[string]bool) ([]File, bool, error) {
	if c == nil || c.site != s {
		return nil, false, nil
	}
	// The Site changed in place: what its pages were keyed from is
	// known again once they are (below).
	c.keyed = nil
	var pages []*Page
	var feeds []string
	for path := range only {
		if p, ok := c.pages[path]; ok {
			if !set.custom[p.Kind] {
				pages = append(pages, p)
			}
		} else if _, ok := c.feeds[path]; ok {
			feeds = append(feeds, path)
		} else {
			return nil, false, nil
		}
	}
	for _, path := range c.custom {
		pages = append(pages, c.pages[path])
	}
	set.forget()
	c.Rendered, c.Reused, c.renderedPaths = 0, 0, nil
	if c.memo == nil {
		c.memo = newMemo(nil)
	}
	// The pages as Pages made them, with the summaries an edit may have
	// changed taken again.
	for i, p := range pages {
		q := *p
		switch {
		case q.Briefing != nil:
			q.Description = q.Briefing.Summary
		case q.Entity != nil:
			q.Description = q.Entity.Summary
		case q.Kind == "page":
			q.Description = q.Page.Summary
		}
		pages[i] = &q
	}
	files, err := set.renderPages(pages, c)
	if err != nil {
		return nil, true, err
	}
	defer func() { c.keyed = s }()
	var buf bytes.Buffer
	for _, path := range feeds {
		src := c.feeds[path]
		if kept, hit := c.feed(set, path, "atom.xml", s.Config, src); hit {
			files = append(files, kept)
			continue
		}
		buf.Reset()
		if err := set.ExecuteFeed(&buf, "atom.xml", makeFeed(s.Config, src.path, src.title, src.page, src.entries)); err != nil {
			return nil, true, set.explain(err, "/"+path)
		}
		files = append(files, File{Path: path, Data: bytes.Clone(buf.Bytes())})
		c.keepFeed(path, files[len(files)-1].Data)
	}
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return files, true, nil
}

// memo holds the hashes of what many pages show (a briefing as a list
// item, an entity as a chip or as the JSON-LD node a briefing names) and
// of rendered bodies, computed once per render, so that keying every page
// stays cheap on a large site. RenderAgain goes on with the memo of the
// last render of the same Site, where only bodies, summaries and quoted
// sentences change: items are checked against their summary, and chips
// and nodes show none of these.
type memo struct {
	mu    sync.Mutex
	items map[*site.Briefing]itemSum
	chips map[*site.Entity]uint64
	nodes map[*site.Entity]uint64
	// frameSum is keyer.frame's hash of the site, once framed.
	frameSum uint64
	framed   bool
	// bodies hashes rendered bodies by their first byte: a body taken
	// from the Builder's cache is the same slice from render to render.
	bodies map[*byte]bodySum
	// last is the previous render's memo, whose bodies are still good;
	// its own last is dropped.
	last *memo
}

type bodySum struct {
	n   int
	sum uint64
}

type itemSum struct {
	summary string
	sum     uint64
}

// newMemo starts the memo of a render. Hashes are made as pages ask for
// them, so a render of a few pages hashes little.
func newMemo(last *memo) *memo {
	if last != nil {
		last.last, last.items, last.chips, last.nodes = nil, nil, nil, nil
	}
	return &memo{items: map[*site.Briefing]itemSum{}, chips: map[*site.Entity]uint64{}, nodes: map[*site.Entity]uint64{}, bodies: map[*byte]bodySum{}, last: last}
}

func (m *memo) item(b *site.Briefing) uint64 {
	m.mu.Lock()
	v, ok := m.items[b]
	m.mu.Unlock()
	if !ok || v.summary != b.Summary {
		k := &keyer{}
		k.h.SetSeed(cacheSeed)
		k.item(b)
		v = itemSum{summary: b.Summary, sum: k.h.Sum64()}
		m.mu.Lock()
		m.items[b] = v
		m.mu.Unlock()
	}
	return v.sum
}

func (m *memo) chip(e *site.Entity) uint64 {
	m.mu.Lock()
	v, ok := m.chips[e]
	m.mu.Unlock()
	if !ok {
		k := &keyer{}
		k.h.SetSeed(cacheSeed)
		k.chip(e)
		v = k.h.Sum64()
		m.mu.Lock()
		m.chips[e] = v
		m.mu.Unlock()
	}
	return v
}

// frame returns the hash of what the frame around every page shows of
// the site (keyer.frame), the same for every page of a render.
func (m *memo) frame(s *site.Site) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.framed {
		k := &keyer{}
		k.h.SetSeed(cacheSeed)
		k.frame(s)
		m.frameSum, m.framed = k.h.Sum64(), true
	}
	return m.frameSum
}

// body returns the hash of a non-empty rendered body.
func (m *memo) body(html []byte) uint64 {
	first := &html[0]
	m.mu.Lock()
	v, ok := m.bodies[first]
	if (!ok || v.n != len(html)) && m.last != nil {
		v, ok = m.last.bodies[first]
	}
	m.mu.Unlock()
	if !ok || v.n != len(html) {
		v = bodySum{n: len(html), sum: maphash.Bytes(cacheSeed, html)}
	}
	m.mu.Lock()
	m.bodies[first] = v
	m.mu.Unlock()
	return v.sum
}

// node returns the hash of the JSON-LD node of an entity that a
// briefing names, as p writes it (jsonOut.node).
func (m *memo) node(p *Page, e *site.Entity) uint64 {
	m.mu.Lock()
	v, ok := m.nodes[e]
	m.mu.Unlock()
	if !ok {
		var h maphash.Hash
		h.SetSeed(cacheSeed)
		p.entityLD(&jsonOut{h: &h}, e, false)
		v = h.Sum64()
		m.mu.Lock()
		m.nodes[e] = v
		m.mu.Unlock()
	}
	return v
}

// RenderedPaths lists the output paths the last RenderCached executed a
// template for, in no particular order.
func (c *Cache) RenderedPaths() []string { return c.renderedPaths }

var cacheSeed = maphash.MakeSeed()

// sourceHash hashes template sources.
func sourceHash(parts ...[]byte) uint64 {
	var h maphash.Hash
	h.SetSeed(cacheSeed)
	for _, p := range parts {
		writeLen(&h, len(p))
		h.Write(p)
	}
	return h.Sum64()
}

func writeLen(h *maphash.Hash, n int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}

// page returns the cached file of p when its key is unchanged; otherwise
// the key to keep the page under (0 when the page is not cacheable). A nil
// cache never hits.
func (c *Cache) page(set *Set, p *Page) (f File, key uint64, hit bool) {
	if c == nil {
		return File{}, 0, false
	}
	out := OutputPath(p.URL)
	if c.listing {
		c.mu.Lock()
		c.pages[out] = p
		if set.custom[p.Kind] {
			c.custom = append(c.custom, out)
		}
		c.mu.Unlock()
	}
	if set.custom[p.Kind] {
		return File{}, 0, false
	}
	var was cacheEntry
	check := false
	if c.reuse.skips(p) {
		c.mu.Lock()
		e, ok := c.entries[out]
		c.mu.Unlock()
		if ok && !c.Check {
			return e.file(out), e.key, true
		}
		was, check = e, ok
	}
	k := &keyer{memo: c.memo}
	k.h.SetSeed(cacheSeed)
	k.int(int64(set.idents[p.Kind]))
	if !k.page(p) {
		return File{}, 0, false
	}
	key = k.h.Sum64() | 1 // 0 means "not cacheable"
	if check && was.key != key {
		c.mu.Lock()
		c.missed = append(c.missed, out)
		c.mu.Unlock()
	}
	c.mu.Lock()
	e, ok := c.entries[out]
	c.mu.Unlock()
	if ok && e.key == key {
		return e.file(out), key, true
	}
	return File{}, key, false
}

// keepPages records the rendered pages (keys[i] != 0 for those that may
// be reused) and counts what was rendered and reused.
func (c *Cache) keepPages(files []File, keys []uint64, hits []bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, f := range files {
		switch {
		case hits[i]:
			c.Reused++
			continue
		case keys[i] == 0:
			delete(c.entries, f.Path)
		default:
			c.entries[f.Path] = cacheEntry{key: keys[i], n: len(f.Data), data: f.Data}
		}
		c.Rendered++
		c.renderedPaths = append(c.renderedPaths, f.Path)
	}
}

// feed returns the cached file of the feed at path (out, its output
// path) when the template (name) and what the feed is made from are
// unchanged: the key hashes makeFeed's arguments, each entry's briefing
// through the fields makeFeed reads, rather than the Feed made of them,
// which is all the template sees.
func (c *Cache) feed(set *Set, out, name string, cfg *config.Site, src feedSource) (File, bool) {
	if c == nil {
		return File{}, false
	}
	k := &keyer{memo: c.memo}
	k.h.SetSeed(cacheSeed)
	k.int(int64(set.idents[name]))
	k.str(src.path, src.title, src.page, cfg.Description, cfg.BaseURL, cfg.Author, cfg.Title)
	k.int(int64(len(src.entries)))
	for _, b := range src.entries {
		// Its item holds its title, address, summary, date, marking and
		// whether it is a draft or embargoed.
		k.item(b)
		k.date(b.Modified())
		k.int(int64(len(b.Tags)))
		for _, t := range b.Tags {
			k.str(t.Name)
		}
		// Authors and corrections: a person's page can move, a
		// correction's text change on the same day.
		k.int(int64(len(b.Authors)))
		for _, a := range b.Authors {
			k.str(a.Name)
			k.bool(a.Person != nil)
			if a.Person != nil {
				k.str(a.Person.Name, a.Person.URL)
			}
		}
		k.int(int64(len(b.Corrections)))
		for _, c := range b.Corrections {
			k.date(c.Date)
			k.str(c.Text)
		}
	}
	if c.listing {
		c.feeds[out] = src
	}
	return c.hit(out, k.h.Sum64()|1)
}

// sitemap returns the cached file of the sitemap when what its template
// sees (sm) is unchanged.
func (c *Cache) sitemap(set *Set, sm Sitemap) (File, bool) {
	if c == nil {
		return File{}, false
	}
	k := &keyer{memo: c.memo}
	k.h.SetSeed(cacheSeed)
	k.int(int64(set.idents["sitemap.xml"]))
	for _, u := range sm.URLs {
		k.str(u.Loc, u.LastMod)
	}
	return c.hit("sitemap.xml", k.h.Sum64()|1)
}

// hit returns the cached file of the feed at path if they were made
// under key, else keeps the key for keepFeed.
func (c *Cache) hit(path string, key uint64) (File, bool) {
	if e, ok := c.entries[path]; ok && e.key == key {
		c.Reused++
		return e.file(path), true
	}
	c.pending[path] = key
	return File{}, false
}

// keepFeed records a rendered feed under the key feed computed.
func (c *Cache) keepFeed(path string, data []byte) {
	if c == nil {
		return
	}
	c.Rendered++
	c.renderedPaths = append(c.renderedPaths, path)
	c.entries[path] = cacheEntry{key: c.pending[path], n: len(data), data: data}
	delete(c.pending, path)
}

// keyer hashes the values a page shows, taking what it can from memo
// (nil while the memo itself is made).
type keyer struct {
	h    maphash.Hash
	memo *memo
}

func (k *keyer) str(vs ...string) {
	for _, v := range vs {
		writeLen(&k.h, len(v))
		k.h.WriteString(v)
	}
}

// html adds a rendered body as HTML methods return it; one that cannot be
// read adds nothing here, and its page fails as it is made.
func (k *keyer) html(v []byte, _ error) { k.bytes(v) }

func (k *keyer) bytes(v []byte) {
	writeLen(&k.h, len(v))
	if k.memo != nil && len(v) > 0 {
		k.int(int64(k.memo.body(v)))
		return
	}
	k.h.Write(v)
}

func (k *keyer) int(n int64) { writeLen(&k.h, int(n)) }

func (k *keyer) bool(b bool) {
	if b {
		k.int(1)
	} else {
		k.int(0)
	}
}

func (k *keyer) date(d content.Date) {
	_, off := d.Time.Zone()
	k.int(d.Time.UnixNano())
	k.int(int64(off))
	k.int(int64(d.Prec))
}

// item hashes what the "briefing-item" partial and feeds show of a
// briefing.
func (k *keyer) item(b *site.Briefing) {
	if k.memo != nil {
		k.int(int64(k.memo.item(b)))
		return
	}
	k.str(b.URL, b.Title, b.Summary)
	k.date(b.Date)
	k.bool(b.Draft)
	k.bool(b.Embargoed)
	k.label(b.Label)
}

// label hashes a marking as pages show it, and its rank, by which
// marking.Max orders it.
func (k *keyer) label(l marking.Label) {
	k.str(l.Name, l.Text, l.Color, l.Background, l.Meaning)
	k.int(int64(l.Rank))
}

func (k *keyer) items(bs []*site.Briefing) {
	k.int(int64(len(bs)))
	for _, b := range bs {
		k.item(b)
	}
}

// chip hashes an entity as a link with its flag.
func (k *keyer) chip(e *site.Entity) {
	if k.memo != nil {
		k.int(int64(k.memo.chip(e)))
		return
	}
	k.str(e.URL, e.Code, e.Name)
}

func (k *keyer) chips(es []*site.Entity) {
	k.int(int64(len(es)))
	for _, e := range es {
		k.chip(e)
	}
}

// byKind hashes a per-kind map of entities in the order of the kinds.
func (k *keyer) byKind(p *Page, m map[string][]*site.Entity) {
	for _, kind := range p.Site.Kinds {
		k.chips(m[kind.Name])
	}
}

// page hashes everything the built-in template of p's kind shows, and
// reports false for a kind it does not know.
func (k *keyer) page(p *Page) bool {
	s := p.Site
	cfg := s.Config
	// baseof.html
	k.str(p.Kind, p.URL, p.Title, p.Description, p.Feed, cfg.Title, cfg.BaseURL, cfg.Language, cfg.BasePath(), p.EntityKind.Name, p.EntityKind.Singular, p.EntityKind.Title)
	k.bool(p.fromRoot)
	switch {
	case p.Kind == "entity" || p.Kind == "dossier" && p.Entity != nil:
		// The marking of an entity's page and dossier is the highest
		// of its entity's and those of the briefings of its backlinks,
		// whose items, hashed below, hold their labels: Marking would
		// read every backlink once more.
		k.label(p.Entity.Label)
	case p.Kind == "dossier":
		// A tag's dossier: the highest of its briefings', as above.
	default:
		k.label(p.Marking())
	}
	k.bool(p.Briefing != nil)
	k.bool(p.Tag != nil)
	if k.memo != nil {
		k.int(int64(k.memo.frame(s)))
	} else {
		k.frame(s)
	}
	// The structured data in <head> (it shows the dates, authors,
	// sources and entities below, and more).
	k.ld(p)
	switch p.Kind {
	case "404", "search":
	case "home":
		k.str(cfg.Description)
		k.bool(p.Page != nil)
		if p.Page != nil {
			k.html(p.Page.HTML())
		}
		k.items(p.Latest(10))
		k.int(int64(len(s.Briefings)))
		for _, kind := range s.Kinds {
			for _, e := range p.Top(kind.Name, 8) {
				k.chip(e)
				k.int(int64(len(e.Backlinks)))
			}
			k.str("/")
		}
	case "list", "tag":
		k.items(p.Briefings)
		if pg := p.Pager; pg != nil {
			k.int(int64(pg.Number))
			k.int(int64(pg.Total))
			k.str(pg.Prev, pg.Next, pg.First, pg.Last)
		}
	case "briefing":
		b := p.Briefing
		k.item(b)
		k.int(int64(b.ReadingTime()))
		k.html(b.HTML())
		for i := range s.Kinds {
			k.chips(b.MentionedIn(i))
		}
		for _, t := range b.Tags {
			k.str(t.URL, t.Name)
		}
		k.str("/")
		for _, src := range b.Sources {
			k.str(src.Title, src.URL, src.Grade(), src.GradeText(), src.Archive, src.Reliability)
			k.date(src.Accessed)
			k.bool(src.DefaultReliability)
			k.bool(src.Outlet != nil)
			if src.Outlet != nil {
				k.str(src.Outlet.URL, src.Outlet.Name)
			}
		}
		k.str("/")
		for _, a := range b.Authors {
			k.str(a.Name)
			k.bool(a.Person != nil)
			if a.Person != nil {
				k.str(a.Person.URL)
			}
		}
		k.str("/")
		k.date(b.Updated)
		for _, c := range b.Corrections {
			k.date(c.Date)
			k.str(c.Text)
		}
		k.str("/")
		k.items(b.LinkedFrom)
		k.items(b.Related)
		// The previous and next briefings, by title, and whether the
		// summary is shown as the lede.
		for _, n := range [...]*site.Briefing{b.Prev, b.Next} {
			if n == nil {
				k.str("")
				continue
			}
			k.str(n.URL, n.Title)
		}
		k.bool(b.Lede() == "")
	case "terms":
		for _, t := range p.Terms() {
			k.str(t.Name, t.URL, t.Flag)
			k.date(t.Date)
			k.int(int64(t.Count))
			k.label(t.Label)
		}
	case "entity":
		e := p.Entity
		k.str(e.Kind.Name, e.Kind.Singular, e.Name, e.Code, e.Role, e.Capital, e.Location, e.URL)
		k.str(e.Aliases...)
		k.str("/")
		k.date(e.Date)
		k.date(e.EndDate)
		k.byKind(p, e.Tied)
		k.html(e.HTML())
		k.bool(e.IsStub())
		k.bool(e.Draft)
		k.bool(e.Participants != nil)
		k.byKind(p, e.Participants)
		for _, list := range [][]*site.Entity{e.Before, e.After, e.Events} {
			k.int(int64(len(list)))
			for _, ev := range list {
				k.chip(ev)
				k.date(ev.Date)
				k.str(ev.Location)
			}
		}
		k.int(int64(len(e.Backlinks)))
		k.str(e.Website, e.Reliability, e.Wikidata)
		for _, g := range e.Grades {
			k.str(g.Grade)
			k.bool(g.Default)
			k.int(int64(g.N))
		}
		k.items(e.Authored)
		for _, bl := range e.Backlinks {
			k.item(bl.Briefing)
			k.bool(bl.FrontMatter)
			k.bool(bl.Cited)
			if bl.Cited {
				for _, src := range p.CitedIn(bl.Briefing) {
					k.str(src.Grade())
				}
			}
			// Each sentence cut around the link, which the page
			// highlights.
			k.int(int64(bl.NumContexts()))
			for i := range bl.NumContexts() {
				q := bl.Quote(i)
				k.str(q.Before, q.Mark, q.After)
			}
		}
		k.bool(e.Together != nil)
		for _, kind := range s.Kinds {
			list := e.Together[kind.Name]
			k.int(int64(len(list)))
			for _, c := range list {
				k.chip(c.Entity)
				k.int(int64(c.N))
			}
		}
		k.chips(e.LinkedFrom)
		// The drawings: the timeline shows the events' end dates, the
		// maps where the entity and its events are.
		for _, list := range [][]*site.Entity{e.Before, e.After, e.Events} {
			for _, ev := range list {
				k.date(ev.EndDate)
			}
		}
		k.placed(s, e)
		for _, ev := range e.Events {
			k.placed(s, ev)
		}
	case "dossier":
		// What dossier.New makes the page from rather than what it
		// makes (which is some 15% of keying every page): the
		// briefings that name the subject, in their order here, with
		// what it sorts them by, merges and numbers their sources by
		// and shows of them, the site's newest date and the limit.
		// A dossier with bounds or a file of its own is never kept.
		if p.Standalone || !p.From.IsZero() || !p.To.IsZero() || p.Entity == nil && p.Tag == nil {
			return false
		}
		var list []*site.Briefing
		n := 0
		if e := p.Entity; e != nil {
			n = len(e.Backlinks)
		} else {
			list = p.Tag.Briefings
			n = len(list)
		}
		full := n <= s.Config.DossierLimit
		k.int(int64(s.Config.DossierLimit))
		k.bool(full)
		k.bool(len(s.Briefings) > 0)
		if len(s.Briefings) > 0 {
			k.date(s.Briefings[0].Date)
		}
		if e := p.Entity; e != nil {
			k.str(e.Kind.Name, e.Kind.Singular, e.Name, e.Code, e.Role, e.Capital, e.Location, e.URL, e.Summary)
			k.str(e.Aliases...)
			k.str("/")
			k.date(e.Date)
			k.date(e.EndDate)
			k.byKind(p, e.Tied)
			k.html(e.HTML())
			k.bool(e.IsStub())
			for _, list := range [][]*site.Entity{e.Before, e.After, e.Events} {
				k.int(int64(len(list)))
				for _, ev := range list {
					k.chip(ev)
					k.date(ev.Date)
					k.date(ev.EndDate)
				}
			}
		}
		if t := p.Tag; t != nil {
			k.str(t.Name, t.URL)
		}
		k.int(int64(n))
		for i := range n {
			var b *site.Briefing
			if p.Entity != nil {
				b = p.Entity.Backlinks[i].Briefing
			} else {
				b = list[i]
			}
			// Its item holds its date, title and label.
			k.item(b)
			k.str(b.Slug)
			if !full {
				continue
			}
			k.int(int64(b.Words))
			k.html(b.HTML())
			k.int(int64(len(b.Sources)))
			for _, src := range b.Sources {
				k.str(src.Title, src.URL, src.Grade(), src.GradeText(), src.Archive)
				k.date(src.Accessed)
				k.bool(src.Outlet != nil)
				if src.Outlet != nil {
					k.str(src.Outlet.Name)
				}
			}
		}
	case "timeline":
		for _, y := range s.Timeline {
			k.str(y.URL)
			k.int(int64(y.Year))
			k.int(int64(y.Count))
			k.timelineItems(y.Events)
			// The drawing (SiteTimeline) shows every item.
			for _, m := range y.Months {
				k.timelineItems(m.Items)
			}
		}
	case "year":
		y := p.Year
		k.int(int64(y.Year))
		for _, m := range y.Months {
			k.int(int64(m.Month))
			k.timelineItems(m.Items)
		}
	case "page":
		k.bool(p.Page.Draft)
		k.html(p.Page.HTML())
	case "corrections":
		for _, c := range s.Corrections {
			k.item(c.Briefing)
			k.date(c.Correction.Date)
			k.str(c.Correction.Text)
		}
	default:
		return false
	}
	return true
}

// frame hashes what the frame around every page shows of the site: its
// kinds (in the navigation and the JSON-LD's types), its pages (in the
// footer) and whether it has corrections.
func (k *keyer) frame(s *site.Site) {
	for _, kind := range s.Kinds {
		k.str(kind.Name, kind.Singular, kind.Title, kind.Schema)
	}
	for _, kind := range s.KindsListed() {
		k.str(kind.Name)
	}
	for _, pg := range s.Pages {
		k.str(pg.URL, pg.Title)
	}
	k.bool(len(s.Corrections) > 0)
}

// placed hashes where the maps place an entity.
func (k *keyer) placed(s *site.Site, e *site.Entity) {
	p, ok := geo.Locate(s, e)
	k.bool(ok)
	if ok {
		k.int(int64(math.Float64bits(p.Point.Lat)))
		k.int(int64(math.Float64bits(p.Point.Lon)))
		k.bool(p.Exact)
		if p.Country != nil {
			k.str(p.Country.Name)
		}
	}
}

func (k *keyer) timelineItems(items []*site.Item) {
	k.int(int64(len(items)))
	for _, it := range items {
		k.bool(it.Event != nil)
		k.date(it.Date)
		k.date(it.EndDate)
		k.str(it.URL(), it.Title())
		// A year's page shows a briefing as a list does, and where an
		// event took place.
		if it.Briefing != nil {
			k.item(it.Briefing)
		} else if it.Event != nil {
			k.str(it.Event.Location)
		}
	}
}
