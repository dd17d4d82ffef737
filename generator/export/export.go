// Package export writes what a site publishes as data for other tools,
// under data/ in the output: briefings.json (every briefing with its
// fields, entities and address), entities.csv, mentions.csv (one row a
// sentence that names an entity), events.geojson (the events the maps
// place) and stix-bundle.json (all of it as a STIX 2.1 bundle). Each is
// made from the linked Site, so it holds exactly what the pages hold and
// nothing a build withholds, and each is written as publish writes it,
// never held whole in memory.
//
// Files lists them; the STIX mapping is in stix.go.
package export

import (
	"bufio"
	"bytes"
	"cmp"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"briefings/generator/content"
	"briefings/generator/geo"
	"briefings/generator/publish"
	"briefings/generator/site"
)

// Files returns the data files of a linked site, each made as it is
// written.
func Files(s *site.Site) []publish.File {
	file := func(name string, write func(w *bufio.Writer, s *site.Site) error) publish.File {
		return publish.File{Path: "data/" + name, Make: func(out io.Writer) error {
			w := bufio.NewWriterSize(out, 64<<10)
			if err := write(w, s); err != nil {
				return err
			}
			return w.Flush()
		}}
	}
	return []publish.File{
		file("briefings.json", writeBriefings),
		file("entities.csv", writeEntities),
		file("mentions.csv", writeMentions),
		file("events.geojson", writeEvents),
		file("stix-bundle.json", writeSTIX),
	}
}

// Change lists what a quick rebuild (generator.Builder, after a save
// that changed only the text of notes) changed in place in a linked
// Site: the values drawn from bodies that the data files show.
type Change struct {
	// Words is set when a briefing's word count changed.
	Words bool
	// BriefingSummary and EntitySummary are set when the summary of a
	// briefing, or of an entity, changed.
	BriefingSummary, EntitySummary bool
	// Quotes is set when a sentence that a backlink quotes changed.
	Quotes bool
}

// Showing returns the data files, as Files makes them, that show
// something c says changed; the others are as they were, and are not
// made again (at 10,000 briefings they are some 100 MB, seconds of work
// after each save). It must say what the writers above read of the
// values a Change names: a file it does not know is always made.
func Showing(s *site.Site, c Change) []publish.File {
	var out []publish.File
	for _, f := range Files(s) {
		shows := true
		switch f.Path {
		case "data/briefings.json":
			shows = c.Words || c.BriefingSummary
		case "data/entities.csv":
			shows = c.EntitySummary
		case "data/mentions.csv":
			shows = c.Quotes
		case "data/events.geojson":
			shows = false // names, dates, places and counts only
		case "data/stix-bundle.json":
			shows = c.BriefingSummary || c.EntitySummary
		}
		if shows {
			out = append(out, f)
		}
	}
	return out
}

// abs returns the address of a page of the site: absolute from the
// site's base_url, or a path from the site root when it has none.
func abs(s *site.Site, url string) string {
	return strings.TrimSuffix(s.Config.BaseURL, "/") + url
}

// writeBriefings writes briefings.json: a JSON array of every published
// briefing, newest first, one a line: url, slug, title, date, summary,
// marking, draft and embargoed (when set), words, tags, sources and
// entities by kind.
func writeBriefings(w *bufio.Writer, s *site.Site) error {
	w.WriteString("[")
	var scratch []byte
	for i, b := range s.Briefings {
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n")
		writeObject(w, briefingObject(s, b), &scratch)
	}
	_, err := w.WriteString("\n]\n")
	return err
}

// BriefingsFile is the path of briefings.json in the output.
const BriefingsFile = "data/briefings.json"

// PatchBriefings returns briefings.json with the lines of the briefings
// in changed made again from s, and every other line as it is in old:
// the file as Files last made it, for the same briefings in the same
// order (a quick rebuild changes what a briefing's body gives, its word
// count and summary, not which briefings are published nor their
// order). At 10,000 briefings the file is some 20 MB, which a body save
// no longer makes whole. It reports false when old does not hold one
// line a briefing of s.
func PatchBriefings(old []byte, s *site.Site, changed []*site.Briefing) ([]byte, bool) {
	n := len(s.Briefings)
	// "[", a line a briefing, "]", and nothing after the last newline.
	starts := make([]int, 0, n+3)
	for at := 0; ; {
		starts = append(starts, at)
		i := bytes.IndexByte(old[at:], '\n')
		if i < 0 {
			break
		}
		at += i + 1
	}
	if len(starts) != n+3 || string(old[:starts[1]]) != "[\n" || string(old[starts[n+1]:]) != "]\n" {
		return nil, false
	}
	lines := map[int][]byte{}
	for _, b := range changed {
		i := slices.Index(s.Briefings, b)
		if i < 0 {
			return nil, false
		}
		line := appendValue(nil, briefingObject(s, b))
		if i < n-1 {
			line = append(line, ',')
		}
		lines[i+1] = append(line, '\n')
	}
	out := make([]byte, 0, len(old)+1024)
	from := 0
	for _, l := range slices.Sorted(maps.Keys(lines)) {
		out = append(out, old[from:starts[l]]...)
		out = append(out, lines[l]...)
		from = starts[l+1]
	}
	return append(out, old[from:]...), true
}

