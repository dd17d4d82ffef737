package generator_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"briefings/generator"
	"briefings/generator/content"
	"briefings/generator/sitetest"
)

// analystSite has dated events (one a range, one known only to its
// year, one placed by coordinates and one by a country), people and
// countries that appear together, and briefings with sources and
// footnotes, for the drawings and dossiers of issue 26.
const analystSite = `
-- site.toml --
title = "Desk"
base_url = "https://desk.example.org/"
-- content/people/ana-lima.md --
+++
name = "Ana Lima"
aliases = ["Lima"]
role = "Envoy"
countries = ["Brazil"]
+++
Ana Lima is Brazil's envoy.
-- content/people/ben-okafor.md --
+++
name = "Ben Okafor"
countries = ["Nigeria"]
+++
-- content/countries/brazil.md --
+++
name = "Brazil"
code = "BR"
+++
-- content/countries/nigeria.md --
+++
name = "Nigeria"
code = "NG"
+++
-- content/events/summit.md --
+++
name = "Belém summit"
date = 2024-11-10
end_date = 2024-11-21
location = "Belém"
coordinates = [-1.46, -48.5]
countries = ["Brazil"]
people = ["Ana Lima"]
+++
-- content/events/accord.md --
+++
name = "Lagos accord"
date = "2019"
location = "Nigeria"
countries = ["Nigeria", "Brazil"]
+++
-- content/briefings/2024-11-09-arrival.md --
+++
title = "Lima arrives in Belém"
date = 2024-11-09
people = ["Ana Lima", "Ben Okafor"]
countries = ["Brazil", "Nigeria"]
events = ["Belém summit"]
tags = ["climate"]
[[sources]]
title = "Wire, 9 November"
url = "https://wire.example.org/a"
accessed = 2024-11-09
+++
Ana Lima arrived for the [[Belém summit]] with Ben Okafor.[^1]

## Who came

Delegations from [[Nigeria]] and [[Brazil]].

[^1]: A footnote.
-- content/briefings/2024-11-12-talks/index.md --
+++
title = "Talks begin"
date = 2024-11-12
people = ["Ana Lima"]
countries = ["Brazil"]
tags = ["climate"]
[[sources]]
title = "Wire, again"
url = "https://wire.example.org/a/"
[[sources]]
title = "Radio"
url = "https://radio.example.org/b"
+++
Talks began; see the [[#Who spoke]] and ![chart](chart.svg).[^1]

## Who spoke

Ana Lima spoke first.

[^1]: Another footnote.
-- content/briefings/2024-11-12-talks/chart.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>
`

// svgLinks parses every <svg> of a page as XML, failing the test on one
// that is not well formed, and returns the targets of its links.
func svgLinks(t *testing.T, page string) (svgs int, links []string) {
	t.Helper()
	re := regexp.MustCompile(`(?s)<svg .*?</svg>`)
	for _, s := range re.FindAllString(page, -1) {
		svgs++
		d := xml.NewDecoder(strings.NewReader(s))
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("an SVG is not well-formed XML: %v\n%s", err, s[:min(len(s), 300)])
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "a" {
				for _, a := range se.Attr {
					if a.Name.Local == "href" {
						links = append(links, a.Value)
					}
				}
			}
		}
	}
	return svgs, links
}

// follow checks that every relative link of the page at rel (a path in
// the output) leads to a file of the output, and returns the files.
func follow(t *testing.T, r *sitetest.Result, rel string, links []string) []string {
	t.Helper()
	var out []string
	for _, l := range links {
		target, _, _ := strings.Cut(l, "#")
		if target == "" || strings.Contains(target, "://") {
			continue
		}
		p := path.Join(path.Dir(rel), target)
		if _, err := os.Stat(filepath.Join(r.Dest, filepath.FromSlash(p))); err != nil {
			t.Errorf("%s links to %s, which the build did not write", rel, l)
		}
		out = append(out, p)
	}
	return out
}

