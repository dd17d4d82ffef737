package chart

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"briefings/generator/content"
	"briefings/generator/site"
)

// Mark is one thing on a timeline: an event or a briefing.
type Mark struct {
	Title string
	URL   string // from the site root
	// Date is when it was, at the precision written; End, when set, is
	// the last day of a range.
	Date, End content.Date
	// Briefing is set for a briefing, which goes in the briefings lane;
	// the others go in the events lane.
	Briefing bool
}

// Timeline is what a timeline draws.
type Timeline struct {
	// Link writes a URL from the site root as the page links to it.
	Link  func(url string) string
	Marks []Mark
	// YearURL is where the bar of a month of briefings links to when
	// there are too many briefings to draw one by one.
	YearURL func(year int) string
	// Subject names what the timeline is of, for its caption: "Vladimir
	// Putin", or "" for the whole site.
	Subject string
	// Listed is set when the page lists the same events and briefings
	// in words already (an entity's page, a dossier): the drawing then
	// says so rather than listing them again.
	Listed bool
}

// maxBriefingMarks is the most briefings a timeline draws one by one;
// more are drawn as a bar per month (or per year over a long span).
const maxBriefingMarks = 60

// Layout of a timeline, in pixels: the drawing is as wide as its years
// need (a page scrolls it sideways on a phone), its text always 12px.
const (
	tlPad      = 12.0
	tlAxis     = 26.0 // the year labels and their line
	tlLaneHead = 18.0 // a lane's name above it
	tlRow      = 18.0 // one row of event labels
	tlMaxRows  = 8
	tlBriefH   = 40.0
)

// TimelineOf returns the marks of an entity's timeline: the events it
// took part in (for an event, the events before and after it on the same
// countries, and itself) and the briefings that name it.
func TimelineOf(e *site.Entity) []Mark {
	events := e.Events
	if e.Kind.Name == "events" {
		events = append(append(append([]*site.Entity{}, e.Before...), e), e.After...)
	}
	marks := make([]Mark, 0, len(events)+len(e.Backlinks))
	for _, ev := range events {
		if !ev.Date.IsZero() {
			marks = append(marks, Mark{Title: ev.Name, URL: ev.URL, Date: ev.Date, End: ev.EndDate})
		}
	}
	for _, bl := range e.Backlinks {
		b := bl.Briefing
		marks = append(marks, Mark{Title: b.Title, URL: b.URL, Date: b.Date, Briefing: true})
	}
	return marks
}

// TimelineOfSite returns the marks of the site's timeline: every dated
// event and every briefing.
func TimelineOfSite(s *site.Site) []Mark {
	n := 0
	for _, y := range s.Timeline {
		for _, m := range y.Months {
			n += len(m.Items)
		}
	}
	marks := make([]Mark, 0, n)
	for _, y := range s.Timeline {
		for _, m := range y.Months {
			for _, it := range m.Items {
				marks = append(marks, Mark{Title: it.Title(), URL: it.URL(), Date: it.Date, End: it.EndDate, Briefing: it.Briefing != nil})
			}
		}
	}
	return marks
}

