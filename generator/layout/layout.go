// Package layout renders a Site into files with the theme: the built-in
// templates of package layouts, overlaid by the site's own layouts/. Each
// page kind (home, briefing, entity, lists, tag, timeline, page, 404) is
// one html/template file that fills the "main" block of baseof.html; feeds
// and the sitemap are text/template files. The templates are the theme's
// one source: every page, built-in or not, is made by executing them, and
// a site changes a page by copying its template into layouts/ and editing
// it. Templates are parsed once per build. What many pages show alike (a
// briefing in a list, a link to an entity, the frame around every page)
// is made once per build by the partial function and reused, and
// Page's methods hand templates values ready to print, so that templates
// stay thin (docs/internals/templates.md).
//
// The key types are Set (the parsed theme), Page (what a template sees) and
// File (one rendered output file).
package layout

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"

	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/site"
	"briefings/generator/spill"
)

// File is one output file: Path is relative to the output folder.
type File struct {
	Path string
	Data []byte
	// Make, set by RenderLazy in place of Data, executes the page's
	// template into w.
	Make func(w io.Writer) error
	// Kept, set by RenderCached and RenderAgain in place of Data, says
	// that the page or feed is unchanged since its render was published
	// (Cache.Published): its bytes, Size of them, are those published
	// then at Path, which the Cache no longer holds.
	Kept bool
	Size int
}

// pageTemplates are the HTML page kinds; each NAME.html fills the "main"
// block of baseof.html.
var pageTemplates = []string{"home", "briefing", "entity", "list", "terms", "tag", "timeline", "year", "page", "404", "search", "corrections", "dossier", "graph", "map", "data"}

// documents are the page kinds whose template is a whole document rather
// than the "main" block of baseof.html: a dossier, which
// `briefings dossier` also writes as a file of its own, with nothing
// else around it.
var documents = map[string]bool{"dossier": true}

// feedTemplates are the XML outputs.
var feedTemplates = []string{"atom.xml", "sitemap.xml"}

// Set is a parsed theme.
type Set struct {
	pages  map[string]*htmltemplate.Template
	feeds  map[string]*texttemplate.Template
	assets map[string][]byte // assets/ files, theme then site
	flags  map[string][]byte // flags/xx.svg by code, theme then site (flags.go)
	// Sources records, for each page kind and feed, which file its
	// template came from: "layouts/briefing.html" for a site's own,
	// "(built-in briefing.html)" otherwise.
	Sources map[string]string
	// files maps every template file name (partials and baseof.html too)
	// to where it came from, to place execution errors.
	files map[string]string
	// idents hash, for each page kind and feed, the template sources it
	// is made of; custom marks the page kinds that use a template of the
	// site's own. Cache uses both.
	idents map[string]uint64
	custom map[string]bool
	// partials holds baseof.html and the partials, for the partial
	// function: never executed, it is cloned for each level of partials
	// that calls partials (levels). items, chips and frames hold what it
	// has made.
	partials *htmltemplate.Template
	levels   levels
	items    made[madeKey[*site.Briefing]]
	chips    made[madeKey[*site.Entity]]
	frames   made[madeKey[string]]
	// nodes holds the entities' JSON-LD nodes written (jsonld.go).
	nodes entityNodes
}

