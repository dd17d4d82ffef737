// Package site assembles notes into a Site: every briefing, every entity
// (person, country, event, or a declared kind) with a page of its own, and
// the links between them, both ways. It resolves the names front matter
// and wikilinks use (a name, an alias or a slug, whatever the case or
// accents), makes pages for entities named without a note, and reports
// unknown, ambiguous and duplicate names.
//
// The key types are Site, Briefing, Entity and Backlink. Assemble builds a
// Site from notes with no I/O; ResolverFor serves the Markdown renderer;
// AddLinks records what a rendered body links to; Link computes
// backlinks, related briefings and timelines, after which the Site is
// read-only.
package site

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/edition"
	"briefings/generator/markdown"
	"briefings/generator/marking"
	"briefings/generator/spill"
)

// Site is everything a build publishes, linked both ways.
type Site struct {
	Config *config.Site
	// Kinds are the entity kinds, built-in first.
	Kinds []config.Kind
	// Briefings are the published briefings, newest first.
	Briefings []*Briefing
	// Entities maps a kind name to its entities, alphabetical.
	Entities map[string][]*Entity
	// Pages are the plain pages (content/*.md), by slug.
	Pages []*Page
	// Home is content/_index.md, shown on the home page, or nil.
	Home *Page
	// Tags are every tag, alphabetical.
	Tags []*Tag
	// Timeline holds every event and briefing by year and month, oldest
	// first; filled by Link.
	Timeline []*Year
	// Files are the non-Markdown files of content/ and of page bundles, by
	// output path (from the output folder) to source path (from the site
	// folder).
	Files map[string]string
	// LeftOut counts the notes the edition kept out of the site, and why.
	LeftOut LeftOut
	// Edition is what this build publishes, which Assemble was given:
	// the Site holds its published notes and nothing of the others.
	Edition *edition.Edition
	// Corrections are the corrections of every briefing, the latest
	// first, for the site-wide corrections page.
	Corrections []Corrected

	kindAt    map[string]int       // kind name -> its place in Kinds
	urls      map[string]string    // URL of every page published -> what claimed it
	names     map[string][]*Entity // Slug of a name, alias or slug -> entities
	byKey     map[string]*Entity   // "people/vladimir-putin" -> entity
	briefings map[string]*Briefing // Slug of a slug or title -> briefing
	tags      map[string]*Tag
	spellings map[*Entity]map[string]int
	// anchors are the links to a heading of a page ([[Name#Heading]])
	// that AddLinks saw, which CheckAnchors checks.
	anchors []anchor
	// leads holds the first paragraphs of the pages embeds show whose
	// front matter gives no summary, by key; set by SetLeads before the
	// bodies are rendered.
	leads map[string]string
	// slugs memoizes content.Slug for the names front matter lists, which
	// repeat: a person is named by thousands of briefings.
	slugs map[string]string
	// tagSpellings counts the spellings of each tag, to name it.
	tagSpellings map[*Tag]map[string]int
	// noted indexes the names and aliases of the notes of each kind, for
	// the near misses of front matter names; made at the first name of
	// the kind that no note has, and let go of with the other maps
	// Assemble alone uses. near holds what it found for each kind and
	// slug.
	noted map[string]*nearIndex
	near  map[string][]nearMatch
	// linkable indexes every entity's names and aliases, for the near
	// misses of wikilinks; made at the first that resolves to nothing.
	linkable     *nearIndex
	linkableOnce sync.Once
	// quotesIn is where the briefings' quoted sentences wait; nil keeps
	// them in memory.
	quotesIn *spill.File
	// linked is the graph Link related the briefings by, which the
	// next Link of a Builder compares its own with (see LinkSince).
	linked *graph
	// quotedBy holds, for a Builder's Site (QuotesSince), what AddLinks
	// quoted of each rendering of a body, and quotedBefore the last
	// Site's.
	quotedBy, quotedBefore map[*markdown.Result]*quoting
}

// QuotesSince has AddLinks remember what it quotes of each rendering of
// a body, and take from old, the Site of the last build of the same
// folder (nil for none), what it quoted of the same rendering linking
// the same entities rather than quote it again: a Builder's renders
// keep the rendering of every body an edit does not change. Call it
// before AddLinks.
func (s *Site) QuotesSince(old *Site) {
	s.quotedBy = map[*markdown.Result]*quoting{}
	if old != nil {
		s.quotedBefore = old.quotedBy
	}
}

// quoting is what quote made of a rendering of a briefing's body for the
// entities of keys, in order: the briefing's quoted and quotes, and the
// from and to of each backlink.
type quoting struct {
	keys   []string
	text   spill.Bytes
	quotes []int32
	ranges []int32
}

// KeepQuotesIn has the sentences that backlinks quote, which AddLinks
// records, wait in f rather than in memory: they are read again only as
// the pages and data files that show them are written (at 10,000
// briefings some 20 MB, at 100,000 some 170 MB). Call it before
// AddLinks.
func (s *Site) KeepQuotesIn(f *spill.File) { s.quotesIn = f }

