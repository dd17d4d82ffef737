package search_test

import (
	"testing"

	"briefings/generator/sitetest"
)

// TestGitHubPagesSiteUnderAPath: a site published at
// https://user.github.io/repo/ with a custom domain gets its CNAME,
// .nojekyll, a 404 page whose links start with /repo/, and the service
// worker and manifest at its root, linked relatively from every page
// through assets/offline.js.
func TestGitHubPagesSiteUnderAPath(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Briefs"
base_url = "https://user.github.io/repo/"
cname = "briefs.example.org"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-02-12
+++
Body.
`)
	r.NoProblems()
	r.Contains("CNAME", "briefs.example.org\n")
	if !r.Exists(".nojekyll") {
		t.Error("no .nojekyll")
	}
	r.Contains("404.html", `href="/repo/assets/style.css"`, `href="/repo/index.html"`, `<script src="/repo/assets/offline.js" defer>`)
	r.Contains("briefings/a/index.html",
		`<link rel="canonical" href="https://user.github.io/repo/briefings/a/">`,
		`<script src="../../assets/offline.js" defer>`)
	// The manifest is linked by assets/offline.js over http(s) only:
	// from file:// Chromium refuses to load it and logs an error.
	r.NotContains("briefings/a/index.html", `rel="manifest"`)
	r.Contains("assets/offline.js", "'manifest.webmanifest'", "register(root + 'sw.js')")
	r.Contains("manifest.webmanifest", `"start_url": "./index.html"`, `"name": "Briefs"`)
	r.Contains("sw.js", "importScripts('search/meta.js')")
	r.Contains("sitemap.xml", "<loc>https://user.github.io/repo/briefings/a/</loc>")
	r.Contains("index.xml", `<id>https://user.github.io/repo/index.xml</id>`)
}
