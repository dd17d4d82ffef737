package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/edition"
	"briefings/generator/export"
	"briefings/generator/layout"
	"briefings/generator/leak"
	"briefings/generator/markdown"
	"briefings/generator/publish"
	"briefings/generator/search"
	"briefings/generator/site"
	"briefings/generator/spill"
	"briefings/layouts"
)

// Builder builds a site again and again, for watch and serve. The first
// Rebuild is a full Build; each later one is told which files changed and
// redoes only what depends on them:
//
//   - a save that changes only the text of notes takes the quick way
//     (patch): the last Site is updated in place, and only the pages and
//     feeds the edit can change are rendered, without listing the others;
//   - otherwise notes whose files did not change are not read or decoded
//     again, and site.Assemble and Site.Link run again;
//   - a body is rendered again only when its text changed, or its page
//     moved, or the names it resolves against changed in a way that can
//     change it (markdown.Change: a name new or gone that its text may
//     hold, a link whose page moved, a problem a new note may settle);
//   - a page or feed runs its template again only when a key over what
//     its template shows changed (layout.Cache);
//   - only files whose bytes differ from the last published build are
//     written (publish.Output.Update), and files no longer built are
//     removed; the output is swapped whole, as for a Build;
//   - when serve listens (Pages), the pages are published first, and
//     the search index, hover cards and data exports after it has been
//     told (patch, pagesFirst); when the rebuild withholds a note the
//     last one published, the search index and cards go with the pages
//     and the last data exports are removed with them;
//   - the leak scan reads the files written, and the files not written
//     only against what the leak index looks for that it did not before
//     (a note newly withheld), once the tabs are told.
//
// After each Rebuild the output folder holds exactly what a fresh Build
// would write; TestBuilderMatchesFreshBuild checks this on random edit
// sequences. A failed rebuild writes nothing, so the last good site stays.
// A Builder is not safe for concurrent use.
type Builder struct {
	opts Options
	c    *caches
	// published maps each output path of the last published build to a
	// summary of its bytes; nil when the output is in an unknown state.
	published map[string]written
	// keep is site.toml's keep when out was opened.
	keep []string
	// extras are the paths of the files besides pages, feeds and assets
	// (the search index and the like) that the last published Rebuild
	// wrote, which a quick rebuild makes again.
	extras []string
	// copies and diags are the files copied as they are and every
	// problem found by the last Rebuild that rendered its pages: a quick
	// rebuild changes neither.
	copies map[string]string
	diags  []diag.Diagnostic
	// rescan is set when the next Rebuild must give every file to the
	// leak scan (one found a leak), and copiesRead holds the files copied
	// as they are that the leak scan read clean against leaks (see
	// Rebuild).
	rescan     bool
	copiesRead map[string]copyStamp
	// notes are the paths of the notes the last published build
	// published.
	notes map[string]bool
	// leaks is the leak index of the last published build: every file
	// published was read clean against it (unless rescan), so the next
	// Rebuild reads the files it does not write again only against what
	// its own index adds to it (leak.Index.Added). A save of a file
	// copied as it is goes through it (see recopy).
	leaks *leak.Index
	// out is the output folder, open since the first publish; nil
	// when it must be opened again (and checked) before the next.
	out *publish.Output
	// checkKeys, set by tests (CheckKeys), has every render key the
	// pages layout.Cache would take without keying them, and fail when
	// one of their keys changed.
	checkKeys bool
	// Stats describe the last Rebuild.
	Stats Stats
	// Pages, when set, is called once during each Rebuild that
	// publishes, as soon as the changed pages are written: before the
	// search index, the hover cards and the data exports are made and
	// written when the rebuild can publish them apart (see patch and
	// pagesFirst), else once everything is. serve reloads the tabs then.
	// The Rebuild is not over until it returns.
	Pages func()
}

// Stats say how much work a Rebuild did.
type Stats struct {
	// Bodies is the number of Markdown bodies rendered.
	Bodies int
	// Pages is the number of pages and feeds whose template ran;
	// Reused those taken from the cache.
	Pages, Reused int
	// Rendered lists the output paths of the pages and feeds rendered.
	Rendered []string
	// Changed lists the output paths written or removed, sorted.
	Changed []string
	// Patched is set when only bodies changed and the last Site was
	// updated in place, without loading, assembling and linking again.
	Patched bool
	// Scanned is the number of files, not copied as they are, that the
	// leak scan read.
	Scanned int
}

// written is what Builder remembers of a published file: its length and
// a hash of its bytes, not the bytes, which would hold every page and
// data export of the site in memory.
type written struct {
	n   int
	sum uint64
}

// NewBuilder returns a Builder for opts; nothing is built until Rebuild.
func NewBuilder(opts Options) *Builder {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Theme == nil {
		opts.Theme = layouts.FS
	}
	return &Builder{opts: opts}
}

