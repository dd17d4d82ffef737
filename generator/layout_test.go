package generator_test

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefings/bench/corpus"
	"briefings/generator"
	"briefings/generator/publish"
	"briefings/generator/sitetest"
	"briefings/layouts"
)

// TestSiteLayoutsOverrideTheBuiltInTheme: layouts/briefing.html replaces
// the built-in one; other pages keep the built-in theme.
func TestSiteLayoutsOverrideTheBuiltInTheme(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- layouts/briefing.html --
{{ define "main" }}<p class="mine">{{ .Briefing.Title }} by my theme, {{ len .Briefing.Named.people }} people</p>{{ end }}
-- layouts/_extra.html --
{{ define "extra" }}partial{{ end }}
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
people = ["Ann"]
+++
Body.
`)
	r.NoProblems()
	r.Contains("briefings/a/index.html", `<p class="mine">A by my theme, 1 people</p>`, `<a class="skip" href="#main">`)
	r.Contains("people/ann/index.html", "<h1>Ann</h1>")
}

// TestTemplateErrorsNameTheFileAndLine and fail the build.
func TestTemplateErrorsNameTheFileAndLine(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
-- layouts/page.html --
{{ define "main" }}
<p>{{ .Nope }</p>
{{ end }}
-- content/about.md --
+++
title = "About"
+++
`)
	if !r.Failed {
		t.Fatal("a broken template did not fail the build")
	}
	r.HasProblem("layouts/page.html:2: template: ")
}

// TestTemplateExecutionErrorsNameTheFileAndLine: a template that parses
// but fails on a page says which file, line and page.
func TestTemplateExecutionErrorsNameTheFileAndLine(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
-- layouts/page.html --
{{ define "main" }}
<p>{{ index .Site.Pages 7 }}</p>
{{ end }}
-- content/about.md --
+++
title = "About"
+++
`)
	if !r.Failed {
		t.Fatal("a failing template did not fail the build")
	}
	r.HasProblem("layouts/page.html:2: template: ", "(rendering /about/)")
}

// TestPartialsAreMadeOncePerDepthAndStayRight: the briefing-item,
// entity-link and frame partials are reused across pages at the same
// folder depth; their links stay right on pages at other depths (page 2
// of the list, the 404 page), and a site's own partials replace them
// everywhere, lists and entity pages alike.
func TestPartialsAreMadeOncePerDepthAndStayRight(t *testing.T) {
	site := `
-- site.toml --
title = "T"
base_url = "https://example.org/"
paginate = 1
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
people = ["Ann"]
countries = ["France"]
+++
Body.
-- content/briefings/b.md --
+++
title = "B"
date = 2025-01-02
people = ["Ann"]
countries = ["France"]
+++
Body.
`
	r := sitetest.Build(t, site)
	r.NoProblems()
	item := `<li class="item">
<a class="item-title" href="%sbriefings/%s/index.html">%s</a>`
	r.Contains("briefings/index.html", fmt.Sprintf(item, "../", "b", "B"))
	r.Contains("briefings/page/2/index.html", fmt.Sprintf(item, "../../../", "a", "A"), `<a href="../../../people/index.html">People</a>`, `<a href="../../../briefings/index.html" aria-current="page">Briefings</a>`)
	r.Contains("people/ann/index.html", fmt.Sprintf(item, "../../", "a", "A"), fmt.Sprintf(item, "../../", "b", "B"), `<a href="../../people/index.html" aria-current="page">People</a>`)
	r.Contains("briefings/a/index.html", `<li><a href="../../people/ann/index.html">Ann</a></li>`, `<li><a href="../../countries/france/index.html">France</a></li>`, `<a href="../../briefings/index.html" aria-current="page">Briefings</a>`)
	r.Contains("countries/france/index.html", `<a href="../../countries/index.html" aria-current="page">Countries</a>`, `<a href="../../people/index.html">People</a>`)
	r.Contains("404.html", `<a href="/people/index.html">People</a>`)

	r = sitetest.Build(t, site+`
-- layouts/_briefing-item.html --
{{ define "briefing-item" }}<b>{{ .Briefing.Title }}</b> <a href="{{ .Rel .Briefing.URL }}">read</a>{{ end }}
-- layouts/_entity-link.html --
{{ define "entity-link" }}<i>{{ .Entity.Name }}</i>{{ end }}
`)
	r.NoProblems()
	r.Contains("briefings/page/2/index.html", `<li class="item"><b>A</b> <a href="../../../briefings/a/index.html">read</a>`)
	r.Contains("people/ann/index.html", `<li class="item"><b>B</b> <a href="../../briefings/b/index.html">read</a>`)
	r.Contains("briefings/a/index.html", `<li><i>Ann</i></li>`)
}

// TestPartialErrorsNameTheFileAndLine: a partial that is missing or fails
// is reported at the template that calls it or in the partial itself.
func TestPartialErrorsNameTheFileAndLine(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
-- layouts/page.html --
{{ define "main" }}
{{ partial "nope" . }}
{{ end }}
-- content/about.md --
+++
title = "About"
+++
`)
	if !r.Failed {
		t.Fatal("a missing partial did not fail the build")
	}
	r.HasProblem(`layouts/page.html:2: template: `, `no partial "nope": add layouts/_nope.html`)

	r = sitetest.Build(t, `
-- site.toml --
title = "T"
-- layouts/_briefing-item.html --
{{ define "briefing-item" }}
{{ index .Briefing.Tags 3 }}{{ end }}
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
+++
`)
	if !r.Failed {
		t.Fatal("a failing partial did not fail the build")
	}
	r.HasProblem(`layouts/_briefing-item.html:2: template: `)

	// On an entity page the items are made by .Backlinks: the error is
	// still placed in the partial.
	r = sitetest.Build(t, `
-- site.toml --
title = "T"
-- layouts/_briefing-item.html --
{{ define "briefing-item" }}
{{ index .Briefing.Tags 3 }}{{ end }}
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
people = ["Ann Smith"]
+++
`)
	if !r.Failed {
		t.Fatal("a failing partial did not fail the build")
	}
	r.HasProblem(`layouts/_briefing-item.html:2: template: `, `(rendering /people/ann-smith/)`)
	if strings.Contains(r.Problems(), "entity.html") {
		t.Errorf("the error is placed at the entity page's template, not the partial:\n%s", r.Problems())
	}
}