// span returns the first instant a mark covers and the instant after its
// last: a day, a range of days, or the whole month or year a partial
// date names.
func span(m Mark) (from, to time.Time) {
	d := m.Date.Time
	from = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	switch m.Date.Prec {
	case content.Year:
		from = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		to = from.AddDate(1, 0, 0)
	case content.Month:
		from = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		to = from.AddDate(0, 1, 0)
	default:
		to = from.AddDate(0, 0, 1)
	}
	if !m.End.IsZero() {
		e := m.End.Time
		end := time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, time.UTC)
		switch m.End.Prec {
		case content.Year:
			end = time.Date(e.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
		case content.Month:
			end = time.Date(e.Year(), e.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		default:
			end = end.AddDate(0, 0, 1)
		}
		if end.After(to) {
			to = end
		}
	}
	return from, to
}

// when writes a mark's date in words, saying so of a partial one.
func when(m Mark) string {
	s := m.Date.Format()
	switch m.Date.Prec {
	case content.Year:
		s += " (the year only)"
	case content.Month:
		s += " (the month only)"
	}
	if !m.End.IsZero() {
		s += " to " + m.End.Format()
	}
	return s
}

// Draw returns the timeline as a figure, or "" when it has no marks.
func (t Timeline) Draw() template.HTML {
	if len(t.Marks) == 0 {
		return ""
	}
	first, last := 9999, 0
	// Sized first: the site's timeline has a mark for every briefing
	// and event, and is drawn on every page of /timeline/.
	nb := 0
	for _, m := range t.Marks {
		if m.Briefing {
			nb++
		}
	}
	events, briefings := make([]Mark, 0, len(t.Marks)-nb), make([]Mark, 0, nb)
	for _, m := range t.Marks {
		from, to := span(m)
		first = min(first, from.Year())
		last = max(last, to.Add(-time.Nanosecond).Year())
		if m.Briefing {
			briefings = append(briefings, m)
		} else {
			events = append(events, m)
		}
	}
	years := last - first + 1
	// Up to 16 years fit the column of a desktop page (576 pixels and
	// the padding, under its 624); more scroll.
	perYear := max(36.0, min(400.0, 576.0/float64(years)))
	plotW := perYear * float64(years)
	width := plotW + 2*tlPad
	start := time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC)
	total := end.Sub(start).Hours()
	x := func(t time.Time) float64 { return tlPad + plotW*t.Sub(start).Hours()/total }

	// Event labels go in rows, each in the first row where it does not
	// overlap the label before it.
	var rowsEnd []float64
	var ps []placedEvent
	for _, m := range events {
		from, to := span(m)
		p := placedEvent{m: m, x0: x(from), x1: x(to), partial: m.Date.Prec < content.Day}
		p.bar = p.partial || !m.End.IsZero()
		if !p.bar {
			p.x0 = (p.x0 + p.x1) / 2
			p.x1 = p.x0
		}
		p.label = clip(m.Title, 220)
		lw := textWidth(p.label)
		p.lx = p.x1 + 8
		lo, hi := p.x0-6, p.lx+lw
		if hi > width-tlPad {
			p.atEnd = true
			p.lx = p.x0 - 8
			lo, hi = p.lx-lw, p.x1+6
		}
		for r := 0; r < tlMaxRows; r++ {
			if r == len(rowsEnd) {
				rowsEnd = append(rowsEnd, -1e9)
			}
			if lo > rowsEnd[r] {
				rowsEnd[r] = hi + 10
				p.row, p.labelled = r, true
				break
			}
		}
		if !p.labelled {
			// No row left: the mark goes in the last row without its
			// label; its title and the list say what it is.
			p.row = tlMaxRows - 1
		}
		ps = append(ps, p)
	}
	eventsH := 0.0
	if len(events) > 0 {
		eventsH = tlLaneHead + float64(max(1, len(rowsEnd)))*tlRow + 6
	}
	briefH := 0.0
	if len(briefings) > 0 {
		briefH = tlLaneHead + tlBriefH + 6
	}
	height := tlAxis + eventsH + briefH + 4

	// The newest marks are what a reader looks for first: when they lie
	// at the far end of a timeline wider than a phone, its frame opens
	// scrolled to that end (style.css, .drawing-newest).
	newest := 0.0
	for _, m := range t.Marks {
		from, _ := span(m)
		newest = max(newest, x(from))
	}
	// (When they are near the start, as on a timeline of one year, the
	// frame opens at the start, which shows them.)
	class := "drawing-timeline"
	if width-newest <= 300 {
		class += " drawing-newest"
	}
	w := &svg{}
	w.open(class, width, height)
	// The axis: a tick for every year, a label for as many as fit.
	w.s(`<g class="axis"><line`)
	w.numAttr("x1", tlPad)
	w.numAttr("x2", width-tlPad)
	w.numAttr("y1", tlAxis-4)
	w.numAttr("y2", tlAxis-4)
	w.s("/>")
	every := 1
	for perYear*float64(every) < 40 {
		every++
	}
	for y := first; y <= last+1; y++ {
		xx := x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		w.s(`<line class="tick"`)
		w.numAttr("x1", xx)
		w.numAttr("x2", xx)
		w.numAttr("y1", tlAxis-8)
		w.numAttr("y2", height-4)
		w.s("/>")
		if (y-first)%every == 0 && y <= last {
			w.s("<text")
			w.numAttr("x", xx+3)
			w.numAttr("y", tlAxis-9)
			w.s(">", strconv.Itoa(y), "</text>")
		}
	}
	w.s("</g>")

	top := tlAxis
	if len(events) > 0 {
		w.laneName("Events", top)
		w.s(`<g class="lane-events">`)
		for _, p := range ps {
			cy := top + tlLaneHead + float64(p.row)*tlRow + tlRow/2
			w.link(t.Link(p.m.URL), p.m.Title+", "+when(p.m))
			if p.bar {
				class := "range"
				if p.partial {
					class = "range partial"
				}
				w.s(`<rect class="`, class, `"`)
				w.numAttr("x", p.x0)
				w.numAttr("y", cy-4)
				w.numAttr("width", max(4, p.x1-p.x0))
				w.s(` height="8" rx="2"/>`)
			} else {
				w.s("<circle")
				w.numAttr("cx", p.x0)
				w.numAttr("cy", cy)
				w.s(` r="5"/>`)
			}
			if p.labelled {
				w.s("<text")
				if p.atEnd {
					w.s(` text-anchor="end"`)
				}
				w.numAttr("x", p.lx)
				w.numAttr("y", cy+4)
				w.s(">")
				w.text(p.label)
				w.s("</text>")
			}
			w.s("</a>")
		}
		w.s("</g>")
		top += eventsH
	}
	var months []monthCount
	if len(briefings) > 0 {
		w.laneName("Briefings", top)
		w.s(`<g class="lane-briefings">`)
		base := top + tlLaneHead
		if len(briefings) <= maxBriefingMarks {
			// One dot a briefing, stacked where they meet.
			stacks := map[int]int{}
			for _, m := range briefings {
				from, to := span(m)
				cx := (x(from) + x(to)) / 2
				slot := int(cx / 8)
				n := stacks[slot]
				stacks[slot]++
				cy := base + tlBriefH - 6 - float64(n%5)*8
				w.link(t.Link(m.URL), m.Title+", "+when(m))
				w.s("<circle")
				w.numAttr("cx", cx)
				w.numAttr("cy", cy)
				w.s(` r="3.5"/></a>`)
			}
		} else {
			// A bar a month (a year, when a month would be narrower
			// than 8 pixels), as tall as its count, linking to that
			// year.
			byYear := perYear < 96
			months = countMonths(briefings, byYear)
			most := 1
			for _, c := range months {
				most = max(most, c.n)
			}
			for _, c := range months {
				from := time.Date(c.year, c.month, 1, 0, 0, 0, 0, time.UTC)
				to := from.AddDate(0, 1, 0)
				if byYear {
					from = time.Date(c.year, 1, 1, 0, 0, 0, 0, time.UTC)
					to = from.AddDate(1, 0, 0)
				}
				h := max(2, (tlBriefH-4)*float64(c.n)/float64(most))
				href := ""
				if t.YearURL != nil {
					href = t.Link(t.YearURL(c.year))
				}
				w.link(href, c.words(byYear))
				w.s(`<rect class="count"`)
				w.numAttr("x", x(from)+0.5)
				w.numAttr("y", base+tlBriefH-h)
				w.numAttr("width", max(1.5, x(to)-x(from)-1))
				w.numAttr("height", h)
				w.s("/></a>")
			}
		}
		w.s("</g>")
	}

	subject := "the site"
	if t.Subject != "" {
		subject = t.Subject
	}
	var held []string
	if len(events) > 0 {
		held = append(held, plural(len(events), "event", "events"))
	}
	if len(briefings) > 0 {
		held = append(held, plural(len(briefings), "briefing", "briefings"))
	}
	during := fmt.Sprintf("%d to %d", first, last)
	if first == last {
		during = "in " + strconv.Itoa(first)
	}
	caption := fmt.Sprintf("Timeline of %s: %s, %s.", subject, strings.Join(held, " and "), during)
	if len(events) > 0 && len(events) > countLabelled(ps) {
		caption += " Events without room for a label show it when pointed at."
	}
	if t.Listed {
		caption += " This page lists them in words."
		return w.close(caption, nil)
	}
	return w.close(caption, func(w *svg) {
		w.s("<ul>")
		for _, m := range events {
			w.s(`<li>`)
			w.anchor(t.Link(m.URL), m.Title)
			w.s(": ")
			w.text(when(m))
			w.s("</li>")
		}
		if len(briefings) <= maxBriefingMarks {
			for _, m := range briefings {
				w.s(`<li>Briefing: `)
				w.anchor(t.Link(m.URL), m.Title)
				w.s(", ")
				w.text(when(m))
				w.s("</li>")
			}
		} else {
			byYear := perYear < 96
			for _, c := range months {
				w.s("<li>")
				if t.YearURL != nil {
					w.anchor(t.Link(t.YearURL(c.year)), c.words(byYear))
				} else {
					w.text(c.words(byYear))
				}
				w.s("</li>")
			}
		}
		w.s("</ul>")
	})
}