// Rebuild builds the site and publishes it to the output folder. changed
// lists what changed since the last Rebuild, as paths from the site
// folder (content/briefings/x.md, layouts/entity.html, site.toml; a
// folder stands for everything in it, "." for everything), as
// watch.Watcher reports them; the first Rebuild builds everything
// whatever it is given.
func (b *Builder) Rebuild(changed []string) (*Result, error) {
	start := time.Now()
	if b.c == nil {
		b.c = newCaches()
	}
	for _, p := range changed {
		if p = strings.Trim(path.Clean(p), "/"); p == "." || p == "" || p == "site.toml" {
			b.c = newCaches()
		}
	}
	b.c.pages.Check = b.checkKeys
	b.c.bodies.Store(0)
	if res, ok, err := b.recopy(changed); ok {
		res.Duration = time.Since(start)
		return res, err
	}
	if res, ok, err := b.patch(changed); ok {
		res.Duration = time.Since(start)
		return res, err
	}
	for _, p := range append(b.c.stale, changed...) {
		// layouts/ is parsed on every full rebuild and the page keys hold
		// the template sources; static/ is listed on every rebuild.
		if p = strings.Trim(path.Clean(p), "/"); p == "content" || strings.HasPrefix(p, "content/") {
			b.c.notes.Forget(strings.TrimPrefix(strings.TrimPrefix(p, "content"), "/"))
		}
	}
	b.c.stale = nil
	// The last Site, linked, lends what the edit cannot have changed to
	// the new one's Link.
	b.c.last = b.c.site
	b.c.site, b.c.owners, b.c.set = nil, nil, nil
	if b.published == nil {
		// What the output holds is not known: the pages whose bytes
		// the cache let go of are rendered again.
		b.c.pages.Unpublished()
	}
	res, err := render(b.opts, b.c)
	b.c.last = nil
	b.Stats = Stats{Bodies: int(b.c.bodies.Load()), Pages: b.c.pages.Rendered, Reused: b.c.pages.Reused, Rendered: b.c.pages.RenderedPaths()}
	if err == nil && b.c.set != nil {
		b.copies, b.diags = res.Copies, res.Diagnostics
	}
	if err != nil || res.Failed || b.opts.DryRun {
		res.Duration = time.Since(start)
		return res, err
	}
	plan := &publish.Plan{Dest: res.Dest, Source: b.opts.Source, Files: res.Files, Copies: res.Copies, Keep: res.Site.Config.Keep}
	first := b.out == nil || b.published == nil || !slices.Equal(b.keep, plan.Keep)
	// serve's first build into a new folder publishes its pages first
	// too, so that the site answers before the search index and the
	// data exports are made: the folder holds nothing older that could
	// be left beside the new pages.
	fresh := first && b.out == nil && b.Pages != nil && emptyFolder(res.Dest)
	if fresh {
		b.published, b.copiesRead = map[string]written{}, map[string]copyStamp{}
	}
	// What the leak scan looks for that the files published were not
	// read against: nothing when the index is the same or smaller (a note
	// published again), the needles of a note just withheld.
	added := res.leaks
	if !first && !b.rescan {
		added = res.leaks.Added(b.leaks)
	}
	if fresh || !first && !b.rescan && b.Pages != nil {
		if fresh {
			added = nil // no file of the folder is left unwritten
		}
		if res, ok, err := b.pagesFirst(res, added); ok {
			res.Duration = time.Since(start)
			return res, err
		}
		// A leak before anything was written: the full way reads every
		// file, as a fresh build does, to say where it is.
	}
	// Everything is made before anything is written.
	if err := makeFiles(res.Files, b.published); err != nil {
		res.Duration = time.Since(start)
		return res, err
	}
	now := make(map[string]written, len(res.Files))
	var dirty []publish.File
	for _, f := range res.Files {
		old, ok := b.published[f.Path]
		if f.Kept {
			// As published: layout.Cache hands out Kept only pages
			// and feeds of a render that was.
			if !ok || old.n != f.Size {
				b.published, b.out = nil, nil
				res.Duration = time.Since(start)
				return res, errKept(f.Path)
			}
			now[f.Path] = old
			continue
		}
		w := summarize(f.Data)
		now[f.Path] = w
		if !ok || old.sum != w.sum || old.n != w.n {
			dirty = append(dirty, f)
		}
	}
	for out := range res.Copies {
		now[out] = written{}
	}
	// The leak scan reads what is written: every file the first time
	// and whenever it looks for something the files published were not
	// read against (a note newly withheld), else the files whose bytes
	// changed; of the files copied as they are, those new or changed
	// since they were last read clean.
	scan := dirty
	if first || b.rescan || added != nil {
		scan = res.Files
		b.copiesRead = map[string]copyStamp{}
	}
	if res.leaks != nil {
		b.Stats.Scanned = len(scan)
	}
	leaked, err := scanFiles(res.leaks, scan, res.Dest)
	if err != nil {
		b.published, b.out = nil, nil
		res.Duration = time.Since(start)
		return res, err
	}
	if leaked || scanCopies(res.leaks, res.Copies, b.copiesRead) {
		return b.leaked(res, res.leaks, start, nothingPublished), nil
	}
	if first {
		b.keep = plan.Keep
		if plan.Files, err = readKept(plan.Dest, plan.Files); err != nil {
			b.published, b.out = nil, nil
			res.Duration = time.Since(start)
			return res, err
		}
		if b.out, err = publish.Open(plan.Dest, plan.Source, plan.Keep); err == nil {
			if len(res.Site.Edition.Withheld) > 0 {
				b.out.ForgetGone() // as Build does
			}
			b.Stats.Changed, err = b.out.Publish(context.Background(), plan.Files, plan.Copies)
		}
	} else {
		var gone []string
		for p := range b.published {
			if _, ok := now[p]; !ok {
				gone = append(gone, p)
			}
		}
		b.Stats.Changed, err = b.out.Update(context.Background(), dirty, plan.Copies, gone)
	}
	if err != nil {
		// Open the output again, and check it, next time.
		b.published, b.out = nil, nil
	} else {
		b.published, b.extras = now, nil
		b.c.pages.Published(slices.Collect(maps.Keys(now)))
		b.rescan, b.leaks = false, res.leaks
		for _, f := range res.Files {
			if !b.c.made[f.Path] {
				b.extras = append(b.extras, f.Path)
			}
		}
		b.notes = publishedNotes(res.Site.Edition)
		if b.Pages != nil {
			b.Pages()
		}
	}
	res.Duration = time.Since(start)
	return res, err
}

