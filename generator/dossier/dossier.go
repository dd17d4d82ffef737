// Package dossier gathers everything a site holds on one entity or tag
// into one printable document: the cover (title, date range, build date,
// the highest marking of what it holds), the entity's note and facts, its
// timeline, every published briefing that names it, oldest first, and
// one numbered list of all their sources. The site has a dossier page for
// every entity and tag, and `briefings dossier` writes one as a single
// file with its styles and images inside.
//
// The key types are Dossier and Source; New gathers a dossier from a
// linked site, and Body rewrites a briefing's rendered body to sit in
// one (ids made unique, links and images that still work from the
// dossier's place).
package dossier

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"briefings/generator/content"
	"briefings/generator/marking"
	"briefings/generator/site"
)

// Dossier is one entity's or tag's dossier.
type Dossier struct {
	// Entity or Tag is its subject; Title names it.
	Entity *site.Entity
	Tag    *site.Tag
	Title  string
	// From and To bound the briefings' dates, both ends included; zero
	// for no bound. They are what was asked, not what was found: First
	// and Last are the dates of the oldest and newest briefing held.
	From, To    content.Date
	First, Last content.Date
	// Built is when the dossier was made: set for a file of its own
	// (briefings dossier), zero on a site's page, which says instead
	// what it is Current to, so that a build changes the page only when
	// what it publishes changes.
	Built time.Time
	// Current is the date of the site's newest published briefing.
	Current content.Date
	// Marking is the highest marking of what the dossier holds: the
	// note's and every briefing's; the zero Label when none is marked.
	Marking marking.Label
	// Briefings are the published briefings that name the subject
	// within the dates, oldest first.
	Briefings []*site.Briefing
	// Full is set when the dossier holds the briefings in full; a
	// site's dossier page above its limit lists them instead.
	Full bool
	// Sources are the sources of every briefing, once each, numbered
	// from 1 in the order first cited; none when the dossier does not
	// hold its briefings in full.
	Sources []Source
	// cites holds, by briefing, the numbers of its sources.
	cites map[*site.Briefing][]int
}

// Source is one source of a dossier, with the briefings citing it.
type Source struct {
	site.Source
	// N is its number in the dossier, from 1.
	N int
	// Cited are the numbers (from 1, oldest first) of the briefings
	// that cite it.
	Cited []int
}

// New gathers the dossier of an entity or a tag (one of e and t is set)
// of a linked site, with the published briefings dated from from to to
// (zero for no bound), in full when full is set. Built is left for the
// caller to set.
func New(s *site.Site, e *site.Entity, t *site.Tag, from, to content.Date, full bool) *Dossier {
	d := &Dossier{Entity: e, Tag: t, From: from, To: to, Full: full, cites: map[*site.Briefing][]int{}}
	if len(s.Briefings) > 0 {
		d.Current = s.Briefings[0].Date
	}
	var list []*site.Briefing
	if e != nil {
		d.Title = e.Name
		d.Marking = e.Label
		for _, bl := range e.Backlinks {
			list = append(list, bl.Briefing)
		}
	} else {
		d.Title = t.Name
		list = slices.Clone(t.Briefings)
	}
	for _, b := range list {
		if !from.IsZero() && day(b.Date) < day(from) || !to.IsZero() && day(b.Date) > dayEnd(to) {
			continue
		}
		d.Briefings = append(d.Briefings, b)
	}
	// Oldest first: the reverse of the site's order, newest first.
	slices.SortStableFunc(d.Briefings, func(a, b *site.Briefing) int {
		return cmp.Or(a.Date.Time.Compare(b.Date.Time), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Slug, b.Slug))
	})
	if n := len(d.Briefings); n > 0 {
		d.First, d.Last = d.Briefings[0].Date, d.Briefings[n-1].Date
	}
	index := map[string]int{}
	for i, b := range d.Briefings {
		d.Marking = marking.Max(d.Marking, b.Label)
		if !full {
			// Only a dossier that holds the briefings lists their
			// sources.
			continue
		}
		for _, src := range b.Sources {
			key := sourceKey(src)
			n, ok := index[key]
			if !ok {
				d.Sources = append(d.Sources, Source{Source: src, N: len(d.Sources) + 1})
				n = len(d.Sources)
				index[key] = n
			}
			if !slices.Contains(d.cites[b], n) {
				d.cites[b] = append(d.cites[b], n)
			}
			if c := &d.Sources[n-1]; !slices.Contains(c.Cited, i+1) {
				c.Cited = append(c.Cited, i+1)
			}
		}
	}
	return d
}

// day is a date's day as written, for comparing with the bounds.
func day(d content.Date) string { return d.Time.Format("2006-01-02") }

// dayEnd is the last day a bound covers: a partial date (2025, 2025-02)
// bounds the whole year or month.
func dayEnd(d content.Date) string {
	t := d.Time
	switch d.Prec {
	case content.Year:
		return t.Format("2006") + "-12-31"
	case content.Month:
		return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	return day(d)
}

// sourceKey is what makes two sources one: the same address (whatever
// its case, and with or without a trailing slash or a fragment), or, for
// a source without one, the same title and outlet.
func sourceKey(s site.Source) string {
	if u := strings.TrimSpace(s.URL); u != "" {
		u, _, _ = strings.Cut(u, "#")
		return "url " + strings.ToLower(strings.TrimSuffix(u, "/"))
	}
	// The outlet as the site resolved it: the name written in front
	// matter may be a withheld outlet's, which nothing may show.
	outlet := ""
	if s.Outlet != nil {
		outlet = s.Outlet.Name
	}
	return "title " + strings.ToLower(strings.TrimSpace(s.Title)) + "\x00" + strings.ToLower(outlet)
}

// Cites returns the numbers of the sources a briefing of the dossier
// cites, in its order.
func (d *Dossier) Cites(b *site.Briefing) []int { return d.cites[b] }

// Number returns a briefing's number in the dossier, from 1; 0 for one
// it does not hold.
func (d *Dossier) Number(b *site.Briefing) int { return slices.Index(d.Briefings, b) + 1 }

// Range says which dates the dossier covers, in words: "12 February 2025
// to 3 March 2025", "12 February 2025", or "no briefings" for none.
func (d *Dossier) Range() string {
	first, last := d.First, d.Last
	if !d.From.IsZero() {
		first = d.From
	}
	if !d.To.IsZero() {
		last = d.To
	}
	switch {
	case first.IsZero() && last.IsZero():
		return "no briefings"
	case first.IsZero():
		return "until " + last.Format()
	case last.IsZero():
		return "from " + first.Format()
	case first.Format() == last.Format():
		return first.Format()
	}
	return first.Format() + " to " + last.Format()
}

// Years lists the years of the dossier's briefings, oldest first, with
// the first briefing of each: where a year's heading goes in a list.
func (d *Dossier) Years() map[*site.Briefing]int {
	out := map[*site.Briefing]int{}
	last := 0
	for _, b := range d.Briefings {
		if y := b.Date.Time.Year(); y != last {
			out[b] = y
			last = y
		}
	}
	return out
}

// Covers reports whether a date is within the dossier's dates.
func (d *Dossier) Covers(date content.Date) bool {
	if date.IsZero() {
		return false
	}
	return (d.From.IsZero() || dayEnd(date) >= day(d.From)) && (d.To.IsZero() || day(date) <= dayEnd(d.To))
}
