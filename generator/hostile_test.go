package generator_test

import (
	"strconv"
	"strings"
	"testing"

	"briefings/generator"
	"briefings/generator/sitetest"
)

// TestAPartialThatCallsItselfIsAnError: a partial that calls itself,
// directly or through another, ran until the stack was exhausted, which
// crashed build and killed serve with a Go stack (issue 20). Partials
// nest at most 100 deep, and the error names the call in the partial;
// a partial that calls itself with a condition that ends it still works.
func TestAPartialThatCallsItselfIsAnError(t *testing.T) {
	note := `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/about.md --
+++
title = "About"
+++
-- layouts/page.html --
{{ define "main" }}
{{ partial "x" . }}
{{ end }}
`
	for _, tc := range []struct{ name, partials, want string }{
		{"itself", `
-- layouts/_x.html --
{{ define "x" }}
<p>{{ partial "x" . }}</p>{{ end }}
`, `layouts/_x.html:2: partial "x" calls itself, directly or through other partials, more than 100 deep`},
		{"through another", `
-- layouts/_x.html --
{{ define "x" }}{{ partial "y" . }}{{ end }}
-- layouts/_y.html --
{{ define "y" }}

{{ partial "x" . }}{{ end }}
`, `layouts/_y.html:3: partial "x" calls itself`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, dryRun := range []bool{true, false} {
				r := sitetest.Build(t, note+tc.partials, generator.Options{DryRun: dryRun})
				if !r.Failed {
					t.Fatal("the build did not fail")
				}
				r.HasProblem(tc.want, "(rendering /about/)")
			}
		})
	}

	r := sitetest.Build(t, note+`
-- layouts/_x.html --
{{ define "x" }}{{ partial "count" 0 }}{{ end }}
{{ define "count" }}{{ if lt . 50 }}{{ . }},{{ partial "count" (add . 1) }}{{ end }}{{ end }}
`)
	r.NoProblems()
	var want strings.Builder
	for i := range 50 {
		want.WriteString(strconv.Itoa(i) + ",")
	}
	r.Contains("about/index.html", want.String())
}
