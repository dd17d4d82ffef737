package layout

import (
	"bytes"
	"cmp"
	"fmt"
	htmltemplate "html/template"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
	"unicode/utf8"
	"unsafe"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/dossier"
	"briefings/generator/marking"
	"briefings/generator/site"
)

// Page is what a page template sees as its dot.
type Page struct {
	Site *site.Site
	// Kind is the template's name: "home", "briefing", "entity", "list",
	// "terms", "tag", "timeline", "year", "page", "404" or "search".
	Kind string
	// URL is the page's path from the site root: "/people/vladimir-putin/".
	URL         string
	Title       string
	Description string
	// One of these is set, as Kind says.
	Briefing *site.Briefing
	Entity   *site.Entity
	Page     *site.Page
	Tag      *site.Tag
	Year     *site.Year
	// EntityKind is the kind of an entity page or of a terms list.
	EntityKind config.Kind
	// Briefings are the briefings of this list page.
	Briefings []*site.Briefing
	// Pager is set on paginated lists.
	Pager *Pager
	// Feed is the URL of the page's Atom feed, or "".
	Feed string
	// fromRoot makes links absolute paths from the site root (the 404
	// page is served at any depth).
	fromRoot bool

	// From and To bound the dates of a dossier's briefings (zero for no
	// bound): `briefings dossier --from --to`.
	From, To content.Date
	// Standalone is set for a dossier written as a file of its own:
	// Style then holds the style sheet to put in it, and links to the
	// site are absolute (see Link).
	Standalone bool
	Style      htmltemplate.CSS
	// inline reads a file of the site that a standalone dossier's image
	// shows (see dossier.Place).
	inline func(sitePath string) ([]byte, string, bool)
	// dossier is what Dossier gathered.
	dossier *dossier.Dossier
	// run is set on the copy of the page Execute runs its template on.
	run *run
}

// Pager links the pages of a paginated list.
type Pager struct {
	Number, Total int
	Prev, Next    string // URLs, "" at the ends
	First, Last   string
}

// Rel writes url (a path from the site root) relative to this page, so
// the site works from a web server and from disk alike.
func (p *Page) Rel(u string) string {
	if p.fromRoot {
		path := u
		if strings.HasSuffix(path, "/") {
			path += "index.html"
		}
		return p.Site.Config.BasePath() + strings.TrimPrefix(path, "/")
	}
	return site.Rel(p.URL, u)
}

// appendRel appends Rel(u) to dst.
func (p *Page) appendRel(dst []byte, u string) []byte {
	if p.fromRoot {
		return append(dst, p.Rel(u)...)
	}
	return site.AppendRel(dst, p.URL, u)
}

// depth is what Rel depends on: the number of folders between the page
// and the site root, or -1 for a page linking from the root.
func (p *Page) depth() int {
	if p.fromRoot {
		return -1
	}
	return strings.Count(p.URL, "/")
}

// Abs returns the absolute URL of a path from the site root, for feeds,
// canonical links and Open Graph.
func (p *Page) Abs(u string) string { return absURL(p.Site.Config, u) }

func absURL(cfg *config.Site, u string) string {
	return strings.TrimSuffix(cfg.BaseURL, "/") + "/" + strings.TrimPrefix(u, "/")
}

// Latest returns the n newest briefings.
func (p *Page) Latest(n int) []*site.Briefing {
	return p.Site.Briefings[:min(n, len(p.Site.Briefings))]
}

// Top returns the n entities of a kind mentioned by the most briefings.
func (p *Page) Top(kind string, n int) []*site.Entity {
	list := slices.Clone(p.Site.Entities[kind])
	slices.SortStableFunc(list, func(a, b *site.Entity) int { return cmp.Compare(len(b.Backlinks), len(a.Backlinks)) })
	var out []*site.Entity
	for _, e := range list {
		if len(e.Backlinks) == 0 || len(out) == n {
			break
		}
		out = append(out, e)
	}
	return out
}