// placedEvent is an event mark and where its label goes.
type placedEvent struct {
	m               Mark
	x0, x1, lx      float64
	row             int
	label           string
	atEnd, labelled bool
	partial, bar    bool
}

func countLabelled(ps []placedEvent) int {
	n := 0
	for _, p := range ps {
		if p.labelled {
			n++
		}
	}
	return n
}

// laneName writes a lane's name above it.
func (w *svg) laneName(name string, top float64) {
	w.s(`<text class="lane-name"`)
	w.numAttr("x", tlPad)
	w.numAttr("y", top+13)
	w.s(">", name, "</text>")
}

// monthCount is the number of briefings of a month (or a year).
type monthCount struct {
	year  int
	month time.Month
	n     int
}

func (c monthCount) words(byYear bool) string {
	if byYear {
		return fmt.Sprintf("%s in %d", plural(c.n, "briefing", "briefings"), c.year)
	}
	return fmt.Sprintf("%s in %s %d", plural(c.n, "briefing", "briefings"), c.month, c.year)
}

// countMonths counts briefings by month (or by year), oldest first.
func countMonths(marks []Mark, byYear bool) []monthCount {
	counts := map[[2]int]int{}
	for _, m := range marks {
		k := [2]int{m.Date.Time.Year(), int(m.Date.Time.Month())}
		if byYear {
			k[1] = 1
		}
		counts[k]++
	}
	out := make([]monthCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, monthCount{year: k[0], month: time.Month(k[1]), n: n})
	}
	slices.SortFunc(out, func(a, b monthCount) int {
		return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.month, b.month))
	})
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
