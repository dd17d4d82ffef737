package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/markdown"
	"briefings/generator/spill"
)

// Resolver resolves wikilinks for the body of one note, and writes links
// relative to that note's page. It implements markdown.Resolver.
type Resolver struct {
	site *Site
	page string // the page's URL: "/briefings/x/"
}

// ResolverFor returns the resolver for the body of the page at url.
func (s *Site) ResolverFor(url string) *Resolver {
	return &Resolver{site: s, page: url}
}

// Resolve implements markdown.Resolver: kind may be "", an entity kind or
// "briefings"; name may be a name, an alias, a slug or a briefing title.
func (r *Resolver) Resolve(kind, name string) (*markdown.Target, error) {
	s := r.site
	key := content.Slug(name)
	if key == "" {
		return nil, nil
	}
	if kind != "" && kind != "briefings" && !slices.ContainsFunc(s.Kinds, func(k config.Kind) bool { return k.Name == kind }) {
		return nil, fmt.Errorf("unknown kind %q in [[%s:%s]]: the kinds are %s, and briefings", kind, kind, name, strings.Join(s.Config.KindNames(), ", "))
	}
	// Most names resolve to one entity: count first, and describe the
	// candidates only when there are several.
	var entity *Entity
	var briefing *Briefing
	n := 0
	if kind != "briefings" {
		for _, e := range s.names[key] {
			if kind == "" || e.Kind.Name == kind {
				entity = cmp.Or(entity, e)
				n++
			}
		}
	}
	if kind == "" || kind == "briefings" {
		if briefing = s.briefings[key]; briefing != nil {
			n++
		}
	}
	switch {
	case n == 0 && s.Edition.WithheldName(kind, name):
		return nil, markdown.ErrWithheld
	case n == 0 && kind != "briefings":
		if near := s.nearLinkable(kind, name); len(near) > 0 {
			shown := name
			if kind != "" {
				shown = kind + ":" + name
			}
			return nil, fmt.Errorf("unknown link target %q: no note, alias or briefing has this name; did you mean %s?", shown, didYouMean(near))
		}
		return nil, nil
	case n == 0:
		return nil, nil
	case n == 1 && entity != nil:
		return entity.Target(), nil
	case n == 1:
		return briefing.Target(), nil
	}
	var what, candidates []string
	if kind != "briefings" {
		for _, e := range s.names[key] {
			if kind == "" || e.Kind.Name == kind {
				what = append(what, fmt.Sprintf("the %s %s ([[%s:%s]])", e.Kind.Singular, e.Name, e.Kind.Name, e.Name))
				candidates = append(candidates, fmt.Sprintf("the %s %s", e.Kind.Singular, e.Name))
			}
		}
	}
	if briefing != nil {
		what = append(what, fmt.Sprintf("the briefing %q ([[briefings:%s]])", briefing.Title, briefing.Slug))
		candidates = append(candidates, fmt.Sprintf("the briefing %q", briefing.Title))
	}
	return nil, &markdown.Ambiguous{Candidates: candidates,
		Msg: fmt.Sprintf("ambiguous link target %q: it could be %s; write the [[kind:Name]] form to choose", name, strings.Join(what, " or "))}
}

// nearLinkable returns the names and aliases of entities of kind (any
// kind for "") that name, which none has, comes close to.
func (s *Site) nearLinkable(kind, name string) []nearMatch {
	s.linkableOnce.Do(func() {
		x := newNearIndex()
		for _, k := range s.Kinds {
			for _, e := range s.Entities[k.Name] {
				x.add(e.Name, e)
				for _, a := range e.Aliases {
					x.add(a, e)
				}
			}
		}
		s.linkable = x
	})
	if kind == "" {
		return s.linkable.find(name, nil)
	}
	return s.linkable.find(name, func(e *Entity) bool { return e.Kind.Name == kind })
}

