package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefings/generator"
	"briefings/generator/sitetest"
)

// cacheSite is a small site for the tests of what a rebuild renders
// again: a page, a person with a note, named by two briefings, one of which
// quotes her in its body, after a first paragraph that is its summary,
// and the other, written by someone without a note, was updated and
// corrected and cites a source.
const cacheSite = `
-- site.toml --
title = "Desk"
base_url = "https://example.org/"
audience = "RED"
-- content/about.md --
+++
title = "About"
+++
Who we are.
-- content/people/ana-lima.md --
+++
name = "Ana Lima"
role = "Minister"
tlp = "CLEAR"
+++
Ana Lima leads the talks.
-- content/briefings/talks.md --
+++
title = "Talks"
date = 2025-01-10
people = ["Ana Lima"]
tlp = "CLEAR"
+++
A first paragraph about the weather.

Talks with [[Ana Lima]] resumed in the capital.
-- content/briefings/visit.md --
+++
title = "Visit"
date = 2025-01-12
updated = 2025-01-13
people = ["Ana Lima"]
tags = ["trade"]
authors = ["Jane Roe"]

[[corrections]]
date = 2025-01-14
text = "The port is in the north."

[[sources]]
title = "Port authority notice"
url = "https://example.com/notice"
+++
A visit to the port.
`

// rebuilder keeps a Builder over a site folder and checks, after each
// edit, that its output is what a fresh Build writes.
type rebuilder struct {
	t   *testing.T
	dir string
	out string
	b   *generator.Builder
}

func newRebuilder(t *testing.T, archive string) *rebuilder {
	dir := sitetest.Write(t, archive)
	r := &rebuilder{t: t, dir: dir, out: filepath.Join(t.TempDir(), "out")}
	r.b = generator.NewBuilder(generator.Options{Source: dir, Dest: r.out, Now: sitetest.Now})
	if res, err := r.b.Rebuild(nil); err != nil || res.Failed {
		t.Fatalf("first build: %v %v", err, res.Diagnostics)
	}
	return r
}

// edit replaces each from with its to (the pairs of fromTo) in the file
// rel, in one save, rebuilds, and compares the output with a fresh
// build's.
func (r *rebuilder) edit(rel string, fromTo ...string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil {
		r.t.Fatal(err)
	}
	src := string(data)
	for i := 0; i+1 < len(fromTo); i += 2 {
		if !strings.Contains(src, fromTo[i]) {
			r.t.Fatalf("%s has no %q", rel, fromTo[i])
		}
		src = strings.Replace(src, fromTo[i], fromTo[i+1], 1)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		r.t.Fatal(err)
	}
	if res, err := r.b.Rebuild([]string{rel}); err != nil || res.Failed {
		r.t.Fatalf("rebuild after editing %s: %v %v", rel, err, res.Diagnostics)
	}
	full := filepath.Join(r.t.TempDir(), "full")
	if _, err := generator.Build(generator.Options{Source: r.dir, Dest: full, Now: sitetest.Now}); err != nil {
		r.t.Fatal(err)
	}
	if diff := compareTrees(r.out, full); diff != "" {
		r.t.Fatalf("after editing %s, the rebuild differs from a fresh build:\n%s", rel, diff)
	}
}

// has reports whether the output file rel holds s.
func (r *rebuilder) has(rel, s string) bool {
	r.t.Helper()
	data, err := os.ReadFile(filepath.Join(r.out, filepath.FromSlash(rel)))
	if err != nil {
		r.t.Fatal(err)
	}
	return strings.Contains(string(data), s)
}

// TestRebuildShowsTheEditedQuoteOnTheEntityPage edits the sentence of a
// briefing that quotes a person, first alone (the quick way) and then
// with its front matter (the full way): the person's page, which quotes
// the sentence, shows the new one each time. Issue 27.
func TestRebuildShowsTheEditedQuoteOnTheEntityPage(t *testing.T) {
	r := newRebuilder(t, cacheSite)
	const page = "people/ana-lima/index.html"
	if !r.has(page, "</mark> resumed in the capital.") {
		t.Fatalf("%s does not quote the briefing", page)
	}
	r.edit("content/briefings/talks.md", "resumed in the capital", "stalled in the capital")
	if !r.b.Stats.Patched {
		t.Errorf("an edit of a sentence did not take the quick way")
	}
	if !r.has(page, "</mark> stalled in the capital.") {
		t.Errorf("after the quick way, %s still quotes the old sentence", page)
	}
	// Front matter and sentence in one save: the full way.
	r.edit("content/briefings/talks.md", `title = "Talks"`, `title = "Talks again"`, "stalled in the capital", "failed in the capital")
	if r.b.Stats.Patched {
		t.Errorf("an edit of front matter took the quick way")
	}
	if !r.has(page, "</mark> failed in the capital.") {
		t.Errorf("after the full way, %s still quotes the old sentence", page)
	}
}