// pagesFirst publishes a full render the way patch does: the pages,
// feeds and assets, and the files copied as they are, first; then it
// tells b.Pages (serve reloads the tabs); then it makes the rest (the
// data exports) and publishes the search index, the hover cards, the
// exports and the save files of offline reading.
//
// Between the two steps a reader sees the new pages beside the previous
// build's search index, cards and exports: a search may list a title as
// it was, a card show the last summary or count, a new page have no card
// yet, and a link of the search to a page just deleted find nothing, for
// the time the rest takes (some seconds at 10,000 briefings).
//
// Nothing withheld is among them. When the rebuild withholds nothing
// that the last one published (added is nil: its leak index looks for
// nothing the files published were not read clean against), the
// previous build's files are clean for this one too. When it withholds
// a note the last one published (a note made a draft, a marking raised
// above the audience), the previous build's search index, cards,
// exports and save files may hold the note's words: the search index
// and the cards, which the render made already, are published with the
// pages, and the exports and save files, which are made as they are
// written, are removed with them and come back once made. The files
// this rebuild does not write were read clean against the last index,
// so they can hold only what added looks for: once the rest is
// published, they are read again against that alone (they held the
// note's words, if they do, while it was published, and hold them still
// if they do, so reading them after the tabs reload publishes nothing
// new); one that holds it fails the rebuild, which says so.
//
// Every file written here is read before it is written. A rebuild that
// fails before its pages are published writes nothing: when it withholds
// more, pagesFirst reports false, having written nothing, and Rebuild
// takes the full way, which reads every file to report the leak as a
// fresh build does. One whose rest fails the scan keeps its new pages,
// says so, and reads everything again next time.
func (b *Builder) pagesFirst(res *Result, added *leak.Index) (_ *Result, ok bool, err error) {
	withholding := added != nil || b.withholdsAgain(res.Site.Edition)
	all := make(map[string]bool, len(res.Files)+len(res.Copies))
	later := map[string]bool{}
	var pages, rest []publish.File
	for _, f := range res.Files {
		all[f.Path] = true
		if b.c.made[f.Path] || withholding && f.Make == nil {
			pages = append(pages, f)
		} else {
			rest = append(rest, f)
			later[f.Path] = true
		}
	}
	for out := range res.Copies {
		all[out] = true
	}
	extras := make(map[string]bool, len(b.extras))
	for _, p := range b.extras {
		extras[p] = true
	}
	var gonePages, goneRest []string
	for p := range b.published {
		switch {
		case withholding && later[p]:
			// The last build's may hold what is withheld now.
			gonePages = append(gonePages, p)
		case all[p]:
		case extras[p] && !withholding:
			goneRest = append(goneRest, p)
		default:
			gonePages = append(gonePages, p)
		}
	}
	b.Stats.Changed = nil
	if added != nil {
		// The copies read clean were read against the last index.
		b.copiesRead = map[string]copyStamp{}
	}
	leaked := scanCopies(res.leaks, res.Copies, b.copiesRead)
	if !leaked {
		leaked, err = b.publish(res.Dest, pages, res.Copies, gonePages, res.leaks)
		if err != nil {
			return res, true, err
		}
	}
	if leaked {
		if added != nil {
			return res, false, nil
		}
		return b.leaked(res, res.leaks, time.Time{}, nothingPublished), true, nil
	}
	b.c.pages.Published(paths(pages))
	b.notes = publishedNotes(res.Site.Edition)
	b.Pages()
	if err := makeFiles(rest, b.published); err != nil {
		return res, true, err
	}
	leaked, err = b.publish(res.Dest, rest, nil, goneRest, res.leaks)
	if err != nil || leaked {
		if leaked {
			return b.leaked(res, res.leaks, time.Time{}, pagesPublished), true, nil
		}
		return res, true, err
	}
	b.extras = b.extras[:0]
	for _, f := range res.Files {
		if !b.c.made[f.Path] {
			b.extras = append(b.extras, f.Path)
		}
	}
	if added != nil {
		if leaked, err := b.scanUnwritten(res, added); err != nil || leaked {
			if leaked {
				return b.leaked(res, added, time.Time{}, unwrittenPublished), true, nil
			}
			b.published, b.out = nil, nil
			return res, true, err
		}
	}
	b.rescan, b.leaks = false, res.leaks
	slices.Sort(b.Stats.Changed)
	// res.Files holds what rest was made into.
	res.Files = append(pages, rest...)
	return res, true, nil
}

// emptyFolder reports whether dir holds nothing, or does not exist.
func emptyFolder(dir string) bool {
	entries, err := os.ReadDir(dir)
	return errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0
}

// scanUnwritten reads the files published that this rebuild did not
// write (nor copy) back from the output folder, against added, and
// reports whether one holds what it looks for.
func (b *Builder) scanUnwritten(res *Result, added *leak.Index) (bool, error) {
	written := make(map[string]bool, len(b.Stats.Changed))
	for _, p := range b.Stats.Changed {
		written[p] = true
	}
	var files []publish.File
	for p, w := range b.published {
		if _, copied := res.Copies[p]; !copied && !written[p] {
			files = append(files, publish.File{Path: p, Kept: true, Size: w.n})
		}
	}
	b.Stats.Scanned += len(files)
	return scanFiles(added, files, res.Dest)
}

