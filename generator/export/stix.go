package export

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha1"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"briefings/generator/geo"
	"briefings/generator/marking"
	"briefings/generator/site"
)

const hex = "0123456789abcdef"

// The STIX 2.1 bundle (stix-bundle.json) maps a site so:
//
//	the site                identity (organization): created_by_ref of everything
//	a briefing              report: published at its date, object_refs the entities it names,
//	                        its tags as labels, its page and sources as external_references
//	a person                identity (individual), with its role
//	a country               location with its ISO 3166-1 alpha-2 code
//	an event                grouping (context "event") of its participants, with its dates
//	                        (x_briefings_date, x_briefings_end_date) and, when the maps place
//	                        it, a location and a located-at relationship
//	an outlet               identity (organization)
//	an entity of a declared kind   identity (class unknown), x_briefings_kind its kind
//	entities named together relationship related-to, for the ones Site.Link keeps
//	                        (Together), with the number of briefings shared
//	a person's countries    relationship located-at
//	a marking               TLP 2.0: the official marking-definition objects of the
//	                        TLP 2.0 extension; a site's own scheme: statement markings
//
// Every id is a version 5 UUID of the site's address and the object's
// page, so that a rebuild of the same site makes the same bundle, and
// two sites do not share ids.

// stixNamespace is the namespace of the ids: a UUID of this project's.
var stixNamespace = [16]byte{0x6b, 0x1f, 0x4e, 0x2a, 0x93, 0xc0, 0x4d, 0x5e, 0xa1, 0x07, 0x3e, 0x8b, 0x52, 0xd9, 0x6c, 0x14}

// stixID returns "type--" and the version 5 UUID of "type|name" in the
// namespace.
func stixID(typ, name string) string { return formatID(typ, stixUUID(typ, name)) }

// stixUUID returns the version 5 UUID of "type|name" in the namespace.
func stixUUID(typ, name string) [16]byte {
	h := sha1.New()
	h.Write(stixNamespace[:])
	io.WriteString(h, typ)
	io.WriteString(h, "|")
	io.WriteString(h, name)
	var sum [sha1.Size]byte
	var u [16]byte
	copy(u[:], h.Sum(sum[:0]))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

// formatID returns "typ--" and u as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx,
// made in one buffer: a bundle at 10,000 briefings makes some 150,000
// ids. Lowercase hex keeps the order of the bytes: ids of one type sort
// as their UUIDs do.
func formatID(typ string, u [16]byte) string {
	b := make([]byte, 0, len(typ)+2+36)
	b = append(b, typ...)
	b = append(b, "--"...)
	for i, part := range [][]byte{u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]} {
		if i > 0 {
			b = append(b, '-')
		}
		for _, c := range part {
			b = append(b, hex[c>>4], hex[c&0xf])
		}
	}
	return string(b)
}

