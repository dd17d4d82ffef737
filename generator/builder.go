package generator

import (
	"bytes"
	"fmt"
	"hash/maphash"
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
	"briefings/generator/layout"
	"briefings/generator/markdown"
	"briefings/generator/publish"
	"briefings/generator/site"
	"briefings/layouts"
)

// Builder builds a site again and again, for watch and serve. The first
// Rebuild is a full Build; each later one is told which files changed and
// redoes only what depends on them:
//
//   - notes whose files did not change are not read or decoded again;
//   - site.Assemble and Site.Link run on every rebuild (they are pure and
//     cheap next to rendering);
//   - a body is rendered again only when its text changed, or the names
//     it can resolve against did (site.NamesHash), or its page moved;
//   - a page or feed runs its template again only when a key over what
//     its template shows changed (layout.Cache);
//   - only files whose bytes differ from the last published build are
//     written (publish.Sync), and files no longer built are removed.
//
// After each Rebuild the output folder holds exactly what a fresh Build
// would write; TestBuilderMatchesFreshBuild checks this on random edit
// sequences. A failed rebuild writes nothing, so the last good site stays.
// A Builder is not safe for concurrent use.
type Builder struct {
	opts Options
	c    *caches
	// published maps each output path of the last published build to a
	// summary of its bytes.
	published map[string]written
	// Stats describe the last Rebuild.
	Stats Stats
	// Pages, when set, is called during a quick rebuild (see patch) as
	// soon as the changed pages are written, before the search index is
	// made and written: serve reloads the tabs then. The Rebuild is not
	// over until it returns.
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
}

// written is what Builder remembers of a published file: where its bytes
// were (cached pages keep the same backing array from build to build)
// and a hash of them.
type written struct {
	ptr *byte
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
		p = strings.Trim(path.Clean(p), "/")
		switch {
		case p == "." || p == "" || p == "site.toml":
			b.c = newCaches()
		case p == "content" || strings.HasPrefix(p, "content/"):
			b.c.notes.Forget(strings.TrimPrefix(strings.TrimPrefix(p, "content"), "/"))
		}
		// layouts/ is parsed on every rebuild and the page keys hold the
		// template sources; static/ is listed on every rebuild.
	}
	b.c.bodies.Store(0)
	res, ok := b.patch(changed)
	var err error
	if !ok {
		b.c.site = nil
		res, err = render(b.opts, b.c)
	}
	b.Stats = Stats{Bodies: int(b.c.bodies.Load()), Pages: b.c.pages.Rendered, Reused: b.c.pages.Reused, Rendered: b.c.pages.RenderedPaths(), Patched: ok}
	if err != nil || res.Failed || b.opts.DryRun {
		res.Duration = time.Since(start)
		return res, err
	}
	plan := &publish.Plan{Dest: res.Dest, Source: b.opts.Source, Files: res.Files, Copies: res.Copies, Keep: res.Site.Config.Keep}
	now := make(map[string]written, len(res.Files))
	var dirty []publish.File
	for _, f := range res.Files {
		w := summarize(f.Data, b.published[f.Path])
		now[f.Path] = w
		if old, ok := b.published[f.Path]; !ok || old.sum != w.sum || old.n != w.n {
			dirty = append(dirty, f)
		}
	}
	for out := range res.Copies {
		now[out] = written{}
	}
	if b.published == nil {
		err = publish.Write(plan)
		b.Stats.Changed = plan.Paths()
	} else {
		var gone []string
		for p := range b.published {
			if _, ok := now[p]; !ok {
				gone = append(gone, p)
			}
		}
		plan.Files = dirty
		b.Stats.Changed, err = publish.Sync(plan, gone)
		removeEmptyFolders(res.Dest, gone)
	}
	if err != nil {
		// The output is in an unknown state: publish everything next time.
		b.published = nil
	} else {
		b.published = now
	}
	res.Duration = time.Since(start)
	return res, err
}

// removeEmptyFolders removes the folders that removing the files gone
// (output paths) left empty, as a fresh build would not have them.
func removeEmptyFolders(dest string, gone []string) {
	for _, p := range gone {
		for dir := path.Dir(p); dir != "." && dir != "/"; dir = path.Dir(dir) {
			if os.Remove(filepath.Join(dest, filepath.FromSlash(dir))) != nil {
				break // not empty, or already gone
			}
		}
	}
}

var publishSeed = maphash.MakeSeed()