// leaked fills in res for a rebuild whose leak scan, with x, found a
// withheld note's words, saying what was written. The next Rebuild
// takes the full way, which scans every file: patch, which scans
// nothing, would publish what this one held back.
func (b *Builder) leaked(res *Result, x *leak.Index, start time.Time, what string) *Result {
	b.rescan = true
	b.c.set = nil
	diags := &diag.List{}
	leaksFound(x, diags, what)
	diags.Append(res.Diagnostics)
	res.count(diags, b.opts.Strict)
	if !start.IsZero() {
		res.Duration = time.Since(start)
	}
	return res
}

// withholdsAgain reports whether ed withholds a note that the last
// published build published.
func (b *Builder) withholdsAgain(ed *edition.Edition) bool {
	for _, w := range ed.Withheld {
		if b.notes[w.Note.Path] {
			return true
		}
	}
	return false
}

// publishedNotes returns the paths of the notes ed publishes.
func publishedNotes(ed *edition.Edition) map[string]bool {
	m := make(map[string]bool, len(ed.Published))
	for _, n := range ed.Published {
		m[n.Path] = true
	}
	return m
}

// makeFiles makes in memory, in place, the files of files made as they
// are written (the data exports): those marked After (the save files,
// which count the others' sizes) last. Each buffer starts at the size
// the file had when last published.
func makeFiles(files []publish.File, published map[string]written) error {
	for _, after := range []bool{false, true} {
		for i := range files {
			f := &files[i]
			if f.Make == nil || f.After != after {
				continue
			}
			buf := bytes.NewBuffer(make([]byte, 0, published[f.Path].n+512))
			if err := f.Make(buf); err != nil {
				return fmt.Errorf("make %s: %w", f.Path, err)
			}
			f.Data, f.Make, f.After = buf.Bytes(), nil, false
		}
	}
	return nil
}

var publishSeed = maphash.MakeSeed()

// summarize returns what to remember of data.
func summarize(data []byte) written {
	return written{n: len(data), sum: maphash.Bytes(publishSeed, data)}
}

// errKept is the error of a Rebuild given a page Kept that the Builder
// did not publish as it is: a bug, after which everything is rendered
// again.
func errKept(path string) error {
	return fmt.Errorf("%s: the page cache and the output disagree; the next rebuild renders everything", path)
}

// paths returns the paths of files.
func paths(files []publish.File) []string {
	ps := make([]string, len(files))
	for i, f := range files {
		ps[i] = f.Path
	}
	return ps
}

// readKept returns files with the bytes of those Kept read back from
// the output folder dest, where they were published, for a publish that
// must be given every file. Only a Rebuild whose output was open has
// such files.
func readKept(dest string, files []publish.File) ([]publish.File, error) {
	var out []publish.File
	for i, f := range files {
		if !f.Kept {
			continue
		}
		if out == nil {
			out = slices.Clone(files)
		}
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(f.Path)))
		if err == nil && len(data) != f.Size {
			err = fmt.Errorf("%s changed in the output folder", f.Path)
		}
		if err != nil {
			return nil, err
		}
		out[i] = publish.File{Path: f.Path, Data: data}
	}
	if out == nil {
		return files, nil
	}
	return out, nil
}

// caches hold what a Builder's renders reuse. A nil *caches, as Build
// uses, reuses nothing.
type caches struct {
	notes *content.Cache
	pages *layout.Cache

	mu sync.Mutex
	// names is the Site.NamesHash of the last render, md the renderer
	// built for it and patterns the names it mentions automatically.
	names    uint64
	md       func() *markdown.Markdown
	patterns []markdown.Pattern
	// was is the NamesHash before names, and change what changed from
	// it: a body rendered against was is kept when change.Keeps it.
	was    uint64
	change *markdown.Change
	// rendered holds the bodies rendered against names or was.
	rendered map[string]renderedBody // by note path
	// site is the Site of the last render, linked; nil when the render
	// stopped earlier. last is the one before, while a render links
	// another (see site.LinkSince).
	site, last *site.Site
	// owners maps the path of every published note of site to what it
	// became (see notesOf), made by the first patch of the site.
	owners map[string]owner
	// set is the layout set the site was rendered with, and made the
	// output paths of the pages, feeds and assets it rendered.
	set  *layout.Set
	made map[string]bool
	// stale lists the notes that patch changed without the note cache
	// knowing: the next full render reads them again.
	stale []string
	// bodies counts the bodies rendered since the Builder reset it.
	bodies atomic.Int64
	// index makes the search index, keeping each document's term counts
	// so that a save tokenizes only the documents it changed.
	index *search.Indexer
	// leaks keeps what the published texts held of the leak index's
	// needles, so that a rebuild reads only the texts that changed.
	leaks *leakCache
}

type renderedBody struct {
	body []byte
	url  string
	res  *markdown.Result
	// names is the NamesHash res was rendered, or last checked, against.
	names uint64
}

func newCaches() *caches {
	return &caches{notes: content.NewCache(), pages: layout.NewCache(), rendered: map[string]renderedBody{}, index: search.NewIndexer(), leaks: newLeakCache()}
}

// leakCache returns what the leak index keeps between renders: the
// Builder's, or nil for a Build.
func (c *caches) leakCache() *leakCache {
	if c == nil {
		return nil
	}
	return c.leaks
}

