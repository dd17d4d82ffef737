package generator_test

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefings/generator"
	"briefings/generator/content"
	"briefings/generator/sitetest"
)

// audiences are the TLP labels, lowest first.
var audiences = []string{"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"}

// withheldAbove lists, by the rank of the note that holds them, strings
// that only notes of that rank have in testdata/markings.txtar (titles,
// slugs, sentences, names no published note writes): an edition for a
// lower audience must have none of them in any file.
var withheldAbove = map[int][]string{
	1: {"Greenhouse roster", "briefings/2025-02-02-green-roster", "people/gregor-greenfield", "community roster of liaison", "greenhouse roster among", "tags/roster"},
	2: {"Amalia Amberley", "Amberley", "amberwatch", "Amberwatch", "people/amalia-amberley", "briefings/2025-02-03-amber-partners", "not Lutsk"},
	3: {"Stanislav Strictov", "Strictov", "quartermaster", "Quartermaster", "people/stanislav-strictov", "briefings/2025-02-04-strict-ledger", "bursar"},
	4: {"Kestrelwing", "kestrelwing", "Kherson at dawn", "Viktor Onlyred", "Onlyred", "onlyred", "Nightjar", "nightjar", "Hola Prystan", "46.5271", "32.5213", "people/rosalind-redgrave", "silver coins", "handler of the source",
		"Quillfeather", "quentin-quillfeather", "Hidden Wire", "hiddenwire", "hidden-wire", "boatmen-log", "archive.example", "boatmen radio", "nineteen, not twenty",
		"2025-02-07-red-crossing", "crossing.svg", "waxed linen", "willow bend"},
}

// alwaysWithheld are the strings of the draft and the embargoed
// briefing, which no edition publishes.
var alwaysWithheld = []string{"ferry timetable", "Dmitri Draftsman", "Draftsman", "draft-musings", "grain corridor", "Elena Embargova", "Embargova", "embargoed-statement"}

// TestEveryAudienceGetsNothingAbove builds one site with notes at every
// TLP level (briefings and entities, mentions across levels in front
// matter, wikilinks, automatic mentions, Markdown links and an image of
// a RED bundle, an entity that only the RED briefing names, a RED
// sentence that quotes a CLEAR person, a RED briefing's sources,
// outlet, authors and corrections) for each audience, and reads every
// file of each output, and its path, for every string of every note
// above it: there must be none, in pages, feeds, the sitemap, the
// search index, the hover cards, the files of bundles, the drawings
// (timelines, graphs, maps), the dossier pages, the data exports
// (briefings.json, the CSV files, events.geojson, the STIX bundle) or
// the dossiers `briefings dossier` writes (issue 24).
func TestEveryAudienceGetsNothingAbove(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for rank, audience := range audiences {
		t.Run(audience, func(t *testing.T) {
			r := sitetest.Build(t, string(archive), generator.Options{Audience: audience})
			if r.Failed {
				t.Fatalf("build failed:\n%s", r.Problems())
			}
			var absent []string
			absent = append(absent, alwaysWithheld...)
			for above := rank + 1; above < len(audiences); above++ {
				absent = append(absent, withheldAbove[above]...)
			}
			files := 0
			filepath.WalkDir(r.Dest, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				files++
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(r.Dest, p)
				for _, s := range absent {
					if i := bytes.Index(b, []byte(s)); i >= 0 {
						t.Errorf("%s holds %q, withheld from %s: ...%s...", rel, s, audience, around(b, i))
					}
					if strings.Contains(filepath.ToSlash(rel), s) {
						t.Errorf("%s is written, withheld from %s", rel, audience)
					}
				}
				return nil
			})
			if files < 20 {
				t.Fatalf("only %d files written", files)
			}
			// The dossiers `briefings dossier` writes, of a person,
			// a country, an event and a tag that every edition has.
			for _, subject := range []string{"Anna Clearwater", "Ukraine", "Kyiv open forum", "tags:weekly"} {
				d, err := generator.Dossier(generator.Options{Source: r.Dir, Now: sitetest.Now, Audience: audience}, subject, content.Date{}, content.Date{})
				if err != nil || d.Failed {
					t.Fatalf("dossier of %s: %v %s %v", subject, err, d.Problem, d.Diagnostics)
				}
				for _, s := range absent {
					if i := bytes.Index(d.HTML, []byte(s)); i >= 0 {
						t.Errorf("the dossier of %s holds %q, withheld from %s: ...%s...", subject, s, audience, around(d.HTML, i))
					}
				}
			}
			// What is below the audience is there.
			for above := 1; above <= rank; above++ {
				for _, s := range withheldAbove[above] {
					if strings.Contains(s, "/") {
						if !r.Exists(s + "/index.html") {
							t.Errorf("%s/index.html is missing from the %s edition", s, audience)
						}
					}
				}
			}
		})
	}
}