// summarize returns what to remember of data; when data is the very slice
// published before (a page taken from the cache), its hash is not
// computed again.
func summarize(data []byte, before written) written {
	w := written{n: len(data)}
	if len(data) > 0 {
		w.ptr = &data[0]
	}
	if w.ptr != nil && w.ptr == before.ptr && w.n == before.n {
		w.sum = before.sum
		return w
	}
	w.sum = maphash.Bytes(publishSeed, data)
	return w
}

// caches hold what a Builder's renders reuse. A nil *caches, as Build
// uses, reuses nothing.
type caches struct {
	notes *content.Cache
	pages *layout.Cache

	mu sync.Mutex
	// names is the Site.NamesHash the bodies below were rendered against,
	// and md the renderer built for it.
	names    uint64
	md       func() *markdown.Markdown
	rendered map[string]renderedBody // by note path
	// site is the Site of the last render, linked, and siteDiags the
	// problems found up to then; nil when the render stopped earlier.
	site      *site.Site
	siteDiags []diag.Diagnostic
	// bodies counts the bodies rendered since the Builder reset it.
	bodies atomic.Int64
}

type renderedBody struct {
	body []byte
	url  string
	res  *markdown.Result
}

func newCaches() *caches {
	return &caches{notes: content.NewCache(), pages: layout.NewCache(), rendered: map[string]renderedBody{}}
}

func (c *caches) noteCache() *content.Cache {
	if c == nil {
		return nil
	}
	return c.notes
}

// markdown returns the renderer of this build, made by build when first
// needed. A Builder keeps it, and the bodies rendered with it, while the
// site's names are the same.
func (c *caches) markdown(s *site.Site, build func() *markdown.Markdown) func() *markdown.Markdown {
	if c == nil {
		return sync.OnceValue(build)
	}
	names := s.NamesHash()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.md == nil || names != c.names {
		c.names = names
		c.md = sync.OnceValue(build)
		clear(c.rendered)
	}
	return c.md
}

// keepSite records the linked Site of a render, and the problems found up
// to then, for Builder.patch.
func (c *caches) keepSite(s *site.Site, diags *diag.List) {
	if c != nil {
		c.site, c.siteDiags = s, diags.Items()
	}
}

// body returns the rendering kept for the note's body at the page url, or
// nil.
func (c *caches) body(n *content.Note, url string) *markdown.Result {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	r, ok := c.rendered[n.Path]
	c.mu.Unlock()
	if ok && r.url == url && bytes.Equal(r.body, n.Body) {
		return r.res
	}
	return nil
}

// keepBody records a body's rendering.
func (c *caches) keepBody(n *content.Note, url string, res *markdown.Result) {
	if c == nil {
		return
	}
	c.bodies.Add(1)
	c.mu.Lock()
	c.rendered[n.Path] = renderedBody{body: n.Body, url: url, res: res}
	c.mu.Unlock()
}

