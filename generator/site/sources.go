package site

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/markdown"
)

// Source is a source a briefing cites, as its front matter gives it
// (title, url, grade, accessed, archive), with its outlet resolved and
// the reliability it takes.
type Source struct {
	content.Source
	// Outlet is the outlet the source names, nil when it names none (or
	// one the build does not publish, or a slip of the keyboard for one).
	Outlet *Entity
	// Reliability is the reliability grade shown: the source's own, or,
	// when it gives none, its outlet's default, and DefaultReliability
	// says so.
	Reliability        string
	DefaultReliability bool
}

// Grade returns the grade shown for the source: "B2", or "B" or "2"
// with one half not given; "" with neither.
func (s Source) Grade() string {
	g := s.Reliability
	if s.Credibility > 0 {
		g += fmt.Sprint(s.Credibility)
	}
	return g
}

// ReliabilityMeaning says what the reliability grade means: "usually
// reliable"; "" for none.
func (s Source) ReliabilityMeaning() string {
	return content.Meaning(content.Reliabilities, s.Reliability)
}

// CredibilityMeaning says what the credibility grade means: "probably
// true"; "" for none.
func (s Source) CredibilityMeaning() string {
	return content.Meaning(content.Credibilities, fmt.Sprint(s.Credibility))
}

// GradeText says the grade in words, for a title attribute or a screen
// reader: "B2: usually reliable source, information probably true", with
// "(the outlet's default)" after a reliability the source takes from its
// outlet.
func (s Source) GradeText() string {
	return gradeText(s.Grade(), s.ReliabilityMeaning(), s.CredibilityMeaning(), s.DefaultReliability)
}

// GradeText says the grade in words, as Source.GradeText does.
func (g GradeCount) GradeText() string {
	r, c := g.Grade, ""
	if r != "" && r[0] >= '1' && r[0] <= '6' {
		r, c = "", r
	} else if len(r) > 1 {
		r, c = r[:1], r[1:]
	}
	return gradeText(g.Grade, content.Meaning(content.Reliabilities, r), content.Meaning(content.Credibilities, c), g.Default)
}

// gradeText says a grade in words from the meanings of its halves.
func gradeText(grade, r, c string, outletDefault bool) string {
	text := grade + ": "
	switch {
	case r != "" && c != "":
		text += r + " source, information " + c
	case r != "":
		text += r + " source, credibility not graded"
	case c != "":
		text += "information " + c + ", source not graded"
	default:
		return ""
	}
	if outletDefault {
		text += " (reliability: the outlet's default)"
	}
	return text
}

// Graded reports whether any of the briefing's sources shows a grade,
// which the page then explains.
func (b *Briefing) Graded() bool {
	for _, s := range b.Sources {
		if s.Grade() != "" {
			return true
		}
	}
	return false
}

// ReliabilityMeaning says what an outlet's usual reliability means:
// "usually reliable"; "" for none.
func (e *Entity) ReliabilityMeaning() string {
	return content.Meaning(content.Reliabilities, e.Reliability)
}

// Author is one of a briefing's authors: the name as written, and the
// person it names when that person has a published note.
type Author struct {
	Name   string
	Person *Entity
}

// Corrected is one correction of a briefing, for the corrections page.
type Corrected struct {
	Briefing   *Briefing
	Correction content.Correction
}

// GradeCount is how often an outlet's sources were given a grade;
// Default marks the grades that took the outlet's default reliability.
type GradeCount struct {
	Grade   string
	Default bool
	N       int
}

// Modified returns the latest of the briefing's date, its updated date
// and its corrections' dates: when it last changed, for feeds and the
// pages' structured data. Only front matter says so, never the file
// system or git.
func (b *Briefing) Modified() content.Date {
	m := b.Date
	later := func(d content.Date) {
		if !d.IsZero() && d.Time.After(m.Time) {
			m = d
		}
	}
	later(b.Updated)
	for _, c := range b.Corrections {
		later(c.Date)
	}
	return m
}

// KindsListed returns the kinds the navigation, the lists of entities
// and a build's summary show: every kind, but outlets only when the site
// has one (a source or a note names it), so that a site that grades no
// sources shows nothing of them.
func (s *Site) KindsListed() []config.Kind {
	if len(s.Entities["outlets"]) > 0 {
		return s.Kinds
	}
	out := make([]config.Kind, 0, len(s.Kinds))
	for _, k := range s.Kinds {
		if k.Name != "outlets" {
			out = append(out, k)
		}
	}
	return out
}