// TestCountsAreOfWhatIsPublished: the number of briefings an entity
// page, the lists and the home page give is the number published, so
// that a count cannot reveal a withheld note; a withheld event is on no
// country's timeline; a withheld entity that a published briefing
// names is plain text there, not a link, a chip or a stub page.
func TestCountsAreOfWhatIsPublished(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	wants := map[string]int{"CLEAR": 1, "GREEN": 2, "AMBER": 2, "AMBER+STRICT": 3, "RED": 4}
	count := regexp.MustCompile(`<h2>Briefings <span class="count">(\d+)</span></h2>`)
	for _, audience := range audiences {
		t.Run(audience, func(t *testing.T) {
			r := sitetest.Build(t, string(archive), generator.Options{Audience: audience})
			page := r.File("people/anna-clearwater/index.html")
			m := count.FindStringSubmatch(page)
			if m == nil || m[1] != strconv.Itoa(wants[audience]) {
				t.Errorf("Anna Clearwater's page counts %v briefings, want %d", m, wants[audience])
			}
			if audience == "CLEAR" {
				summary := r.File("briefings/2025-02-01-open-summary/index.html")
				for _, s := range []string{`href="../../people/gregor-greenfield/`, `href="../../people/rosalind-redgrave/`, `broken-link`, `href="../../events/operation`} {
					if strings.Contains(summary, s) {
						t.Errorf("the open summary holds %q in the CLEAR edition", s)
					}
				}
				for _, s := range []string{"met Gregor Greenfield and Redgrave in Kyiv", "The handler, Rosalind Redgrave, was", "See also the red report and the operation."} {
					if !strings.Contains(summary, s) {
						t.Errorf("the open summary lacks the plain text %q", s)
					}
				}
				r.Contains("countries/ukraine/index.html", "Timeline of events", "Kyiv open forum")
				r.NotContains("countries/ukraine/index.html", "Operation")
				r.NotContains("index.html", "All 5 briefings", "All 2 briefings")
				r.Contains("index.html", "The only briefing")
				if r.Exists("people/viktor-onlyred/index.html") || r.Exists("people/rosalind-redgrave/index.html") || r.Exists("people/dmitri-draftsman/index.html") {
					t.Errorf("a withheld or withheld-only entity has a page")
				}
				if r.Errors+r.Warnings > 0 {
					t.Errorf("problems:\n%s", r.Problems())
				}
			}
		})
	}
}

// around returns the bytes around b[i], for a message.
func around(b []byte, i int) string {
	return string(b[max(0, i-60):min(len(b), i+60)])
}

// TestALeakTheFilterMissesFailsTheBuild: the leak scan reads every file
// a build writes. A layout of the site's own that reaches around the
// filter (it lists the withheld notes' titles in every page's footer)
// stands for a bug of the filter: the build fails with the withheld
// note's path and line and the output file and line the string reached,
// and the output is left exactly as the last good build wrote it.
func TestALeakTheFilterMissesFailsTheBuild(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := sitetest.Write(t, string(archive))
	good := sitetest.BuildDir(t, dir)
	if good.Failed {
		t.Fatalf("the good build failed:\n%s", good.Problems())
	}
	before := snapshot(t, good.Dest)

	sitetest.WriteInto(t, dir, `
-- layouts/_frame.html --
{{ define "site-head" }}{{ end }}
{{ define "site-header" }}<header></header>{{ end }}
{{ define "site-footer" }}<footer>
{{ range .Site.Edition.Withheld }}<p>{{ .Note.Title }}</p>{{ end }}
</footer>{{ end }}
`)
	r := sitetest.BuildDir(t, dir)
	if !r.Failed {
		t.Fatalf("a build that leaked titles did not fail")
	}
	r.HasProblem("content/briefings/2025-02-05-red-kestrelwing.md:2: withheld from this build (marked TLP:RED, above the audience TLP:CLEAR), but its title \"Kestrelwing reporting on the Nightjar cache\" is in the output, in 404.html:", "more files)")
	r.HasProblem("content/people/amalia-amberley.md:2: withheld from this build (marked TLP:AMBER, above the audience TLP:CLEAR), but its name \"Amalia Amberley\" is in the output")
	r.HasProblem("content/briefings/2025-02-06-draft-musings.md:2: withheld from this build (a draft), but its title")
	r.HasProblem("content/briefings/2025-04-01-embargoed-statement.md:2: withheld from this build (embargoed until 2025-04-01 07:00 UTC), but its title")
	if after := snapshot(t, good.Dest); len(before) < 20 || !maps.Equal(before, after) {
		t.Errorf("the output changed after a build that found a leak")
	}
}

