package layout

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"briefings/generator/content"
	"briefings/generator/marking"
	"briefings/generator/site"
	"briefings/generator/spill"
)

// The built-in theme's briefing and entity pages, the two kinds a site
// has thousands of, are also written here in Go: executing their
// templates costs about a microsecond of reflection for every value
// printed, 148 µs a briefing page and 484 µs an entity page at 10,000
// briefings, where this code takes 23 and 178 µs (BenchmarkLayoutKinds;
// an entity page's quoted sentences are most of its bytes). So are the
// list, tag and year pages, whose lists grow with the site. A site whose
// layouts/ replaces any template these pages use (baseof.html, a partial
// or the page's own) gets the templates, as does every other kind (home,
// terms, timeline, page, 404, search: a handful of pages). The HTML is
// the same byte for byte as the templates':
// TestBuiltinPagesMatchTheTemplates builds sites both ways and compares
// every file. The same goes for the partials briefing-item and
// entity-link wherever a template calls them (unless the site has
// partials or a baseof.html of its own) and for atom.xml. A change to
// baseof.html, briefing.html, entity.html, list.html, _pager.html,
// tag.html, year.html, _entity-link.html, _briefing-item.html or
// atom.xml must be made here too; the frame's partials (_frame.html) are
// executed as templates, once per section and folder depth.

// textWriter is what the pages written in Go write into: the
// bytes.Buffer or bufio.Writer a build hands to Execute.
type textWriter interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
}

// pageWriter is what the parts of a page written in Go write into: the
// page's writer, and a buffer in which links and dates are made before
// they are escaped, instead of a new string for each (at 100,000
// briefings the pages wrote some 500 MB of such strings).
type pageWriter struct {
	textWriter
	scratch []byte
}

// pageWriters keeps pageWriters between pages.
var pageWriters = sync.Pool{New: func() any { return &pageWriter{scratch: make([]byte, 0, 256)} }}

// native reports whether Execute writes pages of kind in Go.
func (s *Set) native(kind string) bool {
	switch kind {
	case "briefing", "entity", "list", "tag", "year":
		return !s.custom[kind]
	}
	return false
}

// executeNative writes p as baseof.html with the template of its kind
// would.
func (s *Set) executeNative(w io.Writer, p *Page) error {
	pw := pageWriters.Get().(*pageWriter)
	defer func() {
		pw.textWriter = nil
		pageWriters.Put(pw)
	}()
	tw, ok := w.(textWriter)
	if !ok {
		bw := bufio.NewWriter(w)
		pw.textWriter = bw
		if err := s.writePage(pw, p); err != nil {
			return err
		}
		return bw.Flush()
	}
	pw.textWriter = tw
	return s.writePage(pw, p)
}