// LeftOut counts the notes a build did not publish, by reason, so that
// nothing is left out without a word (the summary line reads it).
type LeftOut struct {
	// Drafts counts the notes marked draft = true (briefings, entities
	// and pages), left out without --drafts.
	Drafts int
	// Marked counts the notes that are not drafts and are marked above
	// the audience.
	Marked int
	// Future counts the briefings dated after the build's Now that are
	// neither drafts nor marked above the audience, left out without
	// --future.
	Future int
	// Next is the earliest date of those Future briefings: when the
	// next one is due. It is zero when Future is.
	Next content.Date
}

// Briefing is a published briefing.
type Briefing struct {
	Note    *content.Note
	Slug    string
	URL     string // "/briefings/<slug>/"
	Title   string
	Date    content.Date
	Summary string
	// Sources are the sources the briefing cites, with their outlets
	// resolved and the grades they take.
	Sources []Source
	// Authors are the briefing's writers, as its front matter names
	// them; Updated is the day it was last brought up to date, and
	// Corrections what was corrected, in the order written.
	Authors     []Author
	Updated     content.Date
	Corrections []content.Correction
	Tags        []*Tag
	// named lists, by kind in the order of Site.Kinds, the entities the
	// front matter names, in the order written; mentioned lists every
	// entity the briefing names or links to in its body, front matter
	// first. Lists by kind's place rather than maps by kind's name: at
	// 100,000 briefings the maps were 90 MB the garbage collector went
	// through at every cycle, the lists are a fifth of that.
	named, mentioned [][]*Entity
	// kinds are Site.Kinds, which Named and Mentioned key their maps by.
	kinds []config.Kind
	// quoted holds the sentences of the body that backlinks quote, once
	// each and back to back; quotes holds the start and end in quoted of
	// each quote and of the link's text in it, backlink by backlink
	// (quoteInts numbers a quote; see Backlink.Context). It waits in a
	// spill file for a Build (Site.KeepQuotesIn).
	quoted spill.Bytes
	quotes []int32
	// Body is the rendered body and Plain its plain text, which HTML
	// and Text read; Words is its length in words.
	Body, Plain spill.Bytes
	Words       int
	// headings are the ids of the body's headings.
	headings []string
	// Contents lists the body's second- and third-level headings, for
	// the table of contents of a long briefing (see TOC).
	Contents []markdown.Heading
	// summaryFromBody is set when Summary is the body's first paragraph,
	// the front matter giving none.
	summaryFromBody bool
	// Prev and Next are the briefings published before and after this
	// one (older and newer), nil at either end; set by Link.
	Prev, Next *Briefing
	// Label is the briefing's marking: its own tlp, or site.toml's
	// default_tlp; the zero Label when it carries none.
	Label marking.Label
	// Related are the briefings sharing the most weight of entities,
	// filled by Link.
	Related []*Briefing
	// LinkedFrom lists the briefings whose bodies link to this one.
	LinkedFrom []*Briefing

	// order is the briefing's place in Site.Briefings, set by Assemble.
	order int
	// Draft and Embargoed mark a briefing published only because the
	// build asked for drafts (--drafts) or for briefings dated after its
	// now (--future): pages show them as such.
	Draft, Embargoed bool
}

// Key identifies the briefing as a link target.
func (b *Briefing) Key() string { return "briefings/" + b.Slug }

// Named returns, by kind name, the entities the front matter names, in
// the order written: `.Briefing.Named.people` in a template. It is nil
// once DropNamed has let go of them.
func (b *Briefing) Named() map[string][]*Entity { return b.byKind(b.named) }

// Mentioned returns, by kind name, every entity the briefing names or
// links to in its body, front matter first.
func (b *Briefing) Mentioned() map[string][]*Entity { return b.byKind(b.mentioned) }

// NamedIn returns the entities of the kind Site.Kinds[i] that the front
// matter names, in the order written.
func (b *Briefing) NamedIn(i int) []*Entity {
	if i >= len(b.named) {
		return nil
	}
	return b.named[i]
}

// MentionedIn returns the entities of the kind Site.Kinds[i] that the
// briefing names or links to in its body, front matter first.
func (b *Briefing) MentionedIn(i int) []*Entity {
	if i >= len(b.mentioned) {
		return nil
	}
	return b.mentioned[i]
}

// DropNamed lets go of the entities each briefing's front matter names,
// once Link has turned them into backlinks; Mentioned holds them too. At
// 100,000 briefings that is some 20 MB of lists the garbage collector no
// longer marks while pages are written. It lets go of the graph Link
// related the briefings by too, which only the next LinkSince reads.
func (s *Site) DropNamed() {
	s.linked = nil
	for _, b := range s.Briefings {
		// The lists share one array with mentioned: emptied, or
		// the array would keep them.
		clear(b.named)
		b.named = nil
	}
}

// DropHeadings lets go of the ids of the bodies' headings, which only
// CheckAnchors reads, and of the headings of a briefing too short for
// TOC to list them, for a build that has checked the anchors and shows
// the briefings' contents only through TOC.
func (s *Site) DropHeadings() {
	for _, b := range s.Briefings {
		b.headings = nil
		if len(b.Contents) < 3 {
			b.Contents = nil
		}
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			e.headings = nil
		}
	}
	s.anchors = nil
}

// byKind makes the map of lists by kind name that Named and Mentioned
// return, with every kind as a key, as the templates have always had.
func (b *Briefing) byKind(lists [][]*Entity) map[string][]*Entity {
	if lists == nil {
		return nil
	}
	m := make(map[string][]*Entity, len(b.kinds))
	for i, k := range b.kinds {
		m[k.Name] = lists[i]
	}
	return m
}

