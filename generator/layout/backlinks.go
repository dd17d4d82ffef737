package layout

import (
	"errors"
	htmltemplate "html/template"

	"briefings/generator/marking"
	"briefings/generator/site"
)

// run is what one execution of a page's template works out once and
// asks for again: Execute gives each execution a copy of the Page with
// its own run, so nothing is kept from one render to the next.
type run struct {
	set  *Set
	page *Page // the page Execute was given
	// marking is Marking's result, once done is set: baseof.html asks
	// for it four times, and on an entity page it reads every backlink.
	marking marking.Label
	done    bool
}

// Backlink is a briefing on an entity's page, ready to print: the
// briefing's item (its briefing-item partial, made once per build and
// folder depth), the sentences that quote the entity, and how the
// briefing names it. An entity page lists some fifty of them on
// average at 10,000 briefings; given as values ready to print, each is a
// few template actions rather than a dozen (docs/internals/templates.md).
type Backlink struct {
	Briefing *site.Briefing
	// Item is the briefing-item partial of Briefing (as `partial
	// "briefing-item" (item $ .Briefing)` prints it).
	Item htmltemplate.HTML
	// Quotes are the sentences of the briefing's body around its
	// mentions of the entity, in the order written, each as HTML with
	// the mention in <mark> (site.Backlink's Quotes, escaped and joined).
	Quotes []htmltemplate.HTML
	// FrontMatter is set when the briefing's front matter names the
	// entity, Cited when one of its sources names the entity (an outlet)
	// as its outlet; Grades are the grades of those sources, the
	// ungraded left out.
	FrontMatter, Cited bool
	Grades             []string
}

// Backlinks returns the backlinks of the page's entity ready to print,
// newest first; none on other pages.
func (p *Page) Backlinks() ([]Backlink, error) {
	if p.Entity == nil || len(p.Entity.Backlinks) == 0 {
		return nil, nil
	}
	if p.run == nil {
		return nil, errNotExecuting
	}
	partial := p.run.set.partialAt(1)
	bls := p.Entity.Backlinks
	out := make([]Backlink, len(bls))
	n := 0
	for _, bl := range bls {
		n += bl.NumContexts()
	}
	quotes := make([]htmltemplate.HTML, 0, n)
	var buf []byte
	var ends []int
	for i, bl := range bls {
		item, err := partial("briefing-item", Item{Briefing: bl.Briefing, Site: p.Site, page: p})
		if err != nil {
			return nil, err
		}
		out[i] = Backlink{Briefing: bl.Briefing, Item: item, FrontMatter: bl.FrontMatter, Cited: bl.Cited}
		for j := range bl.NumContexts() {
			q := bl.Quote(j)
			buf = appendHTML(buf, q.Before)
			if q.Mark != "" {
				buf = append(buf, "<mark>"...)
				buf = appendHTML(buf, q.Mark)
				buf = append(buf, "</mark>"...)
			}
			buf = appendHTML(buf, q.After)
			ends = append(ends, len(buf))
		}
		if bl.Cited {
			for _, src := range p.CitedIn(bl.Briefing) {
				if g := src.Grade(); g != "" {
					out[i].Grades = append(out[i].Grades, g)
				}
			}
		}
	}
	// One string holds every quote of the page.
	all := string(buf)
	start := 0
	for _, end := range ends {
		quotes = append(quotes, htmltemplate.HTML(all[start:end]))
		start = end
	}
	at := 0
	for i, bl := range bls {
		k := bl.NumContexts()
		out[i].Quotes = quotes[at : at+k : at+k]
		at += k
	}
	return out, nil
}

// errNotExecuting is the error of Backlinks called outside a template.
var errNotExecuting = errors.New("Backlinks is for templates: it makes the briefing-item partial of each")

// appendHTML appends s escaped as html/template escapes a string printed
// in text: NUL as U+FFFD, and ", &, ', +, < and > as character
// references.
func appendHTML(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, repl...)
		start = i + 1
	}
	return append(b, s[start:]...)
}
