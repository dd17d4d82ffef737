package layout

import (
	"bytes"
	"slices"

	"briefings/generator/site"
)

// reuse says which pages of a render the Cache takes without keying
// them: the pages of briefings, entities and tags, and the dossiers,
// whose inputs the edit since the last render (old, whose pages every
// entry was keyed from) cannot have changed. Keying every page of a
// large site is the largest part of a rebuild after a front matter edit
// (some 0.3 s of a second at 10,000 briefings), and such an edit changes
// a few dozen pages.
//
// What changed is found by comparing the two Sites object by object,
// by URL: a briefing's or entity's own values (what other pages show of
// it: its item, chip, body, sources, JSON-LD node), then for each page
// the lists it shows (mentions, backlinks, related, previous and next,
// together, events) and whether any object they hold changed. The
// comparisons read strings and slices the Builder's caches mostly share
// between the two Sites, so they cost a few milliseconds where keying
// cost hundreds. The other pages (lists, home, terms, timeline, years,
// corrections, plain pages), few but reading much of the site, are keyed
// as before.
//
// Cache.Check keys the pages reuse would skip too, and fails the render
// when one's key changed: the equivalence test of generator.Builder
// runs with it, so a dependency missed here fails a test.
type reuse struct {
	// dirty holds the URLs of the pages of those kinds that must be
	// keyed; dossiers, when set, every dossier.
	dirty    map[string]bool
	dossiers bool
	// moved holds, by place in the last Site's briefings, the place of
	// the same briefing (by URL) in the new one's, -1 for one gone.
	moved []int32
}

// skips reports whether p is a page whose key reuse takes as it was.
func (r *reuse) skips(p *Page) bool {
	if r == nil {
		return false
	}
	switch p.Kind {
	case "briefing", "entity", "tag":
	case "dossier":
		if r.dossiers || p.Standalone || !p.From.IsZero() || !p.To.IsZero() {
			return false
		}
	default:
		return false
	}
	return !r.dirty[p.URL]
}