// tlp20 are the TLP 2.0 marking definitions, as the TLP 2.0 extension of
// STIX 2.1 defines them (oasis-open/cti-stix-common-objects), by label.
var tlp20 = map[string]string{
	"CLEAR":        "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	"GREEN":        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	"AMBER":        "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	"AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
	"RED":          "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

const tlp20Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

// stamp writes a time as STIX timestamps are written: UTC, to the
// millisecond (which created and modified must have), "Z".
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// bundle is the bundle being written: the ids of the site's objects, and
// the producer's.
type bundle struct {
	s        *site.Site
	w        *bufio.Writer
	n        int
	producer string
	ids      map[*site.Entity]string
	markings map[string]string // label name -> marking-definition id
	// first and last are the site's oldest and newest briefing dates,
	// and seen the dates of each entity's oldest and newest briefing.
	first, last time.Time
	scratch     []byte
}

func writeSTIX(w *bufio.Writer, s *site.Site) error {
	x := &bundle{s: s, w: w, ids: map[*site.Entity]string{}, markings: map[string]string{}}
	x.first, x.last = time.Unix(0, 0), time.Unix(0, 0)
	if n := len(s.Briefings); n > 0 {
		x.last, x.first = s.Briefings[0].Date.Time, s.Briefings[n-1].Date.Time
	}
	base := strings.TrimSuffix(s.Config.BaseURL, "/")
	if base == "" {
		base = "site:" + s.Config.Title
	}
	w.WriteString(`{"type":"bundle","id":"`)
	w.WriteString(stixID("bundle", base+"/"))
	w.WriteString(`","objects":[`)

	x.producer = stixID("identity", base+"/")
	x.object(object{{"type", "identity"}, {"spec_version", "2.1"}, {"id", x.producer}, {"created", stamp(x.first)}, {"modified", stamp(x.last)},
		{"name", s.Config.Title}, {"identity_class", "organization"}, {"description", s.Config.Description},
		{"external_references", []any{x.page("/")}}})
	x.writeMarkings(base)

	// Entities, kind by kind.
	type located struct {
		e     *site.Entity
		place geo.Place
	}
	var places []located
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			if id := x.entity(e, base); id != "" {
				x.ids[e] = id
			}
		}
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			id := x.ids[e]
			if id == "" {
				continue
			}
			created, modified := x.dates(e)
			obj := object{{"type", strings.SplitN(id, "--", 2)[0]}, {"spec_version", "2.1"}, {"id", id}, {"created_by_ref", x.producer},
				{"created", stamp(created)}, {"modified", stamp(modified)}, {"name", e.Name}}
			if e.Summary != "" {
				obj = append(obj, kv{"description", e.Summary})
			}
			switch k.Name {
			case "people":
				obj = append(obj, kv{"identity_class", "individual"})
				if e.Role != "" {
					obj = append(obj, kv{"roles", []string{e.Role}})
				}
			case "countries":
				c := geo.CountryOf(e)
				obj = append(obj, kv{"country", countryCode(e, c)})
			case "events":
				obj = append(obj, kv{"context", "event"})
				var refs []string
				for _, kk := range s.Kinds {
					for _, p := range e.Participants[kk.Name] {
						if id := x.ids[p]; id != "" {
							refs = append(refs, id)
						}
					}
				}
				for _, bl := range e.Backlinks {
					refs = append(refs, x.reportID(bl.Briefing, base))
				}
				if len(refs) == 0 {
					refs = append(refs, x.producer)
				}
				obj = append(obj, kv{"object_refs", refs})
				if !e.Date.IsZero() {
					obj = append(obj, kv{"x_briefings_date", e.Date.ISO()})
				}
				if !e.EndDate.IsZero() {
					obj = append(obj, kv{"x_briefings_end_date", e.EndDate.ISO()})
				}
				if e.Location != "" {
					obj = append(obj, kv{"x_briefings_location", e.Location})
				}
				if p, ok := geo.Locate(s, e); ok {
					places = append(places, located{e, p})
				}
			case "outlets":
				obj = append(obj, kv{"identity_class", "organization"})
			default:
				obj = append(obj, kv{"identity_class", "unknown"}, kv{"x_briefings_kind", k.Name})
			}
			if len(e.Aliases) > 0 {
				// None of these types has aliases of its own.
				obj = append(obj, kv{"x_briefings_aliases", e.Aliases})
			}
			obj = append(obj, kv{"external_references", []any{x.page(e.URL)}})
			obj = x.marked(obj, e.Label)
			x.object(obj)
		}
	}

	// Briefings, newest first.
	for _, b := range s.Briefings {
		var refs []string
		for i := range s.Kinds {
			for _, e := range b.MentionedIn(i) {
				if id := x.ids[e]; id != "" && !slices.Contains(refs, id) {
					refs = append(refs, id)
				}
			}
		}
		if len(refs) == 0 {
			refs = append(refs, x.producer)
		}
		published := stamp(b.Date.Time)
		ext := []any{x.page(b.URL)}
		for _, src := range b.Sources {
			r := map[string]any{"source_name": src.Title}
			if src.Outlet != nil {
				r["source_name"] = src.Outlet.Name
				r["description"] = src.Title
			}
			if src.URL != "" {
				r["url"] = src.URL
			}
			if strings.TrimSpace(fmt.Sprint(r["source_name"])) == "" {
				r["source_name"] = "source"
			}
			ext = append(ext, r)
		}
		obj := object{{"type", "report"}, {"spec_version", "2.1"}, {"id", x.reportID(b, base)}, {"created_by_ref", x.producer},
			{"created", published}, {"modified", published}, {"name", b.Title}}
		if b.Summary != "" {
			obj = append(obj, kv{"description", b.Summary})
		}
		obj = append(obj, kv{"published", published}, kv{"object_refs", refs})
		if len(b.Tags) > 0 {
			var labels []string
			for _, t := range b.Tags {
				labels = append(labels, t.Name)
			}
			obj = append(obj, kv{"labels", labels})
		}
		obj = append(obj, kv{"external_references", ext})
		obj = x.marked(obj, b.Label)
		x.object(obj)
	}

	// Places of events, then relationships, written by id. Each is kept
	// as its UUID, what it relates (by index) and how, and its object is
	// made as it is written: some 170,000 relationships at 10,000
	// briefings, at the end of a build, when the most is live. Kept as
	// an id and a closure each, they held 25 MB there; a rel is 32 bytes
	// and holds no pointers for the collector to follow.
	var ents []*site.Entity
	order := map[*site.Entity]int32{}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			order[e] = int32(len(ents))
			ents = append(ents, e)
		}
	}
	var rels []rel
	relate := func(kind relKind, from, to *site.Entity, n int) {
		a, b := x.ids[from], x.ids[to]
		if a == "" || b == "" {
			return
		}
		rels = append(rels, rel{uuid: stixUUID("relationship", base+"|"+kind.String()+"|"+a+"|"+b), kind: kind, from: order[from], to: order[to], n: int32(n)})
	}
	placeIDs := make([]string, len(places))
	for i, pl := range places {
		e := pl.e
		locID := stixID("location", base+e.URL+"#place")
		if pl.place.Exact {
			obj := object{{"type", "location"}, {"spec_version", "2.1"}, {"id", locID}, {"created_by_ref", x.producer},
				{"created", stamp(x.first)}, {"modified", stamp(x.last)}, {"name", cmp.Or(e.Location, e.Name)},
				{"latitude", jsonFloat(pl.place.Point.Lat)}, {"longitude", jsonFloat(pl.place.Point.Lon)}}
			if pl.place.Country != nil && pl.place.Country.Code != "" {
				obj = append(obj, kv{"country", pl.place.Country.Code})
			}
			x.object(x.marked(obj, e.Label))
		} else {
			// Placed by the country its location names: that country's
			// location when the site has it, else one of its own.
			locID = ""
			for _, c := range s.Entities["countries"] {
				if geo.CountryOf(c) == pl.place.Country && x.ids[c] != "" {
					locID = x.ids[c]
					break
				}
			}
			if locID == "" {
				locID = stixID("location", base+e.URL+"#place")
				x.object(x.marked(object{{"type", "location"}, {"spec_version", "2.1"}, {"id", locID}, {"created_by_ref", x.producer},
					{"created", stamp(x.first)}, {"modified", stamp(x.last)}, {"name", pl.place.Country.Name}, {"country", cmp.Or(pl.place.Country.Code, pl.place.Country.Code3)}}, e.Label))
			}
		}
		placeIDs[i] = locID
		rels = append(rels, rel{uuid: stixUUID("relationship", base+"|located-at|"+x.ids[e]+"|"+locID), kind: placedAt, from: order[e], to: int32(i)})
	}
	for _, e := range s.Entities["people"] {
		for _, c := range e.Tied["countries"] {
			relate(tiedTo, e, c, 0)
		}
	}
	// Named together: each pair once, from the entity of the two that
	// comes first in the site's order.
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			var pairs []site.Count
			for _, kk := range s.Kinds {
				pairs = append(pairs, e.Together[kk.Name]...)
			}
			for _, c := range pairs {
				o := c.Entity
				if order[o] < order[e] && keeps(o, e) {
					continue // the other one writes it
				}
				relate(namedWith, e, o, c.N)
			}
		}
	}
	slices.SortFunc(rels, func(a, b rel) int { return bytes.Compare(a.uuid[:], b.uuid[:]) })
	for _, r := range rels {
		x.object(x.relationship(r, ents, placeIDs))
	}
	_, err := w.WriteString("\n]}\n")
	return err
}