// Href implements markdown.Resolver: "" for the page of a withheld note,
// and for a file of its bundle, which is not published either.
func (r *Resolver) Href(url string) string {
	if r.site.Edition.WithheldURL(url) && !r.site.published(url) {
		return ""
	}
	return Rel(r.page, url)
}

// Card implements markdown.Resolver: an entity's kind, flag, role,
// capital, date and place, a briefing's date, and the summary either's
// front matter gives, else the first paragraph of its body that SetLeads
// recorded.
func (r *Resolver) Card(t *markdown.Target) *markdown.Card {
	kind, slug, _ := strings.Cut(t.Key, "/")
	if kind == "briefings" {
		b := r.site.briefings[slug]
		if b == nil {
			return nil
		}
		c := &markdown.Card{Kind: "Briefing", Class: "briefings", Date: b.Date.ISO(), DateText: b.Date.Format()}
		if b.Note != nil && b.Note.Briefing != nil {
			c.Summary = markdown.Typographic(b.Note.Briefing.Summary)
		}
		c.Summary = cmp.Or(c.Summary, r.site.leads[t.Key])
		return c
	}
	e := r.site.byKey[t.Key]
	if e == nil {
		return nil
	}
	c := &markdown.Card{Kind: upperFirst(e.Kind.Singular), Class: e.Kind.Name, Flag: e.Flag()}
	if !e.Date.IsZero() {
		c.Date, c.DateText = e.Date.ISO(), e.Date.Format()
		if !e.EndDate.IsZero() {
			c.DateText += " to " + e.EndDate.Format()
		}
	}
	for _, f := range [...]markdown.Fact{{Term: "Role", Value: e.Role}, {Term: "Capital", Value: e.Capital}, {Term: "Location", Value: e.Location}} {
		if f.Value != "" {
			c.Facts = append(c.Facts, f)
		}
	}
	if e.Note != nil && e.Note.Entity != nil {
		c.Summary = markdown.Typographic(e.Note.Entity.Summary)
	}
	c.Summary = cmp.Or(c.Summary, r.site.leads[t.Key])
	return c
}

// anchor is a link to a heading of a page: [[Name#Heading]].
type anchor struct {
	pos        diag.Pos
	key, title string // the page's
	heading    string // as written
}

// HasAnchors reports whether a rendered body links to a heading of a
// page: its source is then needed for the lines of the warnings
// CheckAnchors may give.
func HasAnchors(res *markdown.Result) bool {
	for _, l := range res.Links {
		if l.Heading != "" {
			return true
		}
	}
	return false
}

// CheckAnchors warns about each link to a heading ([[Name#Heading]]) that
// the page's note does not have. It is called once every body has been
// rendered and its links added.
func (s *Site) CheckAnchors(diags *diag.List) {
	for _, a := range s.anchors {
		id := markdown.HeadingID(a.heading)
		if !slices.Contains(s.headingsOf(a.key), id) {
			diags.Warnf(a.pos, "no heading %q on the page of %s: [[Name#Heading]] links to a heading of that page's note; check its text", a.heading, a.title)
		}
	}
}

// HeadingLinked reports whether a link elsewhere goes to a heading of the
// page with key, so that changing its headings changes what is reported.
func (s *Site) HeadingLinked(key string) bool {
	return slices.ContainsFunc(s.anchors, func(a anchor) bool { return a.key == key })
}

// headingsOf returns the ids of the headings of the page with key.
func (s *Site) headingsOf(key string) []string {
	kind, slug, _ := strings.Cut(key, "/")
	if kind == "briefings" {
		if b := s.briefings[slug]; b != nil {
			return b.headings
		}
		return nil
	}
	if e := s.byKey[key]; e != nil {
		return e.headings
	}
	return nil
}