// BacklinkFrom returns e's backlink from briefing b, and whether b
// mentions, names or cites e at all; after Link, in a few steps however
// many briefings mention e.
func (e *Entity) BacklinkFrom(b *Briefing) (Backlink, bool) {
	i, ok := backlinkOf(e, b)
	if !ok {
		return Backlink{}, false
	}
	return e.Backlinks[i], true
}

// kind returns the kind called name, and whether the site has it.
func (s *Site) kind(name string) (config.Kind, bool) {
	i, ok := s.kindAt[name]
	if !ok {
		return config.Kind{}, false
	}
	return s.Kinds[i], true
}

// resolveSources resolves the outlet of each of b's sources, like any
// front matter name (a stub for an outlet without a note, a warning for a
// slip of the keyboard), and gives a source without a reliability grade
// its outlet's default.
func (s *Site) resolveSources(b *Briefing, diags *diag.List) {
	fm := b.Note.Briefing
	if len(fm.Sources) == 0 {
		return
	}
	outlets, _ := s.kind("outlets")
	b.Sources = make([]Source, len(fm.Sources))
	for i, src := range fm.Sources {
		out := Source{Source: src, Reliability: src.Reliability}
		// Printed beside the briefing's title, with the same quotes.
		out.Title = markdown.Typographic(src.Title)
		if src.Outlet != "" {
			pos := diag.Pos{File: b.Note.Path, Line: src.Line("outlet")}
			if host, ok := webHost(src.Outlet); ok {
				out.Outlet = s.outletAt(host, src.Outlet, pos, diags)
			} else {
				out.Outlet = s.resolveAt(outlets, src.Outlet, pos, diags)
			}
		}
		if out.Reliability == "" && out.Outlet != nil && out.Outlet.Reliability != "" {
			out.Reliability, out.DefaultReliability = out.Outlet.Reliability, true
		}
		b.Sources[i] = out
	}
}

// webHost returns the host of a web address, without "www.", and whether
// text is one.
func webHost(text string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(text))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "", false
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."), true
}

// outletAt resolves an outlet written as a web address (an editor's
// slip: outlet = "https://www.upi.com/") to the outlet whose note gives
// that website, with a warning to write its name; with none, the source
// names no outlet, and no page is made with an address for a name.
func (s *Site) outletAt(host, written string, pos diag.Pos, diags *diag.List) *Entity {
	var found []*Entity
	for _, e := range s.Entities["outlets"] {
		if h, ok := webHost(e.Website); ok && h == host && e.Note != nil {
			found = append(found, e)
		}
	}
	if len(found) == 1 {
		diags.Warnf(pos, "outlet %q is a web address, read as %s, whose note gives that website: write its name instead, %q", written, found[0].Name, found[0].Name)
		return found[0]
	}
	diags.Warnf(pos, "outlet %q is a web address, not a name, and no outlet's note gives that website: write the outlet's name (and, to give it a page with its website, briefings new outlet \"Name\", then its url in the note)", written)
	return nil
}

// resolveAuthors links each of b's authors to the person of that name,
// alias or slug when they have a published note. An author without one
// is shown as written, without a page of their own; a name a slip away
// from a person's is a warning.
func (s *Site) resolveAuthors(b *Briefing, diags *diag.List) {
	fm := b.Note.Briefing
	people, ok := s.kind("people")
	if !ok {
		return
	}
	pos := diag.Pos{File: b.Note.Path, Line: b.Note.Lines["authors"]}
	for _, name := range s.commaList(config.Kind{Name: "authors"}, fm.Authors, b.Note, diags) {
		a := Author{Name: name}
		key := s.slug(name)
		for _, e := range s.names[key] {
			if e.Kind.Name == people.Name && e.Note != nil {
				a.Person = e
				break
			}
		}
		if a.Person == nil && key != "" && !s.Edition.WithheldName(people.Name, name) {
			if near := s.nearNoted(people, key, name); len(near) > 0 {
				diags.Warnf(pos, "author %q matches no person's note or alias; did you mean %s? Correct the spelling, or, if it is not %s, leave it: an author without a note is shown as written",
					name, didYouMean(near), theSame(near))
			}
		}
		if a.Person != nil && !slices.Contains(a.Person.Authored, b) {
			a.Person.Authored = append(a.Person.Authored, b)
		}
		b.Authors = append(b.Authors, a)
	}
}

