package search_test

import (
	"encoding/json"
	"io/fs"
	"path/filepath"
	"testing"

	"briefings/generator/search"
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

// TestSaveFilesListEveryPageAndAssetWithItsSize: offline/files.json lists
// every file a reader saving the site needs (pages, assets, the search
// index, the cards, static files, images of page bundles) with its size
// on disk, and nothing else; offline/summary.json gives their number and
// total size.
func TestSaveFilesListEveryPageAndAssetWithItsSize(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Briefs"
base_url = "https://example.org/"
-- static/logo.png --
not really a png
-- content/briefings/a/index.md --
+++
title = "A"
date = 2025-02-12
people = ["Pete Hegseth"]
+++
![chart](chart.svg)
-- content/briefings/a/chart.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
`)
	r.NoProblems()
	var summary struct {
		Version string
		Bytes   int64
		Files   int
	}
	if err := json.Unmarshal([]byte(r.File("offline/summary.json")), &summary); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Version string
		Files   [][2]any
	}
	if err := json.Unmarshal([]byte(r.File("offline/files.json")), &list); err != nil {
		t.Fatal(err)
	}
	if list.Version != summary.Version || summary.Version == "" {
		t.Errorf("versions %q and %q, want the same", summary.Version, list.Version)
	}
	listed := map[string]int64{}
	total := int64(0)
	for _, f := range list.Files {
		size := int64(f[1].(float64))
		listed[f[0].(string)] = size
		total += size
	}
	want := map[string]bool{}
	filepath.WalkDir(r.Dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(r.Dest, p)
		rel = filepath.ToSlash(rel)
		if !search.Saved(rel) {
			if _, ok := listed[rel]; ok {
				t.Errorf("%s is listed, but a reader does not need it offline", rel)
			}
			return nil
		}
		want[rel] = true
		info, _ := d.Info()
		if size, ok := listed[rel]; !ok {
			t.Errorf("%s is not listed", rel)
		} else if size != info.Size() {
			t.Errorf("%s is listed with %d bytes, it has %d", rel, size, info.Size())
		}
		return nil
	})
	for _, must := range []string{"index.html", "briefings/a/index.html", "briefings/a/chart.svg", "logo.png", "assets/style.css",
		"assets/search.js", "search/meta.js", "search/terms-0.js", "cards/meta.js", "people/pete-hegseth/index.html", "manifest.webmanifest"} {
		if !want[must] {
			t.Errorf("%s is not among the files saved", must)
		}
	}
	for _, not := range []string{"sw.js", "404.html", "index.xml", "sitemap.xml", ".nojekyll", "offline/files.json", "offline/summary.json"} {
		if _, ok := listed[not]; ok {
			t.Errorf("%s is listed", not)
		}
	}
	if len(listed) != len(want) || summary.Files != len(want) || summary.Bytes != total {
		t.Errorf("summary says %d files, %d bytes; the list has %d files, %d bytes; %d files on disk", summary.Files, summary.Bytes, len(listed), total, len(want))
	}
}