// HTML returns the rendered body.
func (b *Briefing) HTML() ([]byte, error) { return b.Body.Read() }

// Text returns the plain text of the body.
func (b *Briefing) Text() (string, error) { return b.Plain.ReadString() }

// ReadingTime returns the minutes a reader needs, at 220 words a minute.
func (b *Briefing) ReadingTime() int { return max(1, (b.Words+110)/220) }

// Entity is a person, country, event or entity of a declared kind: from a
// note, or a stub for a name briefings use without a note.
type Entity struct {
	Kind config.Kind
	Slug string
	URL  string // "/<kind>/<slug>/"
	Name string
	// Note is nil for a stub.
	Note *content.Note
	// Draft marks a note marked draft, published because the build asked
	// for drafts.
	Draft   bool
	Aliases []string
	Role    string
	Code    string
	Capital string
	Date    content.Date
	EndDate content.Date
	// Location is an event's place.
	Location string
	// Coordinates place an event on the maps, when its note gives them.
	Coordinates content.Coordinates
	Summary     string
	// Wikidata is the entity's Wikidata item id ("Q212"), "" when its
	// note gives none.
	Wikidata string
	// Reliability is an outlet's default reliability grade, which its
	// sources take when they give none; Website is its address.
	Reliability string
	Website     string
	// Grades count, for an outlet, the grades its sources were given,
	// filled by Link.
	Grades []GradeCount
	// Authored lists, for a person, the briefings that name them among
	// their authors, newest first.
	Authored []*Briefing
	// Label is the note's marking, as Briefing.Label; the zero Label for
	// a stub.
	Label marking.Label
	// Tied lists, by kind, the entities the note names in its front
	// matter: a person's countries, an event's people and countries.
	Tied map[string][]*Entity
	// Body is the rendered note and Plain its plain text, which HTML and
	// Text read.
	Body, Plain spill.Bytes
	// headings are the ids of the note's headings.
	headings []string

	// Backlinks are the briefings that mention the entity, newest first.
	// They are values, not pointers: a site of 100,000 briefings has
	// close to two million, which the garbage collector would otherwise
	// visit one by one at every cycle.
	Backlinks []Backlink
	// Together are the entities of each kind that share most briefings
	// with this one, with the number shared; filled by Link.
	Together map[string][]Count
	// Events are the events this entity took part in (people) or that
	// concern it (countries), oldest first.
	Events []*Entity
	// Before and After are the events just before and after this one on
	// the same countries.
	Before, After []*Entity
	// Participants are the people and countries that took part in an
	// event: named by its note or tied to it by a person's note.
	Participants map[string][]*Entity
	// LinkedFrom lists the entity notes whose bodies link here.
	LinkedFrom []*Entity

	// sortKey is content.Slug(sortKeyOf), the key byName sorts by,
	// computed once for the Name it was made from: sorting compares keys
	// many times per entity.
	sortKey, sortKeyOf string
}

// Key identifies the entity as a link target.
func (e *Entity) Key() string { return e.Kind.Name + "/" + e.Slug }

// IsStub reports whether the entity has no note of its own.
func (e *Entity) IsStub() bool { return e.Note == nil }

// HTML returns the rendered note; nil for a stub.
func (e *Entity) HTML() ([]byte, error) { return e.Body.Read() }

// Text returns the plain text of the note.
func (e *Entity) Text() (string, error) { return e.Plain.ReadString() }

// Flag returns the flag emoji of a country code, or "".
func (e *Entity) Flag() string {
	if len(e.Code) != 2 {
		return ""
	}
	var b strings.Builder
	for _, c := range e.Code {
		if c < 'A' || c > 'Z' {
			return ""
		}
		b.WriteRune(0x1F1E6 + c - 'A')
	}
	return b.String()
}

// Lede returns the summary a briefing's page shows under its title: the
// front matter's, or "" when the summary is the body's first paragraph,
// which the page shows already.
func (b *Briefing) Lede() string {
	if b.summaryFromBody {
		return ""
	}
	return b.Summary
}

// TOC returns the headings a table of contents lists, or nil when the
// briefing is too short to need one: fewer than three headings.
func (b *Briefing) TOC() []markdown.Heading {
	if len(b.Contents) < 3 {
		return nil
	}
	return b.Contents
}

// Reading returns the briefings a reader may go on to: the related
// ones, then those that link to this one and are not related, each once.
func (b *Briefing) Reading() []*Briefing {
	if len(b.LinkedFrom) == 0 {
		return b.Related
	}
	out := slices.Clip(b.Related)
	for _, l := range b.LinkedFrom {
		if !slices.Contains(b.Related, l) {
			out = append(out, l)
		}
	}
	return out
}

// Backlink is one briefing that mentions an entity, and how.
type Backlink struct {
	Briefing *Briefing
	// FrontMatter is set when the briefing's front matter names the entity.
	FrontMatter bool
	// Cited is set when one of the briefing's sources names the entity
	// (an outlet) as its outlet.
	Cited bool
	// order is the briefing's order, copied here so that Link sorts
	// the backlinks without reading every briefing they point to.
	order int32
	// from and to delimit the backlink's quotes in the briefing's quotes,
	// two numbers a quote.
	from, to int32
}