// indexer returns what makes the search index: the Builder's, which
// keeps what it counted, or for a Build one that keeps nothing.
func (c *caches) indexer() *search.Indexer {
	if c == nil {
		return &search.Indexer{}
	}
	return c.index
}

func (c *caches) noteCache() *content.Cache {
	if c == nil {
		return nil
	}
	return c.notes
}

// markdown returns the renderer of this build, made by build from the
// patterns of automatic mentions when first needed. A Builder keeps it
// while the site's names are the same; when they change, it keeps the
// bodies that the change cannot touch (see body).
func (c *caches) markdown(s *site.Site, patterns func() []markdown.Pattern, build func([]markdown.Pattern) *markdown.Markdown) func() *markdown.Markdown {
	if c == nil {
		return sync.OnceValue(func() *markdown.Markdown { return build(patterns()) })
	}
	names := s.NamesHash()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.md == nil || names != c.names {
		now := patterns()
		c.change, c.was = nil, 0
		if c.md != nil {
			c.change, c.was = markdown.NewChange(c.patterns, now), c.names
		}
		// Bodies rendered against older names were not checked since,
		// nor kept: the notes may be gone.
		for p, r := range c.rendered {
			if c.change == nil || r.names != c.was {
				delete(c.rendered, p)
			}
		}
		c.names, c.patterns = names, now
		c.md = sync.OnceValue(func() *markdown.Markdown { return build(now) })
	}
	return c.md
}

// lastSite returns the Site of the last render, linked, or nil: for a
// Build, or when it did not get that far.
func (c *caches) lastSite() *site.Site {
	if c == nil {
		return nil
	}
	return c.last
}

// keepSite records the linked Site of a render, for Builder.patch.
func (c *caches) keepSite(s *site.Site) {
	if c != nil {
		c.site = s
	}
}

// body returns the rendering kept for the note's body at the page url, or
// nil: nil when the body or its page changed, when the names changed in a
// way that can change it (markdown.Change.Keeps), and when what else it
// shows of other pages changed in s (markdown.Result.Fresh).
func (c *caches) body(n *content.Note, url string, s *site.Site) *markdown.Result {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	r, ok := c.rendered[n.Path]
	names, was, change := c.names, c.was, c.change
	c.mu.Unlock()
	if !ok || r.url != url || !bytes.Equal(r.body, n.Body) {
		return nil
	}
	resolver := s.ResolverFor(url)
	if r.names != names {
		if r.names != was || change == nil || !change.Keeps(r.body, r.res, resolver, n.Briefing != nil) {
			return nil
		}
		c.mu.Lock()
		r.names = names
		c.rendered[n.Path] = r
		c.mu.Unlock()
	}
	if !r.res.Fresh(resolver) {
		return nil
	}
	return r.res
}

// keepBody records a body's rendering.
func (c *caches) keepBody(n *content.Note, url string, res *markdown.Result) {
	if c == nil {
		return
	}
	c.bodies.Add(1)
	c.mu.Lock()
	c.rendered[n.Path] = renderedBody{body: n.Body, url: url, res: res, names: c.names}
	c.mu.Unlock()
}

// renderPages renders the site's pages and feeds, reusing those whose
// keys are unchanged.
func (c *caches) renderPages(set *layout.Set, s *site.Site) ([]layout.File, error) {
	if c == nil {
		return set.Render(s)
	}
	files, err := set.RenderCached(s, c.pages)
	if err == nil && c.site == s && c.set == nil {
		c.set, c.made = set, make(map[string]bool, len(files))
		for _, f := range files {
			c.made[f.Path] = true
		}
	}
	return files, err
}

// String describes the stats in one line, for the command line.
func (s Stats) String() string {
	return fmt.Sprintf("%d bodies and %d pages rendered, %d reused, %d files written", s.Bodies, s.Pages, s.Reused, len(s.Changed))
}

