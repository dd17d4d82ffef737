package generator_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefings/generator"
	"briefings/generator/sitetest"
	"briefings/layouts"
)

// The tests of this file are the editors' mistakes of issue 22 ("No
// silent wrong data"), each built as a small site.

const nearSite = `
-- site.toml --
title = "Names"
-- content/people/pete-hegseth.md --
+++
name = "Pete Hegseth"
+++
-- content/people/vladimir-putin.md --
+++
name = "Vladimir Putin"
aliases = ["Putin"]
+++
-- content/people/jordan-peterson.md --
+++
name = "Jordan Peterson"
+++
-- content/countries/ukraine.md --
+++
name = "Ukraine"
+++
-- content/briefings/2025-02-12-typos.md --
+++
title = "Typos"
date = 2025-02-12
people = ["Pete Hegset", "Vladmir Putin"]
countries = ["Ukriane", "Jordan"]
+++
Talks with [[Putn]] about [[countries:Ukrain]] and [[Olena Kovalenko]].
-- content/briefings/2025-02-13-new.md --
+++
title = "A new name"
date = 2025-02-13
people = ["Olena Kovalenko"]
+++
Nothing.
`

// TestNearMissesInFrontMatterWarnAndMakeNoPage: a front matter name that
// no note has but that is a slip away from one gets `did you mean` and no
// stub page; a truly new name still gets its page, and so does a name
// that is close only to a name of another kind (issue 22).
func TestNearMissesInFrontMatterWarnAndMakeNoPage(t *testing.T) {
	r := sitetest.Build(t, nearSite)
	r.HasProblem(`content/briefings/2025-02-12-typos.md:4: warning: person "Pete Hegset" matches no note or alias; did you mean "Pete Hegseth"?`, `briefings new person "Pete Hegset"`)
	r.HasProblem(`content/briefings/2025-02-12-typos.md:4: warning: person "Vladmir Putin" matches no note or alias; did you mean "Vladimir Putin"?`)
	r.HasProblem(`content/briefings/2025-02-12-typos.md:5: warning: country "Ukriane" matches no note or alias; did you mean "Ukraine"?`)
	for _, stub := range []string{"people/pete-hegset/index.html", "people/vladmir-putin/index.html", "countries/ukriane/index.html"} {
		if r.Exists(stub) {
			t.Errorf("%s was made for a near miss", stub)
		}
	}
	// Jordan is a country here, not Jordan Peterson: a new name.
	r.Contains("countries/jordan/index.html", "Jordan")
	r.Contains("people/olena-kovalenko/index.html", "Olena Kovalenko")
	r.NotContains("briefings/2025-02-12-typos/index.html", "pete-hegset/", "ukriane/")
}

// TestNearMissesInWikilinksSayDidYouMean: [[Putn]] and
// [[countries:Ukrain]] name the page meant; a stub's name is suggested
// too (issue 22).
func TestNearMissesInWikilinksSayDidYouMean(t *testing.T) {
	r := sitetest.Build(t, nearSite)
	r.HasProblem(`content/briefings/2025-02-12-typos.md:7: warning: unknown link target "Putn": no note, alias or briefing has this name; did you mean "Putin" (Vladimir Putin)?`)
	r.HasProblem(`content/briefings/2025-02-12-typos.md:7: warning: unknown link target "countries:Ukrain": no note, alias or briefing has this name; did you mean "Ukraine"?`)
	r.Contains("briefings/2025-02-12-typos/index.html", `<span class="broken-link" title="no page has this name">Putn</span>`)
	// Olena Kovalenko has no note, but a page: the link resolves.
	r.Contains("briefings/2025-02-12-typos/index.html", `href="../../people/olena-kovalenko/index.html">Olena Kovalenko</a>`)
}

// TestANoteSaysANearMissIsSomeoneElse: the way an editor says that a name
// close to another is a different one is a note for it.
func TestANoteSaysANearMissIsSomeoneElse(t *testing.T) {
	r := sitetest.Build(t, nearSite+`
-- content/people/pete-hegset.md --
+++
name = "Pete Hegset"
+++
Another man.
`)
	for _, d := range r.Diagnostics {
		if d.Pos.File == "content/briefings/2025-02-12-typos.md" && d.Pos.Line == 4 && strings.Contains(d.Msg, `"Pete Hegset" matches no note`) {
			t.Errorf("the note did not settle it: %s", d)
		}
	}
	r.Contains("people/pete-hegset/index.html", "Another man.")
}