// Contexts returns the sentences around the body's mentions of the
// entity, in the order written.
func (bl Backlink) Contexts() []string {
	if bl.from == bl.to {
		return nil
	}
	quotes, lo, s := bl.read()
	out := make([]string, bl.NumContexts())
	for i := range out {
		q := quotes[quoteInts*i:]
		out[i] = s[q[0]-lo : q[1]-lo]
	}
	return out
}

// read returns the backlink's quotes (see quoteInts) and its sentences,
// read at once from the start of the first, lo, to the end of the last.
func (bl Backlink) read() (quotes []int32, lo int32, s string) {
	quotes = bl.Briefing.quotes[quoteInts*bl.from : quoteInts*bl.to]
	lo, hi := quotes[0], quotes[1]
	for i := 0; i < len(quotes); i += quoteInts {
		lo, hi = min(lo, quotes[i]), max(hi, quotes[i+1])
	}
	return quotes, lo, bl.Briefing.quoted.Slice(int(lo), int(hi)).String()
}

// NumContexts returns the number of sentences Contexts returns, without
// making the list.
func (bl Backlink) NumContexts() int { return int(bl.to - bl.from) }

// Index returns the place in Site.Briefings of the briefing the
// backlink is from, without reading the briefing.
func (bl Backlink) Index() int { return int(bl.order) }

// Context returns the i-th sentence Contexts returns, without making the
// list.
func (bl Backlink) Context(i int) string {
	b := bl.Briefing
	q := b.quotes[quoteInts*(int(bl.from)+i):]
	return b.quoted.Slice(int(q[0]), int(q[1])).String()
}

// quoteInts is how many numbers of Briefing.quotes make one quote: its
// start and end, and the start and end of the link's text in it (equal
// to the start when the link is not in it).
const quoteInts = 4

// Quote is a sentence a backlink quotes, cut around the text that links
// to the entity, which a page highlights: Before, Mark and After, back
// to back, are the sentence.
type Quote struct {
	Before, Mark, After string
}

// Quotes returns the sentences Contexts returns, each cut around the
// link to the entity.
func (bl Backlink) Quotes() []Quote {
	if bl.from == bl.to {
		return nil
	}
	quotes, lo, s := bl.read()
	out := make([]Quote, bl.NumContexts())
	for i := range out {
		q := quotes[quoteInts*i:]
		q0, q1, q2, q3 := q[0]-lo, q[1]-lo, q[2]-lo, q[3]-lo
		if q2 == q3 {
			out[i] = Quote{Before: s[q0:q1]}
			continue
		}
		out[i] = Quote{Before: s[q0:q2], Mark: s[q2:q3], After: s[q3:q1]}
	}
	return out
}

// Quote returns the i-th quote Quotes returns, without making the list.
func (bl Backlink) Quote(i int) Quote {
	q := bl.Briefing.quotes[quoteInts*(int(bl.from)+i):]
	s := bl.Briefing.quoted.Slice(int(q[0]), int(q[1])).String()
	if q[2] == q[3] {
		return Quote{Before: s}
	}
	m0, m1 := q[2]-q[0], q[3]-q[0]
	return Quote{Before: s[:m0], Mark: s[m0:m1], After: s[m1:]}
}

// Count is an entity and a number of shared briefings.
type Count struct {
	Entity *Entity
	N      int
}

// Page is a plain page such as content/about.md.
type Page struct {
	Note    *content.Note
	Slug    string
	URL     string
	Title   string
	Summary string
	Date    content.Date
	// Draft marks a page marked draft, published because the build asked
	// for drafts.
	Draft bool
	// Label is the page's marking, as Briefing.Label.
	Label marking.Label
	// Body is the rendered note, which HTML reads.
	Body spill.Bytes
}

// HTML returns the rendered page.
func (p *Page) HTML() ([]byte, error) { return p.Body.Read() }

// Tag is a tag and its briefings, newest first.
type Tag struct {
	Name      string
	Slug      string
	URL       string
	Briefings []*Briefing
}

// Year is a year of the timeline.
type Year struct {
	Year   int
	URL    string // "/timeline/<year>/"
	Months []*Month
	// Events are the year's events, for the timeline's front page.
	Events []*Item
	// Count is the number of entries, events and briefings.
	Count int
}

// Briefings returns how many of the year's entries are briefings: the
// timeline's front page lists the events and counts the briefings.
func (y *Year) Briefings() int { return y.Count - len(y.Events) }

// Month is a month of the timeline; Month is 0 for items known only to
// the year.
type Month struct {
	Month time.Month
	Items []*Item
}

// Day is the entries of a month on one date, as a year's page groups
// them.
type Day struct {
	Date  content.Date
	Items []*Item
}

// Days returns the month's entries grouped by date, in order.
func (m *Month) Days() []Day {
	var out []Day
	for _, it := range m.Items {
		if n := len(out); n > 0 && out[n-1].Date.ISO() == it.Date.ISO() {
			out[n-1].Items = append(out[n-1].Items, it)
			continue
		}
		out = append(out, Day{Date: it.Date, Items: []*Item{it}})
	}
	return out
}

// Item is one entry of the timeline: an event or a briefing.
type Item struct {
	Date, EndDate content.Date
	Briefing      *Briefing
	Event         *Entity
}