// Load parses the built-in theme, overlaid by site (the site's layouts/
// folder; nil when it has none). A template error is reported into diags
// with the file and line.
func Load(builtin, site fs.FS, diags *diag.List) *Set {
	files := map[string]string{}
	read := func(name string) (src []byte, from string) {
		if site != nil {
			b, err := fs.ReadFile(site, name)
			if err == nil {
				files[name] = "layouts/" + name
				return b, files[name]
			}
			unreadable(diags, name, err)
		}
		b, err := fs.ReadFile(builtin, name)
		if err != nil {
			return nil, ""
		}
		files[name] = "(built-in " + name + ")"
		return b, files[name]
	}
	s := &Set{pages: map[string]*htmltemplate.Template{}, feeds: map[string]*texttemplate.Template{}, assets: map[string][]byte{}, Sources: map[string]string{}, files: files,
		idents: map[string]uint64{}, custom: map[string]bool{}}

	baseSrc, baseFrom := read("baseof.html")
	base := htmltemplate.New("baseof.html").Funcs(htmlFuncs).Funcs(s.partialFuncs(1))
	if _, err := base.Parse(string(baseSrc)); err != nil {
		report(diags, baseFrom, err)
		return nil
	}
	common := [][]byte{baseSrc}
	commonCustom := strings.HasPrefix(baseFrom, "layouts/")
	// Partials: _name.html files, from the theme and the site.
	partials := map[string]bool{}
	for _, fsys := range []fs.FS{builtin, site} {
		if fsys == nil {
			continue
		}
		names, _ := fs.Glob(fsys, "_*.html")
		for _, n := range names {
			partials[n] = true
		}
	}
	for _, name := range sortedKeys(partials) {
		src, from := read(name)
		if _, err := base.New(name).Parse(string(src)); err != nil {
			report(diags, from, err)
			return nil
		}
		common = append(common, []byte(name), src)
		commonCustom = commonCustom || strings.HasPrefix(from, "layouts/")
	}
	var err error
	if s.partials, err = base.Clone(); err != nil {
		report(diags, baseFrom, err)
		return nil
	}
	for _, kind := range pageTemplates {
		src, from := read(kind + ".html")
		if src == nil {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(kind + ".html").Parse(string(src))
		}
		if err != nil {
			report(diags, from, err)
			return nil
		}
		s.pages[kind] = t
		s.Sources[kind] = from
		s.idents[kind] = sourceHash(append(common, src)...)
		s.custom[kind] = commonCustom || strings.HasPrefix(from, "layouts/")
	}
	for _, name := range feedTemplates {
		src, from := read(name)
		t, err := texttemplate.New(name).Funcs(textFuncs).Parse(string(src))
		if err != nil {
			report(diags, from, err)
			return nil
		}
		s.feeds[name] = t
		s.Sources[name] = from
		s.idents[name] = sourceHash(src)
	}
	s.loadFlags(builtin, site)
	for i, fsys := range []fs.FS{builtin, site} {
		if fsys == nil {
			continue
		}
		fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, err := fs.ReadFile(fsys, p)
				if err == nil {
					s.assets[p] = b
				} else if i == 1 {
					unreadable(diags, p, err)
				}
			}
			return nil
		})
	}
	return s
}

// Assets returns the theme's asset files, published under assets/.
func (s *Set) Assets() []File {
	var out []File
	for _, p := range sortedKeys(s.assets) {
		out = append(out, File{Path: p, Data: s.assets[p]})
	}
	return out
}

// unreadable reports a file of the site's layouts/ that is there but
// cannot be read: a symbolic link that leaves the site folder, say, or a
// named pipe. The built-in file is used instead.
func unreadable(diags *diag.List, name string, err error) {
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	at := diag.Pos{File: "layouts/" + name}
	var outside *content.OutsideError
	if errors.As(err, &outside) {
		diags.Warnf(at, "%v, is not followed: a site is read only from its own folder; copy the file into layouts/", outside)
		return
	}
	diags.Warnf(at, "cannot read (%v), so the built-in file is used where there is one: remove it or make it a file", err)
}

// report turns a template parse error into a diagnostic at the template's
// file and line. text/template writes "template: NAME:LINE: message".
func report(diags *diag.List, from string, err error) {
	msg := err.Error()
	line := 0
	if rest, ok := strings.CutPrefix(msg, "template: "); ok {
		parts := strings.SplitN(rest, ":", 3)
		if len(parts) == 3 {
			fmt.Sscanf(parts[1], "%d", &line)
			msg = strings.TrimSpace(parts[2])
		}
	}
	diags.Errorf(diag.Pos{File: from, Line: line}, "template: %s", msg)
}

