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
func (s *Site) Link() {
	for _, b := range s.Briefings {
		for _, k := range s.Kinds {
			for _, e := range b.Named[k.Name] {
				e.backlink(b).FrontMatter = true
			}
		}
	}
	for _, b := range s.Briefings {
		slices.SortFunc(b.LinkedFrom, newestFirst)
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			for _, bl := range e.backlinks {
				e.Backlinks = append(e.Backlinks, bl)
			}
			slices.SortFunc(e.Backlinks, func(a, b *Backlink) int { return newestFirst(a.Briefing, b.Briefing) })
			slices.SortFunc(e.LinkedFrom, byName)
			e.backlinks = nil
		}
	}
	s.together()
	s.events()
	s.related()
	s.timeline()
}

// together counts, for each entity, the entities of each kind it shares
// briefings with. Entities and briefings are numbered so that counting
// runs over slices, walking each entity's briefings in turn.
func (s *Site) together() {
	id := map[*Entity]int32{}
	var ents []*Entity
	var postings [][]int32 // by entity: the briefings that mention it
	mentions := make([][]int32, len(s.Briefings))
	for i, b := range s.Briefings {
		for _, k := range s.Kinds {
			for _, e := range b.Mentioned[k.Name] {
				x, ok := id[e]
				if !ok {
					x = int32(len(ents))
					id[e] = x
					ents = append(ents, e)
					postings = append(postings, nil)
				}
				mentions[i] = append(mentions[i], x)
				postings[x] = append(postings[x], int32(i))
			}
		}
	}
	count := make([]int, len(ents))
	var touched []int32
	for x, e := range ents {
		touched = touched[:0]
		for _, i := range postings[x] {
			for _, o := range mentions[i] {
				if o == int32(x) {
					continue
				}
				if count[o] == 0 {
					touched = append(touched, o)
				}
				count[o]++
			}
		}
		e.Together = map[string][]Count{}
		for _, o := range touched {
			oe := ents[o]
			e.Together[oe.Kind.Name] = append(e.Together[oe.Kind.Name], Count{Entity: oe, N: count[o]})
			count[o] = 0
		}
		for k, list := range e.Together {
			slices.SortFunc(list, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), byName(a.Entity, b.Entity)) })
			// A copy, so that the rest of the list can be freed.
			e.Together[k] = slices.Clone(list[:min(len(list), 8)])
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
// name it. Each entity's briefings are kept in date order, and only the
// nearest relatedWindow on each side are scored, so the cost is linear in
// the number of briefings.
func (s *Site) related() {
	n := float64(len(s.Briefings))
	postings := map[*Entity][]*Briefing{} // oldest first
	for i := len(s.Briefings) - 1; i >= 0; i-- {
		b := s.Briefings[i]
		for _, k := range s.Kinds {
			for _, e := range b.Mentioned[k.Name] {
				postings[e] = append(postings[e], b)
			}
		}
	}
	index := make(map[*Briefing]int, len(s.Briefings))
	for i, b := range s.Briefings {
		index[b] = i
	}
	// Scores live in a slice indexed like s.Briefings; touched lists the
	// entries to rank and reset, so each briefing costs only its window.
	score := make([]float64, len(s.Briefings))
	var touched []int
	for _, b := range s.Briefings {
		touched = touched[:0]
		for _, k := range s.Kinds {
			for _, e := range b.Mentioned[k.Name] {
				list := postings[e]
				w := math.Log(1 + n/float64(len(list)))
				i := slices.Index(list, b)
				if len(list) > 4*relatedWindow {
					i = position(list, b)
				}
				for _, o := range list[max(0, i-relatedWindow):min(len(list), i+relatedWindow+1)] {
					if o == b {
						continue
					}
					j := index[o]
					if score[j] == 0 {
						touched = append(touched, j)
					}
					score[j] += w
				}
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
		for _, j := range top[:n] {
			b.Related = append(b.Related, s.Briefings[j])
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

// position finds b in list, which is in the order of Site.Briefings
// reversed (oldest first), by binary search.
func position(list []*Briefing, b *Briefing) int {
	i, _ := slices.BinarySearchFunc(list, b, func(x, target *Briefing) int { return newestFirst(target, x) })
	return i
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