// Assemble builds the Site from the notes an edition publishes: it
// indexes every name, resolves front matter and makes stubs. A name that
// only a withheld note has resolves to nothing, without a stub or a
// word. It does no I/O.
func Assemble(cfg *config.Site, tree *content.Tree, ed *edition.Edition, diags *diag.List) *Site {
	s := &Site{
		Config:       cfg,
		Edition:      ed,
		Kinds:        cfg.AllKinds(),
		Entities:     map[string][]*Entity{},
		Files:        map[string]string{},
		names:        map[string][]*Entity{},
		byKey:        map[string]*Entity{},
		briefings:    map[string]*Briefing{},
		tags:         map[string]*Tag{},
		spellings:    map[*Entity]map[string]int{},
		slugs:        map[string]string{},
		noted:        map[string]*nearIndex{},
		near:         map[string][]nearMatch{},
		tagSpellings: map[*Tag]map[string]int{},
	}
	kinds := map[string]config.Kind{}
	s.kindAt = map[string]int{}
	for i, k := range s.Kinds {
		kinds[k.Name] = k
		s.kindAt[k.Name] = i
	}
	urls := map[string]string{} // output URL -> path of the note that claimed it
	s.urls = urls
	claim := func(url, path string, line int) bool {
		if other, ok := urls[url]; ok {
			diags.Errorf(diag.Pos{File: path, Line: max(line, 1)}, "this note would be published at %s, like %s: rename one of the two files", url, other)
			return false
		}
		urls[url] = path
		return true
	}
	for _, p := range []string{"/briefings/", "/tags/", "/timeline/", "/search/", "/corrections/", "/graph/", "/map/", "/data/", "/"} {
		urls[p] = "the generator's own " + p + " page"
	}
	for _, k := range s.Kinds {
		urls["/"+k.Name+"/"] = "the generator's own /" + k.Name + "/ page"
	}

	for _, f := range tree.Files {
		s.Files[f] = "content/" + f
	}

	// Entity notes first, so that front matter names resolve to them.
	s.leftOut()
	var entityNotes []*content.Note
	for _, n := range ed.Published {
		if n.Entity == nil {
			continue
		}
		k := kinds[n.Kind]
		e := &Entity{Kind: k, Slug: n.Slug, URL: "/" + k.Name + "/" + n.Slug + "/", Name: n.Entity.Name, Note: n, Draft: n.Entity.Draft,
			Aliases: n.Entity.Aliases, Role: n.Entity.Role, Code: n.Entity.Code, Capital: n.Entity.Capital,
			Date: n.Entity.Date.In(ed.Location), EndDate: n.Entity.EndDate.In(ed.Location), Location: n.Entity.Location,
			Coordinates: n.Entity.Coordinates, Summary: markdown.Typographic(n.Entity.Summary), Label: ed.Label(n), Wikidata: n.Entity.Wikidata, Reliability: n.Entity.Reliability, Website: n.Entity.URL}
		if !claim(e.URL, n.Path, 0) {
			continue
		}
		s.addFiles(n, e.URL)
		s.addEntity(e)
		entityNotes = append(entityNotes, n)
	}
	s.checkDuplicates(diags)
	s.checkWikidata(diags)

	for _, n := range ed.Published {
		switch {
		case n.Page != nil:
			p := &Page{Note: n, Slug: n.Slug, URL: "/" + n.Slug + "/", Title: markdown.Typographic(n.Page.Title), Summary: markdown.Typographic(n.Page.Summary),
				Date: n.Page.Date.In(ed.Location), Draft: n.Page.Draft, Label: ed.Label(n)}
			if n.Slug == "index" && n.Path == "content/_index.md" || n.Path == "content/index.md" {
				p.URL = "/"
				s.Home = p
				continue
			}
			if !claim(p.URL, n.Path, 0) {
				continue
			}
			s.addFiles(n, p.URL)
			s.Pages = append(s.Pages, p)
		case n.Briefing != nil:
			fm := n.Briefing
			date := fm.Date.In(ed.Location)
			b := &Briefing{Note: n, Slug: n.Slug, URL: "/briefings/" + n.Slug + "/", Title: markdown.Typographic(fm.Title), Date: date,
				Draft: fm.Draft, Embargoed: date.Time.After(ed.Rules.Now), Updated: fm.Updated.In(ed.Location),
				Summary: markdown.Typographic(fm.Summary), kinds: s.Kinds, Label: ed.Label(n)}
			for _, c := range fm.Corrections {
				c.Date = c.Date.In(ed.Location)
				c.Text = markdown.Typographic(c.Text)
				b.Corrections = append(b.Corrections, c)
			}
			if !claim(b.URL, n.Path, 0) {
				continue
			}
			s.addFiles(n, b.URL)
			s.Briefings = append(s.Briefings, b)
		}
	}

	// Front matter names: the briefings', their sources' outlets and
	// their authors, then the entity notes' ties.
	for _, b := range s.Briefings {
		s.resolveSources(b, diags)
		s.resolveAuthors(b, diags)
		s.checkAhead(b, diags)
		fm := b.Note.Briefing
		lists := make([][]*Entity, 2*len(s.Kinds))
		b.named, b.mentioned = lists[:len(s.Kinds):len(s.Kinds)], lists[len(s.Kinds):]
		for i, k := range s.Kinds {
			for _, name := range s.commaList(k, fm.Mentions[k.Name], b.Note, diags) {
				e := s.resolveNamed(k, name, b.Note, diags)
				if e != nil && !slices.Contains(b.named[i], e) {
					b.named[i] = append(b.named[i], e)
				}
			}
			b.mentioned[i] = slices.Clone(b.named[i])
		}
		for _, t := range s.commaList(config.Kind{Name: "tags"}, fm.Tags, b.Note, diags) {
			slug := s.slug(t)
			if slug == "" {
				diags.Warnf(diag.Pos{File: b.Note.Path, Line: b.Note.Lines["tags"]}, "tag %q has no letters or digits: remove it", t)
				continue
			}
			tag := s.tags[slug]
			if tag == nil {
				tag = &Tag{Name: t, Slug: slug, URL: "/tags/" + slug + "/"}
				tooLong(diag.Pos{File: b.Note.Path, Line: b.Note.Lines["tags"]}, "tag", t, tag.URL, diags)
				s.tags[slug] = tag
				s.Tags = append(s.Tags, tag)
				s.tagSpellings[tag] = map[string]int{}
			}
			s.tagSpellings[tag][t]++
			if !slices.Contains(b.Tags, tag) {
				b.Tags = append(b.Tags, tag)
				tag.Briefings = append(tag.Briefings, b)
			}
		}
	}
	for _, n := range entityNotes {
		e := s.byKey[n.Kind+"/"+n.Slug]
		e.Tied = map[string][]*Entity{}
		for _, k := range s.Kinds {
			for _, name := range s.commaList(k, n.Entity.Mentions[k.Name], n, diags) {
				if t := s.resolveNamed(k, name, n, diags); t != nil && t != e && !slices.Contains(e.Tied[k.Name], t) {
					e.Tied[k.Name] = append(e.Tied[k.Name], t)
				}
			}
		}
	}
	s.nameStubs()
	for _, list := range s.Entities {
		for _, e := range list {
			e.sortKey, e.sortKeyOf = content.Slug(e.Name), e.Name
		}
	}

	slices.SortFunc(s.Briefings, newestFirst)
	for i, b := range s.Briefings {
		b.order = i
		keys := []string{b.Slug, content.Slug(b.Title)}
		for _, a := range b.Note.Briefing.Aliases {
			keys = append(keys, content.Slug(a))
		}
		for _, key := range keys {
			if _, taken := s.briefings[key]; !taken && key != "" {
				s.briefings[key] = b
			}
		}
	}
	for _, k := range s.Kinds {
		slices.SortFunc(s.Entities[k.Name], byName)
	}
	s.listCorrections()
	slices.SortFunc(s.Tags, func(a, b *Tag) int { return cmp.Compare(a.Slug, b.Slug) })
	slices.SortFunc(s.Pages, func(a, b *Page) int { return cmp.Compare(a.Slug, b.Slug) })
	return s
}