// renderPages renders the site's pages and feeds, reusing those whose
// keys are unchanged.
func (c *caches) renderPages(set *layout.Set, s *site.Site) ([]layout.File, error) {
	if c == nil {
		return set.Render(s)
	}
	return set.RenderCached(s, c.pages)
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
// the last Site in place, and renders what depends on it, skipping
// loading, assembling and linking. It reports false, having changed
// nothing, when the change needs a full render.
func (b *Builder) patch(changed []string) (*Result, bool) {
	c := b.c
	s := c.site
	if s == nil || len(changed) == 0 || c.md == nil {
		return nil, false
	}
	type edit struct {
		old, new *content.Note
		url      string
		res      *markdown.Result
	}
	owners := notesOf(s)
	var edits []edit
	for _, p := range changed {
		old, ok := owners[p]
		if !ok || !strings.HasSuffix(p, ".md") {
			return nil, false
		}
		raw, err := os.ReadFile(filepath.Join(b.opts.Source, filepath.FromSlash(p)))
		if err != nil {
			return nil, false
		}
		src, bad := content.Normalize(raw)
		n := old.note
		front := n.Src[:n.BodyOffset]
		// The closing +++ must end with its newline, or text added after
		// it would change where the front matter ends.
		if bad > 0 || n.BodyOffset == 0 || front[len(front)-1] != '\n' || !bytes.HasPrefix(src, front) {
			return nil, false
		}
		nn := *n
		nn.Src, nn.Body = src, src[n.BodyOffset:]
		before := c.body(n, old.url)
		if before == nil {
			return nil, false
		}
		res, err := c.md().Render(nn.Body, s.ResolverFor(old.url), nn.Briefing != nil)
		if err != nil || len(res.Problems) > 0 || len(before.Problems) > 0 || !sameTargets(before.Links, res.Links) {
			return nil, false
		}
		edits = append(edits, edit{old: n, new: &nn, url: old.url, res: res})
	}

	start := time.Now()
	only := map[string]bool{}
	add := func(url string) { only[layout.OutputPath(url)] = true }
	for _, e := range edits {
		c.keepBody(e.new, e.url, e.res)
		c.notes.Forget(strings.TrimPrefix(e.new.Path, "content/"))
		r := e.res
		switch o := owners[e.new.Path]; {
		case o.briefing != nil:
			br := o.briefing
			br.Note = e.new
			br.HTML, br.Text = r.HTML, r.Text
			br.Words = len(strings.Fields(r.Text))
			summary := cmpOr(e.new.Briefing.Summary, r.FirstParagraph)
			if summary != br.Summary {
				br.Summary = summary
				listedAt(s, br, add)
			}
			add(br.URL)
			for _, k := range s.Kinds {
				for _, ent := range br.Mentioned[k.Name] {
					add(ent.URL)
					for _, bl := range ent.Backlinks {
						if bl.Briefing == br {
							bl.Contexts = contexts(r.Links, ent.Key())
						}
					}
				}
			}
		case o.entity != nil:
			en := o.entity
			en.Note = e.new
			en.HTML, en.Text = r.HTML, r.Text
			en.Summary = cmpOr(e.new.Entity.Summary, r.FirstParagraph)
			add(en.URL)
		case o.page != nil:
			o.page.Note = e.new
			o.page.HTML = r.HTML
			o.page.Summary = cmpOr(e.new.Page.Summary, r.FirstParagraph)
			add(o.page.URL)
		}
	}
	diags := &diag.List{}
	diags.Append(c.siteDiags)
	res := &Result{Dest: b.opts.Dest, Site: s}
	if res.Dest == "" {
		res.Dest = filepath.Join(b.opts.Source, "public")
	}
	c.pages.Only = only
	pages, ok := renderPages(b.opts, s, diags, c)
	if ok && b.Pages != nil && b.published != nil {
		if errs, warns := diags.Count(); errs == 0 && !(b.opts.Strict && warns > 0) {
			b.publishEarly(res.Dest, pages)
		}
	}
	if ok {
		res.Files, res.Copies = addFiles(b.opts, s, pages, diags)
	}
	res.count(diags, b.opts.Strict)
	res.Duration = time.Since(start)
	return res, true
}

// publishEarly writes the pages whose bytes changed, then tells b.Pages.
// The Rebuild publishes everything again after, as usual.
func (b *Builder) publishEarly(dest string, pages []publish.File) {
	var dirty []publish.File
	for _, f := range pages {
		w := summarize(f.Data, b.published[f.Path])
		if old, ok := b.published[f.Path]; !ok || old.sum != w.sum || old.n != w.n {
			dirty = append(dirty, f)
		}
	}
	if _, err := publish.Sync(&publish.Plan{Dest: dest, Source: b.opts.Source, Files: dirty, Keep: b.c.site.Config.Keep}, nil); err == nil {
		b.Pages()
	}
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
	for _, k := range s.Kinds {
		for _, e := range br.Mentioned[k.Name] {
			add(e.URL)
			add(e.URL + "index.xml")
		}
	}
	for _, o := range s.Briefings {
		if slices.Contains(o.Related, br) || slices.Contains(o.LinkedFrom, br) {
			add(o.URL)
		}
	}
}

// owner is what a note of the Site became, and the URL it renders at.
type owner struct {
	note     *content.Note
	url      string
	briefing *site.Briefing
	entity   *site.Entity
	page     *site.Page
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
// pages in the same order.
func sameTargets(a, b []markdown.Link) bool {
	return slices.EqualFunc(a, b, func(x, y markdown.Link) bool { return x.Target.Key == y.Target.Key && x.Auto == y.Auto })
}

// contexts lists the sentences around the links to key, once each, as
// Site.AddLinks records them.
func contexts(links []markdown.Link, key string) []string {
	var out []string
	for _, l := range links {
		if l.Target.Key == key && l.Context != "" && !slices.Contains(out, l.Context) {
			out = append(out, l.Context)
		}
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