// explain rewrites a template execution error, "template: NAME:LINE:COL:
// message", as "FILE:LINE: template: message (page URL)", naming the file
// the template came from.
func (s *Set) explain(err error, url string) error {
	msg := err.Error()
	// A failing partial is placed in the partial, not at its call (nor
	// at the Backlinks that made it).
	at, skip := -1, 0
	for _, call := range []string{"error calling partial: ", "error calling Backlinks: "} {
		if i := strings.LastIndex(msg, call+"template: "); i > at {
			at, skip = i, len(call)
		}
	}
	if at >= 0 {
		msg = msg[at+skip:]
	}
	rest, ok := strings.CutPrefix(msg, "template: ")
	parts := strings.SplitN(rest, ":", 4)
	if !ok || len(parts) < 3 || s.files[parts[0]] == "" {
		return fmt.Errorf("%s: %s", url, msg)
	}
	var self *errCallsItself
	if errors.As(err, &self) {
		// Placed at the call that recurs, in the partial.
		return fmt.Errorf("%s:%s: %v (rendering %s)", s.files[parts[0]], parts[1], self, url)
	}
	detail := parts[len(parts)-1]
	return fmt.Errorf("%s:%s: template: %s (rendering %s)", s.files[parts[0]], parts[1], strings.TrimSpace(detail), url)
}

// Execute renders page with the template of its kind into w. The page
// is made in a buffer and written to w at once: a template writes each
// piece of text and each value apart, and the writer a build hands over
// (the leak scan, a digest and the file, each behind an interface) costs
// per call, not per byte.
func (s *Set) Execute(w io.Writer, p *Page) error {
	t := s.pages[p.Kind]
	if t == nil {
		return fmt.Errorf("no template for %s pages: add layouts/%s.html", p.Kind, p.Kind)
	}
	name := "baseof.html"
	if documents[p.Kind] {
		name = p.Kind + ".html"
	}
	// A copy of the page, with what this execution works out once.
	q := *p
	q.run = &run{set: s, page: p}
	return buffered(w, func(w io.Writer) error { return t.ExecuteTemplate(w, name, &q) })
}

// ExecuteFeed renders an XML template (atom.xml, sitemap.xml) with data
// into w, buffered as Execute does.
func (s *Set) ExecuteFeed(w io.Writer, name string, data any) error {
	return buffered(w, func(w io.Writer) error { return s.feeds[name].Execute(w, data) })
}

// buffered runs execute through a buffer of pageBuffer bytes into w, or
// straight into w when w is itself a buffer in memory. A template makes
// a page in many small writes, and what w stands for (the file, its hash,
// the leak scan, the count of its bytes) is best written in large pieces;
// a buffer of the whole page did the same but held it whole, two pages in
// the making at once, and grew by doubling: at 10,000 briefings the
// largest country pages are over 2 MB. On an error, what the buffer holds
// is not written.
func buffered(w io.Writer, execute func(io.Writer) error) error {
	switch w.(type) {
	case *bytes.Buffer, *strings.Builder:
		return execute(w)
	}
	buf := pageBuffers.Get().(*bufio.Writer)
	defer func() {
		buf.Reset(nil)
		pageBuffers.Put(buf)
	}()
	buf.Reset(w)
	if err := execute(buf); err != nil {
		return err
	}
	return buf.Flush()
}

// pageBuffer is the size of the buffers pages are made through.
const pageBuffer = 64 << 10

// pageBuffers keeps the buffers pages are made through.
var pageBuffers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, pageBuffer) }}

// made holds the partials made for Items, Chips or Frames in one render,
// by what they show: K is the briefing, entity or section with the
// partial's name and the depth of the page's folder. With a store, the
// partials wait there rather than in memory (see Set.Spill).
type made[K comparable] struct {
	mu    sync.RWMutex
	html  map[K]htmltemplate.HTML
	kept  map[K]span
	store *spill.File
}

// span is where a partial waits in the store (spill.Bytes.Span): a
// quarter of a spill.Bytes, for some 55,000 partials at 10,000
// briefings.
type span struct {
	off int64
	n   int
}

