package site

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	"briefings/generator/content"
)

// relatedWindow bounds, for each entity a briefing names, how many of that
// entity's other briefings (nearest in date, on each side) count towards
// related briefings, so that the work stays linear however common the
// entity is.
const relatedWindow = 60

// Link computes what pages show about each other once every body has been
// rendered and AddLinks has recorded its mentions: backlinks, the entities
// that appear together, events and participants, the events before and
// after, related briefings and the timeline. After Link the Site is
// read-only.
func (s *Site) Link() { s.LinkSince(nil) }

// LinkSince is Link for a Site built again after an edit: old, when not
// nil, is the Site of the last build of the same folder, linked, and the
// briefings whose related briefings the edit cannot have changed take
// them from it, found by comparing what each mentions (see compare), as
// do the entities whose entities together it cannot have changed. A full
// build is LinkSince with nothing kept.
func (s *Site) LinkSince(old *Site) {
	// Site.Briefings is sorted newest first and no two briefings are
	// equal in that order, so a briefing's place in it (order, which
	// each backlink copies) sorts the same.
	newest := func(a, b *Briefing) int { return a.order - b.order }
	byBriefing := func(a, b Backlink) int { return int(a.order - b.order) }
	// AddLinks gave each entity one backlink per briefing whose body
	// mentions it; the front matter's names mark those or add their own.
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			slices.SortFunc(e.Backlinks, byBriefing)
		}
	}
	type named struct {
		e *Entity
		b *Briefing
	}
	var only []named // named in the front matter only
	for i, b := range s.Briefings {
		// Newest first: the one before in the list is the next one.
		b.Prev, b.Next = nil, nil
		if i > 0 {
			b.Next = s.Briefings[i-1]
		}
		if i+1 < len(s.Briefings) {
			b.Prev = s.Briefings[i+1]
		}
		for _, list := range b.named {
			for _, e := range list {
				if i, ok := backlinkOf(e, b); ok {
					e.Backlinks[i].FrontMatter = true
				} else {
					only = append(only, named{e, b})
				}
			}
		}
	}
	grown := map[*Entity]bool{}
	for _, n := range only {
		n.e.Backlinks = append(n.e.Backlinks, Backlink{Briefing: n.b, FrontMatter: true, order: int32(n.b.order)})
		grown[n.e] = true
	}
	// A source's outlet lists the briefing as citing it: a backlink of
	// its own, or a mark on the one the briefing has already.
	for e := range grown {
		slices.SortFunc(e.Backlinks, byBriefing)
	}
	var cited []named
	var outlets []*Entity // of one briefing, once each
	for _, b := range s.Briefings {
		outlets = outlets[:0]
		for _, src := range b.Sources {
			if e := src.Outlet; e != nil && !slices.Contains(outlets, e) {
				outlets = append(outlets, e)
				if i, ok := backlinkOf(e, b); ok {
					e.Backlinks[i].Cited = true
				} else {
					cited = append(cited, named{e, b})
				}
			}
		}
	}
	for _, n := range cited {
		n.e.Backlinks = append(n.e.Backlinks, Backlink{Briefing: n.b, Cited: true, order: int32(n.b.order)})
		grown[n.e] = true
	}
	s.countGrades()
	for _, b := range s.Briefings {
		slices.SortFunc(b.LinkedFrom, newest)
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			if grown[e] {
				slices.SortFunc(e.Backlinks, byBriefing)
			}
			if spare := cap(e.Backlinks) - len(e.Backlinks); spare > len(e.Backlinks)/4 {
				// append doubled the list as AddLinks grew it.
				e.Backlinks = slices.Clone(e.Backlinks)
			}
			slices.SortFunc(e.LinkedFrom, byName)
			slices.SortFunc(e.Authored, newest)
		}
	}
	g := s.graph()
	was := s.compare(g, old)
	s.together(g, was)
	s.events()
	s.related(g, was)
	s.timeline()
	s.linked = g
}

// since is what a Link finds unchanged since the Site of the last build
// (see compare): by place in s.Briefings, the briefings whose related
// briefings are those they had (related); by number in the graph, the
// entities whose entities together are (together, nil when none can
// be); and the old Site.
type since struct {
	old      *Site
	related  []bool
	together []bool
	// from numbers each entity of the graph as the old Site's graph
	// did, -1 for one new.
	from []int32
}