// writePage is baseof.html.
func (s *Set) writePage(w *pageWriter, p *Page) error {
	cfg := p.Site.Config
	w.WriteString("<!DOCTYPE html>\n<html lang=\"")
	escapeHTML(w, p.Language())
	w.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if p.Kind == "home" {
		escapeHTML(w, cfg.Title)
	} else {
		escapeHTML(w, p.Title)
		w.WriteString(" · ")
		escapeHTML(w, cfg.Title)
	}
	w.WriteString("</title>")
	meta := func(attr, name, value string) {
		w.WriteString("\n<meta ")
		w.WriteString(attr)
		w.WriteString("=\"")
		w.WriteString(name)
		w.WriteString("\" content=\"")
		escapeHTML(w, value)
		w.WriteString("\">")
	}
	if p.Description != "" {
		meta("name", "description", p.Description)
	}
	canonical := p.Canonical()
	w.WriteString("\n<link rel=\"canonical\" href=\"")
	escapeURL(w, canonical)
	w.WriteString("\">")
	meta("property", "og:site_name", cfg.Title)
	meta("property", "og:title", p.Title)
	if p.Briefing != nil {
		meta("property", "og:type", "article")
	} else {
		meta("property", "og:type", "website")
	}
	meta("property", "og:url", canonical)
	if p.Description != "" {
		meta("property", "og:description", p.Description)
	}
	meta("name", "twitter:card", "summary")
	meta("name", "twitter:title", p.Title)
	if p.Description != "" {
		meta("name", "twitter:description", p.Description)
	}
	w.WriteString("\n<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"theme-color\" content=\"#0b57a4\">\n")
	frame := Frame{Site: p.Site, Section: p.Section(), page: p}
	if err := s.writePartial(w, "site-head", frame); err != nil {
		return err
	}
	label := p.Marking()
	if !label.IsZero() {
		w.WriteString("\n")
		if err := s.writeMarking(w, "marking-head", label); err != nil {
			return err
		}
	}
	if p.Feed != "" && p.Feed != "/index.xml" {
		w.WriteString("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
		escapeHTML(w, p.Title)
		w.WriteString(" · ")
		escapeHTML(w, cfg.Title)
		w.WriteString("\" href=\"")
		writeRel(w, p, p.Feed)
		w.WriteString("\">")
	}
	if ld := p.jsonLD(); ld != nil {
		w.WriteString("\n<script type=\"application/ld+json\">")
		w.Write(ld)
		w.WriteString("</script>")
	}
	w.WriteString("\n</head>\n<body class=\"kind-")
	escapeHTML(w, p.Kind)
	w.WriteString("\">\n")
	if !label.IsZero() {
		if err := s.writeMarking(w, "marking-top", label); err != nil {
			return err
		}
		w.WriteString("\n")
	}
	w.WriteString("<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
	if err := s.writePartial(w, "site-header", frame); err != nil {
		return err
	}
	w.WriteString("\n<main id=\"main\" tabindex=\"-1\">\n\n")
	var err error
	switch p.Kind {
	case "briefing":
		err = s.writeBriefing(w, p)
	case "entity":
		err = s.writeEntity(w, p)
	case "list":
		writeList(w, p)
	case "tag":
		writeTag(w, p)
	case "year":
		writeYear(w, p)
	}
	if err != nil {
		return err
	}
	w.WriteString("\n\n</main>\n")
	if err := s.writePartial(w, "site-footer", frame); err != nil {
		return err
	}
	if !label.IsZero() {
		w.WriteString("\n")
		if err := s.writeMarking(w, "marking-bottom", label); err != nil {
			return err
		}
	}
	_, err = w.WriteString("\n</body>\n</html>\n")
	return err
}

// writeMarking writes the partial of a marking (_marking.html).
func (s *Set) writeMarking(w *pageWriter, name string, l marking.Label) error {
	html, err := s.partial(name, l)
	if err == nil {
		_, err = w.WriteString(string(html))
	}
	return err
}

// writePartial writes one of the frame's partials, made once per section
// and folder depth by the partial template function.
func (s *Set) writePartial(w *pageWriter, name string, f Frame) error {
	html, err := s.partial(name, f)
	w.WriteString(string(html))
	return err
}

// writePagePartial writes a partial that takes the page, executed as a
// template: the markup of the provenance partials (_provenance.html)
// lives in the templates alone.
func (s *Set) writePagePartial(w *pageWriter, name string, p *Page) error {
	html, err := s.partial(name, p)
	w.WriteString(string(html))
	return err
}

// writeBriefing is the "main" block of briefing.html.
func (s *Set) writeBriefing(w *pageWriter, p *Page) error {
	b := p.Briefing
	if b == nil {
		return nil
	}
	w.WriteString("\n<article class=\"briefing\">\n<header>\n")
	if b.Draft || b.Embargoed {
		w.WriteString("<p class=\"status-line\">")
		if b.Draft {
			w.WriteString("<strong class=\"status\">Draft</strong>")
		}
		if b.Draft && b.Embargoed {
			w.WriteString(" ")
		}
		if b.Embargoed {
			w.WriteString("<strong class=\"status\">Embargoed until ")
			writeTime(w, b.Date, false)
			w.WriteString("</strong>")
		}
		w.WriteString("</p>\n")
	}
	w.WriteString("<h1>")
	escapeHTML(w, b.Title)
	w.WriteString("</h1>\n<p class=\"meta\">")
	writeTime(w, b.Date, false)
	w.WriteString(" · ")
	if n := b.ReadingTime(); n == 1 {
		w.WriteString("1 minute")
	} else {
		w.WriteString(strconv.Itoa(n))
		w.WriteString(" minutes")
	}
	w.WriteString(" to read</p>")
	if err := s.writePagePartial(w, "briefing-byline", p); err != nil {
		return err
	}
	w.WriteString("\n")
	if b.Summary != "" {
		w.WriteString("<p class=\"lede\">")
		escapeHTML(w, b.Summary)
		w.WriteString("</p>")
	}
	w.WriteString("\n</header>")
	if err := s.writePagePartial(w, "briefing-corrections", p); err != nil {
		return err
	}
	w.WriteString("\n<div class=\"prose\">\n")
	if _, err := writeBody(w, b.Body); err != nil {
		return err
	}
	w.WriteString("\n</div>\n<footer class=\"briefing-footer\">")
	for i, k := range p.Site.Kinds {
		list := b.MentionedIn(i)
		if len(list) == 0 {
			continue
		}
		w.WriteString("\n<section class=\"entities\">\n<h2>")
		escapeHTML(w, k.Title)
		w.WriteString("</h2>\n<ul class=\"chips\">")
		for _, e := range list {
			w.WriteString("\n<li>")
			writeChip(w, p, e)
			w.WriteString("</li>")
		}
		w.WriteString("\n</ul>\n</section>")
	}
	if len(b.Tags) > 0 {
		w.WriteString("\n<section class=\"entities\">\n<h2>Tags</h2>\n<ul class=\"chips\">")
		for _, t := range b.Tags {
			w.WriteString("\n<li>")
			writeLink(w, p, t.URL, t.Name)
			w.WriteString("</li>")
		}
		w.WriteString("\n</ul>\n</section>")
	}
	if err := s.writePagePartial(w, "briefing-sources", p); err != nil {
		return err
	}
	writeItems(w, p, "linked-from", "Linked from", b.LinkedFrom)
	writeItems(w, p, "related", "Related briefings", b.Related)
	w.WriteString("\n</footer>\n</article>\n")
	return nil
}

// writeItems is a briefing page's section of linked or related
// briefings.
func writeItems(w *pageWriter, p *Page, class, title string, list []*site.Briefing) {
	if len(list) == 0 {
		return
	}
	w.WriteString("\n<section class=\"")
	w.WriteString(class)
	w.WriteString("\">\n<h2>")
	w.WriteString(title)
	w.WriteString("</h2>\n<ul class=\"items\">")
	for _, b := range list {
		w.WriteString("\n<li class=\"item\">")
		writeItem(w, p, b)
		w.WriteString("\n</li>")
	}
	w.WriteString("\n</ul>\n</section>")
}

// writeList is the "main" block of list.html, with _pager.html.
func writeList(w *pageWriter, p *Page) {
	w.WriteString("<h1>")
	escapeHTML(w, p.Title)
	w.WriteString("</h1>\n<ul class=\"items\">")
	writeListItems(w, p)
	w.WriteString("\n</ul>\n")
	if pg := p.Pager; pg != nil && pg.Total > 1 {
		w.WriteString("\n<nav class=\"pager\" aria-label=\"Pages\">\n")
		if pg.Prev != "" {
			w.WriteString("<a rel=\"prev\" href=\"")
			writeRel(w, p, pg.Prev)
			w.WriteString("\">← Newer</a>")
		}
		w.WriteString("\n<span>Page ")
		w.WriteString(strconv.Itoa(pg.Number))
		w.WriteString(" of ")
		w.WriteString(strconv.Itoa(pg.Total))
		w.WriteString("</span>\n")
		if pg.Next != "" {
			w.WriteString("<a rel=\"next\" href=\"")
			writeRel(w, p, pg.Next)
			w.WriteString("\">Older →</a>")
		}
		w.WriteString("\n</nav>\n")
	}
}

// writeTag is the "main" block of tag.html.
func writeTag(w *pageWriter, p *Page) {
	w.WriteString("<h1>")
	escapeHTML(w, p.Title)
	w.WriteString("</h1>\n<p>")
	if n := len(p.Briefings); n == 1 {
		w.WriteString("1 briefing")
	} else {
		w.WriteString(strconv.Itoa(n))
		w.WriteString(" briefings")
	}
	w.WriteString(", newest first. <a href=\"")
	writeRel(w, p, p.Feed)
	w.WriteString("\">Follow this tag (Atom feed)</a> · <a href=\"")
	writeRel(w, p, DossierURL(p.Tag.URL))
	w.WriteString("\">Dossier</a>: every briefing in one page to print</p>\n<ul class=\"items\">")
	writeListItems(w, p)
	w.WriteString("\n</ul>")
}

// writeListItems writes the page's briefings as list.html and tag.html
// do.
func writeListItems(w *pageWriter, p *Page) {
	for _, b := range p.Briefings {
		w.WriteString("\n<li class=\"item\">")
		writeItem(w, p, b)
		w.WriteString("\n</li>")
	}
}

// writeYear is the "main" block of year.html.
func writeYear(w *pageWriter, p *Page) {
	if y := p.Year; y != nil {
		year := strconv.Itoa(y.Year)
		w.WriteString("\n<h1>Timeline: ")
		w.WriteString(year)
		w.WriteString("</h1>")
		for _, m := range y.Months {
			w.WriteString("\n<section>\n<h2>")
			if m.Month != 0 {
				w.WriteString(m.Month.String())
				w.WriteString(" ")
			}
			w.WriteString(year)
			w.WriteString("</h2>\n<ol class=\"timeline\">")
			for _, it := range m.Items {
				if it.Event != nil {
					w.WriteString("\n<li class=\"event\">")
				} else {
					w.WriteString("\n<li class=\"briefing\">")
				}
				writeTime(w, it.Date, false)
				if !it.EndDate.IsZero() {
					w.WriteString(" to ")
					writeTime(w, it.EndDate, false)
				}
				w.WriteString(" ")
				if it.Event != nil {
					w.WriteString("<span class=\"badge\">Event</span> ")
				}
				writeLink(w, p, it.URL(), it.Title())
				w.WriteString("</li>")
			}
			w.WriteString("\n</ol>\n</section>")
		}
		w.WriteString("\n")
	}
	w.WriteString("\n<p><a href=\"")
	writeRel(w, p, "/timeline/")
	w.WriteString("\">All years</a></p>")
}

// writeEntity is the "main" block of entity.html.
func (s *Set) writeEntity(w *pageWriter, p *Page) error {
	e := p.Entity
	if e == nil {
		return nil
	}
	kinds := p.Site.Kinds
	w.WriteString("\n<article class=\"entity entity-")
	escapeHTML(w, e.Kind.Name)
	w.WriteString("\">\n<header>\n<p class=\"kind\">")
	escapeHTML(w, e.Kind.Singular)
	if e.Draft {
		w.WriteString(" <strong class=\"status\">Draft</strong>")
	}
	w.WriteString("</p>\n<h1>")
	writeFlag(w, e)
	escapeHTML(w, e.Name)
	w.WriteString("</h1>\n<dl class=\"facts\">")
	if len(e.Aliases) > 0 {
		w.WriteString("<dt>Also known as</dt><dd>")
		for i, a := range e.Aliases {
			if i > 0 {
				w.WriteString(", ")
			}
			escapeHTML(w, a)
		}
		w.WriteString("</dd>")
	}
	fact := func(name, value string) {
		if value == "" {
			return
		}
		w.WriteString("<dt>")
		w.WriteString(name)
		w.WriteString("</dt><dd>")
		escapeHTML(w, value)
		w.WriteString("</dd>")
	}
	fact("Role", e.Role)
	fact("Country code", e.Code)
	fact("Capital", e.Capital)
	if !e.Date.IsZero() {
		w.WriteString("<dt>Date</dt><dd>")
		writeTime(w, e.Date, false)
		if !e.EndDate.IsZero() {
			w.WriteString(" to ")
			writeTime(w, e.EndDate, false)
		}
		w.WriteString("</dd>")
	}
	fact("Location", e.Location)
	for _, k := range kinds {
		tied := e.Tied[k.Name]
		if len(tied) == 0 {
			continue
		}
		w.WriteString("<dt>")
		escapeHTML(w, k.Title)
		w.WriteString("</dt><dd>")
		for i, t := range tied {
			if i > 0 {
				w.WriteString(", ")
			}
			writeLink(w, p, t.URL, t.Name)
		}
		w.WriteString("</dd>")
	}
	if err := s.writePagePartial(w, "entity-facts", p); err != nil {
		return err
	}
	w.WriteString("\n</dl>\n")
	w.WriteString(string(p.Locator()))
	w.WriteString("\n<p class=\"dossier-link\"><a href=\"")
	writeRel(w, p, DossierURL(e.URL))
	w.WriteString("\">Dossier</a>: everything on ")
	escapeHTML(w, e.Name)
	w.WriteString(" in one page to print</p>\n</header>\n")
	if e.Body.Len() > 0 {
		w.WriteString("<div class=\"prose\">")
		if _, err := writeBody(w, e.Body); err != nil {
			return err
		}
		w.WriteString("</div>")
	} else if e.IsStub() {
		w.WriteString("<p class=\"stub\">No note has been written about ")
		escapeHTML(w, e.Name)
		w.WriteString(" yet; this page lists the briefings that name ")
		if e.Kind.Name == "people" {
			w.WriteString("them")
		} else {
			w.WriteString("it")
		}
		w.WriteString(".</p>")
	}
	for _, k := range kinds {
		list := e.Participants[k.Name]
		if len(list) == 0 {
			continue
		}
		w.WriteString("\n<section>\n<h2>")
		escapeHTML(w, k.Title)
		w.WriteString(" taking part</h2>\n<ul class=\"chips\">")
		for _, x := range list {
			w.WriteString("<li>")
			writeChip(w, p, x)
			w.WriteString("</li>")
		}
		w.WriteString("</ul>\n</section>")
	}
	if len(e.Before) > 0 || len(e.After) > 0 {
		w.WriteString("\n<section>\n<h2>Before and after</h2>\n<ul class=\"items\">")
		for _, x := range e.Before {
			writeNeighbour(w, p, "Before: ", x)
		}
		for _, x := range e.After {
			writeNeighbour(w, p, "After: ", x)
		}
		w.WriteString("\n</ul>\n</section>")
	}
	if len(e.Events) > 0 {
		w.WriteString("\n<section>\n<h2>")
		if e.Kind.Name == "countries" {
			w.WriteString("Timeline of events")
		} else {
			w.WriteString("Events")
		}
		w.WriteString("</h2>\n<ol class=\"timeline\">")
		for _, x := range e.Events {
			w.WriteString("<li>")
			writeTime(w, x.Date, true)
			w.WriteString(" ")
			writeLink(w, p, x.URL, x.Name)
			if x.Location != "" {
				w.WriteString(", ")
				escapeHTML(w, x.Location)
			}
			w.WriteString("</li>")
		}
		w.WriteString("\n</ol>\n</section>")
	}
	if tl := p.Timeline(); tl != "" {
		w.WriteString("\n<section class=\"entity-timeline\">\n<h2>Timeline</h2>\n")
		w.WriteString(string(tl))
		w.WriteString("\n</section>")
	}
	// A person who only writes briefings has their list under
	// "Briefings by" (entity-provenance), not an empty one here.
	if len(e.Backlinks) > 0 || len(e.Authored) == 0 {
		writeBacklinks(w, p, e)
	}
	if err := s.writePagePartial(w, "entity-provenance", p); err != nil {
		return err
	}
	if len(e.Together) > 0 {
		w.WriteString("\n<section>\n<h2>Appears most often with</h2>\n")
		w.WriteString(string(p.Neighbourhood()))
		for _, k := range kinds {
			list := e.Together[k.Name]
			if len(list) == 0 {
				continue
			}
			w.WriteString("\n<h3>")
			escapeHTML(w, k.Title)
			w.WriteString("</h3>\n<ul class=\"chips\">")
			for _, c := range list {
				w.WriteString("<li>")
				writeChip(w, p, c.Entity)
				w.WriteString(" <span class=\"count\">")
				w.WriteString(strconv.Itoa(c.N))
				w.WriteString("</span></li>")
			}
			w.WriteString("</ul>")
		}
		w.WriteString("\n</section>")
	}
	if len(e.LinkedFrom) > 0 {
		w.WriteString("\n<section>\n<h2>Linked from notes</h2>\n<ul class=\"chips\">")
		for _, x := range e.LinkedFrom {
			w.WriteString("<li>")
			writeLink(w, p, x.URL, x.Name)
			w.WriteString("</li>")
		}
		w.WriteString("</ul>\n</section>")
	}
	w.WriteString("\n<p class=\"feed\"><a href=\"")
	writeRel(w, p, e.URL+"index.xml")
	w.WriteString("\">Follow ")
	escapeHTML(w, e.Name)
	w.WriteString(" (Atom feed)</a></p>\n</article>\n")
	return nil
}

// bodyBuffers hold the rendered bodies read back from the spill file,
// one page at a time: a new buffer for each (some 10 KB) costs the
// kernel a fault for each of its fresh pages as it copies the body in.
var bodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// writeBody writes a rendered body and returns its length.
func writeBody(w textWriter, body spill.Bytes) (int, error) {
	buf := bodyBuffers.Get().(*[]byte)
	defer bodyBuffers.Put(buf)
	var err error
	if *buf, err = body.AppendTo((*buf)[:0]); err != nil {
		return 0, err
	}
	return w.Write(*buf)
}

// writeNeighbour is one line of an event's "Before and after".
func writeNeighbour(w *pageWriter, p *Page, label string, x *site.Entity) {
	w.WriteString("<li>")
	w.WriteString(label)
	writeLink(w, p, x.URL, x.Name)
	w.WriteString(" ")
	writeTime(w, x.Date, true)
	w.WriteString("</li>")
}

// writeLink writes a link to a site path, relative to p, with text.
func writeLink(w *pageWriter, p *Page, url, text string) {
	w.WriteString("<a href=\"")
	writeRel(w, p, url)
	w.WriteString("\">")
	escapeHTML(w, text)
	w.WriteString("</a>")
}

// writeTime writes d as a <time> element showing d.Short() if short is
// set, else d.Format().
func writeTime(w *pageWriter, d content.Date, short bool) {
	w.WriteString("<time datetime=\"")
	w.scratch = d.AppendISO(w.scratch[:0])
	escapeHTML(w, w.made())
	w.WriteString("\">")
	if short {
		w.scratch = d.AppendShort(w.scratch[:0])
	} else {
		w.scratch = d.AppendFormat(w.scratch[:0])
	}
	escapeHTML(w, w.made())
	w.WriteString("</time>")
}

// writeRel writes the href of a link to a site path, relative to p.
func writeRel(w *pageWriter, p *Page, url string) {
	w.scratch = p.appendRel(w.scratch[:0], url)
	escapeURL(w, w.made())
}

// made returns what the scratch buffer holds, as a string that lives
// until the buffer is next written.
func (w *pageWriter) made() string { return unsafe.String(unsafe.SliceData(w.scratch), len(w.scratch)) }

// writeChip is _entity-link.html.
func writeChip(w *pageWriter, p *Page, e *site.Entity) {
	w.WriteString("<a href=\"")
	writeRel(w, p, e.URL)
	w.WriteString("\">")
	writeFlag(w, e)
	escapeHTML(w, e.Name)
	w.WriteString("</a>")
}

// writeFlag writes a country's flag before its name, hidden from screen
// readers.
func writeFlag(w textWriter, e *site.Entity) {
	if flag := e.Flag(); flag != "" {
		w.WriteString("<span aria-hidden=\"true\">")
		escapeHTML(w, flag)
		w.WriteString("</span> ")
	}
}

// writeItem is _briefing-item.html.
func writeItem(w *pageWriter, p *Page, b *site.Briefing) {
	url, title, summary := b.Listed()
	w.WriteString("\n<a class=\"item-title\" href=\"")
	writeRel(w, p, url)
	w.WriteString("\">")
	escapeHTML(w, title)
	w.WriteString("</a>")
	if l := b.Label; !l.IsZero() {
		// _marking.html's "marking-label".
		w.WriteString(" <span class=\"marking-label\" style=\"color: ")
		escapeHTML(w, l.Color)
		w.WriteString("; background-color: ")
		escapeHTML(w, l.Background)
		w.WriteString("\">")
		escapeHTML(w, l.Text)
		w.WriteString("</span>")
	}
	w.WriteString("\n")
	writeTime(w, b.Date, true)
	if b.Draft {
		w.WriteString(" <strong class=\"status\">Draft</strong>")
	}
	if b.Embargoed {
		w.WriteString(" <strong class=\"status\">Embargoed until ")
		w.scratch = b.Date.AppendShort(w.scratch[:0])
		escapeHTML(w, w.made())
		w.WriteString("</strong>")
	}
	if summary != "" {
		w.WriteString("\n<p class=\"summary\">")
		escapeHTML(w, summary)
		w.WriteString("</p>")
	}
}

// executeFeedNative writes f as the built-in atom.xml does.
func executeFeedNative(w io.Writer, f Feed) error {
	tw, ok := w.(textWriter)
	if !ok {
		bw := bufio.NewWriter(w)
		writeFeed(bw, f)
		return bw.Flush()
	}
	writeFeed(tw, f)
	return nil
}

// writeFeed is atom.xml.
func writeFeed(w textWriter, f Feed) {
	w.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>")
	escapeXML(w, f.Title)
	w.WriteString("</title>")
	if f.Subtitle != "" {
		w.WriteString("\n<subtitle>")
		escapeXML(w, f.Subtitle)
		w.WriteString("</subtitle>")
	}
	w.WriteString("\n<id>")
	escapeXML(w, f.ID)
	w.WriteString("</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"")
	escapeXML(w, f.ID)
	w.WriteString("\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"")
	escapeXML(w, f.Alternate)
	w.WriteString("\"/>\n<updated>")
	w.WriteString(f.Updated)
	w.WriteString("</updated>\n<author><name>")
	escapeXML(w, f.Author)
	w.WriteString("</name></author>")
	for _, e := range f.Entries {
		w.WriteString("\n<entry>\n<title>")
		escapeXML(w, e.Title)
		w.WriteString("</title>\n<id>")
		escapeXML(w, e.URL)
		w.WriteString("</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"")
		escapeXML(w, e.URL)
		w.WriteString("\"/>\n<updated>")
		w.WriteString(e.Updated)
		w.WriteString("</updated>\n<published>")
		w.WriteString(e.Published)
		w.WriteString("</published>")
		if e.Summary != "" {
			w.WriteString("\n<summary>")
			escapeXML(w, e.Summary)
			w.WriteString("</summary>")
		}
		for _, c := range e.Categories {
			w.WriteString("\n<category term=\"")
			escapeXML(w, c)
			w.WriteString("\"/>")
		}
		if e.Marking != "" {
			w.WriteString("\n<category term=\"")
			escapeXML(w, e.Marking)
			w.WriteString("\" label=\"Handling marking: ")
			escapeXML(w, e.Marking)
			w.WriteString("\"/>")
		}
		w.WriteString("\n</entry>")
	}
	w.WriteString("\n</feed>\n")
}

// escapeXML writes s as the feed template's xml function does
// (template.HTMLEscapeString of xmlText).
func escapeXML(w textWriter, s string) { escape(w, xmlText(s), &xmlEscapes) }

// xmlEscapes is text/template's table of what HTMLEscapeString replaces.
var xmlEscapes = newEscapes(map[byte]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'<':  "&lt;",
	'>':  "&gt;",
})

// escapeHTML writes s as html/template prints a string in text or in a
// quoted attribute value.
func escapeHTML(w textWriter, s string) { escape(w, s, &htmlEscapes) }

// escapeTable is a table of replacements by byte; special says which bytes
// have one. Reading a bool per byte of text instead of a string's length
// escapes text in the cache at 2.9 GB/s instead of 2.2 (escaping was 6%
// of a build's CPU at 100,000 briefings).
type escapeTable struct {
	special [256]bool
	repl    [256]string
}

// newEscapes makes the table of the replacements repl.
func newEscapes(repl map[byte]string) (e escapeTable) {
	for c, r := range repl {
		e.special[c], e.repl[c] = true, r
	}
	return e
}

// escape writes s with each byte that t has a replacement for replaced.
// Every byte it replaces is ASCII, so no rune is split.
func escape(w textWriter, s string, t *escapeTable) {
	last := 0
	for i := 0; i < len(s); i++ {
		if t.special[s[i]] {
			w.WriteString(s[last:i])
			w.WriteString(t.repl[s[i]])
			last = i + 1
		}
	}
	w.WriteString(s[last:])
}

// htmlEscapes is html/template's table of what it replaces in text and
// attributes.
var htmlEscapes = newEscapes(map[byte]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
})

// escapeURL writes s as html/template prints a string that starts a
// URL attribute (href): a scheme other than http, https or mailto
// becomes "#ZgotmplZ"; bytes a URL may not hold are percent-encoded
// (lower-case hex), valid escapes kept; & and + are escaped for the
// attribute.
func escapeURL(w textWriter, s string) {
	if !safeURL(s) {
		s = "#ZgotmplZ"
	}
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var repl string
		switch {
		case c == '&':
			repl = "&amp;"
		case c == '+':
			repl = "&#43;"
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		default:
			switch c {
			case '!', '#', '$', '*', ',', '/', ':', ';', '=', '?', '@', '[', ']', '-', '.', '_', '~':
				continue
			}
			w.WriteString(s[last:i])
			w.WriteByte('%')
			w.WriteByte(hex[c>>4])
			w.WriteByte(hex[c&15])
			last = i + 1
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(repl)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// safeURL reports whether s has no scheme, or http, https or mailto.
func safeURL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return true
		case ':':
			scheme := s[:i]
			return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// writeBacklinks writes an entity's list of the briefings that mention,
// name or cite it.
func writeBacklinks(w *pageWriter, p *Page, e *site.Entity) {
	w.WriteString("\n\n<section class=\"backlinks\">\n<h2>Briefings <span class=\"count\">")
	w.WriteString(strconv.Itoa(len(e.Backlinks)))
	w.WriteString("</span></h2>")
	if len(e.Backlinks) > 0 {
		w.WriteString("\n<ul class=\"items\">")
		for _, bl := range e.Backlinks {
			w.WriteString("\n<li class=\"item\">")
			writeItem(w, p, bl.Briefing)
			for i := range bl.NumContexts() {
				w.WriteString("\n<blockquote class=\"context\">")
				escapeHTML(w, bl.Context(i))
				w.WriteString("</blockquote>")
			}
			if bl.NumContexts() == 0 && bl.FrontMatter {
				w.WriteString("\n<p class=\"how\">Named in the briefing’s front matter.</p>")
			}
			if bl.Cited {
				w.WriteString("\n<p class=\"how\">Cited as a source")
				for _, src := range p.CitedIn(bl.Briefing) {
					if g := src.Grade(); g != "" {
						w.WriteString(" <span class=\"grade\">")
						w.WriteString(g)
						w.WriteString("</span>")
					}
				}
				w.WriteString(".</p>")
			}
			w.WriteString("\n</li>")
		}
		w.WriteString("\n</ul>")
	} else {
		w.WriteString("\n<p>No briefing mentions ")
		escapeHTML(w, e.Name)
		w.WriteString(" yet.</p>")
	}
	w.WriteString("\n</section>")
}