// madeKey is the key of made: of is the briefing, entity or section.
type madeKey[T comparable] struct {
	name  string
	of    T
	depth int
}

// get returns the partial made for k, if any; the error is that of
// reading it back from the store.
func (m *made[K]) get(k K) (htmltemplate.HTML, bool, error) {
	m.mu.RLock()
	html, ok := m.html[k]
	at, kept := m.kept[k]
	store := m.store
	m.mu.RUnlock()
	if kept {
		str, err := store.At(at.off, at.n).ReadString()
		return htmltemplate.HTML(str), true, err
	}
	return html, ok, nil
}

func (m *made[K]) put(k K, html htmltemplate.HTML) {
	if m.store != nil {
		// Put gives a Bytes of the store, or the empty one.
		off, n, _ := m.store.PutString(string(html)).Span()
		m.mu.Lock()
		if m.kept == nil {
			m.kept = map[K]span{}
		}
		m.kept[k] = span{off, n}
		m.mu.Unlock()
		return
	}
	m.mu.Lock()
	if m.html == nil {
		m.html = map[K]htmltemplate.HTML{}
	}
	m.html[k] = html
	m.mu.Unlock()
}

func (m *made[K]) clear() {
	m.mu.Lock()
	m.html, m.kept = nil, nil
	m.mu.Unlock()
}

// partial is the template function `partial NAME DATA` of a page: it
// executes the partial NAME (a _NAME.html file, or a template defined in
// one) with DATA and returns the HTML. An Item, a Chip or a Frame shows
// only its briefing, entity or section and the site, with links relative
// to the page's folder, so the partial is made once per briefing, entity
// or section and folder depth and reused: a briefing listed on a
// thousand entity pages is rendered once for them all.
func (s *Set) partial(name string, data any) (htmltemplate.HTML, error) {
	return s.partialAt(1)(name, data)
}

// maxPartials is how deep partials may call partials: deeper, a partial
// calls itself, directly or through others, and would run until the
// stack is exhausted, which ends the program.
const maxPartials = 100

// errCallsItself is the error of a partial called maxPartials deep.
type errCallsItself struct{ name string }

func (e *errCallsItself) Error() string {
	return fmt.Sprintf("partial %q calls itself, directly or through other partials, more than %d deep: give the call a condition that ends it", e.name, maxPartials)
}

// partialAt returns the partial function for templates at level-1
// partials deep (1 for a page's own templates): it executes partials with
// the templates of that level, whose own partial function is the next
// level's. A template function cannot know who calls it, so each level
// has its templates, and the level bounds the depth.
func (s *Set) partialAt(level int) func(name string, data any) (htmltemplate.HTML, error) {
	execute := func(name string, data any) (htmltemplate.HTML, error) {
		if level > maxPartials {
			return "", &errCallsItself{name}
		}
		t, err := s.levels.get(s, level)
		if err != nil {
			return "", err
		}
		if t = t.Lookup(name); t == nil {
			return "", fmt.Errorf("no partial %q: add layouts/_%s.html", name, name)
		}
		var buf strings.Builder
		if err := t.Execute(&buf, data); err != nil {
			return "", err
		}
		return htmltemplate.HTML(buf.String()), nil
	}
	return func(name string, data any) (htmltemplate.HTML, error) {
		switch d := data.(type) {
		case Item:
			return remember(&s.items, madeKey[*site.Briefing]{name, d.Briefing, d.page.depth()}, execute, name, data)
		case Chip:
			return remember(&s.chips, madeKey[*site.Entity]{name, d.Entity, d.page.depth()}, execute, name, data)
		case Frame:
			return remember(&s.frames, madeKey[string]{name, d.Section, d.page.depth()}, execute, name, data)
		}
		return execute(name, data)
	}
}