// patch is the quick way through a Rebuild, for the change a writer
// makes most: saving the text of notes. When every changed path is a
// published note whose front matter is byte for byte what it was, and
// whose new body links to the same pages in the same order with no
// broken links, nothing that site.Assemble or Site.Link computes can
// change but the bodies themselves, their summaries and the sentences
// quoted on the pages they mention. patch renders those bodies, updates
// the last Site in place, renders the pages and feeds that depend on
// them (layout.Set.RenderAgain), the search index and the hover cards,
// and publishes what changed: the pages first, then b.Pages is told,
// then the index and the cards. It
// reports false when the change needs a full render, or when the last
// render did not get as far as its pages; the notes it may have changed
// in the Site are then in c.stale, which the full render reads again.
//
// The Result of a quick rebuild lists in Files only the files it made
// again; the others are as the last Rebuild published them.
func (b *Builder) patch(changed []string) (*Result, bool, error) {
	c := b.c
	s := c.site
	if s == nil || c.set == nil || len(changed) == 0 || c.md == nil || b.published == nil {
		return nil, false, nil
	}
	type edit struct {
		old, new *content.Note
		url      string
		res      *markdown.Result
	}
	if c.owners == nil {
		c.owners = notesOf(s)
	}
	var edits []edit
	for _, p := range changed {
		old, ok := c.owners[p]
		if !ok || !strings.HasSuffix(p, ".md") {
			return nil, false, nil
		}
		raw, err := os.ReadFile(filepath.Join(b.opts.Source, filepath.FromSlash(p)))
		if err != nil {
			return nil, false, nil
		}
		src, bad := content.Normalize(raw)
		n := old.note
		front := n.Src[:n.BodyOffset]
		// The closing +++ must end with its newline, or text added after
		// it would change where the front matter ends.
		if bad > 0 || n.BodyOffset == 0 || front[len(front)-1] != '\n' || !bytes.HasPrefix(src, front) {
			return nil, false, nil
		}
		nn := *n
		nn.Src, nn.Body = src, src[n.BodyOffset:]
		before := c.body(n, old.url, s)
		if before == nil {
			return nil, false, nil
		}
		res, err := c.md().Render(nn.Body, s.ResolverFor(old.url), nn.Briefing != nil)
		if err != nil || len(res.Problems) > 0 || len(before.Problems) > 0 || !sameTargets(before.Links, res.Links) {
			return nil, false, nil
		}
		if res.FirstParagraph != before.FirstParagraph && old.embedded(s) {
			// An embed elsewhere shows the first paragraph.
			return nil, false, nil
		}
		if !slices.Equal(res.Headings, before.Headings) && old.headingLinked(s) {
			// A link elsewhere goes to one of its headings.
			return nil, false, nil
		}
		edits = append(edits, edit{old: n, new: &nn, url: old.url, res: res})
	}

	only := map[string]bool{}
	add := func(url string) { only[layout.OutputPath(url)] = true }
	// The Site changes in place from here.
	c.pages.InPlace()
	// What the data files show of the notes changed.
	var change export.Change
	var saved []*site.Briefing
	for _, e := range edits {
		c.keepBody(e.new, e.url, e.res)
		c.stale = append(c.stale, e.new.Path)
		o := c.owners[e.new.Path]
		o.note = e.new
		c.owners[e.new.Path] = o
		r := e.res
		switch {
		case o.briefing != nil:
			br := o.briefing
			br.Note = e.new
			saved = append(saved, br)
			br.Body, br.Plain = spill.Mem(r.HTML), spill.MemString(r.Text)
			change.Words = change.Words || r.Words != br.Words
			br.Words = r.Words
			summary := cmpOr(e.new.Briefing.Summary, r.FirstParagraph)
			if summary != br.Summary {
				br.Summary = summary
				change.BriefingSummary = true
				listedAt(s, br, add)
			}
			add(br.URL)
			// The dossiers that hold it in full; the key of each
			// decides whether it changed.
			for i := range s.Kinds {
				for _, ent := range br.MentionedIn(i) {
					add(ent.URL)
					if len(ent.Backlinks) <= s.Config.DossierLimit {
						add(layout.DossierURL(ent.URL))
					}
				}
			}
			for _, t := range br.Tags {
				if len(t.Briefings) <= s.Config.DossierLimit {
					add(layout.DossierURL(t.URL))
				}
			}
			was := quotesOf(s, br)
			s.Requote(br, r.Links)
			change.Quotes = change.Quotes || !slices.EqualFunc(was, quotesOf(s, br), slices.Equal)
			if !c.leaks.update(func(a *allower) { a.briefing(br) }) {
				return nil, false, nil // the full way, which reads it again (c.stale)
			}
		case o.entity != nil:
			en := o.entity
			en.Note = e.new
			en.Body, en.Plain = spill.Mem(r.HTML), spill.MemString(r.Text)
			summary := cmpOr(e.new.Entity.Summary, r.FirstParagraph)
			change.EntitySummary = change.EntitySummary || summary != en.Summary
			en.Summary = summary
			add(en.URL)
			add(layout.DossierURL(en.URL))
			if !c.leaks.update(func(a *allower) { a.entity(en) }) {
				return nil, false, nil
			}
		case o.page != nil:
			o.page.Note = e.new
			o.page.Body = spill.Mem(r.HTML)
			o.page.Summary = cmpOr(e.new.Page.Summary, r.FirstParagraph)
			add(o.page.URL)
			if !c.leaks.update(func(a *allower) { a.page(o.page) }) {
				return nil, false, nil
			}
		}
	}
	b.Stats = Stats{Patched: true}
	res := &Result{Dest: b.opts.Dest, Site: s, Copies: b.copies}
	if res.Dest == "" {
		res.Dest = filepath.Join(b.opts.Source, "public")
	}
	// The problems are those of the last render: the bodies changed have
	// none, before and after.
	diags := &diag.List{}
	diags.Append(b.diags)
	made, ok, err := c.set.RenderAgain(s, c.pages, only)
	if !ok {
		// The cache does not know a page: the full way, which reads
		// the notes changed here again (c.stale).
		return nil, false, nil
	}
	b.Stats.Bodies, b.Stats.Pages, b.Stats.Reused, b.Stats.Rendered = int(c.bodies.Load()), c.pages.Rendered, c.pages.Reused, c.pages.RenderedPaths()
	if err != nil {
		// A template failed: publish nothing, and render everything
		// next time.
		diags.Errorf(diag.Pos{}, "%v", err)
		c.set = nil
	}
	pages := make([]publish.File, len(made))
	for i, f := range made {
		pages[i] = publish.File{Path: f.Path, Data: f.Data, Kept: f.Kept, Size: f.Size}
	}
	if res.count(diags, b.opts.Strict); res.Failed {
		return res, true, nil
	}
	// The pages first, so that the tabs reload before the search index
	// is made.
	if _, err := b.publish(res.Dest, pages, nil, nil, nil); err != nil {
		return res, true, err
	}
	c.pages.Published(paths(pages))
	if b.Pages != nil {
		b.Pages()
	}
	// The search index and the cards: a body's first paragraph may be
	// an entity's summary, which its card shows. Of the data files, only
	// those that show what changed are made again; the others stay.
	extras := append(extraFiles(s, nil, c.indexer()), search.Cards(s)...)
	data := export.Showing(s, change)
	for i, f := range data {
		// briefings.json, a line a briefing: the lines of the
		// briefings saved are made again, in the file as published.
		if f.Path == export.BriefingsFile {
			if old := b.readPublished(res.Dest, f.Path); old != nil {
				if patched, ok := export.PatchBriefings(old, s, saved); ok {
					data[i] = publish.File{Path: f.Path, Data: patched}
				}
			}
		}
	}
	extras = append(extras, dataFiles(data, false)...)
	now := make(map[string]bool, len(extras))
	for _, f := range append(extras, publish.File{Path: search.SaveSummary}, publish.File{Path: search.SaveList}) {
		now[f.Path] = true
	}
	for _, f := range export.Files(s) {
		if _, ok := b.published[f.Path]; ok {
			now[f.Path] = true
		}
	}
	var gone []string
	for _, p := range b.extras {
		if !now[p] {
			gone = append(gone, p)
		}
	}
	if _, err := b.publish(res.Dest, extras, nil, gone, nil); err != nil {
		return res, true, err
	}
	// Then the save files of offline reading, from the sizes of every
	// file now published.
	save, err := b.publishSaveFiles(res.Dest)
	if err != nil {
		return res, true, err
	}
	b.extras = slices.Collect(maps.Keys(now))
	slices.Sort(b.Stats.Changed)
	res.Files = append(append(pages, extras...), save...)
	return res, true, nil
}

