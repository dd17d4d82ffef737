package generator_test

import (
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