// relKind is what a relationship of the bundle says.
type relKind uint8

const (
	placedAt  relKind = iota // an event located at its place
	tiedTo                   // a person's note ties them to a country
	namedWith                // two entities named together
)

// String returns the relationship_type of the kind.
func (k relKind) String() string {
	if k == namedWith {
		return "related-to"
	}
	return "located-at"
}

// rel is a relationship of the bundle as it waits to be written: its
// UUID, and the entities it relates by their index in the site's order,
// or for placedAt the event and its place's index; n is how many
// briefings name both of a namedWith.
type rel struct {
	uuid     [16]byte
	from, to int32
	n        int32
	kind     relKind
}

// relationship makes the object of r.
func (x *bundle) relationship(r rel, ents []*site.Entity, placeIDs []string) object {
	e := ents[r.from]
	a, b := x.ids[e], ""
	if r.kind == placedAt {
		b = placeIDs[r.to]
	} else {
		b = x.ids[ents[r.to]]
	}
	obj := object{{"type", "relationship"}, {"spec_version", "2.1"}, {"id", formatID("relationship", r.uuid)},
		{"created_by_ref", x.producer}, {"created", stamp(x.first)}, {"modified", stamp(x.last)},
		{"relationship_type", r.kind.String()}}
	switch r.kind {
	case placedAt:
		obj = append(obj, kv{"source_ref", a}, kv{"target_ref", b})
		return x.marked(obj, e.Label)
	case tiedTo:
		c := ents[r.to]
		obj = append(obj, kv{"description", e.Name + "'s note ties them to " + c.Name}, kv{"source_ref", a}, kv{"target_ref", b})
		return x.marked(obj, marking.Max(e.Label, c.Label))
	}
	o := ents[r.to]
	obj = append(obj, kv{"description", fmt.Sprintf("named together in %d briefings", r.n)}, kv{"source_ref", a}, kv{"target_ref", b},
		kv{"x_briefings_shared", int(r.n)})
	return x.marked(obj, sharedLabel(x.s, e, o))
}