// LeadNeeded returns the note of the page with key, a link target, and
// its URL when an embed of it shows the first paragraph of its body as
// its summary: its front matter gives none. ok is false otherwise.
func (s *Site) LeadNeeded(key string) (n *content.Note, url string, ok bool) {
	kind, slug, _ := strings.Cut(key, "/")
	switch {
	case kind == "briefings":
		if b := s.briefings[slug]; b != nil && b.Note != nil && b.Note.Briefing != nil && b.Note.Briefing.Summary == "" {
			return b.Note, b.URL, true
		}
	default:
		if e := s.byKey[key]; e != nil && e.Note != nil && e.Note.Entity != nil && e.Note.Entity.Summary == "" {
			return e.Note, e.URL, true
		}
	}
	return nil, "", false
}

// SetLeads records the first paragraphs of the pages that embeds show
// (see LeadNeeded), by key; Resolver.Card gives them as the pages'
// summaries. It is called before the bodies are rendered, which read it.
func (s *Site) SetLeads(leads map[string]string) { s.leads = leads }

// Embedded reports whether an embed shows the first paragraph of the
// page with key, which an edit of its body then changes.
func (s *Site) Embedded(key string) bool {
	_, ok := s.leads[key]
	return ok
}

// upperFirst returns s with its first letter in upper case.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// Target returns the entity as a link target.
func (e *Entity) Target() *markdown.Target {
	return &markdown.Target{Key: e.Key(), URL: e.URL, Title: e.Name}
}

// Target returns the briefing as a link target.
func (b *Briefing) Target() *markdown.Target {
	return &markdown.Target{Key: b.Key(), URL: b.URL, Title: b.Title}
}

// Patterns returns every entity name and alias for automatic mentions.
// Names match whatever their case; aliases only as written.
func (s *Site) Patterns() []markdown.Pattern {
	var out []markdown.Pattern
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			t := e.Target()
			out = append(out, markdown.Pattern{Text: e.Name, Target: t})
			for _, a := range e.Aliases {
				out = append(out, markdown.Pattern{Text: a, Target: t, CaseSensitive: true})
			}
		}
	}
	return out
}