// TestTheOutputChangesOnlyWithWhatItPublishes: two builds of one site at
// different moments write the same bytes (briefings' own record of what
// it wrote, .briefings, aside) until an embargo lifts between them. The
// hourly workflow relies on it: it deploys only a site whose digest is
// not the last deployed one. Nothing a build writes may depend on the
// time it runs (a "built on" date would deploy every hour).
func TestTheOutputChangesOnlyWithWhatItPublishes(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := sitetest.Write(t, string(archive))
	at := func(now time.Time) map[string]string {
		dest := filepath.Join(t.TempDir(), "public")
		r := sitetest.BuildDir(t, dir, generator.Options{Now: now, Dest: dest})
		if r.Failed {
			t.Fatalf("build failed:\n%s", r.Problems())
		}
		files := map[string]string{}
		for p, b := range snapshot(t, dest) {
			if rel, _ := filepath.Rel(dest, p); rel != ".briefings" {
				files[rel] = b
			}
		}
		return files
	}
	morning := at(time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC))
	evening := at(time.Date(2025, 3, 31, 23, 0, 0, 0, time.UTC))
	if !maps.Equal(morning, evening) {
		for p := range evening {
			if morning[p] != evening[p] {
				t.Errorf("%s differs between two builds with the same notes published", p)
			}
		}
	}
	// The embargoed statement lifts at 2025-04-01 07:00 UTC.
	lifted := at(time.Date(2025, 4, 1, 7, 0, 0, 0, time.UTC))
	if _, ok := lifted["briefings/2025-04-01-embargoed-statement/index.html"]; !ok || maps.Equal(evening, lifted) {
		t.Errorf("the build after the embargo lifted did not publish the statement")
	}
}

// TestTheLeakScanLooksForEveryFieldOfAWithheldNote: whatever field of a
// withheld note a layout of the site's own prints (here in every page's
// footer, reaching around the filter), the leak scan finds it and fails
// the build at the line of the note that holds it: the names and
// addresses of its sources and their outlet, its authors, its
// corrections, an outlet's website, not only titles and sentences.
func TestTheLeakScanLooksForEveryFieldOfAWithheldNote(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	red := "content/briefings/2025-02-05-red-kestrelwing.md:"
	for _, tc := range []struct{ field, print, want string }{
		{"source address", `{{ range .Sources }}<a href="{{ .URL }}">a source</a>{{ end }}`, red + `12: withheld from this build (marked TLP:RED, above the audience TLP:CLEAR), but its source address "https://hiddenwire.example/boatmen-log-77"`},
		{"archive", `{{ range .Sources }}<a href="{{ .Archive }}">a copy</a>{{ end }}`, red + `14: withheld from this build (marked TLP:RED, above the audience TLP:CLEAR), but its source address "https://archive.example/boatmen-77"`},
		{"outlet", `{{ range .Sources }}<p>from {{ .Outlet }}.</p>{{ end }}`, `content/outlets/hidden-wire.md:2: withheld from this build (marked TLP:RED, above the audience TLP:CLEAR), but its name "Hidden Wire Service"`},
		{"author", `{{ range .Authors }}<p>By {{ . }}.</p>{{ end }}`, red + `8: withheld from this build (marked TLP:RED, above the audience TLP:CLEAR), but its author "Quentin Quillfeather"`},
		{"correction", `{{ range .Corrections }}<p>{{ .Text }}</p>{{ end }}`, red + `18: withheld from this build (marked TLP:RED, above the audience TLP:CLEAR), but its correction "the boatmen numbered nineteen not"`},
	} {
		t.Run(tc.field, func(t *testing.T) {
			dir := sitetest.Write(t, string(archive))
			sitetest.WriteInto(t, dir, `
-- layouts/_frame.html --
{{ define "site-head" }}{{ end }}
{{ define "site-header" }}<header></header>{{ end }}
{{ define "site-footer" }}<footer>
{{ range .Site.Edition.Withheld }}{{ with .Note.Briefing }}`+tc.print+`{{ end }}{{ end }}
</footer>{{ end }}
`)
			r := sitetest.BuildDir(t, dir)
			if !r.Failed {
				t.Fatalf("a build whose pages print the withheld briefing's %s did not fail", tc.field)
			}
			r.HasProblem(tc.want)
		})
	}
	t.Run("website", func(t *testing.T) {
		dir := sitetest.Write(t, string(archive))
		sitetest.WriteInto(t, dir, `
-- layouts/_frame.html --
{{ define "site-head" }}{{ end }}
{{ define "site-header" }}<header></header>{{ end }}
{{ define "site-footer" }}<footer>
{{ range .Site.Edition.Withheld }}{{ with .Note.Entity }}{{ with .URL }}<a href="{{ . }}">a website</a>{{ end }}{{ end }}{{ end }}
</footer>{{ end }}
`)
		r := sitetest.BuildDir(t, dir)
		if !r.Failed {
			t.Fatalf("a build whose pages print a withheld outlet's website did not fail")
		}
		r.HasProblem(`content/outlets/hidden-wire.md:3: withheld from this build (marked TLP:RED, above the audience TLP:CLEAR), but its website "https://hiddenwire.example/"`)
	})
}