// page returns the external reference to a page of the site: its
// address, or, for a site without one (base_url "/"), its path as an
// external id.
func (x *bundle) page(url string) map[string]any {
	base := x.s.Config.BaseURL
	if base == "" || base == "/" {
		return map[string]any{"source_name": x.s.Config.Title, "external_id": url}
	}
	return map[string]any{"source_name": x.s.Config.Title, "url": abs(x.s, url)}
}

// keeps reports whether a's Together lists b.
func keeps(a, b *site.Entity) bool {
	for _, list := range a.Together {
		for _, c := range list {
			if c.Entity == b {
				return true
			}
		}
	}
	return false
}

// sharedLabel returns the highest marking of the briefings that name
// both a and b: what a relationship between them reveals. Backlinks are
// in site order, so the two lists are walked side by side.
func sharedLabel(s *site.Site, a, b *site.Entity) marking.Label {
	var l marking.Label
	if !s.Edition.Marked {
		return l
	}
	index := map[*site.Briefing]bool{}
	small, large := a.Backlinks, b.Backlinks
	if len(small) > len(large) {
		small, large = large, small
	}
	for _, bl := range small {
		index[bl.Briefing] = true
	}
	for _, bl := range large {
		if index[bl.Briefing] {
			l = marking.Max(l, bl.Briefing.Label)
		}
	}
	return l
}

// reportID returns the id of a briefing's report.
func (x *bundle) reportID(b *site.Briefing, base string) string {
	return stixID("report", base+b.URL)
}

// entity returns the id of an entity's object, "" for an entity the
// bundle leaves out: a country without a code that the map knows.
func (x *bundle) entity(e *site.Entity, base string) string {
	switch e.Kind.Name {
	case "countries":
		if countryCode(e, geo.CountryOf(e)) == "" {
			return ""
		}
		return stixID("location", base+e.URL)
	case "events":
		return stixID("grouping", base+e.URL)
	}
	return stixID("identity", base+e.URL)
}

// countryCode returns a country's ISO 3166-1 alpha-2 code: its note's,
// or the map's.
func countryCode(e *site.Entity, c *geo.Country) string {
	if len(e.Code) == 2 {
		return strings.ToUpper(e.Code)
	}
	if c != nil {
		return c.Code
	}
	return ""
}

// dates returns when an entity first and last appears: its oldest and
// newest briefing, or the site's when none names it.
func (x *bundle) dates(e *site.Entity) (created, modified time.Time) {
	if n := len(e.Backlinks); n > 0 {
		return e.Backlinks[n-1].Briefing.Date.Time, e.Backlinks[0].Briefing.Date.Time
	}
	return x.first, x.last
}

// writeMarkings writes the marking definitions of the labels the site's
// notes carry.
func (x *bundle) writeMarkings(base string) {
	scheme := x.s.Edition.Scheme
	if !x.s.Edition.Marked || scheme == nil {
		return
	}
	isTLP := scheme.Name == "TLP"
	for _, l := range scheme.Labels {
		if l.Rank > x.s.Edition.Audience.Rank {
			continue // above the audience: nothing carries it here
		}
		if isTLP {
			id := tlp20[l.Name]
			x.markings[l.Name] = id
			x.object(object{{"type", "marking-definition"}, {"spec_version", "2.1"}, {"id", id}, {"created", "2022-10-01T00:00:00.000Z"},
				{"name", "TLP:" + l.Name}, {"extensions", map[string]any{tlp20Extension: map[string]any{"extension_type": "property-extension", "tlp_2_0": strings.ToLower(l.Name)}}}})
			continue
		}
		id := stixID("marking-definition", base+"#marking/"+l.Name)
		x.markings[l.Name] = id
		statement := l.Text
		if l.Meaning != "" {
			statement += ": " + l.Meaning
		}
		x.object(object{{"type", "marking-definition"}, {"spec_version", "2.1"}, {"id", id}, {"created_by_ref", x.producer},
			{"created", stamp(x.first)}, {"name", l.Text}, {"definition_type", "statement"}, {"definition", map[string]any{"statement": statement}}})
	}
}

// marked adds object_marking_refs for a label, when the site is marked.
func (x *bundle) marked(obj object, l marking.Label) object {
	if l.IsZero() {
		l = x.s.Edition.Scheme.Lowest()
		if !x.s.Edition.Marked {
			return obj
		}
	}
	if id := x.markings[l.Name]; id != "" {
		obj = append(obj, kv{"object_marking_refs", []string{id}})
	}
	return obj
}

// object writes one object of the bundle on a line of its own.
func (x *bundle) object(obj object) {
	if x.n > 0 {
		x.w.WriteString(",")
	}
	x.n++
	x.w.WriteString("\n")
	writeObject(x.w, obj, &x.scratch)
}