// CitedIn returns the sources of briefing b that cite the page's entity
// (an outlet) as their outlet.
func (p *Page) CitedIn(b *site.Briefing) []site.Source {
	var out []site.Source
	for _, src := range b.Sources {
		if p.Entity != nil && src.Outlet == p.Entity {
			out = append(out, src)
		}
	}
	return out
}

// Kinds returns the site's entity kinds, for navigation.
func (p *Page) Kinds() []config.Kind { return p.Site.Kinds }

// Language returns the site's language for <html lang>.
func (p *Page) Language() string { return cmp.Or(p.Site.Config.Language, "en") }

// Canonical returns the page's absolute URL.
func (p *Page) Canonical() string { return p.Abs(p.URL) }

// Item is what the "briefing-item" partial sees: a briefing, the site, and
// Rel for links relative to the page the briefing is listed on. It holds
// nothing else of that page, so that the partial makes the same HTML on
// every page at the same folder depth and is made once for them all.
type Item struct {
	Briefing *site.Briefing
	Site     *site.Site
	page     *Page
}

// Rel writes url (a path from the site root) relative to the page the
// item is listed on.
func (it Item) Rel(u string) string { return it.page.Rel(u) }

// Frame is what the partials around every page see (site-head,
// site-header, site-footer): the site, the section of the page (for
// aria-current in the navigation) and Rel. It holds nothing else of the
// page, so each partial is made once per section and folder depth.
type Frame struct {
	Site *site.Site
	// Section is "briefings", an entity kind's name, "tags", "timeline",
	// "search", or "" for the other pages.
	Section string
	page    *Page
}

// Rel writes url (a path from the site root) relative to the page.
func (f Frame) Rel(u string) string { return f.page.Rel(u) }

// Section returns the part of the site the page is in, as the navigation
// marks it: "briefings" for the briefing list and briefings, the kind
// for entity pages and lists, "tags" for tag pages, "timeline" for the
// timeline and its years, "search", or "".
func (p *Page) Section() string {
	switch {
	case p.Kind == "list" || p.Briefing != nil:
		return "briefings"
	case p.EntityKind.Name != "":
		return p.EntityKind.Name
	case p.Tag != nil:
		return "tags"
	case p.Kind == "timeline" || p.Kind == "year":
		return "timeline"
	case p.Kind == "search":
		return "search"
	case p.Kind == "graph" || p.Kind == "map":
		return p.Kind
	}
	return ""
}

// Chip is what the "entity-link" partial sees: an entity, the site, and
// Rel for links relative to the page that links to it. Like Item, it
// holds nothing else of that page, so the partial is made once per entity
// and folder depth.
type Chip struct {
	Entity *site.Entity
	Site   *site.Site
	page   *Page
}

// Rel writes url (a path from the site root) relative to the page the
// link is on.
func (c Chip) Rel(u string) string { return c.page.Rel(u) }

// Term is one row of a list of entities or tags.
type Term struct {
	Name, URL, Flag string
	// Code is a country's ISO 3166-1 alpha-2 code, which its flag is
	// found by; "" for other kinds.
	Code  string
	Date  content.Date
	Count int
	// Label is the marking of the entity's note; none for a tag.
	Label marking.Label
}

// Terms lists the entities of the page's kind (or the tags), with the
// number of briefings that mention each: alphabetical, events by date.
func (p *Page) Terms() []Term {
	var out []Term
	if p.EntityKind.Name == "tags" {
		for _, t := range p.Site.Tags {
			out = append(out, Term{Name: t.Name, URL: t.URL, Count: len(t.Briefings)})
		}
		return out
	}
	for _, e := range p.Site.Entities[p.EntityKind.Name] {
		out = append(out, Term{Name: e.Name, URL: e.URL, Flag: e.Flag(), Code: e.Code, Date: e.Date, Count: len(e.Backlinks), Label: e.Label})
	}
	if p.EntityKind.Name == "events" {
		slices.SortStableFunc(out, func(a, b Term) int { return a.Date.Time.Compare(b.Date.Time) })
	}
	return out
}