// TestEntityPagesDrawTheirTimelineNeighbourhoodAndMap: an entity page
// draws its timeline (years, a range as a bar, a partial date as such),
// the entities it appears with and, for a country or a located event, a
// map; every drawing is well-formed SVG whose links all lead to pages
// of the site, with the same links in words beside it.
func TestEntityPagesDrawTheirTimelineNeighbourhoodAndMap(t *testing.T) {
	r := sitetest.Build(t, analystSite)
	r.NoProblems()

	brazil := r.File("countries/brazil/index.html")
	n, links := svgLinks(t, brazil)
	if n != 3 {
		t.Errorf("Brazil's page has %d drawings, want 3 (map, timeline, neighbourhood)", n)
	}
	got := follow(t, r, "countries/brazil/index.html", links)
	for _, want := range []string{"events/summit/index.html", "events/accord/index.html", "briefings/2024-11-09-arrival/index.html", "people/ana-lima/index.html", "countries/nigeria/index.html"} {
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("Brazil's drawings do not link to %s (links: %v)", want, got)
		}
	}
	r.Contains("countries/brazil/index.html",
		`<path class="here"`,    // the country, highlighted in its region
		`class="range partial"`, // the accord, known only to its year
		`<title>Belém summit, 10 November 2024 to 21 November 2024</title>`, // a range
		`<text x=`, `>2019</text>`, `>2024</text>`, // years on the axis
		`class="pin"`, // the summit, placed in Brazil by its coordinates
		`<details class="drawing-list"><summary>The same in words</summary>`,
		`<title>Lagos accord, 2019 (the year only)</title>`,
		`This page lists them in words.`,
		`aria-hidden="true"`,
	)
	if strings.Contains(brazil, `<a href="../../countries/nigeria/index.html" tabindex="-1"><title>Lagos`) {
		t.Error("the accord, placed in Nigeria, is on Brazil's map")
	}

	// An event placed by coordinates is a dot; one placed by a country
	// a ring.
	r.Contains("events/summit/index.html", `class="pin"`, `Belém (-1.46, -48.50)`)
	r.Contains("events/accord/index.html", `class="pin pin-country"`, `Nigeria (the country as a whole)`)
	r.NotContains("people/ben-okafor/index.html", `drawing-map`)
	r.Contains("people/ana-lima/index.html", `drawing-graph`, `Ben Okafor: 1 briefing with Ana Lima`)
	r.Contains("people/ana-lima/index.html", `<a href="../../people/ana-lima/dossier.html">Dossier</a>`)
	r.Contains("tags/climate/index.html", `<a href="../../tags/climate/dossier.html">Dossier</a>`)
	r.Contains("countries/brazil/index.html", `<a href="../../countries/brazil/dossier.html">Dossier</a>`)
	r.Contains("events/summit/index.html", `<a href="../../events/summit/dossier.html">Dossier</a>`)
}

// TestSiteDrawingsTimelineGraphAndMap: /timeline/ draws every event and
// briefing, /graph/ the most named entities and what they share, /map/
// every located event; each link leads to a page, and the same site
// draws the same pictures.
func TestSiteDrawingsTimelineGraphAndMap(t *testing.T) {
	r := sitetest.Build(t, analystSite)
	for _, p := range []string{"timeline/index.html", "graph/index.html", "map/index.html"} {
		n, links := svgLinks(t, r.File(p))
		if n != 1 || len(links) == 0 {
			t.Errorf("%s has %d drawings and %d links, want one drawing with links", p, n, len(links))
		}
		follow(t, r, p, links)
	}
	r.Contains("map/index.html", `class="site-country"`, `<title>Brazil</title>`, `Belém summit</a>, 10 November 2024: Belém`)
	r.Contains("graph/index.html", `Ana Lima</a> (person, 2 briefings): with`,
		// The key to the dots' colours, a kind each.
		`<figcaption><span class="drawing-key"><span class="key key-people">person</span> <span class="key key-countries">country</span> <span class="key key-events">event</span> </span>The `)
	r.Contains("people/ana-lima/index.html", `<figcaption><span class="drawing-key"><span class="key key-people">person</span> <span class="key key-countries">country</span> <span class="key key-events">event</span> </span>Ana Lima and the`)
	again := sitetest.Build(t, analystSite)
	for _, p := range []string{"graph/index.html", "map/index.html", "timeline/index.html", "countries/brazil/index.html"} {
		if again.File(p) != r.File(p) {
			t.Errorf("%s differs from one build to the next", p)
		}
	}
}

