package layout

import (
	"bytes"
	htmltemplate "html/template"
	"strconv"
	"strings"

	"briefings/generator/chart"
	"briefings/generator/content"
	"briefings/generator/dossier"
	"briefings/generator/geo"
	"briefings/generator/site"
)

// The drawings and dossiers pages show (package chart, package dossier),
// as methods of Page so that a template prints them where it likes:
// {{ .Timeline }}, {{ .Neighbourhood }}, {{ .Locator }} on entity pages,
// {{ .SiteTimeline }} on the timeline, {{ .Network }} and {{ .WorldMap }}
// on the graph and map pages, and .Dossier on a dossier page. Each is ""
// where it has nothing to show.

// Timeline draws the entity's events and briefings on a time axis.
func (p *Page) Timeline() htmltemplate.HTML {
	e := p.Entity
	if p.Kind == "dossier" {
		return p.dossierTimeline()
	}
	if e == nil {
		return ""
	}
	return chart.Timeline{Link: p.Rel, Marks: chart.TimelineOf(e), Subject: e.Name, Listed: true, YearURL: yearURL}.Draw()
}

// SiteTimeline draws every event and briefing of the site on a time
// axis.
func (p *Page) SiteTimeline() htmltemplate.HTML {
	return chart.Timeline{Link: p.Rel, Marks: chart.TimelineOfSite(p.Site), YearURL: yearURL}.Draw()
}

// Neighbourhood draws the entity among those it appears with most often.
func (p *Page) Neighbourhood() htmltemplate.HTML {
	if p.Entity == nil {
		return ""
	}
	return chart.Neighbourhood(p.Rel, p.Site, p.Entity)
}

// Locator draws a country in its region, with the events located in it,
// or an event where it took place.
func (p *Page) Locator() htmltemplate.HTML {
	e := p.Entity
	if e == nil {
		return ""
	}
	switch e.Kind.Name {
	case "countries":
		c := geo.CountryOf(e)
		if c == nil {
			return ""
		}
		// The country's events, where they took place, when that is
		// in its region.
		return chart.Locator(p.Rel, c, e.Name, chart.Pins(p.Site, e.Events))
	case "events":
		pins := chart.Pins(p.Site, []*site.Entity{e})
		if len(pins) == 0 {
			return ""
		}
		return chart.Locator(p.Rel, pins[0].Place.Country, e.Name, pins)
	}
	return ""
}

// Network draws the site's most named entities and the briefings they
// share.
func (p *Page) Network() htmltemplate.HTML { return chart.Network(p.Rel, p.Site) }

// WorldMap draws the world with every located event.
func (p *Page) WorldMap() htmltemplate.HTML {
	return chart.World(p.Rel, p.Site, chart.Pins(p.Site, p.Site.Entities["events"]))
}

// Located returns the site's events that the maps place, by date.
func (p *Page) Located() []chart.Pin {
	return chart.Pins(p.Site, p.Site.Entities["events"])
}

// DossierURL returns the URL of the dossier page of the entity or tag
// whose page is at url.
func DossierURL(url string) string { return url + "dossier.html" }

// Dossier returns what a dossier page shows, gathered the first time it
// is asked for.
func (p *Page) Dossier() *dossier.Dossier {
	if p.dossier == nil && (p.Entity != nil || p.Tag != nil) && p.Kind == "dossier" {
		n := 0
		if p.Entity != nil {
			n = len(p.Entity.Backlinks)
		} else {
			n = len(p.Tag.Briefings)
		}
		p.dossier = dossier.New(p.Site, p.Entity, p.Tag, p.From, p.To, p.Standalone || n <= p.Site.Config.DossierLimit)
		if p.run != nil {
			// Kept with the page Execute was given, as before it ran
			// on a copy: a page made twice gathers its dossier once.
			p.run.page.dossier = p.dossier
		}
	}
	return p.dossier
}