func newestFirst(a, b *Briefing) int {
	return cmp.Or(b.Date.Time.Compare(a.Date.Time), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Slug, b.Slug))
}

func byName(a, b *Entity) int {
	return cmp.Or(cmp.Compare(a.nameKey(), b.nameKey()), cmp.Compare(a.Slug, b.Slug))
}

// nameKey returns content.Slug(e.Name), computed once by Assemble.
func (e *Entity) nameKey() string {
	if e.sortKeyOf == e.Name {
		return e.sortKey
	}
	return content.Slug(e.Name)
}

// Find returns the entities of the kind whose name, alias or slug is
// name, whatever its case and accents: one, several for an ambiguous
// name, or none.
func (s *Site) Find(kind, name string) []*Entity {
	var out []*Entity
	for _, e := range s.names[content.Slug(name)] {
		if e.Kind.Name == kind {
			out = append(out, e)
		}
	}
	return out
}

// FindTag returns the tag whose name or slug is name, or nil.
func (s *Site) FindTag(name string) *Tag {
	slug := content.Slug(name)
	for _, t := range s.Tags {
		if t.Slug == slug {
			return t
		}
	}
	return nil
}

// published reports whether url, a path from the site root, is a page
// of the site (a note's, a stub's, or one of the generator's own) or a
// file of content/ it publishes.
func (s *Site) published(url string) bool {
	path, _, _ := strings.Cut(url, "#")
	path, _, _ = strings.Cut(path, "?")
	if _, ok := s.urls[path]; ok {
		return true
	}
	if _, ok := s.Files[strings.TrimPrefix(path, "/")]; ok {
		return true
	}
	kind, slug, _ := strings.Cut(strings.Trim(path, "/"), "/")
	return s.byKey[kind+"/"+slug] != nil
}

// leftOut counts what the edition withheld, by reason.
func (s *Site) leftOut() {
	for _, w := range s.Edition.Withheld {
		switch w.Reason {
		case edition.Draft:
			s.LeftOut.Drafts++
		case edition.Marked:
			s.LeftOut.Marked++
		case edition.Embargoed:
			s.LeftOut.Future++
			if s.LeftOut.Next.IsZero() || w.Until.Before(s.LeftOut.Next.Time) {
				s.LeftOut.Next = w.Note.Briefing.Date.In(s.Edition.Location)
			}
		}
	}
}