// readPublished returns the bytes of the file at the output path p as
// the last Rebuild published it, or nil when the output folder no longer
// holds them.
func (b *Builder) readPublished(dest, p string) []byte {
	w, ok := b.published[p]
	if !ok {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(p)))
	if err != nil || summarize(data) != w {
		return nil
	}
	return data
}

// publishSaveFiles makes and publishes the save files of offline
// reading (search.SaveFiles), which list the size of every file
// published, and returns them.
func (b *Builder) publishSaveFiles(dest string) ([]publish.File, error) {
	sizes := make([]search.SaveEntry, 0, len(b.published))
	for p, w := range b.published {
		if _, copied := b.copies[p]; !copied {
			sizes = append(sizes, search.SaveEntry{Path: p, Size: int64(w.n)})
		}
	}
	for out, src := range b.copies {
		if info, err := os.Stat(src); err == nil {
			sizes = append(sizes, search.SaveEntry{Path: out, Size: info.Size()})
		}
	}
	save := search.SaveFiles(sizes)
	_, err := b.publish(dest, save, nil, nil, nil)
	return save, err
}

// recopy is the quick way through a Rebuild for a save of files that
// are published as they are and already were: a picture or a chart
// beside a briefing in its page bundle, a stylesheet in static/. No page
// shows what such a file holds, so nothing is loaded or rendered: the
// file goes through the leak scan of the last build and is copied, the
// tabs are told, and the save files of offline reading, which list its
// size, are made again. It reports false, and the full way is taken,
// for anything else: a file new, gone or renamed (pages link to it and
// the links are checked), a Markdown note, a CNAME (checked against
// site.toml), or a file in which the leak scan finds what is withheld
// (the full way reports it at its line).
func (b *Builder) recopy(changed []string) (*Result, bool, error) {
	if b.c.site == nil || b.c.set == nil || b.published == nil || b.out == nil || len(changed) == 0 || b.copies == nil {
		return nil, false, nil
	}
	// A note saved, the save a writer makes most, is never a copy:
	// checked before the copies' paths are resolved.
	for _, p := range changed {
		if strings.HasSuffix(p, ".md") {
			return nil, false, nil
		}
	}
	sources := make(map[string]string, len(b.copies))
	for out, src := range b.copies {
		sources[absPath(src)] = out
	}
	files := map[string]string{}
	for _, p := range changed {
		src := filepath.Join(b.opts.Source, filepath.FromSlash(p))
		out, ok := sources[absPath(src)]
		if !ok || path.Base(out) == "CNAME" {
			return nil, false, nil
		}
		if info, err := os.Lstat(src); err != nil || !info.Mode().IsRegular() {
			return nil, false, nil
		}
		files[out] = b.copies[out]
	}
	if scanCopies(b.leaks, files, b.copiesRead) {
		return nil, false, nil
	}
	dest := b.opts.Dest
	if dest == "" {
		dest = filepath.Join(b.opts.Source, "public")
	}
	// The problems are those of the last render, which a copy does not
	// change; when they failed it, nothing is written now either.
	res := &Result{Dest: dest, Site: b.c.site, Copies: b.copies}
	diags := &diag.List{}
	diags.Append(b.diags)
	b.Stats = Stats{Patched: true}
	if res.count(diags, b.opts.Strict); res.Failed {
		return res, true, nil
	}
	changedPaths, err := b.out.Update(context.Background(), nil, files, nil)
	if err != nil {
		b.published, b.out = nil, nil
		return res, true, err
	}
	b.Stats.Changed = changedPaths
	if b.Pages != nil {
		b.Pages()
	}
	save, err := b.publishSaveFiles(dest)
	slices.Sort(b.Stats.Changed)
	res.Files = save
	return res, true, err
}