// briefingObject is the object of briefings.json that describes b.
func briefingObject(s *site.Site, b *site.Briefing) object {
	o := object{{"url", abs(s, b.URL)}, {"slug", b.Slug}, {"title", b.Title}, {"date", b.Date.ISO()}}
	if b.Summary != "" {
		o = append(o, kv{"summary", b.Summary})
	}
	if b.Label.Text != "" {
		o = append(o, kv{"marking", b.Label.Text})
	}
	if b.Draft {
		o = append(o, kv{"draft", true})
	}
	if b.Embargoed {
		o = append(o, kv{"embargoed", true})
	}
	tags := make([]string, len(b.Tags))
	for i, t := range b.Tags {
		tags[i] = t.Name
	}
	sources := make([]object, 0, len(b.Sources))
	for _, src := range b.Sources {
		so := object{{"title", src.Title}}
		add := func(k, v string) {
			if v != "" {
				so = append(so, kv{k, v})
			}
		}
		add("url", src.URL)
		// The outlet as the site resolved it: the name written
		// in front matter may be a withheld outlet's.
		outlet := ""
		if src.Outlet != nil {
			outlet = src.Outlet.Name
		}
		add("outlet", outlet)
		add("reliability", src.Reliability)
		if src.Credibility > 0 {
			so = append(so, kv{"credibility", src.Credibility})
		}
		add("accessed", iso(src.Accessed))
		add("archive", src.Archive)
		sources = append(sources, so)
	}
	entities := make(object, len(s.Kinds))
	for i, k := range s.Kinds {
		refs := []object{}
		for _, e := range b.MentionedIn(i) {
			refs = append(refs, object{{"name", e.Name}, {"url", abs(s, e.URL)}})
		}
		entities[i] = kv{k.Name, refs}
	}
	o = append(o, kv{"words", b.Words}, kv{"tags", tags}, kv{"sources", sources}, kv{"entities", entities})
	return o
}

// writeEntities writes entities.csv: one row an entity, kind by kind,
// by name.
func writeEntities(w *bufio.Writer, s *site.Site) error {
	c := &csvWriter{w: w}
	c.Write([]string{"kind", "name", "url", "aliases", "role", "code", "capital", "date", "end_date", "location", "latitude", "longitude", "summary", "briefings", "marking", "note"})
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			lat, lon := "", ""
			if p, ok := geo.Locate(s, e); ok && e.Kind.Name != "countries" {
				lat, lon = coord(p.Point.Lat), coord(p.Point.Lon)
			}
			note := "yes"
			if e.IsStub() {
				note = "no"
			}
			c.Write([]string{k.Singular, e.Name, abs(s, e.URL), strings.Join(e.Aliases, "; "), e.Role, e.Code, e.Capital,
				iso(e.Date), iso(e.EndDate), e.Location, lat, lon, e.Summary, strconv.Itoa(len(e.Backlinks)), e.Label.Text, note})
		}
	}
	return c.err
}