// addFiles publishes a bundle's other files beside its page.
func (s *Site) addFiles(n *content.Note, url string) {
	dir := strings.TrimSuffix(strings.TrimPrefix(n.Path, "content/"), "index.md")
	for _, f := range n.Bundle {
		s.Files[strings.TrimPrefix(url, "/")+strings.TrimPrefix(f, dir)] = "content/" + f
	}
}

// addEntity indexes e under its name, aliases and slug.
func (s *Site) addEntity(e *Entity) {
	s.Entities[e.Kind.Name] = append(s.Entities[e.Kind.Name], e)
	s.byKey[e.Key()] = e
	keys := []string{e.Slug, content.Slug(e.Name)}
	for _, a := range e.Aliases {
		keys = append(keys, content.Slug(a))
	}
	if e.Wikidata != "" {
		// The id names the entity too, and tells two of one name apart.
		keys = append(keys, content.Slug(e.Wikidata))
	}
	for _, k := range keys {
		if k != "" && !slices.Contains(s.names[k], e) {
			s.names[k] = append(s.names[k], e)
		}
	}
}

// checkDuplicates reports a name or alias that two notes of one kind share.
func (s *Site) checkDuplicates(diags *diag.List) {
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			for _, name := range append([]string{e.Name}, e.Aliases...) {
				key := content.Slug(name)
				for _, other := range s.names[key] {
					if other == e || other.Kind.Name != k.Name || other.Note.Path > e.Note.Path {
						continue
					}
					if e.Wikidata != "" && other.Wikidata != "" && e.Wikidata != other.Wikidata {
						// Two items of one name, Georgia the country and
						// Georgia the state: their ids tell them apart.
						continue
					}
					line := e.Note.Lines["name"]
					if name != e.Name {
						line = e.Note.Lines["aliases"]
					}
					diags.Warnf(diag.Pos{File: e.Note.Path, Line: line}, "%q also names %s (%s): a name or alias must belong to one %s; remove it from one of the two notes",
						name, other.Name, other.Note.Path, k.Singular)
				}
			}
		}
	}
}

