package generator_test

import (
	"fmt"
	"strings"
	"testing"

	"briefings/generator/sitetest"
)

// TestSiteLayoutsOverrideTheBuiltInTheme: layouts/briefing.html replaces
// the built-in one; other pages keep the built-in theme.
func TestSiteLayoutsOverrideTheBuiltInTheme(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
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
}

// TestFeedTemplateErrorsNameTheFileAndLine: a feed template that fails as
// the feeds are written fails the build, names the file, line and feed,
// and leaves the last good output as it was.
func TestFeedTemplateErrorsNameTheFileAndLine(t *testing.T) {
	site := `
-- site.toml --
title = "T"
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