// checkAhead warns of a day in b's front matter that is still to come: a
// source read, an update or a correction dated after today is most
// likely a slip of the year, and an update or a correction ahead would
// keep the briefing at the top of feeds until then. The days of a
// briefing itself dated ahead (embargoed, or shown with --future) are
// scheduled with it and left alone.
func (s *Site) checkAhead(b *Briefing, diags *diag.List) {
	if b.Embargoed {
		return
	}
	const day = "2006-01-02"
	today := s.Edition.Rules.Now.In(s.Edition.Location).Format(day)
	ahead := func(d content.Date) bool { return !d.IsZero() && d.Time.Format(day) > today }
	at := func(line int) diag.Pos { return diag.Pos{File: b.Note.Path, Line: line} }
	for _, src := range b.Note.Briefing.Sources {
		if ahead(src.Accessed) {
			diags.Warnf(at(src.Line("accessed")), "source %q accessed %s, a day still to come (today is %s): write the day you read it; is the year right?",
				src.Title, src.Accessed.ISO(), today)
		}
	}
	if ahead(b.Updated) {
		diags.Warnf(at(b.Note.Lines["updated"]), "updated %s, a day still to come (today is %s): write the day of the update; is the year right? Feeds show the briefing as changed until then",
			b.Updated.ISO(), today)
	}
	for _, c := range b.Corrections {
		if ahead(c.Date) {
			diags.Warnf(at(c.DateLine), "correction dated %s, a day still to come (today is %s): write the day it was made; is the year right? Feeds show the briefing as corrected until then",
				c.Date.ISO(), today)
		}
	}
}

// checkWikidata reports two notes that give one Wikidata id: one item
// cannot have two pages. The id is what tells two entities of one name
// apart (Georgia the country, Georgia the state), so it must be theirs
// alone.
func (s *Site) checkWikidata(diags *diag.List) {
	seen := map[string]*Entity{}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			if e.Wikidata == "" || e.Note == nil {
				continue
			}
			first, dup := seen[e.Wikidata]
			if !dup {
				seen[e.Wikidata] = e
				continue
			}
			a, b := first, e
			if b.Note.Path < a.Note.Path {
				a, b = b, a
			}
			diags.Errorf(diag.Pos{File: b.Note.Path, Line: b.Note.Lines["wikidata"]}, "wikidata %s is also the id of %s %s (%s): one Wikidata item is one entity; correct the id in one of the two notes, or merge them (the other name can be an alias)",
				e.Wikidata, a.Kind.Singular, a.Name, a.Note.Path)
		}
	}
}

// listCorrections gathers every briefing's corrections, the latest
// first, for the corrections page.
func (s *Site) listCorrections() {
	s.Corrections = nil
	for _, b := range s.Briefings {
		for _, c := range b.Corrections {
			s.Corrections = append(s.Corrections, Corrected{Briefing: b, Correction: c})
		}
	}
	slices.SortStableFunc(s.Corrections, func(x, y Corrected) int {
		return cmp.Or(y.Correction.Date.Time.Compare(x.Correction.Date.Time), x.Briefing.order-y.Briefing.order)
	})
}

// countGrades counts, for each outlet, the grades its sources were
// given: each source once, under the grade it shows.
func (s *Site) countGrades() {
	counts := map[*Entity]map[GradeCount]int{}
	for _, b := range s.Briefings {
		for _, src := range b.Sources {
			if src.Outlet == nil {
				continue
			}
			if counts[src.Outlet] == nil {
				counts[src.Outlet] = map[GradeCount]int{}
			}
			counts[src.Outlet][GradeCount{Grade: src.Grade(), Default: src.DefaultReliability}]++
		}
	}
	for e, m := range counts {
		e.Grades = e.Grades[:0]
		for g, n := range m {
			g.N = n
			e.Grades = append(e.Grades, g)
		}
		slices.SortFunc(e.Grades, func(x, y GradeCount) int {
			// Ungraded last; then by grade, the best first.
			return cmp.Or(cmp.Compare(boolInt(x.Grade == ""), boolInt(y.Grade == "")), cmp.Compare(x.Grade, y.Grade), cmp.Compare(boolInt(x.Default), boolInt(y.Default)))
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