// commaList returns the names a front matter list of kind k (or the
// tags, for a Kind named "tags") means, which is names unless one of them
// holds commas and is no name or alias of kind k: `people = "Healey,
// Olena Kovalenko"` means two people. Such a list is read as the list it
// probably meant, with a warning that shows it.
func (s *Site) commaList(k config.Kind, names []string, from *content.Note, diags *diag.List) []string {
	split := false
	for _, name := range names {
		if strings.Contains(name, ",") && !s.known(k, name) {
			split = true
			break
		}
	}
	if !split {
		return names
	}
	var out, odd []string
	for _, name := range names {
		if !strings.Contains(name, ",") || s.known(k, name) {
			out = append(out, name)
			continue
		}
		odd = append(odd, name)
		for part := range strings.SplitSeq(name, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	quoted := make([]string, len(out))
	for i, name := range out {
		quoted[i] = strconv.Quote(name)
	}
	verb := "holds commas, so it is"
	if len(odd) > 1 {
		verb = "hold commas, so they are"
	}
	msg := fmt.Sprintf("%s: %s %s read as %s = [%s]; write the list so, one name in each pair of quotes",
		k.Name, quoteAnd(odd), verb, k.Name, strings.Join(quoted, ", "))
	if k.Singular != "" {
		msg += fmt.Sprintf(", or, if %s is one %s, give it a note (briefings new %s %s)", strconv.Quote(odd[0]), k.Singular, k.Singular, strconv.Quote(odd[0]))
	}
	diags.Warnf(diag.Pos{File: from.Path, Line: from.Lines[k.Name]}, "%s", msg)
	return out
}

// quoteAnd writes names quoted, joined by "and".
func quoteAnd(names []string) string {
	quoted := make([]string, len(names))
	for i, name := range names {
		quoted[i] = strconv.Quote(name)
	}
	return strings.Join(quoted, " and ")
}

// known reports whether name is the name, alias or slug of an entity of
// kind k.
func (s *Site) known(k config.Kind, name string) bool {
	for _, e := range s.names[s.slug(name)] {
		if e.Kind.Name == k.Name {
			return true
		}
	}
	return false
}

// resolveNamed finds the entity of kind k that a front matter name means,
// making a stub when no note has the name.
func (s *Site) resolveNamed(k config.Kind, name string, from *content.Note, diags *diag.List) *Entity {
	return s.resolveAt(k, name, diag.Pos{File: from.Path, Line: from.Lines[k.Name]}, diags)
}

// resolveAt is resolveNamed for a name written at pos.
func (s *Site) resolveAt(k config.Kind, name string, pos diag.Pos, diags *diag.List) *Entity {
	key := s.slug(name)
	if key == "" {
		diags.Warnf(pos, "%s name %q has no letters or digits: remove it", k.Singular, name)
		return nil
	}
	var found []*Entity
	for _, e := range s.names[key] {
		if e.Kind.Name == k.Name {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 0:
		if s.Edition.WithheldName(k.Name, name) {
			// The note of that name is withheld: the name is left
			// out, with no stub page to show it.
			return nil
		}
		if id, ok := content.WikidataID(name); ok {
			// A page called Q213 would help no reader: an id names a
			// note that gives it, or nothing.
			for _, e := range s.names[key] {
				if e.Wikidata == id {
					diags.Warnf(pos, "%s %q is the Wikidata id of %s %s: name it among the %s", k.Singular, name, e.Kind.Singular, e.Name, e.Kind.Name)
					return nil
				}
			}
			diags.Warnf(pos, "%s %q is a Wikidata id that no %s's note gives: check the id, or add wikidata = %q to the note of the %s it is; it gets no page of its own",
				k.Singular, name, k.Singular, id, k.Singular)
			return nil
		}
		if near := s.nearNoted(k, key, name); len(near) > 0 {
			diags.Warnf(pos, "%s %q matches no note or alias; did you mean %s? It gets no page of its own: correct the spelling, or, if it is not %s, give it a note (briefings new %s %q)",
				k.Singular, name, didYouMean(near), theSame(near), k.Singular, name)
			return nil
		}
		e := &Entity{Kind: k, Slug: key, URL: "/" + k.Name + "/" + key + "/", Name: name}
		tooLong(pos, k.Singular, name, e.URL, diags)
		s.addEntity(e)
		s.spellings[e] = map[string]int{name: 1}
		return e
	case 1:
		if sp := s.spellings[found[0]]; sp != nil {
			sp[name]++
		}
		return found[0]
	}
	var names, ids []string
	for _, e := range found {
		names = append(names, fmt.Sprintf("%s (%s)", e.Name, e.Note.Path))
		if e.Wikidata != "" {
			ids = append(ids, e.Wikidata)
		}
	}
	how := "use a slug or a name that only one of them has"
	if len(ids) == len(found) {
		how = fmt.Sprintf("use a slug, a name that only one of them has, or its Wikidata id (%s)", strings.Join(ids, " or "))
	}
	diags.Warnf(pos, "%s %q is ambiguous: it could be %s; %s", k.Singular, name, strings.Join(names, " or "), how)
	return found[0]
}

// nearNoted returns the names and aliases of the notes of kind k that
// name, whose slug is key and which no note has, comes close to.
func (s *Site) nearNoted(k config.Kind, key, name string) []nearMatch {
	if near, ok := s.near[k.Name+"/"+key]; ok {
		return near
	}
	x := s.noted[k.Name]
	if x == nil {
		x = newNearIndex()
		for _, e := range s.Entities[k.Name] {
			if e.Note != nil {
				x.add(e.Name, e)
				for _, a := range e.Aliases {
					x.add(a, e)
				}
			}
		}
		s.noted[k.Name] = x
	}
	near := x.find(name, nil)
	s.near[k.Name+"/"+key] = near
	return near
}

// didYouMean lists near misses as `"Pete Hegseth"`, an alias with its
// entity's name: `"Putin" (Vladimir Putin)`.
func didYouMean(near []nearMatch) string {
	var parts []string
	for _, m := range near {
		p := strconv.Quote(m.Name)
		if m.Name != m.Entity.Name {
			p += " (" + m.Entity.Name + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " or ")
}

// theSame names the entities of near misses as "Pete Hegseth", or "any
// of Georgia and Georgina" for several.
func theSame(near []nearMatch) string {
	if len(near) == 1 {
		return near[0].Entity.Name
	}
	var names []string
	for _, m := range near {
		if !slices.Contains(names, m.Entity.Name) {
			names = append(names, m.Entity.Name)
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return "any of " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// slug returns content.Slug(name), remembered while Assemble runs for the
// names it meets again.
func (s *Site) slug(name string) string {
	slug, ok := s.slugs[name]
	if !ok {
		slug = content.Slug(name)
		if s.slugs != nil {
			s.slugs[name] = slug
		}
	}
	return slug
}

// tooLong warns, at pos, when a name makes a slug too long for the
// folder of its page, which content.Slug shortened: the page is at url.
func tooLong(pos diag.Pos, what, name, url string, diags *diag.List) {
	if content.Shortened(name) {
		if r := []rune(name); len(r) > 40 {
			name = string(r[:40]) + "…"
		}
		diags.Warnf(pos, "%s %q is too long for the folder of its page (over %d bytes once made a slug), so its page is %s: shorten it", what, name, content.MaxSlug, url)
	}
}

// nameStubs gives each stub, and each tag, the best spelling its briefings
// used.
func (s *Site) nameStubs() {
	for e, sp := range s.spellings {
		e.Name = bestSpelling(sp)
	}
	for _, t := range s.Tags {
		t.Name = bestSpelling(s.tagSpellings[t])
	}
	s.spellings, s.tagSpellings, s.slugs = nil, nil, nil
	s.noted, s.near = nil, nil
}

// bestSpelling picks among the spellings of one name (with their counts):
// one with capitals over a lower-case or slug form, then the most
// frequent, then the one with the most accents kept, then the first in
// byte order.
func bestSpelling(sp map[string]int) string {
	score := func(name string) []int {
		capital, accents := 0, 0
		for _, r := range name {
			if r >= 0x80 {
				accents++
			}
			if unicode.IsUpper(r) {
				capital = 1
			}
		}
		return []int{capital, sp[name], accents}
	}
	best := ""
	for name := range sp {
		c := slices.Compare(score(name), score(best))
		if best == "" || c > 0 || c == 0 && name < best {
			best = name
		}
	}
	return best
}