// safeHTML marks a rendered body (or a string) as HTML to print as it
// is. The bytes of a body are never changed once rendered, so the HTML
// shares them rather than copying every body once more.
func safeHTML(v any) (htmltemplate.HTML, error) {
	switch v := v.(type) {
	case string:
		return htmltemplate.HTML(v), nil
	case []byte:
		if len(v) == 0 {
			return "", nil
		}
		return htmltemplate.HTML(unsafe.String(&v[0], len(v))), nil
	case htmltemplate.HTML:
		return v, nil
	}
	return "", fmt.Errorf("safeHTML takes a string or a rendered body, not %T", v)
}

var htmlFuncs = htmltemplate.FuncMap{
	"item":     func(p *Page, b *site.Briefing) Item { return Item{Briefing: b, Site: p.Site, page: p} },
	"frame":    func(p *Page) Frame { return Frame{Site: p.Site, Section: p.Section(), page: p} },
	"chip":     func(p *Page, e *site.Entity) Chip { return Chip{Entity: e, Site: p.Site, page: p} },
	"safeHTML": safeHTML,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"add":   func(a, b int) int { return a + b },
	"month": func(m time.Month) string { return m.String() },
	"first": func(n int, list any) any { return first(n, list) },
	// markingCSS writes the print rules of a page's marking (marking.go).
	"markingCSS": markingCSS,
}

var textFuncs = texttemplate.FuncMap{
	"xml": func(s string) string { return htmltemplate.HTMLEscapeString(xmlText(s)) },
}

// xmlText returns s without the characters XML 1.0 forbids (the control
// characters but tab, newline and carriage return, U+FFFE and U+FFFF),
// and with bytes that are not UTF-8 as U+FFFD. A title may hold one (TOML
// writes "\u0007"), and a feed or sitemap holding one is not XML: feed
// readers refuse the whole feed.
func xmlText(s string) string {
	if utf8.ValidString(s) {
		ok := true
		for _, r := range s {
			if !xmlChar(r) {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
	}
	return strings.Map(func(r rune) rune {
		if !xmlChar(r) {
			return -1
		}
		return r
	}, s)
}

// xmlChar reports whether XML 1.0 allows r (its Char production).
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || 0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
}

// first returns the first n items of a slice of briefings, entities,
// backlinks or counts.
func first(n int, list any) any {
	switch l := list.(type) {
	case []*site.Briefing:
		return l[:min(n, len(l))]
	case []*site.Entity:
		return l[:min(n, len(l))]
	case []site.Backlink:
		return l[:min(n, len(l))]
	case []site.Count:
		return l[:min(n, len(l))]
	case []*site.Tag:
		return l[:min(n, len(l))]
	}
	return list
}

// Feed is what atom.xml sees.
type Feed struct {
	Title     string
	Subtitle  string
	ID        string // the feed's absolute URL
	Alternate string // the page the feed follows
	Updated   string // RFC 3339
	Author    string
	Entries   []Entry
}

// Entry is one briefing in a feed: Updated is when it last changed
// (its date, updated or latest correction), Published its date; Marking
// is its label ("TLP:AMBER"), "" when it carries none, which the feed
// gives as a category, so that a feed reader shows it beside the item.
type Entry struct {
	Title, URL, Updated, Published, Summary string
	Categories                              []string
	Marking                                 string
	// Status says why a reader of this feed must not take the entry as
	// published: "Draft", "Embargoed until 12 February 2025", both, or
	// none. Only a build with --drafts or --future (serve --drafts) has
	// such entries; the feed puts each before the title and as a
	// category, as pages and lists say it.
	Status []string
	// Authors are the briefing's authors, each with the absolute URL of
	// their page when they have a note; none when the briefing names
	// none (the feed's author stands for them).
	Authors []EntryAuthor
	// Correction is the briefing's latest correction, nil for none:
	// the entry comes back to feed readers saying what was corrected.
	Correction *EntryCorrection
}

// EntryAuthor is an author of a feed entry.
type EntryAuthor struct{ Name, URI string }

// EntryCorrection is a feed entry's latest correction: its day in words
// ("13 February 2025") and its text.
type EntryCorrection struct{ Date, Text string }

// Sitemap is what sitemap.xml sees.
type Sitemap struct {
	URLs []SitemapURL
}

// SitemapURL is one page of the sitemap.
type SitemapURL struct{ Loc, LastMod string }

// Render writes every page of s with the theme. Pages render in parallel;
// the files come back sorted by path. Every template error is returned,
// joined, naming the page.
func (set *Set) Render(s *site.Site) ([]File, error) { return set.render(s, nil) }

// render is Render, reusing what c (nil for none) holds from the last
// render.
func (set *Set) render(s *site.Site, c *Cache) ([]File, error) {
	set.forget()
	files, err := set.renderPages(Pages(s), c)
	if err != nil {
		return nil, err
	}
	feeds, err := set.feedFiles(s, c)
	if err != nil {
		return nil, err
	}
	files = append(files, feeds...)
	files = append(files, set.Assets()...)
	files = append(files, set.flagFiles(s)...)
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return files, nil
}

// renderPages executes the templates of pages on every core, taking from
// c (nil for none) the pages whose keys did not change, and keeps what it
// made in c. The error joins the first ten different template errors.
func (set *Set) renderPages(pages []*Page, c *Cache) ([]File, error) {
	files := make([]File, len(pages))
	errs := make([]error, len(pages))
	keys := make([]uint64, len(pages))
	hits := make([]bool, len(pages))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := range next {
				buf.Reset()
				p := pages[i]
				f, key, hit := c.page(set, p)
				if hit {
					files[i], hits[i] = f, true
					continue
				}
				keys[i] = key
				if err := set.Execute(&buf, p); err != nil {
					errs[i] = set.explain(err, p.URL)
					continue
				}
				files[i] = File{Path: OutputPath(p.URL), Data: bytes.Clone(buf.Bytes())}
			}
		})
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	var problems []string
	for _, err := range errs {
		if err != nil && !slices.Contains(problems, err.Error()) {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems[:min(len(problems), 10)], "\n"))
	}
	c.keepPages(files, keys, hits)
	return files, nil
}