// TestFilesCopiedAsTheyAreAreReadByTheLeakScan: a text file of static/
// or of a published note's bundle is published as it is, so the leak
// scan reads it too (a picture is not read): one that quotes a withheld
// briefing fails the build at the withheld note's line, naming the
// file, and the output stays as it was.
func TestFilesCopiedAsTheyAreAreReadByTheLeakScan(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, data, want string }{
		{"static/notes/week.txt", "Notes of the week.\nViktor Onlyred paid the boatmen in silver coins.\n",
			`content/briefings/2025-02-05-red-kestrelwing.md:5: withheld from this build (marked TLP:RED, above the audience TLP:CLEAR), but its name under people "Viktor Onlyred" is in the output, in notes/week.txt:2`},
		{"content/briefings/2025-02-01-open-summary/route.svg", `<svg xmlns="http://www.w3.org/2000/svg"><text>Amberwatch note for partner organisations</text></svg>`,
			`content/briefings/2025-02-03-amber-partners.md:2: withheld from this build (marked TLP:AMBER, above the audience TLP:CLEAR), but its title "Amberwatch note for partner organisations" is in the output, in briefings/2025-02-01-open-summary/route.svg:1`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			dir := sitetest.Write(t, string(archive))
			if strings.HasPrefix(tc.file, "content/briefings/2025-02-01-open-summary/") {
				// The open summary as a bundle, with a drawing.
				os.MkdirAll(filepath.Join(dir, "content/briefings/2025-02-01-open-summary"), 0o755)
				os.Rename(filepath.Join(dir, "content/briefings/2025-02-01-open-summary.md"), filepath.Join(dir, "content/briefings/2025-02-01-open-summary/index.md"))
			}
			// A picture holding the same words is not read.
			sitetest.WriteInto(t, dir, "-- static/photo.png --\nViktor Onlyred paid the boatmen in silver coins.\n")
			good := sitetest.BuildDir(t, dir)
			if good.Failed {
				t.Fatalf("the good build failed:\n%s", good.Problems())
			}
			before := snapshot(t, good.Dest)
			sitetest.WriteInto(t, dir, "-- "+tc.file+" --\n"+tc.data)
			r := sitetest.BuildDir(t, dir)
			if !r.Failed {
				t.Fatalf("a build that copies %s did not fail", tc.file)
			}
			r.HasProblem(tc.want)
			if after := snapshot(t, good.Dest); !maps.Equal(before, after) {
				t.Errorf("the output changed after a build that found a leak")
			}
		})
	}
}

