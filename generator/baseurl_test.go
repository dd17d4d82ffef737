package generator_test

import (
	"testing"

	"briefings/generator"
	"briefings/generator/sitetest"
)

// TestBaseURLOptionIsCheckedLikeSiteTOML: Options.BaseURL (the command
// line's --base-url, or a program's) is held to the rule of site.toml's
// base_url: an absolute http or https URL. A javascript: one fails the
// build, so nothing reaches the sitemap or the feeds (issue 20).
func TestBaseURLOptionIsCheckedLikeSiteTOML(t *testing.T) {
	const site = `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
+++
`
	r := sitetest.Build(t, site, generator.Options{BaseURL: "javascript:alert(1)//"})
	if !r.Failed || r.Exists("sitemap.xml") {
		t.Errorf("a javascript: base URL built: failed %v, sitemap written %v", r.Failed, r.Exists("sitemap.xml"))
	}
	r.HasProblem(`--base-url "javascript:alert(1)//" is not an absolute http or https URL`)

	r = sitetest.Build(t, site, generator.Options{BaseURL: "https://jdoe.github.io/briefs"})
	r.NoProblems()
	r.Contains("sitemap.xml", "<loc>https://jdoe.github.io/briefs/briefings/a/</loc>")
}