// OutputPath is the file a page URL is written to: "/people/x/" ->
// "people/x/index.html"; "/404.html" stays "404.html".
func OutputPath(u string) string {
	u = strings.TrimPrefix(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}

// Pages lists every HTML page of the site.
func Pages(s *site.Site) []*Page {
	cfg := s.Config
	var out []*Page
	add := func(p *Page) { p.Site = s; out = append(out, p) }
	add(&Page{Kind: "home", URL: "/", Title: cfg.Title, Description: cfg.Description, Page: s.Home, Feed: "/index.xml"})
	add(&Page{Kind: "404", URL: "/404.html", Title: "Page not found", fromRoot: true})
	add(&Page{Kind: "search", URL: "/search/", Title: "Search"})

	per := cfg.Paginate
	total := max(1, (len(s.Briefings)+per-1)/per)
	pageURL := func(n int) string {
		if n == 1 {
			return "/briefings/"
		}
		return "/briefings/page/" + strconv.Itoa(n) + "/"
	}
	for n := 1; n <= total; n++ {
		pager := &Pager{Number: n, Total: total, First: pageURL(1), Last: pageURL(total)}
		if n > 1 {
			pager.Prev = pageURL(n - 1)
		}
		if n < total {
			pager.Next = pageURL(n + 1)
		}
		title := "Briefings"
		if n > 1 {
			title = fmt.Sprintf("Briefings, page %d of %d", n, total)
		}
		add(&Page{Kind: "list", URL: pageURL(n), Title: title, Briefings: s.Briefings[(n-1)*per : min(len(s.Briefings), n*per)], Pager: pager, Feed: "/index.xml"})
	}
	for _, b := range s.Briefings {
		add(&Page{Kind: "briefing", URL: b.URL, Title: b.Title, Description: b.Summary, Briefing: b})
	}
	for _, k := range s.Kinds {
		if !slices.Contains(s.KindsListed(), k) {
			continue // no outlets: no list of them
		}
		add(&Page{Kind: "terms", URL: "/" + k.Name + "/", Title: k.Title, EntityKind: k})
		for _, e := range s.Entities[k.Name] {
			add(&Page{Kind: "entity", URL: e.URL, Title: e.Name, Description: e.Summary, Entity: e, EntityKind: k, Feed: e.URL + "index.xml"})
		}
	}
	add(&Page{Kind: "terms", URL: "/tags/", Title: "Tags", EntityKind: config.Kind{Name: "tags", Singular: "tag", Title: "Tags"}})
	for _, t := range s.Tags {
		add(&Page{Kind: "tag", URL: t.URL, Title: "Tag: " + t.Name, Tag: t, Briefings: t.Briefings, Feed: t.URL + "index.xml"})
	}
	add(&Page{Kind: "timeline", URL: "/timeline/", Title: "Timeline"})
	add(&Page{Kind: "corrections", URL: "/corrections/", Title: "Corrections", Description: "Every correction made to a briefing, the latest first."})
	add(&Page{Kind: "graph", URL: "/graph/", Title: "Who appears with whom"})
	add(&Page{Kind: "map", URL: "/map/", Title: "Map"})
	add(&Page{Kind: "data", URL: "/data/", Title: "Data"})
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			add(&Page{Kind: "dossier", URL: DossierURL(e.URL), Title: "Dossier: " + e.Name, Description: e.Summary, Entity: e, EntityKind: k})
		}
	}
	for _, t := range s.Tags {
		add(&Page{Kind: "dossier", URL: DossierURL(t.URL), Title: "Dossier: " + t.Name, Tag: t})
	}
	for _, y := range s.Timeline {
		add(&Page{Kind: "year", URL: y.URL, Title: "Timeline: " + strconv.Itoa(y.Year), Year: y})
	}
	for _, pg := range s.Pages {
		add(&Page{Kind: "page", URL: pg.URL, Title: pg.Title, Description: pg.Summary, Page: pg})
	}
	return out
}