// partialFuncs returns the functions partial and partials of templates
// at level (see partialAt), and flag, the address of a country's flag
// in the theme (flags.go).
func (s *Set) partialFuncs(level int) htmltemplate.FuncMap {
	partial := s.partialAt(level)
	return htmltemplate.FuncMap{"partial": partial, "partials": func(name string, p *Page, list any) (htmltemplate.HTML, error) {
		return partials(partial, name, p, list)
	}, "flag": s.flag}
}

// partials is the template function `partials NAME PAGE LIST`: the
// partial NAME of each briefing (as an Item) or entity (as a Chip) of
// LIST, listed on PAGE, joined. Each is made once per build like any
// partial given an Item or a Chip, and the whole list is one action of
// the calling template instead of several per item: a tag page lists
// hundreds of briefings.
func partials(partial func(string, any) (htmltemplate.HTML, error), name string, p *Page, list any) (htmltemplate.HTML, error) {
	// The pieces first, then one string of their length: a list grown
	// piece by piece was copied again at every doubling.
	var pieces []htmltemplate.HTML
	add := func(data any) error {
		html, err := partial(name, data)
		pieces = append(pieces, html)
		return err
	}
	switch l := list.(type) {
	case []*site.Briefing:
		pieces = make([]htmltemplate.HTML, 0, len(l))
		for _, x := range l {
			if err := add(Item{Briefing: x, Site: p.Site, page: p}); err != nil {
				return "", err
			}
		}
	case []*site.Entity:
		pieces = make([]htmltemplate.HTML, 0, len(l))
		for _, x := range l {
			if err := add(Chip{Entity: x, Site: p.Site, page: p}); err != nil {
				return "", err
			}
		}
	case nil:
	default:
		return "", fmt.Errorf("partials lists briefings or entities, not %T", list)
	}
	n := 0
	for _, html := range pieces {
		n += len(html)
	}
	var b strings.Builder
	b.Grow(n)
	for _, html := range pieces {
		b.WriteString(string(html))
	}
	return htmltemplate.HTML(b.String()), nil
}

// levels holds the partials' templates of each level that has been
// called, each a clone of Set.partials whose partial function is the
// next level's.
type levels struct {
	mu sync.RWMutex
	t  []*htmltemplate.Template // t[i] for level i+1
}

// get returns the templates of level, making them the first time.
func (l *levels) get(s *Set, level int) (*htmltemplate.Template, error) {
	l.mu.RLock()
	if level <= len(l.t) {
		t := l.t[level-1]
		l.mu.RUnlock()
		return t, nil
	}
	l.mu.RUnlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	for len(l.t) < level {
		t, err := s.partials.Clone()
		if err != nil {
			return nil, err
		}
		l.t = append(l.t, t.Funcs(s.partialFuncs(len(l.t)+2)))
	}
	return l.t[level-1], nil
}

// remember returns the partial made for k, making it with execute the
// first time.
func remember[K comparable](m *made[K], k K, execute func(string, any) (htmltemplate.HTML, error), name string, data any) (htmltemplate.HTML, error) {
	if html, ok, err := m.get(k); ok {
		return html, err
	}
	html, err := execute(name, data)
	if err == nil {
		m.put(k, html)
	}
	return html, err
}

// Spill has the briefings' partials that renders make (a briefing in a
// list, made once per briefing and folder depth, see partial) wait in f
// rather than in memory, read back each time a page lists the briefing.
// A full build at 10,000 briefings made some 20 MB of them, held to its
// end; one read costs less than executing the partial again
// (docs/internals/performance.md).
func (s *Set) Spill(f *spill.File) {
	s.items.mu.Lock()
	if s.items.store != f {
		s.items.kept = nil // where they are is in the other file
	}
	s.items.store = f
	s.items.mu.Unlock()
}

// forget empties the partials made, for a new render.
func (s *Set) forget() {
	s.items.clear()
	s.chips.clear()
	s.frames.clear()
	s.nodes.mu.Lock()
	s.nodes.json = nil
	s.nodes.mu.Unlock()
}

// Has reports whether the set has a template for the page kind.
func (s *Set) Has(kind string) bool { return s.pages[kind] != nil }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