// TestCommasInAListFieldAreReadAsTheListMeant: `people = "Healey, Olena
// Kovalenko"` is two people, with a warning showing the list; a name with
// a comma that a note has stays one name (issue 22).
func TestCommasInAListFieldAreReadAsTheListMeant(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Lists"
-- content/people/john-healey.md --
+++
name = "John Healey"
aliases = ["Healey"]
+++
-- content/countries/korea.md --
+++
name = "Korea, Republic of"
+++
-- content/briefings/2025-02-12-a.md --
+++
title = "A"
date = 2025-02-12
people = "Healey, Olena Kovalenko"
countries = ["Korea, Republic of"]
tags = "sanctions, energy"
+++
Body.
`)
	r.HasProblem(`content/briefings/2025-02-12-a.md:4: warning: people: "Healey, Olena Kovalenko" holds commas, so it is read as people = ["Healey", "Olena Kovalenko"]; write the list so, one name in each pair of quotes, or, if "Healey, Olena Kovalenko" is one person, give it a note (briefings new person "Healey, Olena Kovalenko")`)
	r.HasProblem(`content/briefings/2025-02-12-a.md:6: warning: tags: "sanctions, energy" holds commas, so it is read as tags = ["sanctions", "energy"]`)
	for _, d := range r.Diagnostics {
		if strings.Contains(d.Msg, "Korea") {
			t.Errorf("a name a note has was split: %s", d)
		}
	}
	p := "briefings/2025-02-12-a/index.html"
	r.Contains(p, "people/john-healey/index.html", "people/olena-kovalenko/index.html", "countries/korea/index.html", "tags/sanctions/index.html", "tags/energy/index.html")
	if r.Exists("people/healey-olena-kovalenko/index.html") {
		t.Error("a person was made of the whole string")
	}
}

// TestAmbiguousWikilinkIsMarkedAsAmbiguous: [[Jordan]], a country and a
// person's alias, is marked in the page as ambiguous, not as a name no
// page has, and the warning lists the candidates (issue 22).
func TestAmbiguousWikilinkIsMarkedAsAmbiguous(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Jordan"
-- content/countries/jordan.md --
+++
name = "Jordan"
+++
-- content/people/jordan-peterson.md --
+++
name = "Jordan Peterson"
aliases = ["Jordan"]
+++
-- content/briefings/2025-02-12-a.md --
+++
title = "A"
date = 2025-02-12
+++
Talks in [[Jordan]] and [[countries:Jordan]].
`)
	r.HasProblem(`content/briefings/2025-02-12-a.md:5: warning: ambiguous link target "Jordan": it could be the country Jordan ([[countries:Jordan]]) or the person Jordan Peterson ([[people:Jordan Peterson]])`)
	p := "briefings/2025-02-12-a/index.html"
	r.Contains(p, `<span class="ambiguous-link" title="ambiguous: the country Jordan or the person Jordan Peterson">Jordan</span>`,
		`<a class="wikilink" href="../../countries/jordan/index.html">Jordan</a>`)
	r.NotContains(p, "no page has this name")
}

// TestADateMoreThanAYearAheadWarns: a briefing dated 2062 by a slip of
// the year is not left out silently; one a month ahead is an embargo and
// only counted (issue 22).
func TestADateMoreThanAYearAheadWarns(t *testing.T) {
	archive := `
-- site.toml --
title = "Dates"
-- content/briefings/typo.md --
+++
title = "Typo"
date = 2062-12-06
+++
Body.
-- content/briefings/embargo.md --
+++
title = "Embargo"
date = 2025-04-01
+++
Body.
-- content/briefings/now.md --
+++
title = "Now"
date = 2025-02-12
+++
Body.
`
	r := sitetest.Build(t, archive)
	r.HasProblem(`content/briefings/typo.md:3: warning: date 2062-12-06 is more than a year ahead (37 years from now): is the year right?`, "--future")
	for _, d := range r.Diagnostics {
		if d.Pos.File == "content/briefings/embargo.md" {
			t.Errorf("an embargo of a month warned: %s", d)
		}
	}
	if r.Exists("briefings/typo/index.html") {
		t.Error("a briefing dated in the future was published without --future")
	}
	if r.Failed {
		t.Error("the warning failed the build")
	}
}

