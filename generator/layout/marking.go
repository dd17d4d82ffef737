package layout

import (
	"fmt"
	htmltemplate "html/template"
	"strings"

	"briefings/generator/marking"
	"briefings/generator/site"
)

// markingCSS is the template function that writes the print rules of a
// page marked l: its label at the top right and the bottom right of
// every printed page, in the page's margins, at 12 pt, in the label's
// colours (FIRST's for TLP), printed even where the reader's browser
// leaves backgrounds out.
func markingCSS(l marking.Label) htmltemplate.CSS {
	text := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ", "<", `\3c `).Replace(l.Text)
	box := fmt.Sprintf(`content: "%s"; color: %s; background-color: %s; font: 700 12pt/1.2 system-ui, sans-serif; padding: 1.5mm 3mm; height: 8mm; text-align: right; vertical-align: middle;`,
		text, cssColor(l.Color), cssColor(l.Background))
	return htmltemplate.CSS("\n@media print {\n  html { print-color-adjust: exact; -webkit-print-color-adjust: exact; }\n  @page {\n    @top-right { " + box + " margin-top: 5mm; }\n    @bottom-right { " + box + " margin-bottom: 5mm; }\n  }\n}\n")
}

// cssColor returns c if it is a hex colour (as marking.Declare checks),
// else black.
func cssColor(c string) string {
	if len(c) < 4 || len(c) > 7 || c[0] != '#' || strings.Trim(c[1:], "0123456789abcdefABCDEF") != "" {
		return "#000000"
	}
	return c
}

// Marking returns the highest marking of what the page shows: its own
// note's, and that of each item it lists with its title or summary
// (briefings, entity notes in a list, timeline entries). A name shown
// only as a link is not counted: a published note writes it. The zero
// Label means the page shows nothing marked, and carries no banner
// (the pages of a site that never uses markings). The search page,
// whose results may be any page, and the graph, counted from every
// briefing, carry the highest marking of the site; the map that of the
// events and countries it draws; the corrections page that of the
// briefings corrected.
func (p *Page) Marking() marking.Label {
	if p.run == nil {
		return p.highest()
	}
	if !p.run.done {
		p.run.marking, p.run.done = p.highest(), true
	}
	return p.run.marking
}

// highest is Marking, worked out.
func (p *Page) highest() marking.Label {
	var l marking.Label
	briefings := func(bs []*site.Briefing) {
		for _, b := range bs {
			l = marking.Max(l, b.Label)
		}
	}
	s := p.Site
	switch {
	case p.Briefing != nil:
		l = p.Briefing.Label
		briefings(p.Briefing.Related)
		briefings(p.Briefing.LinkedFrom)
	case p.Entity != nil:
		l = p.Entity.Label
		for _, bl := range p.Entity.Backlinks {
			l = marking.Max(l, bl.Briefing.Label)
		}
	case p.Page != nil && p.Kind == "page":
		l = p.Page.Label
	case p.Year != nil:
		for _, m := range p.Year.Months {
			l = marking.Max(l, items(m.Items))
		}
	case p.Kind == "timeline":
		// Its drawing shows every entry (SiteTimeline).
		for _, y := range s.Timeline {
			for _, m := range y.Months {
				l = marking.Max(l, items(m.Items))
			}
		}
	case p.Kind == "dossier":
		if d := p.Dossier(); d != nil {
			l = d.Marking
		}
	case p.Kind == "terms":
		for _, e := range s.Entities[p.EntityKind.Name] {
			l = marking.Max(l, e.Label)
		}
	case p.Kind == "home":
		if p.Page != nil {
			l = p.Page.Label
		}
		briefings(p.Latest(10))
	case p.Kind == "search":
		briefings(s.Briefings)
		for _, k := range s.Kinds {
			for _, e := range s.Entities[k.Name] {
				l = marking.Max(l, e.Label)
			}
		}
		for _, pg := range s.Pages {
			l = marking.Max(l, pg.Label)
		}
	case p.Kind == "graph":
		// Who appears with whom is counted from every briefing.
		briefings(s.Briefings)
		for _, k := range s.Kinds {
			for _, e := range s.Entities[k.Name] {
				l = marking.Max(l, e.Label)
			}
		}
	case p.Kind == "map":
		// The events it places, and the countries it shades.
		for _, kind := range []string{"events", "countries"} {
			for _, e := range s.Entities[kind] {
				l = marking.Max(l, e.Label)
			}
		}
	case p.Kind == "corrections":
		for _, c := range s.Corrections {
			l = marking.Max(l, c.Briefing.Label)
		}
	default:
		briefings(p.Briefings)
	}
	return l
}

// items returns the highest marking of timeline entries.
func items(list []*site.Item) marking.Label {
	var l marking.Label
	for _, it := range list {
		if it.Event != nil {
			l = marking.Max(l, it.Event.Label)
		} else {
			l = marking.Max(l, it.Briefing.Label)
		}
	}
	return l
}