// compare finds what Link may take from old, the Site of the last build,
// linked; nil when nothing (no old Site, or briefings added, removed or
// moved in the order).
//
// Related reads, for a briefing, the entities it mentions, the weight of
// each (from the number of briefings, and of those naming it) and the
// briefings near it among those naming it. So with the same briefings in
// the same order, a briefing whose mentions are the same entities in the
// same order, none of which gained or lost a briefing, has the same
// related briefings, at the same places. Together reads, for an entity,
// the mentions of the briefings naming it, and breaks ties by the
// entities' order: an entity naming the same briefings, none of whose
// mentions changed, has the same entities together when the entities
// kept their order.
func (s *Site) compare(g *graph, old *Site) *since {
	if old == nil || old.linked == nil || len(old.Briefings) != len(s.Briefings) {
		return nil
	}
	for i, b := range s.Briefings {
		if old.Briefings[i].URL != b.URL {
			return nil
		}
	}
	og := old.linked
	ids := make(map[string]int32, len(g.ents))
	for x, e := range g.ents {
		ids[e.URL] = int32(x)
	}
	to := make([]int32, len(og.ents))  // an old entity's number in g, -1 when gone
	from := make([]int32, len(g.ents)) // a new entity's number in og, -1 when new
	for y := range from {
		from[y] = -1
	}
	moved := make([]bool, len(s.Briefings))   // related may have changed
	changed := make([]bool, len(s.Briefings)) // mentions changed
	mark := func(list []int32) {
		for _, i := range list {
			moved[i] = true
		}
	}
	ordered := true // the entities kept their order
	last := int32(-1)
	for x, e := range og.ents {
		y, ok := ids[e.URL]
		if !ok {
			to[x] = -1
			mark(og.postings[x])
			continue
		}
		to[x], from[y] = y, int32(x)
		ordered = ordered && y > last
		last = y
		if !slices.Equal(og.postings[x], g.postings[y]) {
			mark(og.postings[x])
			mark(g.postings[y])
		}
	}
	for y := range g.ents {
		if from[y] < 0 {
			mark(g.postings[y])
		}
	}
	for i := range s.Briefings {
		if !slices.EqualFunc(og.mentions[i], g.mentions[i], func(x, y int32) bool { return to[x] == y }) {
			moved[i], changed[i] = true, true
		}
	}
	c := &since{old: old, related: make([]bool, len(s.Briefings)), from: from}
	for i := range moved {
		c.related[i] = !moved[i]
	}
	if !ordered {
		return c
	}
	c.together = make([]bool, len(g.ents))
	for y := range g.ents {
		x := from[y]
		if x < 0 || !slices.Equal(og.postings[x], g.postings[y]) {
			continue
		}
		c.together[y] = true
		for _, i := range g.postings[y] {
			if changed[i] {
				c.together[y] = false
				break
			}
		}
	}
	return c
}

// keepsRelated reports whether the briefing at place i takes its related
// briefings from the old Site.
func (c *since) keepsRelated(i int) bool { return c != nil && c.related[i] }

// keepsTogether reports whether the entity numbered x in the graph takes
// its entities together from the old Site.
func (c *since) keepsTogether(x int) bool { return c != nil && c.together != nil && c.together[x] }

// graph numbers the entities and briefings that Link relates, so that
// together and related count over slices rather than maps.
type graph struct {
	// ents are the entities in site order: by kind, then by name, so that
	// within a kind a smaller number sorts first by name.
	ents []*Entity
	kind []int32 // by entity: its kind's index in Site.Kinds
	// mentions lists, by briefing (in the order of Site.Briefings), the
	// entities it mentions, kind by kind in the order of Mentioned.
	mentions [][]int32
	// postings lists, by entity, the briefings that mention it, newest
	// first (increasing briefing number).
	postings [][]int32
}

func (s *Site) graph() *graph {
	g := &graph{}
	id := map[*Entity]int32{}
	for ki, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			id[e] = int32(len(g.ents))
			g.ents = append(g.ents, e)
			g.kind = append(g.kind, int32(ki))
		}
	}
	g.postings = make([][]int32, len(g.ents))
	g.mentions = make([][]int32, len(s.Briefings))
	n := 0
	for _, b := range s.Briefings {
		for _, list := range b.mentioned {
			n += len(list)
		}
	}
	all := make([]int32, 0, n) // every briefing's mentions, back to back
	for i, b := range s.Briefings {
		from := len(all)
		for _, list := range b.mentioned {
			for _, e := range list {
				x, ok := id[e]
				if !ok {
					continue // not in Entities: cannot happen, as Assemble lists every entity it makes
				}
				all = append(all, x)
				g.postings[x] = append(g.postings[x], int32(i))
			}
		}
		g.mentions[i] = all[from:len(all):len(all)]
	}
	return g
}