// newReuse compares old, the Site of the last render, with s, and
// returns what the render of s may take without keying; nil, to key
// every page, when what changed reaches every page (the site's frame or
// settings).
func newReuse(old, s *site.Site) *reuse {
	if old == nil || old == s || !sameSettings(old, s) {
		return nil
	}
	r := &reuse{dirty: map[string]bool{}}
	oldB := make(map[string]*site.Briefing, len(old.Briefings))
	for _, b := range old.Briefings {
		oldB[b.URL] = b
	}
	oldE := map[string]*site.Entity{}
	for _, k := range old.Kinds {
		for _, e := range old.Entities[k.Name] {
			oldE[e.URL] = e
		}
	}
	oldT := make(map[string]*site.Tag, len(old.Tags))
	for _, t := range old.Tags {
		oldT[t.URL] = t
	}

	// What other pages show of each briefing and entity: changed, or
	// new, or gone.
	shownB := map[string]bool{}
	for _, b := range s.Briefings {
		if ob := oldB[b.URL]; ob == nil || !sameBriefing(ob, b) {
			shownB[b.URL] = true
		}
	}
	newAt := make(map[string]int, len(s.Briefings))
	for i, b := range s.Briefings {
		newAt[b.URL] = i
	}
	for _, b := range old.Briefings {
		if _, ok := newAt[b.URL]; !ok {
			shownB[b.URL] = true
		}
	}
	// The same by place in s.Briefings, and the place in s.Briefings of
	// each of old's (-1 for one gone), to compare backlinks without
	// reading their briefings: a site has some twenty a briefing.
	shownAt := make([]bool, len(s.Briefings))
	for i, b := range s.Briefings {
		shownAt[i] = shownB[b.URL]
	}
	r.moved = make([]int32, len(old.Briefings))
	for i, b := range old.Briefings {
		r.moved[i] = -1
		if j, ok := newAt[b.URL]; ok {
			r.moved[i] = int32(j)
		}
	}
	shownE := map[string]bool{}
	newE := map[string]bool{}
	countries := false // a country changed: where events are placed may have
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			newE[e.URL] = true
			if oe := oldE[e.URL]; oe == nil || !sameEntity(oe, e) {
				shownE[e.URL] = true
				countries = countries || k.Name == "countries"
			}
		}
	}
	for u, e := range oldE {
		if !newE[u] {
			shownE[u] = true
			countries = countries || e.Kind.Name == "countries"
		}
	}
	if (len(old.Briefings) > 0) != (len(s.Briefings) > 0) || len(s.Briefings) > 0 && old.Briefings[0].Date != s.Briefings[0].Date {
		// A dossier's cover shows the site's newest date.
		r.dossiers = true
	}
	anyB := func(bs []*site.Briefing) bool {
		for _, b := range bs {
			if shownB[b.URL] {
				return true
			}
		}
		return false
	}
	anyE := func(es []*site.Entity) bool {
		for _, e := range es {
			if shownE[e.URL] {
				return true
			}
		}
		return false
	}

	// The entities first: a briefing whose backlink changed is marked
	// as its page is.
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			oe := oldE[e.URL]
			if oe == nil {
				r.entity(e)
				for _, bl := range e.Backlinks {
					r.dirty[bl.Briefing.URL] = true
				}
				continue
			}
			if r.marked(oe.Backlinks, e.Backlinks) || shownE[e.URL] || !sameLinks(oe, e) || anyB(e.Authored) || anyE(e.LinkedFrom) || anyE(e.Events) || anyE(e.Before) || anyE(e.After) || countries && placedBy(e) {
				r.entity(e)
				continue
			}
			for _, bl := range e.Backlinks {
				if shownAt[bl.Index()] {
					r.entity(e)
					break
				}
			}
			for _, kind := range s.Kinds {
				if anyE(e.Tied[kind.Name]) || anyE(e.Participants[kind.Name]) {
					r.entity(e)
				}
				for _, c := range e.Together[kind.Name] {
					if shownE[c.Entity.URL] {
						r.entity(e)
					}
				}
			}
		}
	}
	for u, e := range oldE {
		if !newE[u] {
			for _, bl := range e.Backlinks {
				r.dirty[bl.Briefing.URL] = true
			}
		}
	}

	for _, b := range s.Briefings {
		ob := oldB[b.URL]
		if ob == nil || shownB[b.URL] || !sameAround(s, ob, b) || anyB(b.Related) || anyB(b.LinkedFrom) || b.Prev != nil && shownB[b.Prev.URL] || b.Next != nil && shownB[b.Next.URL] {
			r.dirty[b.URL] = true
			continue
		}
		for i := range s.Kinds {
			if anyE(b.MentionedIn(i)) {
				r.dirty[b.URL] = true
				break
			}
		}
		for _, a := range b.Authors {
			if a.Person != nil && shownE[a.Person.URL] {
				r.dirty[b.URL] = true
			}
		}
		for _, src := range b.Sources {
			if src.Outlet != nil && shownE[src.Outlet.URL] {
				r.dirty[b.URL] = true
			}
		}
	}

	for _, t := range s.Tags {
		ot := oldT[t.URL]
		if ot == nil || ot.Name != t.Name || !sameURLs(ot.Briefings, t.Briefings) || anyB(t.Briefings) {
			r.dirty[t.URL] = true
			r.dirty[DossierURL(t.URL)] = true
		}
	}
	return r
}

// placedBy reports whether the maps of e's page place an entity by the
// name of a country (geo.Locate): e, or one of its events.
func placedBy(e *site.Entity) bool {
	if e.Location != "" {
		return true
	}
	for _, ev := range e.Events {
		if ev.Location != "" {
			return true
		}
	}
	return false
}

// entity marks the page and the dossier of e.
func (r *reuse) entity(e *site.Entity) {
	r.dirty[e.URL] = true
	r.dirty[DossierURL(e.URL)] = true
}