// TestAPageOfManyItemsCarriesTheHighestLabel: a page that lists or draws
// the notes of others carries the highest marking among them, at its
// top and its bottom: the lists, the home page, the timeline, the search
// page, the graph (counted from every briefing), the corrections of
// marked briefings; the map carries that of the events and countries it
// draws. A tag only CLEAR briefings carry stays CLEAR. Each entry of a
// feed carries its own label.
func TestAPageOfManyItemsCarriesTheHighestLabel(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	banner := regexp.MustCompile(`<aside class="marking marking-(top|bottom)"[^>]*><p[^>]*>([^<]*)</p>`)
	r := sitetest.Build(t, string(archive), generator.Options{Audience: "AMBER"})
	if r.Failed {
		t.Fatalf("build failed:\n%s", r.Problems())
	}
	for page, want := range map[string]string{
		"index.html": "TLP:AMBER", "briefings/index.html": "TLP:AMBER", "timeline/index.html": "TLP:AMBER",
		"search/index.html": "TLP:AMBER", "graph/index.html": "TLP:AMBER", "corrections/index.html": "TLP:AMBER",
		"people/index.html": "TLP:AMBER", "map/index.html": "TLP:CLEAR", "tags/weekly/index.html": "TLP:CLEAR",
		"people/anna-clearwater/index.html": "TLP:GREEN", "people/gregor-greenfield/dossier.html": "TLP:GREEN",
	} {
		got := banner.FindAllStringSubmatch(r.File(page), -1)
		if len(got) != 2 || got[0][1] != "top" || got[1][1] != "bottom" || got[0][2] != want || got[1][2] != want {
			t.Errorf("%s: banners %v, want %s at the top and the bottom", page, got, want)
		}
	}
	// A feed is a list too: each entry carries its label as a category.
	entry := regexp.MustCompile(`(?s)<entry>\n<title>([^<]*)</title>.*?</entry>`)
	marked := regexp.MustCompile(`<category term="([^"]*)" label="Handling marking: ([^"]*)"/>\n</entry>`)
	got := map[string]string{}
	for _, e := range entry.FindAllStringSubmatch(r.File("index.xml"), -1) {
		if m := marked.FindStringSubmatch(e[0]); m != nil && m[1] == m[2] {
			got[e[1]] = m[1]
		}
	}
	want := map[string]string{"Amberwatch note for partner organisations": "TLP:AMBER", "Greenhouse roster for the community": "TLP:GREEN", "Open summary of the week": "TLP:CLEAR"}
	if !maps.Equal(got, want) {
		t.Errorf("the feed's entries are marked %v, want %v", got, want)
	}
}

// TestNothingOfAWiderEditionStaysBesideTheOutput: a build keeps the
// build before it beside the output (.public.briefings/, to write only
// what changed); after a RED edition, a CLEAR edition built into the same
// folder, by build or by serve -d, leaves nothing of the RED one there,
// nor in the output, and the builds after it neither (issue 24).
func TestNothingOfAWiderEditionStaysBesideTheOutput(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := sitetest.Write(t, string(archive))
	dest := filepath.Join(t.TempDir(), "site", "public")
	var absent []string
	absent = append(absent, alwaysWithheld...)
	for rank := 1; rank < len(audiences); rank++ {
		absent = append(absent, withheldAbove[rank]...)
	}
	// The last is the first rebuild of `serve -d` (a Builder).
	for i, o := range []generator.Options{{Audience: "RED", Drafts: true, Future: true}, {}, {}, {Audience: "RED"}, {}, {Audience: "RED"}, {Source: "serve"}} {
		o.Dest = dest
		if o.Source == "serve" {
			res, err := generator.NewBuilder(generator.Options{Source: dir, Dest: dest, Now: sitetest.Now}).Rebuild(nil)
			if err != nil || res.Failed {
				t.Fatalf("rebuild: %v %v", err, res.Diagnostics)
			}
		} else if r := sitetest.BuildDir(t, dir, o); r.Failed {
			t.Fatalf("build %d failed:\n%s", i+1, r.Problems())
		}
		if o.Audience == "RED" {
			continue
		}
		// Everything in the folder that holds the output.
		filepath.WalkDir(filepath.Dir(dest), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(filepath.Dir(dest), p)
			for _, s := range absent {
				if bytes.Contains(b, []byte(s)) || strings.Contains(filepath.ToSlash(rel), s) {
					t.Errorf("after build %d (CLEAR), %s holds %q", i+1, rel, s)
					return nil
				}
			}
			return nil
		})
	}
}

// TestTheSearchLexiconIsReadAWordAtATime: the search lexicon lists the
// words of the published text sorted, so two words that a withheld
// note's address or name holds ("/people/petrov/": people petrov) may
// sit side by side in it without any page writing them so: that is no
// leak, and the build publishes (it failed, on the shared benchmark
// corpus).
func TestTheSearchLexiconIsReadAWordAtATime(t *testing.T) {
	site := `
-- site.toml --
title = "Desk"
base_url = "https://desk.example.org/"
-- content/briefings/2025-01-01-open.md --
+++
title = "Open"
date = 2025-01-01
+++
The people of Petrov village.
-- content/briefings/2025-01-02-draft.md --
+++
title = "Draft"
date = 2025-01-02
draft = true
people = ["Petrov"]
+++
`
	r := sitetest.Build(t, site)
	if r.Failed {
		t.Fatalf("build failed:\n%s", r.Problems())
	}
	r.Contains("search/lex-0.js", "people petrov")
}