// Rel writes url, a path from the site root, relative to the page at
// from, ending in index.html when it names a folder, so that links work
// from a web server and from files opened straight from disk alike.
func Rel(from, url string) string {
	if url == "" || !strings.HasPrefix(url, "/") {
		return url
	}
	// Every body calls Rel for each of its links: the result is built
	// in one allocation.
	b := AppendRel(make([]byte, 0, relSize(from, url)), from, url)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// AppendRel appends Rel(from, url) to dst, for a page that writes
// thousands of links and would otherwise make a string of each.
func AppendRel(dst []byte, from, url string) []byte {
	if url == "" || !strings.HasPrefix(url, "/") {
		return append(dst, url...)
	}
	path, frag, hasFrag := strings.Cut(url, "#")
	for range relDepth(from) {
		dst = append(dst, "../"...)
	}
	dst = append(dst, path[1:]...)
	if strings.HasSuffix(path, "/") {
		dst = append(dst, "index.html"...)
	}
	if hasFrag {
		dst = append(dst, '#')
		dst = append(dst, frag...)
	}
	return dst
}

// relDepth is the number of folders between the page at from and the
// site root.
func relDepth(from string) int { return max(0, strings.Count(from, "/")-1) }

// relSize is the length of Rel(from, url) for a url from the root.
func relSize(from, url string) int {
	size := 3*relDepth(from) + len(url) - 1
	if path, _, _ := strings.Cut(url, "#"); strings.HasSuffix(path, "/") {
		size += len("index.html")
	}
	return size
}

// AddLinks records what the rendered body of a note links to: each link
// to an entity is a mention, listed on the entity's page with the sentence
// around it; the problems become warnings at their lines. It is called
// once for each note, in any order, before Link. SetBody records the body
// itself.
func (s *Site) AddLinks(n *content.Note, res *markdown.Result, diags *diag.List) {
	var lines *diag.Lines
	if len(res.Problems) > 0 || HasAnchors(res) {
		lines = diag.NewLines(n.Src)
	}
	for _, p := range res.Problems {
		diags.Warnf(diag.Pos{File: n.Path, Line: n.BodyLine(p.Offset, lines)}, "%s", p.Msg)
	}
	for _, l := range res.Links {
		if l.Heading != "" {
			s.anchors = append(s.anchors, anchor{pos: diag.Pos{File: n.Path, Line: n.BodyLine(l.Offset, lines)}, key: l.Target.Key, title: l.Target.Title, heading: l.Heading})
		}
	}
	switch {
	case n.Briefing != nil:
		b := s.briefingOf(n)
		if b == nil {
			return
		}
		var linked []*Entity // in the order of their first link
		var keys []string    // their keys, as the links give them
		quoted := 0
		for _, l := range res.Links {
			kind, slug, _ := strings.Cut(l.Target.Key, "/")
			if kind == "briefings" {
				if other := s.briefings[slug]; other != nil && other != b && !slices.Contains(other.LinkedFrom, b) {
					other.LinkedFrom = append(other.LinkedFrom, b)
				}
				continue
			}
			e := s.byKey[l.Target.Key]
			if e == nil {
				continue
			}
			if i := s.kindAt[kind]; !slices.Contains(b.mentioned[i], e) {
				b.mentioned[i] = append(b.mentioned[i], e)
			}
			if n := len(e.Backlinks); n == 0 || e.Backlinks[n-1].Briefing != b {
				e.Backlinks = append(e.Backlinks, Backlink{Briefing: b, order: int32(b.order)})
				linked = append(linked, e)
				keys = append(keys, l.Target.Key)
			}
			if l.Context != "" {
				quoted++
			}
		}
		if quoted > 0 {
			bls := make([]*Backlink, len(linked))
			for i, e := range linked {
				bls[i] = &e.Backlinks[len(e.Backlinks)-1]
			}
			s.quoteOnce(b, bls, keys, res, quoted)
		}
	case n.Entity != nil:
		e := s.byKey[n.Kind+"/"+n.Slug]
		if e == nil {
			return
		}
		for _, l := range res.Links {
			if other := s.byKey[l.Target.Key]; other != nil && other != e && !slices.Contains(other.LinkedFrom, e) {
				other.LinkedFrom = append(other.LinkedFrom, e)
			}
		}
	}
}

// SetBody records the rendered body of a note, res, with its HTML and
// plain text as the caller keeps them (in memory or in a spill file), and
// makes its first paragraph the summary of a note without one. It may be
// called for several notes at once, each from one goroutine.
func (s *Site) SetBody(n *content.Note, res *markdown.Result, html, text spill.Bytes) {
	switch {
	case n.Briefing != nil:
		b := s.briefingOf(n)
		if b == nil {
			return
		}
		b.Body, b.Plain = html, text
		b.Words = res.Words
		b.headings = res.Headings
		b.Contents = res.Contents
		if b.Summary == "" || b.summaryFromBody {
			b.Summary = res.FirstParagraph
			b.summaryFromBody = true
		}
	case n.Entity != nil:
		e := s.byKey[n.Kind+"/"+n.Slug]
		if e == nil {
			return
		}
		e.Body, e.Plain = html, text
		e.headings = res.Headings
		if e.Summary == "" {
			e.Summary = res.FirstParagraph
		}
	case n.Page != nil:
		for _, p := range append(slices.Clone(s.Pages), s.Home) {
			if p != nil && p.Note == n {
				p.Body = html
				if p.Summary == "" {
					p.Summary = res.FirstParagraph
				}
			}
		}
	}
}

func (s *Site) briefingOf(n *content.Note) *Briefing {
	if b := s.briefings[n.Slug]; b != nil && b.Note == n {
		return b
	}
	for _, b := range s.Briefings {
		if b.Note == n {
			return b
		}
	}
	return nil
}

// quote records the sentences around the body links of briefing b, for
// the backlinks bls of the entities keys name: each backlink quotes the
// sentences around its entity's links, once each and in the order
// written. The sentences of the whole briefing are kept once each in one
// string, and each quote as its start and end in it, so that the two
// million quotes of a site of 100,000 briefings are two objects a
// briefing for the garbage collector, holding no pointers but the
// string's, and that string waits in the site's spill file when it has
// one (KeepQuotesIn). quoted bounds the number of quotes.
func (s *Site) quote(b *Briefing, bls []*Backlink, keys []string, links []markdown.Link, quoted int) {
	var sentences []string // once each, in the order met
	var starts []int32     // where each sentence starts in the briefing's string
	size := 0
	quotes := make([]int32, 0, quoteInts*quoted)
	for i, bl := range bls {
		bl.from = int32(len(quotes) / quoteInts)
		for _, l := range links {
			if l.Context == "" || l.Target.Key != keys[i] {
				continue
			}
			u := slices.Index(sentences, l.Context)
			if u < 0 {
				u = len(sentences)
				sentences = append(sentences, l.Context)
				starts = append(starts, int32(size))
				size += len(l.Context)
			}
			if !quotesFrom(quotes[quoteInts*bl.from:], starts[u]) {
				m0, m1 := starts[u]+int32(l.Mark[0]), starts[u]+int32(l.Mark[1])
				quotes = append(quotes, starts[u], starts[u]+int32(len(sentences[u])), m0, m1)
			}
		}
		bl.to = int32(len(quotes) / quoteInts)
	}
	var text strings.Builder
	text.Grow(size)
	for _, u := range sentences {
		text.WriteString(u)
	}
	b.quoted, b.quotes = s.quotesIn.PutString(text.String()), slices.Clip(quotes)
}

// quoteOnce is quote, taking what it makes from the last Site when it
// quoted the same rendering for the same entities, and remembering it
// for the next, for a Site that does (QuotesSince).
func (s *Site) quoteOnce(b *Briefing, bls []*Backlink, keys []string, res *markdown.Result, quoted int) {
	if s.quotedBy == nil {
		s.quote(b, bls, keys, res.Links, quoted)
		return
	}
	q := s.quotedBefore[res]
	if q == nil || !slices.Equal(q.keys, keys) {
		s.quote(b, bls, keys, res.Links, quoted)
		q = &quoting{keys: keys, text: b.quoted, quotes: b.quotes, ranges: make([]int32, 0, 2*len(bls))}
		for _, bl := range bls {
			q.ranges = append(q.ranges, bl.from, bl.to)
		}
	} else {
		b.quoted, b.quotes = q.text, q.quotes
		for i, bl := range bls {
			bl.from, bl.to = q.ranges[2*i], q.ranges[2*i+1]
		}
	}
	s.quotedBy[res] = q
}

// quotesFrom reports whether one of the quotes (see quoteInts) starts
// at start.
func quotesFrom(quotes []int32, start int32) bool {
	for i := 0; i < len(quotes); i += quoteInts {
		if quotes[i] == start {
			return true
		}
	}
	return false
}

// backlinkOf finds the backlink of e from briefing b, once Link (or
// AddLinks, which adds them in this order) has sorted e's backlinks by
// the briefings' order.
func backlinkOf(e *Entity, b *Briefing) (int, bool) {
	return slices.BinarySearchFunc(e.Backlinks, int32(b.order), func(bl Backlink, order int32) int { return int(bl.order - order) })
}

// Requote records anew the sentences that the body links of briefing b
// quote on the pages of the entities it mentions, from links, the links
// of its body as rendered again. Serve calls it after an edit that
// changes a briefing's text but not what it links to.
func (s *Site) Requote(b *Briefing, links []markdown.Link) {
	var bls []*Backlink
	var keys []string
	for _, list := range b.mentioned {
		for _, e := range list {
			if i, ok := backlinkOf(e, b); ok {
				bls = append(bls, &e.Backlinks[i])
				keys = append(keys, e.Key())
			}
		}
	}
	s.quote(b, bls, keys, links, len(links))
}