// together counts, for each entity, the entities of each kind it shares
// briefings with, and keeps the eight that share most (then by name).
// The entities that was (nil for none) keeps take them from the Site of
// the last build.
func (s *Site) together(g *graph, was *since) {
	count := make([]int, len(g.ents))
	var touched []int32
	// top holds, by kind, the best entities so far, best first.
	top := make([][8]int32, len(s.Kinds))
	tops := make([]int, len(s.Kinds))
	better := func(x, y int32) bool { return count[x] > count[y] || count[x] == count[y] && x < y }
	var byURL map[string]*Entity // the entities, for those kept
	for x, e := range g.ents {
		if len(g.postings[x]) == 0 {
			continue // no briefing mentions it: Together stays nil
		}
		if was.keepsTogether(x) {
			if byURL == nil {
				byURL = make(map[string]*Entity, len(g.ents))
				for _, e := range g.ents {
					byURL[e.URL] = e
				}
			}
			e.Together = map[string][]Count{}
			for kind, list := range was.old.linked.ents[was.from[x]].Together {
				now := make([]Count, len(list))
				for i, c := range list {
					now[i] = Count{Entity: byURL[c.Entity.URL], N: c.N}
				}
				e.Together[kind] = now
			}
			continue
		}
		touched = touched[:0]
		for _, i := range g.postings[x] {
			for _, o := range g.mentions[i] {
				if o == int32(x) {
					continue
				}
				if count[o] == 0 {
					touched = append(touched, o)
				}
				count[o]++
			}
		}
		clear(tops)
		for _, o := range touched {
			k := g.kind[o]
			t, n := &top[k], tops[k]
			if n == len(t) && !better(o, t[n-1]) {
				continue
			}
			i := min(n, len(t)-1)
			for i > 0 && better(o, t[i-1]) {
				t[i] = t[i-1]
				i--
			}
			t[i] = o
			tops[k] = min(n+1, len(t))
		}
		e.Together = map[string][]Count{}
		for k, n := range tops {
			if n == 0 {
				continue
			}
			list := make([]Count, n)
			for i, o := range top[k][:n] {
				list[i] = Count{Entity: g.ents[o], N: count[o]}
			}
			e.Together[s.Kinds[k].Name] = list
		}
		for _, o := range touched {
			count[o] = 0
		}
	}
}

// events ties events to their participants and orders them on each
// country.
func (s *Site) events() {
	byDate := func(a, b *Entity) int {
		return cmp.Or(a.Date.Time.Compare(b.Date.Time), cmp.Compare(a.Date.Prec, b.Date.Prec), byName(a, b))
	}
	events := slices.Clone(s.Entities["events"])
	slices.SortFunc(events, byDate)
	for _, ev := range events {
		ev.Participants = map[string][]*Entity{}
		for kind, list := range ev.Tied {
			for _, e := range list {
				ev.Participants[kind] = append(ev.Participants[kind], e)
				if !slices.Contains(e.Events, ev) {
					e.Events = append(e.Events, ev)
				}
			}
		}
	}
	// A note that ties a person to an event counts too.
	for _, k := range s.Kinds {
		if k.Name == "events" {
			continue
		}
		for _, e := range s.Entities[k.Name] {
			for _, ev := range e.Tied["events"] {
				if ev.Participants != nil && !slices.Contains(ev.Participants[k.Name], e) {
					ev.Participants[k.Name] = append(ev.Participants[k.Name], e)
				}
				if !slices.Contains(e.Events, ev) {
					e.Events = append(e.Events, ev)
				}
			}
		}
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			slices.SortFunc(e.Events, byDate)
		}
	}
	for _, ev := range events {
		for kind := range ev.Participants {
			slices.SortFunc(ev.Participants[kind], byName)
		}
		for _, c := range ev.Tied["countries"] {
			i := slices.Index(c.Events, ev)
			if i > 0 && !slices.Contains(ev.Before, c.Events[i-1]) {
				ev.Before = append(ev.Before, c.Events[i-1])
			}
			if i >= 0 && i+1 < len(c.Events) && !slices.Contains(ev.After, c.Events[i+1]) {
				ev.After = append(ev.After, c.Events[i+1])
			}
		}
		slices.SortFunc(ev.Before, byDate)
		slices.SortFunc(ev.After, byDate)
	}
}