// sameSettings reports whether what every page shows of the site and
// its settings is the same in a and b.
func sameSettings(a, b *site.Site) bool {
	ca, cb := a.Config, b.Config
	if ca.Title != cb.Title || ca.BaseURL != cb.BaseURL || ca.Language != cb.Language || ca.BasePath() != cb.BasePath() ||
		ca.Description != cb.Description || ca.Author != cb.Author || ca.Paginate != cb.Paginate ||
		ca.DossierLimit != cb.DossierLimit || ca.ArticleType != cb.ArticleType {
		return false
	}
	var ka, kb keyer
	ka.h.SetSeed(cacheSeed)
	kb.h.SetSeed(cacheSeed)
	ka.frame(a)
	kb.frame(b)
	return ka.h.Sum64() == kb.h.Sum64()
}

// sameBriefing reports whether what pages show of a briefing other than
// its own relations is the same in a and b: its item in lists and feeds,
// its body, sources, authors and corrections as dossiers show them.
func sameBriefing(a, b *site.Briefing) bool {
	if a.URL != b.URL || a.Title != b.Title || a.Summary != b.Summary || a.Date != b.Date || !a.Date.Time.Equal(b.Date.Time) ||
		a.Draft != b.Draft || a.Embargoed != b.Embargoed || a.Label != b.Label || a.Slug != b.Slug || a.Words != b.Words ||
		a.Lede() != b.Lede() || a.Updated != b.Updated || a.Modified() != b.Modified() {
		return false
	}
	ha, erra := a.HTML()
	hb, errb := b.HTML()
	if erra != nil || errb != nil || !bytes.Equal(ha, hb) {
		return false
	}
	if !slices.Equal(a.Corrections, b.Corrections) || len(a.Tags) != len(b.Tags) || len(a.Authors) != len(b.Authors) || len(a.Sources) != len(b.Sources) {
		return false
	}
	for i, t := range a.Tags {
		if t.URL != b.Tags[i].URL || t.Name != b.Tags[i].Name {
			return false
		}
	}
	for i, au := range a.Authors {
		bu := b.Authors[i]
		if au.Name != bu.Name || (au.Person == nil) != (bu.Person == nil) || au.Person != nil && au.Person.URL != bu.Person.URL {
			return false
		}
	}
	for i, sa := range a.Sources {
		sb := b.Sources[i]
		if sa.Title != sb.Title || sa.URL != sb.URL || sa.Archive != sb.Archive || sa.Accessed != sb.Accessed ||
			sa.Grade() != sb.Grade() || sa.GradeText() != sb.GradeText() || sa.Reliability != sb.Reliability ||
			sa.DefaultReliability != sb.DefaultReliability || (sa.Outlet == nil) != (sb.Outlet == nil) ||
			sa.Outlet != nil && sa.Outlet.URL != sb.Outlet.URL {
			return false
		}
	}
	return true
}

// sameAround reports whether the lists a briefing's page shows (what it
// mentions, its related briefings, those that link to it, the previous
// and next) hold the same pages in a (of the Site old) and b (of s).
// Whether its front matter names each entity it mentions is in the
// entity's backlinks, which newReuse compares (marked).
func sameAround(s *site.Site, a, b *site.Briefing) bool {
	if !sameURLs(a.Related, b.Related) || !sameURLs(a.LinkedFrom, b.LinkedFrom) || !sameURL(a.Prev, b.Prev) || !sameURL(a.Next, b.Next) {
		return false
	}
	for i := range s.Kinds {
		if !sameEntities(a.MentionedIn(i), b.MentionedIn(i)) {
			return false
		}
	}
	return true
}