// TestPreviewedDraftsAndEmbargoesAreMarked: built with --drafts and
// --future, a draft and a briefing dated after now say so in words on
// their pages and in every list, with the built-in theme's pages (made in
// Go) and its templates alike (issue 22).
func TestPreviewedDraftsAndEmbargoesAreMarked(t *testing.T) {
	archive := `
-- site.toml --
title = "Preview"
-- content/about.md --
+++
title = "About"
draft = true
+++
Not yet.
-- content/people/ana-lima.md --
+++
name = "Ana Lima"
draft = true
+++
-- content/briefings/2025-02-12-draft.md --
+++
title = "A draft"
date = 2025-02-12
draft = true
people = ["Ana Lima"]
+++
Body.
-- content/briefings/2025-06-01-later.md --
+++
title = "Later"
date = 2025-06-01
people = ["Ana Lima"]
+++
Body.
-- content/briefings/2025-07-01-both.md --
+++
title = "Both"
date = 2025-07-01
draft = true
+++
Body.
-- content/briefings/2025-01-01-published.md --
+++
title = "Published"
date = 2025-01-01
people = ["Ana Lima"]
+++
Body.
`
	for _, own := range []bool{false, true} {
		dir := sitetest.Write(t, archive)
		if own {
			// A layouts/ of its own makes every page with the templates.
			templates, _ := fs.Glob(layouts.FS, "*.html")
			os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
			for _, name := range templates {
				data, _ := fs.ReadFile(layouts.FS, name)
				os.WriteFile(filepath.Join(dir, "layouts", name), data, 0o644)
			}
		}
		r := sitetest.BuildDir(t, dir, generator.Options{Drafts: true, Future: true})
		r.Contains("briefings/2025-02-12-draft/index.html", `<header>
<p class="status-line"><strong class="status">Draft</strong></p>
<h1>A draft</h1>`)
		r.Contains("briefings/2025-06-01-later/index.html", `<p class="status-line"><strong class="status">Embargoed until <time datetime="2025-06-01">1 June 2025</time></strong></p>`)
		r.Contains("briefings/2025-07-01-both/index.html", `<p class="status-line"><strong class="status">Draft</strong> <strong class="status">Embargoed until <time datetime="2025-07-01">1 July 2025</time></strong></p>`)
		r.NotContains("briefings/2025-01-01-published/index.html", `class="status-line"`)
		for _, list := range []string{"briefings/index.html", "people/ana-lima/index.html", "index.html"} {
			r.Contains(list, `>1 Jun 2025</time> <strong class="status">Embargoed until 1 Jun 2025</strong>`,
				`>12 Feb 2025</time> <strong class="status">Draft</strong>`)
		}
		r.Contains("people/ana-lima/index.html", `<p class="kind">person <strong class="status">Draft</strong></p>`)
		r.Contains("about/index.html", `<p class="status-line"><strong class="status">Draft</strong></p>`)
	}
	// A plain build leaves them out, and so has no marker.
	r := sitetest.Build(t, archive)
	r.NotContains("index.html", `class="status`)
}

// TestRebuildMarksADraftWhereverItIsListed: in serve with --drafts, a
// briefing that becomes a draft is marked at once on the pages listing it,
// not only on its own, and unmarked when published again (issue 22).
func TestRebuildMarksADraftWhereverItIsListed(t *testing.T) {
	dir := sitetest.Write(t, `
-- site.toml --
title = "Desk"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-02
people = ["Ana Lima"]
+++
Body.
-- content/briefings/b.md --
+++
title = "B"
date = 2025-01-01
people = ["Ana Lima"]
+++
Body.
`)
	out := filepath.Join(t.TempDir(), "out")
	b := generator.NewBuilder(generator.Options{Source: dir, Dest: out, Drafts: true, Now: sitetest.Now})
	rebuild := func(changed ...string) {
		t.Helper()
		if res, err := b.Rebuild(changed); err != nil || res.Failed {
			t.Fatalf("rebuild: %v %v", err, res.Diagnostics)
		}
	}
	read := func(p string) string {
		data, _ := os.ReadFile(filepath.Join(out, p))
		return string(data)
	}
	rebuild()
	const marked = `>2 Jan 2025</time> <strong class="status">Draft</strong>`
	for _, draft := range []bool{true, false} {
		note := "+++\ntitle = \"A\"\ndate = 2025-01-02\npeople = [\"Ana Lima\"]\n"
		if draft {
			note += "draft = true\n"
		}
		os.WriteFile(filepath.Join(dir, "content/briefings/a.md"), []byte(note+"+++\nBody.\n"), 0o644)
		rebuild("content/briefings/a.md")
		for _, p := range []string{"index.html", "briefings/index.html", "people/ana-lima/index.html", "briefings/b/index.html"} {
			if got := strings.Contains(read(p), marked); got != draft {
				t.Errorf("draft = %v: %s marks it: %v", draft, p, got)
			}
		}
	}
}