// Body returns a briefing of the dossier as the dossier shows it (see
// dossier.Body).
func (p *Page) Body(b *site.Briefing) (htmltemplate.HTML, error) {
	at := dossier.Place{Page: p.URL}
	if p.Standalone {
		at = dossier.Place{Base: p.Site.Config.BaseURL, Inline: p.inline}
	}
	return dossier.Body(b, p.Dossier().Number(b), at)
}

// Link writes url (a path from the site root) for an <a href> of the
// page: relative to it, or, for a dossier in a file of its own, absolute
// from the site's address ("" when the site has none).
func (p *Page) Link(url string) string {
	if !p.Standalone {
		return p.Rel(url)
	}
	base := p.Site.Config.BaseURL
	if base == "" || base == "/" {
		return ""
	}
	return p.Abs(url)
}

// dossierTimeline draws a dossier's briefings, and its entity's events
// within its dates, linking within the dossier for the years of a long
// one.
func (p *Page) dossierTimeline() htmltemplate.HTML {
	d := p.Dossier()
	if d == nil {
		return ""
	}
	var events []chart.Mark
	if d.Entity != nil {
		events = chart.TimelineOf(d.Entity)
	}
	marks := make([]chart.Mark, 0, len(events)+len(d.Briefings))
	if d.Entity != nil {
		for _, m := range events {
			if !m.Briefing && d.Covers(m.Date) {
				marks = append(marks, m)
			}
		}
	}
	for _, b := range d.Briefings {
		marks = append(marks, chart.Mark{Title: b.Title, URL: b.URL, Date: b.Date, Briefing: true})
	}
	link := p.Link
	if d.Full {
		// The briefings are here: their marks link to them.
		at := make(map[string]int, len(d.Briefings))
		for i, b := range d.Briefings {
			at[b.URL] = i + 1
		}
		link = func(url string) string {
			if n, ok := at[url]; ok {
				return "#b" + strconv.Itoa(n)
			}
			return p.Link(url)
		}
	}
	year := yearURL
	if d.Full {
		year = func(y int) string { return "#y" + strconv.Itoa(y) }
	}
	return chart.Timeline{Link: func(url string) string {
		if strings.HasPrefix(url, "#") {
			return url
		}
		return link(url)
	}, Marks: marks, Subject: d.Title, Listed: d.Full, YearURL: year}.Draw()
}

// Standalone renders the dossier of an entity or a tag (one of e and t
// is set) with the published briefings dated from from to to (zero for
// no bound) as a file of its own: the dossier template with every
// briefing in full, the theme's style sheet inside, the images that
// read (a path from the site root) can give as data: URLs, and links to
// the site's pages absolute from its base_url. It returns the file and
// what it holds.
func (set *Set) Standalone(s *site.Site, e *site.Entity, t *site.Tag, from, to content.Date, read func(sitePath string) ([]byte, string, bool)) ([]byte, *dossier.Dossier, error) {
	var p *Page
	if e != nil {
		p = &Page{Kind: "dossier", URL: DossierURL(e.URL), Title: "Dossier: " + e.Name, Description: e.Summary, Entity: e, EntityKind: e.Kind}
	} else {
		p = &Page{Kind: "dossier", URL: DossierURL(t.URL), Title: "Dossier: " + t.Name, Tag: t}
	}
	p.Site, p.From, p.To, p.Standalone, p.inline = s, from, to, true, read
	p.Style = htmltemplate.CSS(set.assets["assets/style.css"])
	p.Dossier().Built = s.Edition.Rules.Now
	set.forget()
	var buf bytes.Buffer
	if err := set.Execute(&buf, p); err != nil {
		return nil, nil, set.explain(err, p.URL)
	}
	return buf.Bytes(), p.Dossier(), nil
}

// yearURL is the page of a year of the timeline, where a bar of a
// month's briefings links.
func yearURL(y int) string { return "/timeline/" + strconv.Itoa(y) + "/" }
