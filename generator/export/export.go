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
	"encoding/csv"
	"encoding/json"
	"io"
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

// abs returns the address of a page of the site: absolute from the
// site's base_url, or a path from the site root when it has none.
func abs(s *site.Site, url string) string {
	return strings.TrimSuffix(s.Config.BaseURL, "/") + url
}

// briefingJSON is one briefing of briefings.json.
type briefingJSON struct {
	URL     string              `json:"url"`
	Slug    string              `json:"slug"`
	Title   string              `json:"title"`
	Date    string              `json:"date"`
	Summary string              `json:"summary,omitempty"`
	Marking string              `json:"marking,omitempty"`
	Draft   bool                `json:"draft,omitempty"`
	Embargo bool                `json:"embargoed,omitempty"`
	Words   int                 `json:"words"`
	Tags    []string            `json:"tags"`
	Sources []sourceJSON        `json:"sources"`
	Entity  map[string][]entRef `json:"entities"`
}

type sourceJSON struct {
	Title       string `json:"title"`
	URL         string `json:"url,omitempty"`
	Outlet      string `json:"outlet,omitempty"`
	Reliability string `json:"reliability,omitempty"`
	Credibility int    `json:"credibility,omitempty"`
	Accessed    string `json:"accessed,omitempty"`
	Archive     string `json:"archive,omitempty"`
}

type entRef struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// writeBriefings writes briefings.json: a JSON array of every published
// briefing, newest first, one a line.
func writeBriefings(w *bufio.Writer, s *site.Site) error {
	w.WriteString("[")
	for i, b := range s.Briefings {
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n")
		j := briefingJSON{URL: abs(s, b.URL), Slug: b.Slug, Title: b.Title, Date: b.Date.ISO(), Summary: b.Summary,
			Marking: b.Label.Text, Draft: b.Draft, Embargo: b.Embargoed, Words: b.Words, Tags: []string{}, Sources: []sourceJSON{},
			Entity: map[string][]entRef{}}
		for _, t := range b.Tags {
			j.Tags = append(j.Tags, t.Name)
		}
		for _, src := range b.Sources {
			sj := sourceJSON{Title: src.Title, URL: src.URL, Outlet: src.Source.Outlet, Reliability: src.Reliability, Credibility: src.Credibility, Archive: src.Archive}
			if src.Outlet != nil {
				sj.Outlet = src.Outlet.Name
			}
			if !src.Accessed.IsZero() {
				sj.Accessed = src.Accessed.ISO()
			}
			j.Sources = append(j.Sources, sj)
		}
		for i, k := range s.Kinds {
			refs := []entRef{}
			for _, e := range b.MentionedIn(i) {
				refs = append(refs, entRef{Name: e.Name, URL: abs(s, e.URL)})
			}
			j.Entity[k.Name] = refs
		}
		if err := writeJSON(w, j); err != nil {
			return err
		}
	}
	_, err := w.WriteString("\n]\n")
	return err
}

// writeEntities writes entities.csv: one row an entity, kind by kind,
// by name.
func writeEntities(w *bufio.Writer, s *site.Site) error {
	c := csv.NewWriter(w)
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
	c.Flush()
	return c.Error()
}

// writeMentions writes mentions.csv: for every briefing, newest first,
// every entity it names, one row a sentence that names it, or one row
// with no sentence for a name its front matter alone gives. The
// briefing's title and date, and the entity's page, are in
// briefings.json and entities.csv, joined by the briefing's address and
// the entity's name and kind.
func writeMentions(w *bufio.Writer, s *site.Site) error {
	c := csv.NewWriter(w)
	c.Write([]string{"briefing", "entity", "kind", "sentence", "front_matter"})
	// The backlinks of every entity, by briefing.
	type mention struct {
		e  *site.Entity
		bl site.Backlink
	}
	byBriefing := make(map[*site.Briefing][]mention, len(s.Briefings))
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			for _, bl := range e.Backlinks {
				byBriefing[bl.Briefing] = append(byBriefing[bl.Briefing], mention{e, bl})
			}
		}
	}
	for _, b := range s.Briefings {
		for _, m := range byBriefing[b] {
			fm := "no"
			if m.bl.FrontMatter {
				fm = "yes"
			}
			row := []string{abs(s, b.URL), m.e.Name, m.e.Kind.Singular, "", fm}
			if m.bl.NumContexts() == 0 {
				c.Write(row)
				continue
			}
			for i := range m.bl.NumContexts() {
				row[3] = m.bl.Context(i)
				c.Write(row)
			}
		}
	}
	c.Flush()
	return c.Error()
}

// writeEvents writes events.geojson: a FeatureCollection of the events
// the maps place, each a Point, by date.
func writeEvents(w *bufio.Writer, s *site.Site) error {
	type props struct {
		Name      string   `json:"name"`
		URL       string   `json:"url"`
		Date      string   `json:"date,omitempty"`
		EndDate   string   `json:"end_date,omitempty"`
		Location  string   `json:"location,omitempty"`
		Placed    string   `json:"placed"`
		Country   string   `json:"country,omitempty"`
		Countries []string `json:"countries"`
		Briefings int      `json:"briefings"`
		Marking   string   `json:"marking,omitempty"`
	}
	type feature struct {
		Type     string `json:"type"`
		Geometry struct {
			Type        string       `json:"type"`
			Coordinates [2]jsonFloat `json:"coordinates"`
		} `json:"geometry"`
		Properties props `json:"properties"`
	}
	w.WriteString(`{"type":"FeatureCollection","features":[`)
	n := 0
	for _, e := range byDate(s.Entities["events"]) {
		p, ok := geo.Locate(s, e)
		if !ok {
			continue
		}
		f := feature{Type: "Feature"}
		f.Geometry.Type = "Point"
		f.Geometry.Coordinates = [2]jsonFloat{jsonFloat(p.Point.Lon), jsonFloat(p.Point.Lat)}
		f.Properties = props{Name: e.Name, URL: abs(s, e.URL), Date: iso(e.Date), EndDate: iso(e.EndDate), Location: e.Location,
			Placed: "coordinates", Countries: []string{}, Briefings: len(e.Backlinks), Marking: e.Label.Text}
		if !p.Exact {
			f.Properties.Placed = "country"
		}
		if p.Country != nil {
			f.Properties.Country = p.Country.Code
		}
		for _, c := range e.Tied["countries"] {
			f.Properties.Countries = append(f.Properties.Countries, c.Name)
		}
		if n > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n")
		if err := writeJSON(w, f); err != nil {
			return err
		}
		n++
	}
	_, err := w.WriteString("\n]}\n")
	return err
}

// writeJSON writes v as JSON on one line, with <, > and & written as
// \u003c, \u003e and \u0026, so that no file of a site holds markup
// where a browser could take it for HTML.
func writeJSON(w *bufio.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

// jsonFloat is a coordinate, written with at most five decimals (a
// metre).
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) { return []byte(coord(float64(f))), nil }

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