// TestDossierPageHoldsEveryBriefingOnce: an entity's dossier page holds
// the cover, contents, the note and facts, the timeline, each briefing
// in full, oldest first, with ids made unique and links that work from
// the dossier's folder, and one numbered list of sources, the same
// address counted once.
func TestDossierPageHoldsEveryBriefingOnce(t *testing.T) {
	r := sitetest.Build(t, analystSite)
	const p = "people/ana-lima/dossier.html"
	page := r.File(p)
	r.Contains(p, `<h1>Ana Lima</h1>`, `<dt>Covers</dt><dd>9 November 2024 to 12 November 2024</dd>`, `<dt>Briefings</dt><dd>2</dd>`,
		`<h2>About Ana Lima</h2>`, `Ana Lima is Brazil’s envoy.`, `<dt>Role</dt><dd>Envoy</dd>`,
		`<h2>Timeline</h2>`, `drawing-timeline`,
		`<h4 id="b1-who-came">Who came</h4>`, `<h4 id="b2-who-spoke">Who spoke</h4>`,
		`href="#b2-who-spoke"`,                             // a link within a briefing, to its own heading
		`src="../../briefings/2024-11-12-talks/chart.svg"`, // a bundle's image, from the dossier's folder
		// The address is printed, not shown: after the facts, so that
		// the hidden span leaves no space before a comma on screen.
		`<li id="s1"><a href="https://wire.example.org/a">Wire, 9 November</a>, read 9 November 2024 <span class="print-url">https://wire.example.org/a</span>`,
		`Cited by briefings 1, 2.`,
		`<li id="s2"><a href="https://radio.example.org/b">Radio</a>`,
		`Sources: <a href="#s1">[1]</a>, <a href="#s2">[2]</a>`,
	)
	if a, b := strings.Index(page, "Lima arrives in Belém</h3>"), strings.Index(page, "Talks begin</h3>"); a < 0 || b < a {
		t.Errorf("the briefings are not oldest first (at %d and %d)", a, b)
	}
	if strings.Contains(page, `id="s3"`) {
		t.Error("the same address, with and without its slash, is two sources")
	}
	// Every id once; every relative link to a file of the output.
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	var hrefs, anchors []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			switch {
			case a.Key == "id":
				ids[a.Val]++
			case (a.Key == "href" || a.Key == "src") && strings.HasPrefix(a.Val, "#"):
				anchors = append(anchors, strings.TrimPrefix(a.Val, "#"))
			case a.Key == "href" || a.Key == "src":
				hrefs = append(hrefs, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q is on the page %d times", id, n)
		}
	}
	for _, a := range anchors {
		if ids[a] == 0 {
			t.Errorf("a link to #%s, which the page does not have", a)
		}
	}
	follow(t, r, p, hrefs)
}

// TestDossierPagesAboveTheLimitPointToTheFullOne: the site's dossier of
// an entity named by more briefings than dossier_limit keeps its cover,
// note and timeline, points to the page that lists the briefings and
// says how to make the full dossier; the tag's dossier too.
func TestDossierPagesAboveTheLimitPointToTheFullOne(t *testing.T) {
	r := sitetest.Build(t, strings.Replace(analystSite, `base_url = "https://desk.example.org/"`, "base_url = \"https://desk.example.org/\"\ndossier_limit = 1", 1))
	r.NoProblems()
	r.Contains("people/ana-lima/dossier.html", `Ana Lima is named by 2 briefings, more than the 1 a dossier page of this site holds`,
		`<a href="../../people/ana-lima/index.html">its page</a> lists every briefing`, `<code>briefings dossier "Ana Lima"</code>`,
		`<h2>About Ana Lima</h2>`, `drawing-timeline`)
	r.NotContains("people/ana-lima/dossier.html", `<h4 id="b1-who-came">`, `Talks begin</h3>`, `<h2>Sources</h2>`)
	r.Contains("events/summit/dossier.html", `<h4 id="b1-who-came">`) // one briefing: in full
	r.Contains("tags/climate/dossier.html", `the tag’s page</a> lists every briefing`)
}

// TestDossierFileStandsAlone: generator.Dossier makes one file with its
// style sheet and the bundle's image inside, links to the site's pages
// absolute from base_url, bounded by dates, and says what it could not
// find.
func TestDossierFileStandsAlone(t *testing.T) {
	dir := sitetest.Write(t, analystSite)
	res, err := generator.Dossier(generator.Options{Source: dir, Now: sitetest.Now}, "lima", zeroDate, zeroDate)
	if err != nil || res.Failed {
		t.Fatalf("Dossier: %v %s", err, res.Problem)
	}
	page := string(res.HTML)
	for _, want := range []string{`<style>`, `src="data:image/svg+xml;base64,`, `href="https://desk.example.org/briefings/2024-11-09-arrival/"`, `<h1>Ana Lima</h1>`, `Lima arrives in Belém</h3>`, `Talks begin</h3>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the dossier file lacks %s", want)
		}
	}
	for _, unwanted := range []string{`rel="stylesheet"`, `<script`, `href="../`} {
		if strings.Contains(page, unwanted) {
			t.Errorf("the dossier file holds %s", unwanted)
		}
	}
	from := mustDate(t, "2024-11-10")
	res, _ = generator.Dossier(generator.Options{Source: dir, Now: sitetest.Now}, "people:Ana Lima", from, zeroDate)
	if page := string(res.HTML); strings.Contains(page, "Lima arrives") || !strings.Contains(page, "Talks begin") || res.Briefings != 1 {
		t.Errorf("--from 2024-11-10 holds %d briefings", res.Briefings)
	}
	res, _ = generator.Dossier(generator.Options{Source: dir, Now: sitetest.Now}, "climat", zeroDate, zeroDate)
	if !res.Failed || !strings.Contains(res.Problem, `did you mean "climate"?`) {
		t.Errorf("a misspelt tag: %q", res.Problem)
	}
}