// writeMentions writes mentions.csv: for every briefing, newest first,
// every entity it names, one row a sentence that names it, or one row
// with no sentence for a name its front matter alone gives. The
// briefing's title and date, and the entity's page, are in
// briefings.json and entities.csv, joined by the briefing's address and
// the entity's name and kind.
func writeMentions(w *bufio.Writer, s *site.Site) error {
	c := &csvWriter{w: w}
	c.Write([]string{"briefing", "entity", "kind", "sentence", "front_matter"})
	// The backlinks of every entity, by briefing, in the order of the
	// entities: counted per briefing, then placed in one list (at
	// 100,000 briefings, some 2 million backlinks in 32 MB; a list per
	// briefing in a map took some 150 MB, at the end of a build, when
	// the most is live).
	at := make(map[*site.Briefing]int32, len(s.Briefings))
	for i, b := range s.Briefings {
		at[b] = int32(i)
	}
	type mention struct {
		e  *site.Entity
		bl int32 // in e.Backlinks
	}
	start := make([]int32, len(s.Briefings)+1)
	each := func(fn func(i int32, m mention)) {
		for _, k := range s.Kinds {
			for _, e := range s.Entities[k.Name] {
				for j, bl := range e.Backlinks {
					if i, ok := at[bl.Briefing]; ok {
						fn(i, mention{e, int32(j)})
					}
				}
			}
		}
	}
	each(func(i int32, _ mention) { start[i+1]++ })
	for i := range s.Briefings {
		start[i+1] += start[i]
	}
	mentions := make([]mention, start[len(s.Briefings)])
	next := slices.Clone(start[:len(s.Briefings)])
	each(func(i int32, m mention) {
		mentions[next[i]] = m
		next[i]++
	})
	for i, b := range s.Briefings {
		for _, m := range mentions[start[i]:start[i+1]] {
			e := m.e
			bl := e.Backlinks[m.bl]
			fm := "no"
			if bl.FrontMatter {
				fm = "yes"
			}
			row := []string{abs(s, b.URL), e.Name, e.Kind.Singular, "", fm}
			if bl.NumContexts() == 0 {
				c.Write(row)
				continue
			}
			for _, sentence := range bl.Contexts() {
				row[3] = sentence
				c.Write(row)
			}
		}
	}
	return c.err
}

// writeEvents writes events.geojson: a FeatureCollection of the events
// the maps place, each a Point, by date.
func writeEvents(w *bufio.Writer, s *site.Site) error {
	w.WriteString(`{"type":"FeatureCollection","features":[`)
	n := 0
	var scratch []byte
	for _, e := range byDate(s.Entities["events"]) {
		p, ok := geo.Locate(s, e)
		if !ok {
			continue
		}
		props := object{{"name", e.Name}, {"url", abs(s, e.URL)}}
		add := func(k, v string) {
			if v != "" {
				props = append(props, kv{k, v})
			}
		}
		add("date", iso(e.Date))
		add("end_date", iso(e.EndDate))
		add("location", e.Location)
		placed := "coordinates"
		if !p.Exact {
			placed = "country"
		}
		props = append(props, kv{"placed", placed})
		if p.Country != nil {
			add("country", p.Country.Code)
		}
		countries := []string{}
		for _, c := range e.Tied["countries"] {
			countries = append(countries, c.Name)
		}
		props = append(props, kv{"countries", countries}, kv{"briefings", len(e.Backlinks)})
		add("marking", e.Label.Text)
		f := object{{"type", "Feature"}, {"geometry", object{{"type", "Point"}, {"coordinates", []any{jsonFloat(p.Point.Lon), jsonFloat(p.Point.Lat)}}}}, {"properties", props}}
		if n > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n")
		writeObject(w, f, &scratch)
		n++
	}
	_, err := w.WriteString("\n]}\n")
	return err
}

// jsonFloat is a coordinate, written with at most five decimals (a
// metre).
type jsonFloat float64

// coord writes a coordinate with at most five decimals.
func coord(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e5)/1e5, 'f', -1, 64)
}

// iso writes a date for machines, "" for none.
func iso(d content.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.ISO()
}

// byDate returns events by date (undated last), then as listed.
func byDate(list []*site.Entity) []*site.Entity {
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b *site.Entity) int {
		switch {
		case a.Date.IsZero() || b.Date.IsZero():
			return cmp.Compare(boolInt(a.Date.IsZero()), boolInt(b.Date.IsZero()))
		}
		return a.Date.Time.Compare(b.Date.Time)
	})
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// csvWriter writes CSV as RFC 4180 says, every field in double quotes
// (encoding/csv quotes only the fields that need it). A quote ends a
// sentence for the leak scan, as a comma does not: with bare fields, a
// briefing's address that ends with the first words of a withheld
// title, beside the name of an entity it names, would read as that
// title.
type csvWriter struct {
	w   *bufio.Writer
	err error
}

// Write writes one record on a line of its own.
func (c *csvWriter) Write(fields []string) {
	for i, f := range fields {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.w.WriteByte('"')
		for {
			j := strings.IndexByte(f, '"')
			if j < 0 {
				break
			}
			c.w.WriteString(f[:j+1])
			c.w.WriteByte('"')
			f = f[j+1:]
		}
		c.w.WriteString(f)
		c.w.WriteByte('"')
	}
	if _, err := c.w.WriteString("\n"); err != nil && c.err == nil {
		c.err = err
	}
}