// feedFiles renders the site's Atom feed, one per entity and tag, and the
// sitemap.
func (set *Set) feedFiles(s *site.Site, c *Cache) ([]File, error) {
	cfg := s.Config
	var files []File
	var buf bytes.Buffer
	var err error
	eachFeed(s, func(path, title, page string, briefings []*site.Briefing) {
		out := strings.TrimPrefix(path, "/")
		if err != nil {
			return
		}
		entries := latestChanged(briefings, feedLength)
		if kept, hit := c.feed(set, out, "atom.xml", cfg, feedSource{path: path, title: title, page: page, entries: entries}); hit {
			files = append(files, kept)
			return
		}
		buf.Reset()
		if e := set.ExecuteFeed(&buf, "atom.xml", makeFeed(cfg, path, title, page, entries)); e != nil {
			err = set.explain(e, path)
			return
		}
		files = append(files, File{Path: out, Data: bytes.Clone(buf.Bytes())})
		c.keepFeed(out, files[len(files)-1].Data)
	})
	if err != nil {
		return nil, err
	}
	sm := makeSitemap(s)
	if kept, hit := c.sitemap(set, sm); hit {
		return append(files, kept), nil
	}
	buf.Reset()
	if err := set.ExecuteFeed(&buf, "sitemap.xml", sm); err != nil {
		return nil, set.explain(err, "/sitemap.xml")
	}
	files = append(files, File{Path: "sitemap.xml", Data: bytes.Clone(buf.Bytes())})
	c.keepFeed("sitemap.xml", files[len(files)-1].Data)
	return files, nil
}

// feedLength is the number of newest briefings a feed carries.
const feedLength = 20