// related finds, for each briefing, the five briefings that share the most
// weight of entities, where an entity weighs more the fewer briefings
// name it. Only the nearest relatedWindow of each entity's briefings on
// each side (in date order) are scored, so the cost is linear in the
// number of briefings.
//
// The briefings that was (nil for none) keeps take from the Site of the
// last build the related briefings they had there.
func (s *Site) related(g *graph, was *since) {
	n := float64(len(s.Briefings))
	// Scores live in a slice indexed like s.Briefings; touched lists the
	// entries to rank and reset, so each briefing costs only its window.
	score := make([]float64, len(s.Briefings))
	var touched []int
	for bi, b := range s.Briefings {
		if was.keepsRelated(bi) {
			b.Related = nil
			if list := was.old.Briefings[bi].Related; len(list) > 0 {
				b.Related = make([]*Briefing, len(list))
				for i, r := range list {
					b.Related[i] = s.Briefings[r.order]
				}
			}
			continue
		}
		touched = touched[:0]
		for _, x := range g.mentions[bi] {
			list := g.postings[x]
			w := math.Log(1 + n/float64(len(list)))
			i, _ := slices.BinarySearch(list, int32(bi))
			for _, o := range list[max(0, i-relatedWindow):min(len(list), i+relatedWindow+1)] {
				j := int(o)
				if j == bi {
					continue
				}
				if score[j] == 0 {
					touched = append(touched, j)
				}
				score[j] += w
			}
		}
		// The five best, highest score first and then in site order:
		// picked in one pass, as sorting every touched entry costs more
		// than scoring them.
		var top [5]int
		n := 0
		for _, j := range touched {
			if n == len(top) && !better(score, j, top[n-1]) {
				continue
			}
			i := min(n, len(top)-1)
			for i > 0 && better(score, j, top[i-1]) {
				top[i] = top[i-1]
				i--
			}
			top[i] = j
			n = min(n+1, len(top))
		}
		b.Related = nil
		if n > 0 {
			b.Related = make([]*Briefing, n)
			for i, j := range top[:n] {
				b.Related[i] = s.Briefings[j]
			}
		}
		for _, j := range touched {
			score[j] = 0
		}
	}
}

// better reports whether briefing x ranks before y as related: a higher
// score, or the same score and earlier in site order.
func better(score []float64, x, y int) bool {
	return score[x] > score[y] || score[x] == score[y] && x < y
}

// timeline groups every event and briefing by year and month, oldest first.
func (s *Site) timeline() {
	var items []*Item
	for _, ev := range s.Entities["events"] {
		if !ev.Date.IsZero() {
			items = append(items, &Item{Date: ev.Date, EndDate: ev.EndDate, Event: ev})
		}
	}
	for _, b := range s.Briefings {
		items = append(items, &Item{Date: b.Date, Briefing: b})
	}
	// By the day as written first: 2014-12-31T19:09:00-05:00 is in 2014
	// on the timeline, though it is 2015 in UTC.
	day := func(d content.Date) int {
		y, m, dd := d.Time.Date()
		return y*10000 + int(m)*100 + dd
	}
	slices.SortFunc(items, func(a, b *Item) int {
		return cmp.Or(cmp.Compare(day(a.Date), day(b.Date)), a.Date.Time.Compare(b.Date.Time), cmp.Compare(a.Date.Prec, b.Date.Prec), cmp.Compare(a.Title(), b.Title()))
	})
	var year *Year
	var month *Month
	for _, it := range items {
		y := it.Date.Time.Year()
		if year == nil || year.Year != y {
			year = &Year{Year: y, URL: "/timeline/" + strconv.Itoa(y) + "/"}
			s.Timeline = append(s.Timeline, year)
			month = nil
		}
		m := time.Month(0)
		if it.Date.Prec > 1 {
			m = it.Date.Time.Month()
		}
		if month == nil || month.Month != m {
			month = &Month{Month: m}
			year.Months = append(year.Months, month)
		}
		month.Items = append(month.Items, it)
		year.Count++
		if it.Event != nil {
			year.Events = append(year.Events, it)
		}
	}
}

// Title returns the item's event name or briefing title.
func (it *Item) Title() string {
	if it.Event != nil {
		return it.Event.Name
	}
	return it.Briefing.Title
}

// URL returns the item's page.
func (it *Item) URL() string {
	if it.Event != nil {
		return it.Event.URL
	}
	return it.Briefing.URL
}