var zeroDate content.Date

func mustDate(t *testing.T, s string) content.Date {
	t.Helper()
	d, err := content.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDossierFileGoesThroughTheEditionAndTheLeakScan: the file of
// briefings dossier holds only what the edition publishes (no withheld
// briefing that names the person), and the leak scan reads it as it
// reads a build's pages: a site layout that prints what the edition
// withheld makes no file but a leak error at the withheld note's line.
// Issues 24 and 26.
func TestDossierFileGoesThroughTheEditionAndTheLeakScan(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := sitetest.Write(t, string(archive))
	res, err := generator.Dossier(generator.Options{Source: dir, Now: sitetest.Now}, "Anna Clearwater", zeroDate, zeroDate)
	if err != nil || res.Failed {
		t.Fatalf("Dossier: %v %s %v", err, res.Problem, res.Diagnostics)
	}
	page := string(res.HTML)
	if !strings.Contains(page, "Open summary of the week") {
		t.Errorf("the dossier lacks the published briefing")
	}
	for _, withheld := range []string{"Kestrelwing", "Quartermaster ledger", "Draft musings", "Embargoed statement", "Amalia Amberley"} {
		if strings.Contains(page, withheld) {
			t.Errorf("the dossier holds %q, which the edition withholds", withheld)
		}
	}

	sitetest.WriteInto(t, dir, `
-- layouts/dossier.html --
<h1>{{ .Dossier.Title }}</h1>
{{ range .Site.Edition.Withheld }}<p>{{ .Note.Title }}</p>{{ end }}
`)
	res, err = generator.Dossier(generator.Options{Source: dir, Now: sitetest.Now}, "Anna Clearwater", zeroDate, zeroDate)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Failed || res.HTML != nil {
		t.Fatalf("a dossier that leaked titles was made")
	}
	var found bool
	for _, d := range res.Diagnostics {
		if d.Pos.File == "content/briefings/2025-02-05-red-kestrelwing.md" && strings.Contains(d.Msg, `its title "Kestrelwing reporting on the Nightjar cache" is in the output`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no leak error for the red briefing's title: %v", res.Diagnostics)
	}
}

// TestDataFilesHoldWhatTheEditionPublishes reads the files of data/
// back (JSON, CSV, GeoJSON and the STIX bundle, parsed) for an edition
// of a marked site with a draft and an embargoed briefing: each holds
// the briefings and entities the pages publish, and none of the
// others. With -D, a draft is there, flagged as one. Issues 24 and 26.
func TestDataFilesHoldWhatTheEditionPublishes(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	r := sitetest.Build(t, string(archive), generator.Options{Audience: "AMBER"})
	if r.Failed {
		t.Fatalf("build failed:\n%s", r.Problems())
	}
	published := []string{"Amberwatch note for partner organisations", "Greenhouse roster for the community", "Open summary of the week"}

	var briefings []struct {
		URL, Title, Marking string
		Draft               bool
		Entities            map[string][]struct{ Name string }
	}
	if err := json.Unmarshal([]byte(r.File("data/briefings.json")), &briefings); err != nil {
		t.Fatalf("briefings.json: %v", err)
	}
	var titles, urls []string
	for _, b := range briefings {
		titles = append(titles, b.Title)
		urls = append(urls, b.URL)
		if path := strings.TrimPrefix(b.URL, "https://desk.example.org/"); !r.Exists(path + "index.html") {
			t.Errorf("briefings.json lists %s, which has no page", b.URL)
		}
	}
	slices.Sort(titles)
	if !slices.Equal(titles, published) {
		t.Errorf("briefings.json: got %q, want %q", titles, published)
	}

	entities := readCSV(t, r.File("data/entities.csv"))
	var names []string
	for _, row := range entities[1:] {
		names = append(names, row[1])
	}
	slices.Sort(names)
	if want := []string{"Amalia Amberley", "Anna Clearwater", "Gregor Greenfield", "Kyiv open forum", "Ukraine"}; !slices.Equal(names, want) {
		t.Errorf("entities.csv: got %q, want %q", names, want)
	}
	for _, row := range readCSV(t, r.File("data/mentions.csv"))[1:] {
		if !slices.Contains(urls, row[0]) {
			t.Errorf("mentions.csv names %s, a briefing the edition withholds", row[0])
		}
	}
	var geo struct {
		Type     string
		Features []struct {
			Geometry   struct{ Coordinates []float64 }
			Properties struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(r.File("data/events.geojson")), &geo); err != nil || geo.Type != "FeatureCollection" {
		t.Fatalf("events.geojson: %v, type %q", err, geo.Type)
	}
	// The CLEAR event, and not the RED one, both placed by coordinates.
	if len(geo.Features) != 1 || geo.Features[0].Properties.Name != "Kyiv open forum" || !slices.Equal(geo.Features[0].Geometry.Coordinates, []float64{30.52, 50.45}) {
		t.Errorf("events.geojson: got %+v, want the Kyiv open forum at [30.52, 50.45]", geo.Features)
	}

	var bundle struct {
		Type    string
		Objects []struct{ Type, Name string }
	}
	if err := json.Unmarshal([]byte(r.File("data/stix-bundle.json")), &bundle); err != nil || bundle.Type != "bundle" {
		t.Fatalf("stix-bundle.json: %v, type %q", err, bundle.Type)
	}
	var reports, markings []string
	for _, o := range bundle.Objects {
		switch o.Type {
		case "report":
			reports = append(reports, o.Name)
		case "marking-definition":
			markings = append(markings, o.Name)
		}
	}
	slices.Sort(reports)
	slices.Sort(markings)
	if !slices.Equal(reports, published) {
		t.Errorf("the bundle's reports: got %q, want %q", reports, published)
	}
	if want := []string{"TLP:AMBER", "TLP:CLEAR", "TLP:GREEN"}; !slices.Equal(markings, want) {
		t.Errorf("the bundle's marking definitions: got %q, want %q", markings, want)
	}

	// With drafts, the draft is in the data, flagged; the embargoed
	// briefing is not.
	r = sitetest.Build(t, string(archive), generator.Options{Audience: "AMBER", Drafts: true})
	if err := json.Unmarshal([]byte(r.File("data/briefings.json")), &briefings); err != nil {
		t.Fatal(err)
	}
	drafts := 0
	for _, b := range briefings {
		if b.Draft {
			drafts++
		}
	}
	if drafts != 1 || len(briefings) != 4 {
		t.Errorf("with drafts: %d briefings, %d drafts; want 4 and 1", len(briefings), drafts)
	}
	r.NotContains("data/briefings.json", "grain corridor")
}

// readCSV parses a CSV file of data/ with encoding/csv, as strictly as
// it reads: every row as long as the header.
func readCSV(t *testing.T, text string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("CSV: %v, %d rows", err, len(rows))
	}
	return rows
}

// TestDataFilesAreNotTakenForALeak: a CSV row puts a briefing's address
// beside the name of an entity it names; when the address ends with the
// first words of a draft's title and the entity's name ends it
// ("…/what-the-new-water-policy-means-for/,Ukraine"), the leak scan must
// not read them as one sentence and fail the build. Found at 10,000
// briefings of the bench corpus. Issues 24 and 26.
func TestDataFilesAreNotTakenForALeak(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Desk"
base_url = "https://desk.example.org/"
-- content/countries/ukraine.md --
+++
name = "Ukraine"
+++
-- content/briefings/what-the-new-water-policy-means-for.md --
+++
title = "What the new water policy means for"
date = 2025-02-01
countries = ["Ukraine"]
+++
A short note on [[Ukraine]].
-- content/briefings/draft.md --
+++
title = "What the new water policy means for Ukraine"
date = 2025-02-02
draft = true
+++
Not yet.
`)
	if r.Failed {
		t.Fatalf("the build failed:\n%s", r.Problems())
	}
	r.Contains("data/mentions.csv", `"https://desk.example.org/briefings/what-the-new-water-policy-means-for/","Ukraine","country"`)
}