// eachFeed calls fn for the site's Atom feed, then the feed of each
// entity and tag: the feed's path, title, the page it follows and the
// briefings it draws from, newest first.
func eachFeed(s *site.Site, fn func(path, title, page string, briefings []*site.Briefing)) {
	cfg := s.Config
	fn("/index.xml", cfg.Title, "/", s.Briefings)
	// A briefing updated or corrected comes back to the top of its
	// feeds: then every briefing of a feed is a candidate, not only the
	// newest.
	all := slices.ContainsFunc(s.Briefings, changed)
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			var bs []*site.Briefing
			n := len(e.Backlinks)
			if !all {
				n = min(feedLength, n)
			}
			for _, bl := range e.Backlinks[:n] {
				bs = append(bs, bl.Briefing)
			}
			fn(e.URL+"index.xml", e.Name+" · "+cfg.Title, e.URL, bs)
		}
	}
	for _, t := range s.Tags {
		fn(t.URL+"index.xml", t.Name+" · "+cfg.Title, t.URL, t.Briefings)
	}
}

// changed reports whether a briefing was updated or corrected since it
// was published.
func changed(b *site.Briefing) bool { return !b.Updated.IsZero() || len(b.Corrections) > 0 }

// latestChanged returns the n briefings of bs (newest first) that
// changed last: published, updated or corrected, by their front matter.
// A correction brings an old briefing back to feed readers.
func latestChanged(bs []*site.Briefing, n int) []*site.Briefing {
	if !slices.ContainsFunc(bs, changed) {
		return bs[:min(n, len(bs))]
	}
	out := slices.Clone(bs)
	slices.SortStableFunc(out, func(a, b *site.Briefing) int { return b.Modified().Time.Compare(a.Modified().Time) })
	return out[:min(n, len(out))]
}

// makeFeed is what atom.xml sees for the feed at path, whose entries
// are briefings, the latest changed first: an entry's updated is when it
// last changed (published, updated or corrected), its published its date.
func makeFeed(cfg *config.Site, path, title, page string, briefings []*site.Briefing) Feed {
	f := Feed{Title: title, Subtitle: cfg.Description, ID: absURL(cfg, path), Alternate: absURL(cfg, page), Author: cmp.Or(cfg.Author, cfg.Title)}
	for _, b := range latestChanged(briefings, feedLength) {
		e := Entry{Title: b.Title, URL: absURL(cfg, b.URL), Updated: b.Modified().Time.UTC().Format(time.RFC3339),
			Published: b.Date.Time.UTC().Format(time.RFC3339), Summary: b.Summary, Marking: b.Label.Text}
		if b.Draft {
			e.Status = append(e.Status, "Draft")
		}
		if b.Embargoed {
			e.Status = append(e.Status, "Embargoed until "+b.Date.Format())
		}
		for _, t := range b.Tags {
			e.Categories = append(e.Categories, t.Name)
		}
		for _, a := range b.Authors {
			ea := EntryAuthor{Name: a.Name}
			if a.Person != nil {
				ea.Name, ea.URI = a.Person.Name, absURL(cfg, a.Person.URL)
			}
			e.Authors = append(e.Authors, ea)
		}
		if c := latestCorrection(b); c != nil {
			e.Correction = &EntryCorrection{Date: c.Date.Format(), Text: c.Text}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = "1970-01-01T00:00:00Z"
	if len(f.Entries) > 0 {
		f.Updated = f.Entries[0].Updated
	}
	return f
}

// latestCorrection returns b's latest correction (the last written of
// those of its latest day), nil when it has none.
func latestCorrection(b *site.Briefing) *content.Correction {
	var latest *content.Correction
	for i := range b.Corrections {
		c := &b.Corrections[i]
		if latest == nil || !c.Date.Time.Before(latest.Date.Time) {
			latest = c
		}
	}
	return latest
}

// makeSitemap is what sitemap.xml sees: every page but the 404 page.
func makeSitemap(s *site.Site) Sitemap {
	var sm Sitemap
	for _, p := range Pages(s) {
		if p.Kind == "404" {
			continue
		}
		lastmod := ""
		if p.Briefing != nil {
			lastmod = p.Briefing.Modified().Time.Format("2006-01-02")
		}
		sm.URLs = append(sm.URLs, SitemapURL{Loc: absURL(s.Config, p.URL), LastMod: lastmod})
	}
	return sm
}