// TestFeedTemplateErrorsNameTheFileAndLine: a feed template that fails as
// the feeds are written fails the build, names the file, line and feed,
// and leaves the last good output as it was.
func TestFeedTemplateErrorsNameTheFileAndLine(t *testing.T) {
	site := `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
people = ["Ann"]
+++
Body.
`
	r := sitetest.Build(t, site)
	r.NoProblems()
	before := r.File("index.xml")
	sitetest.WriteInto(t, r.Dir, `
-- layouts/atom.xml --
<feed>
{{ index .Entries 5 }}
</feed>
`)
	r = sitetest.BuildDir(t, r.Dir)
	if !r.Failed {
		t.Fatal("a failing feed template did not fail the build")
	}
	r.HasProblem("layouts/atom.xml:2: template: ", "index out of range", "(rendering /index.xml)")
	if r.File("index.xml") != before {
		t.Error("a failed build changed the feed it had written before")
	}
}

// TestSiteTemplatesSeeTheTextOfBodies: a build lets go of the notes'
// sources and plain text once the built-in theme has no more use for
// them, but not when the site has templates of its own, which may show
// them.
func TestSiteTemplatesSeeTheTextOfBodies(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- layouts/briefing.html --
{{ define "main" }}<p class="text">{{ .Briefing.Text }}</p><pre>{{ printf "%s" .Briefing.Note.Body }}</pre>{{ end }}
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
+++
Some *words* here.
`)
	r.NoProblems()
	r.Contains("briefings/a/index.html", `<p class="text">Some words here.`, `<pre>Some *words* here.`)
}

// TestSafeHTMLTakesStringsAndBodies: safeHTML prints a rendered body or a
// string as HTML, as Hugo's does, and names the template line when given
// anything else.
func TestSafeHTMLTakesStringsAndBodies(t *testing.T) {
	site := `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- layouts/briefing.html --
{{ define "main" }}<div class="body">{{ safeHTML .Briefing.HTML }}</div><div class="s">{{ safeHTML "<b>bold</b>" }}</div>{{ end }}
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
+++
Some *words* here.
`
	r := sitetest.Build(t, site)
	r.NoProblems()
	r.Contains("briefings/a/index.html", `<div class="body"><p>Some <em>words</em> here.</p>`, `<div class="s"><b>bold</b></div>`)

	bad := sitetest.Build(t, strings.Replace(site, `safeHTML "<b>bold</b>"`, `safeHTML 3`, 1))
	bad.HasProblem("layouts/briefing.html:1:", "safeHTML takes a string or a rendered body, not int")
}

// TestCopiedThemeMakesTheSamePages: every page of the built-in theme is
// a template a site may copy into its layouts/ and edit (issue 23). A
// site with every built-in template copied into its layouts/ gets the
// same files, byte for byte, as the site without: the demo site, a site
// of awkward values, every marking, and 300 briefings of the benchmark
// corpus.
func TestCopiedThemeMakesTheSamePages(t *testing.T) {
	markings, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	// Every label, on every kind of page (issue 24).
	marked := sitetest.Write(t, string(markings))
	sitetest.WriteInto(t, marked, "-- site.toml --\ntitle = \"Desk\"\nbase_url = \"https://desk.example.org/\"\naudience = \"RED\"\n")
	sites := map[string]string{"demo": demoSite(t), "awkward": sitetest.Write(t, awkwardSite), "markings": marked}
	if _, err := corpus.Generator(); err != nil || testing.Short() {
		t.Log("the benchmark corpus is left out:", cmp.Or(err, errors.New("-short")))
	} else {
		sites["corpus"] = corpus.Dir(t, 300, "briefings")
	}
	for name, dir := range sites {
		t.Run(name, func(t *testing.T) {
			goDest := filepath.Join(t.TempDir(), "built-in")
			r := sitetest.BuildDir(t, dir, generator.Options{Dest: goDest, Future: true})
			if r.Failed {
				t.Fatalf("build failed:\n%s", r.Problems())
			}
			copied := t.TempDir()
			if err := os.CopyFS(copied, os.DirFS(dir)); err != nil {
				t.Fatal(err)
			}
			templates, _ := fs.Glob(layouts.FS, "*.html")
			feeds, _ := fs.Glob(layouts.FS, "*.xml")
			templates = append(templates, feeds...)
			os.MkdirAll(filepath.Join(copied, "layouts"), 0o755)
			for _, name := range templates {
				data, _ := fs.ReadFile(layouts.FS, name)
				if err := os.WriteFile(filepath.Join(copied, "layouts", name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tplDest := filepath.Join(t.TempDir(), "templates")
			if r := sitetest.BuildDir(t, copied, generator.Options{Dest: tplDest, Future: true}); r.Failed {
				t.Fatalf("build with the copied templates failed:\n%s", r.Problems())
			}
			compared := map[string]int{}
			differ := 0
			filepath.WalkDir(tplDest, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(tplDest, path)
				want, _ := os.ReadFile(path)
				got, err := os.ReadFile(filepath.Join(goDest, rel))
				if err != nil {
					t.Errorf("%s: only the copied templates made it", rel)
					return nil
				}
				if !bytes.Equal(got, want) && rel != publish.Marker { // the list of files written, with their inodes
					if differ++; differ <= 5 {
						t.Errorf("%s differs from the copied templates':\n%s", rel, firstDifference(string(got), string(want)))
					}
				}
				compared[strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]]++
				return nil
			})
			if differ > 5 {
				t.Errorf("and %d more files differ", differ-5)
			}
			made := 0
			filepath.WalkDir(goDest, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					made++
				}
				return err
			})
			if total := sum(compared); made != total {
				t.Errorf("the built-in theme made %d files, the copied templates %d", made, total)
			}
			if compared["briefings"] < 2 || compared["people"] < 2 || compared["countries"] < 2 || compared["events"] < 2 {
				t.Errorf("compared too few pages: %v", compared)
			}
		})
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// firstDifference shows where got and want part.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-120)
	return fmt.Sprintf("  built-in: %q\n  copied:   %q", got[from:min(len(got), i+120)], want[from:min(len(want), i+120)])
}

// demoSite copies the repository's demo site into a temporary folder.
func demoSite(t *testing.T) string {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "site.toml"), data, 0o644)
	return dir
}

// awkwardSite has what the escaping of each place in the pages must get
// right: markup, quotes, plus signs and NUL in text and attributes, URLs
// with spaces, escapes, other schemes and non-ASCII letters, and every
// optional part of an entity page.
var awkwardSite = `
-- site.toml --
title = "Notes <&> \"quoted\" + 'single'"
base_url = "https://example.org/a b/"
language = "en-GB"
description = "Site <description> & more"

[[kinds]]
name = "organisations"
singular = "organisation"
title = "Organisations & groups"
-- content/briefings/a.md --
+++
title = "A <b>bold</b> & \"quoted\" + 'single' \u0000 title"
date = 2025-01-02T10:30:00+01:00
summary = "Summary with <tags> & \"quotes\" + plus"
people = ["Ann <Smith>", "Bob"]
countries = ["Ukraine"]
events = ["Summit"]
organisations = ["NATO & friends"]
tags = ["R&D", "a+b", "Ünïcode"]

[[sources]]
title = "Plain source <title>"
url = "https://example.org/path with spaces/ü?q=1&r=2+3#frag"

[[sources]]
title = "Script"
url = "javascript:alert('x')"

[[sources]]
title = "Upper case scheme"
url = "HTTPS://example.org/%41%zz%"

[[sources]]
title = "Relative"
url = "/local/path"

[[sources]]
title = "No URL"

[[sources]]
title = "Mail"
url = "mailto:someone@example.org"
+++
Ann <Smith> met Bob in [[countries:Ukraine]] before the [[Summit]]; see [[briefings:b]].

Another sentence names Bob and NATO & friends.
-- content/briefings/b.md --
+++
title = "B"
date = 2024-12-31
people = ["Bob"]
authors = ["Carol <Writer>", "Dan & Co", "Bob"]
updated = 2025-01-03

[[sources]]
title = "Wire <story> & more"
url = "https://wire.example/a?b=1&c=2"
outlet = "Wire & <Co>"
credibility = 3
accessed = 2025-01-01
archive = "https://web.archive.org/web/2025/https://wire.example/a?b=1&c=2"

[[sources]]
title = "Unknown outlet"
url = "https://other.example/"
outlet = "Other <outlet>"
reliability = "f"
credibility = "6"

[[corrections]]
date = 2025-01-02
text = "A <b>figure</b> & a \"quote\" were wrong."

[[corrections]]
date = 2025-01-03
text = "Second correction."
+++
A short one.
-- content/outlets/wire.md --
+++
name = "Wire & <Co>"
reliability = "C"
url = "https://wire.example/?a=1&b=2"
wikidata = "Q42"
+++
-- content/people/carol.md --
+++
name = "Carol <Writer>"
+++
Writes, and is named in no briefing.
-- content/briefings/c.md --
+++
title = "C, long"
date = 2023-06-07
events = ["Summit"]
+++
` + longBody + `
-- content/people/ann.md --
+++
name = "Ann <Smith>"
aliases = ["Ann", "A & S", "\"Annie\""]
role = "Role <b>with</b> & markup"
+++
Ann's note, linking to [[people:Bob]].
-- content/people/bob.md --
+++
name = "Bob"
+++
-- content/countries/ukraine.md --
+++
name = "Ukraine"
code = "UA"
capital = "Kyiv & <elsewhere>"
+++
A country.
-- content/countries/nowhere.md --
+++
name = "Nowhere"
code = "xx"
+++
-- content/events/summit.md --
+++
name = "Summit"
date = 2025-01-30
end_date = 2025-02-03
location = "Brussels & <Ghent>"
people = ["Ann <Smith>"]
countries = ["Ukraine", "Nowhere"]
+++
The summit.
-- content/events/earlier.md --
+++
name = "Earlier"
date = 2024
location = "Kyiv"
countries = ["Ukraine"]
+++
-- content/events/later.md --
+++
name = "Later"
date = 2026-05-06
countries = ["Ukraine"]
+++
`

var longBody = strings.Repeat("Many words to read here. ", 120)