// marked marks the pages of the briefings whose backlinks differ in a
// and b (an entity's in two Sites): those mentioning it in one only,
// and those that name it in their front matter, or cite it, in one
// only. It reports whether there were any.
func (r *reuse) marked(a, b []site.Backlink) bool {
	if slices.EqualFunc(a, b, func(x, y site.Backlink) bool {
		return r.moved[x.Index()] == int32(y.Index()) && x.FrontMatter == y.FrontMatter && x.Cited == y.Cited && x.NumContexts() == y.NumContexts()
	}) {
		return false
	}
	was := make(map[string]site.Backlink, len(a))
	for _, bl := range a {
		was[bl.Briefing.URL] = bl
	}
	for _, bl := range b {
		if old, ok := was[bl.Briefing.URL]; !ok || !sameBacklink(old, bl) {
			r.dirty[bl.Briefing.URL] = true
		}
		delete(was, bl.Briefing.URL)
	}
	for u := range was {
		r.dirty[u] = true
	}
	return true
}

// sameBacklink reports whether two backlinks are from the same briefing
// and say the same of it. The sentences quoted are the briefing's, which
// sameBriefing compares by its body.
func sameBacklink(a, b site.Backlink) bool {
	return a.Briefing.URL == b.Briefing.URL && a.FrontMatter == b.FrontMatter && a.Cited == b.Cited && a.NumContexts() == b.NumContexts()
}

// sameEntity reports whether an entity's own values are the same in a
// and b: what its page shows of its note, and what other pages show of
// it (its chip, its JSON-LD node, its dates and place).
func sameEntity(a, b *site.Entity) bool {
	if a.URL != b.URL || a.Name != b.Name || a.Code != b.Code || a.Kind != b.Kind || a.Role != b.Role || a.Capital != b.Capital ||
		a.Location != b.Location || a.Coordinates != b.Coordinates || a.Summary != b.Summary || a.Wikidata != b.Wikidata ||
		a.Website != b.Website || a.Reliability != b.Reliability || a.Draft != b.Draft || a.Label != b.Label ||
		a.IsStub() != b.IsStub() || a.Date != b.Date || !a.Date.Time.Equal(b.Date.Time) || a.EndDate != b.EndDate ||
		!a.EndDate.Time.Equal(b.EndDate.Time) || !slices.Equal(a.Aliases, b.Aliases) {
		return false
	}
	ha, erra := a.HTML()
	hb, errb := b.HTML()
	return erra == nil && errb == nil && bytes.Equal(ha, hb)
}

// sameLinks reports whether the lists an entity's page and dossier show
// hold the same pages in a and b, but its backlinks (see marked): what
// it wrote, the entities it is tied to, appears
// with and links from, its events and its outlet's grades.
func sameLinks(a, b *site.Entity) bool {
	if !sameURLs(a.Authored, b.Authored) || !sameEntities(a.LinkedFrom, b.LinkedFrom) ||
		!sameEntities(a.Events, b.Events) || !sameEntities(a.Before, b.Before) || !sameEntities(a.After, b.After) ||
		!slices.Equal(a.Grades, b.Grades) || (a.Participants == nil) != (b.Participants == nil) || (a.Together == nil) != (b.Together == nil) ||
		len(a.Tied) != len(b.Tied) || len(a.Participants) != len(b.Participants) || len(a.Together) != len(b.Together) {
		return false
	}
	for kind, list := range a.Tied {
		if !sameEntities(list, b.Tied[kind]) {
			return false
		}
	}
	for kind, list := range a.Participants {
		if !sameEntities(list, b.Participants[kind]) {
			return false
		}
	}
	for kind, list := range a.Together {
		other := b.Together[kind]
		if len(list) != len(other) {
			return false
		}
		for i, c := range list {
			if c.N != other[i].N || c.Entity.URL != other[i].Entity.URL {
				return false
			}
		}
	}
	return true
}

func sameURL(a, b *site.Briefing) bool {
	return (a == nil) == (b == nil) && (a == nil || a.URL == b.URL)
}

func sameURLs(a, b []*site.Briefing) bool {
	return slices.EqualFunc(a, b, func(x, y *site.Briefing) bool { return x.URL == y.URL })
}

func sameEntities(a, b []*site.Entity) bool {
	return slices.EqualFunc(a, b, func(x, y *site.Entity) bool { return x.URL == y.URL })
}