// absPath is p made absolute, its links followed where it can be, to
// compare the path of a file saved with the sources of the copies.
func absPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// publish writes the files whose bytes differ from what was published,
// and the files copied as they are (output path → source), and removes
// the files gone, adding them to b.Stats.Changed. When x is not nil, the
// files it writes are given to the leak scan first: it reports true,
// having written nothing, when the scan found a withheld note's words.
// When it fails the output is in an unknown state, and the next Rebuild
// publishes everything.
func (b *Builder) publish(dest string, files []publish.File, copies map[string]string, gone []string, x *leak.Index) (leaked bool, err error) {
	var dirty []publish.File
	sums := make([]written, len(files))
	for i, f := range files {
		old, ok := b.published[f.Path]
		if f.Kept {
			// As published (see Rebuild).
			if !ok || old.n != f.Size {
				b.published, b.out = nil, nil
				return false, errKept(f.Path)
			}
			sums[i] = old
			continue
		}
		sums[i] = summarize(f.Data)
		if !ok || old.sum != sums[i].sum || old.n != sums[i].n {
			dirty = append(dirty, f)
		}
	}
	if len(dirty) == 0 && len(gone) == 0 && len(copies) == 0 {
		return false, nil
	}
	if x != nil {
		b.Stats.Scanned += len(dirty)
	}
	if leaked, err := scanFiles(x, dirty, dest); err != nil || leaked {
		return leaked, err
	}
	if b.out == nil {
		out, err := publish.Open(dest, b.opts.Source, b.c.site.Config.Keep)
		if err != nil {
			b.published = nil
			return false, err
		}
		b.out, b.keep = out, b.c.site.Config.Keep
	}
	changed, err := b.out.Update(context.Background(), dirty, copies, gone)
	if err != nil {
		b.published, b.out = nil, nil
		return false, err
	}
	for i, f := range files {
		b.published[f.Path] = sums[i]
	}
	for out := range copies {
		b.published[out] = written{}
	}
	for _, p := range gone {
		delete(b.published, p)
	}
	b.Stats.Changed = append(b.Stats.Changed, changed...)
	return false, nil
}

// listedAt tells add the URL of every page and feed that lists br with
// its summary: the list page and home page that show it, its tags, the
// entities it mentions, the briefings whose related or linked-from lists
// hold it, and their feeds. patch renders these when a summary changes;
// the keys of layout.Cache still decide whether each changed.
func listedAt(s *site.Site, br *site.Briefing, add func(url string)) {
	add("/")
	add("/index.xml")
	i := slices.Index(s.Briefings, br)
	if per := s.Config.Paginate; i >= 0 && per > 0 {
		if n := i/per + 1; n == 1 {
			add("/briefings/")
		} else {
			add(fmt.Sprintf("/briefings/page/%d/", n))
		}
	}
	for _, t := range br.Tags {
		add(t.URL)
		add(t.URL + "index.xml")
	}
	for i := range s.Kinds {
		for _, e := range br.MentionedIn(i) {
			add(e.URL)
			add(e.URL + "index.xml")
		}
	}
	for _, o := range s.Briefings {
		if slices.Contains(o.Related, br) || slices.Contains(o.LinkedFrom, br) {
			add(o.URL)
		}
	}
	// Its year's page of the timeline shows its summary.
	for _, y := range s.Timeline {
		for _, m := range y.Months {
			for _, it := range m.Items {
				if it.Briefing == br {
					add(y.URL)
				}
			}
		}
	}
	// The briefings before and after it link to it by title.
	for _, o := range [...]*site.Briefing{br.Prev, br.Next} {
		if o != nil {
			add(o.URL)
		}
	}
}

// quotesOf returns the sentences that the backlinks of br quote, entity
// by entity, as data/mentions.csv lists them.
func quotesOf(s *site.Site, br *site.Briefing) [][]string {
	var out [][]string
	for i := range s.Kinds {
		for _, e := range br.MentionedIn(i) {
			if bl, ok := e.BacklinkFrom(br); ok {
				out = append(out, bl.Contexts())
			}
		}
	}
	return out
}

// owner is what a note of the Site became, and the URL it renders at.
type owner struct {
	note     *content.Note
	url      string
	briefing *site.Briefing
	entity   *site.Entity
	page     *site.Page
}

// embedded reports whether an embed shows the first paragraph of o's
// body.
func (o owner) embedded(s *site.Site) bool {
	switch {
	case o.briefing != nil:
		return s.Embedded(o.briefing.Key())
	case o.entity != nil:
		return s.Embedded(o.entity.Key())
	}
	return false
}

// headingLinked reports whether a link goes to a heading of o's body.
func (o owner) headingLinked(s *site.Site) bool {
	switch {
	case o.briefing != nil:
		return s.HeadingLinked(o.briefing.Key())
	case o.entity != nil:
		return s.HeadingLinked(o.entity.Key())
	}
	return false
}

// notesOf maps the path of every published note to what it became.
func notesOf(s *site.Site) map[string]owner {
	m := map[string]owner{}
	for _, b := range s.Briefings {
		m[b.Note.Path] = owner{note: b.Note, url: b.URL, briefing: b}
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			if e.Note != nil {
				m[e.Note.Path] = owner{note: e.Note, url: e.URL, entity: e}
			}
		}
	}
	for _, p := range s.Pages {
		m[p.Note.Path] = owner{note: p.Note, url: p.URL, page: p}
	}
	if s.Home != nil {
		m[s.Home.Note.Path] = owner{note: s.Home.Note, url: "/", page: s.Home}
	}
	return m
}

// sameTargets reports whether two renderings of a body link to the same
// pages (and headings of them) in the same order.
func sameTargets(a, b []markdown.Link) bool {
	return slices.EqualFunc(a, b, func(x, y markdown.Link) bool {
		return x.Target.Key == y.Target.Key && x.Auto == y.Auto && x.Heading == y.Heading
	})
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