// TestRebuildShowsANewMarkingOnTheEntityPage raises the marking of a
// person's note, then of a briefing that names her: her page and her
// dossier carry the highest of them in their banners each time. Issue
// 27.
func TestRebuildShowsANewMarkingOnTheEntityPage(t *testing.T) {
	r := newRebuilder(t, cacheSite)
	pages := []string{"people/ana-lima/index.html", "people/ana-lima/dossier.html"}
	for _, page := range pages {
		if r.has(page, "TLP:AMBER") || r.has(page, "TLP:RED") {
			t.Fatalf("%s is marked before any edit", page)
		}
	}
	r.edit("content/people/ana-lima.md", `tlp = "CLEAR"`, `tlp = "AMBER"`)
	for _, page := range pages {
		if !r.has(page, "TLP:AMBER") {
			t.Errorf("%s does not show its note's new marking", page)
		}
	}
	r.edit("content/briefings/talks.md", `tlp = "CLEAR"`, `tlp = "RED"`)
	for _, page := range pages {
		if !r.has(page, "TLP:RED") {
			t.Errorf("%s does not show the marking of a briefing it lists", page)
		}
	}
}

// TestRebuildUpdatesTheStructuredDataOfBriefings changes what only the
// JSON-LD of a briefing page shows of the person it names (her role and
// Wikidata item): every briefing page that names her shows it. Issue 27.
func TestRebuildUpdatesTheStructuredDataOfBriefings(t *testing.T) {
	r := newRebuilder(t, cacheSite)
	r.edit("content/people/ana-lima.md", `role = "Minister"`, `role = "Envoy"`)
	r.edit("content/people/ana-lima.md", `role = "Envoy"`, "role = \"Envoy\"\nwikidata = \"Q42\"")
	for _, page := range []string{"briefings/talks/index.html", "briefings/visit/index.html"} {
		if !r.has(page, `"jobTitle":"Envoy"`) || !r.has(page, `wikidata.org/wiki/Q42`) {
			t.Errorf("%s does not show the person's new role and Wikidata item in its JSON-LD", page)
		}
	}
}

// TestRebuildShowsTheEditedSourceInTheDossier edits the source a
// briefing cites, which the dossier of the person it names lists with
// the briefing in full: the dossier shows the new title and address.
// Issue 27.
func TestRebuildShowsTheEditedSourceInTheDossier(t *testing.T) {
	r := newRebuilder(t, cacheSite)
	const page = "people/ana-lima/dossier.html"
	if !r.has(page, "Port authority notice") {
		t.Fatalf("%s does not list the source", page)
	}
	r.edit("content/briefings/visit.md", "Port authority notice", "Harbour master notice")
	if !r.has(page, "Harbour master notice") {
		t.Errorf("%s does not show the source's new title", page)
	}
	r.edit("content/briefings/visit.md", "example.com/notice", "example.com/harbour")
	if !r.has(page, "example.com/harbour") {
		t.Errorf("%s does not show the source's new address", page)
	}
}

// TestRebuildShowsAChangedBriefingInItsFeeds changes the day a briefing
// was updated, its author, its correction and its tag: the feeds it is
// in (the site's and that of the person it names) show each. Issue 27.
func TestRebuildShowsAChangedBriefingInItsFeeds(t *testing.T) {
	r := newRebuilder(t, cacheSite)
	feeds := []string{"index.xml", "people/ana-lima/index.xml"}
	r.edit("content/briefings/visit.md", "updated = 2025-01-13", "updated = 2025-01-20")
	r.edit("content/briefings/visit.md", `authors = ["Jane Roe"]`, `authors = ["Joan Roe"]`)
	r.edit("content/briefings/visit.md", "in the north.", "in the south.")
	r.edit("content/briefings/visit.md", `tags = ["trade"]`, `tags = ["energy"]`)
	for _, feed := range feeds {
		for _, want := range []string{"<updated>2025-01-20T", "<name>Joan Roe</name>", "The port is in the south.", `<category term="energy"/>`} {
			if !r.has(feed, want) {
				t.Errorf("%s has no %q", feed, want)
			}
		}
	}
}

// TestRebuildShowsANewPageTitleOnEveryPage renames the site's page,
// which the footer of every page links to by its title: every page
// shows the new title. Issue 27.
func TestRebuildShowsANewPageTitleOnEveryPage(t *testing.T) {
	r := newRebuilder(t, cacheSite)
	r.edit("content/about.md", `title = "About"`, `title = "Who we are"`)
	for _, page := range []string{"index.html", "briefings/talks/index.html", "people/ana-lima/index.html", "people/ana-lima/dossier.html"} {
		if !r.has(page, ">Who we are</a>") {
			t.Errorf("%s does not link to the page by its new title", page)
		}
	}
}
