package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefings/generator"
	"briefings/generator/sitetest"
)

// cornersSite is a briefing that uses the Markdown corners of issue 22 as
// an editor writes them, hard-wrapped.
const cornersSite = `
-- site.toml --
title = "Corners"
base_url = "https://example.org/"
-- content/people/vladimir-putin.md --
+++
name = "Vladimir Putin"
aliases = ["Putin"]
role = "President of Russia"
+++
Putin's note.

## Early life

Born in Leningrad.
-- content/countries/cote-divoire.md --
+++
name = "Côte d'Ivoire"
+++
-- content/countries/ukraine.md --
+++
name = "Ukraine"
code = "UA"
capital = "Kyiv"
summary = "A country in Eastern Europe."
+++
-- content/countries/united-states.md --
+++
name = "United States"
aliases = ["U.S."]
+++
-- content/briefings/2025-02-10-earlier.md --
+++
title = "An earlier briefing"
date = 2025-02-10
+++
What came before, with [[Putin]].

More.
-- content/briefings/2025-02-12-corners.md --
+++
title = "Corners"
date = 2025-02-12
+++
## Talks with [[Putin]]

![Vladimir Putin at the Kremlin](kremlin.jpg) The talks in Côte d'Ivoire
went on. In Brussels, U.S. Defense Secretary Pete Hegseth spoke with Vladimir
Putin about [his youth in [[Putin#Early life]]](https://example.org).

> [!ASSESSMENT] high confidence
> Talks go on.

![[countries:Ukraine]]

![[2025-02-10-earlier]]
![[Putin]]
`

// TestMarkdownCornersEndToEnd builds a site whose briefing writes names
// in headings, image descriptions, link text and across lines, an embed
// and a callout, and checks the pages a reader sees (issue 22).
func TestMarkdownCornersEndToEnd(t *testing.T) {
	r := sitetest.Build(t, cornersSite)
	r.NoProblems()
	page := "briefings/2025-02-12-corners/index.html"
	r.Contains(page,
		// The heading's wikilink resolves, and its id is clean.
		`<h2 id="talks-with-vladimir-putin">Talks with <a class="wikilink" href="../../people/vladimir-putin/index.html">Vladimir Putin</a></h2>`,
		// No name is cut out of the image's description.
		`alt="Vladimir Putin at the Kremlin"`,
		// Names over a line break and an apostrophe are found.
		`<a class="mention" href="../../countries/cote-divoire/index.html">Côte d&rsquo;Ivoire</a>`,
		`<a class="mention" href="../../countries/united-states/index.html">U.S.</a>`,
		// A wikilink in a link's text is its text; no link in a link.
		`<a href="https://example.org">his youth in Vladimir Putin › Early life</a>`,
		`<div class="callout callout-assessment confidence-high">`,
		`<p class="callout-title">Assessment<span class="callout-qualifier">: high confidence</span></p>`,
		// The embeds show the country's card and the briefing's box.
		`<div class="embed embed-countries">`, `<p class="embed-kind">Country</p>`,
		`<span aria-hidden="true">🇺🇦</span> Ukraine</a>`, `<dt>Capital</dt><dd>Kyiv</dd>`,
		`<p class="summary">A country in Eastern Europe.</p>`,
		`<div class="embed embed-briefings">`, `<time datetime="2025-02-10">10 February 2025</time>`,
		// The briefing's front matter gives no summary: its first
		// paragraph is the summary, as on the pages that list it.
		`<p class="summary">What came before, with Vladimir Putin.</p>`,
		// Putin's note gives none either.
		`<p class="embed-kind">Person</p>`, `<dt>Role</dt><dd>President of Russia</dd>`, `<p class="summary">Putin’s note.</p>`,
	)
	r.NotContains(page, `alt=" at the Kremlin"`, `broken-link`)
	// Putin's page lists the briefing, quoting the whole sentence: it
	// does not stop at "U.S.".
	r.Contains("people/vladimir-putin/index.html", "Corners",
		"In Brussels, U.S. Defense Secretary Pete Hegseth spoke with Vladimir Putin about his youth in Vladimir Putin › Early life.")
	// The embedded briefing knows it is linked from this one.
	r.Contains("briefings/2025-02-10-earlier/index.html", "2025-02-12-corners")
}

// TestBrokenLinksInHeadingsAndToHeadingsWarn checks that a wikilink in a
// heading warns like any other, and so do [[#Heading]] and [[Name#Heading]]
// to a heading the note does not have (issue 22).
func TestBrokenLinksInHeadingsAndToHeadingsWarn(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Warnings"
base_url = "https://example.org/"
-- content/people/ana-lima.md --
+++
name = "Ana Lima"
+++
## Early years
-- content/briefings/2025-02-12-x.md --
+++
title = "X"
date = 2025-02-12
+++
## Talks with [[Nobody]]

See [[#Talks with Nobody]] and [[#Elsewhere]].

> [!WARN]
> A typo.

Her [[Ana Lima#Early years|youth]] and [[Ana Lima#Early life]].
`)
	r.HasProblem(`content/briefings/2025-02-12-x.md:5: warning: unknown link target "Nobody"`)
	r.HasProblem(`content/briefings/2025-02-12-x.md:7: warning: no heading "Elsewhere" in this note`)
	r.HasProblem(`content/briefings/2025-02-12-x.md:9: warning: unknown callout [!WARN]`)
	r.HasProblem(`content/briefings/2025-02-12-x.md:12: warning: no heading "Early life" on the page of Ana Lima`)
	if n := strings.Count(r.Problems(), "no heading"); n != 2 {
		t.Errorf("%d warnings about headings, want 2:\n%s", n, r.Problems())
	}
	r.Contains("briefings/2025-02-12-x/index.html", `<a class="wikilink" href="#talks-with-nobody">Talks with Nobody</a>`)
}

// TestRebuildShowsTheNewCardOfAnEmbed edits the role of a person whose
// card a briefing embeds, then the text of the person's note, whose first
// paragraph the card shows: the rebuild, which keeps bodies whose names
// did not change, shows the new card as a fresh build does.
func TestRebuildShowsTheNewCardOfAnEmbed(t *testing.T) {
	dir := sitetest.Write(t, `
-- site.toml --
title = "Embeds"
base_url = "https://example.org/"
-- content/people/ana-lima.md --
+++
name = "Ana Lima"
role = "Minister"
+++
-- content/briefings/2025-02-12-x.md --
+++
title = "X"
date = 2025-02-12
+++
![[Ana Lima]]
`)
	dest := filepath.Join(t.TempDir(), "out")
	b := generator.NewBuilder(generator.Options{Source: dir, Dest: dest, Now: sitetest.Now})
	if res, err := b.Rebuild(nil); err != nil || res.Failed {
		t.Fatalf("first build: %v", err)
	}
	page := filepath.Join(dest, "briefings", "2025-02-12-x", "index.html")
	note := filepath.Join(dir, "content", "people", "ana-lima.md")
	if err := os.WriteFile(note, []byte("+++\nname = \"Ana Lima\"\nrole = \"Envoy\"\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err := b.Rebuild([]string{"content/people/ana-lima.md"}); err != nil || res.Failed {
		t.Fatalf("rebuild: %v", err)
	}
	got, _ := os.ReadFile(page)
	if !strings.Contains(string(got), "<dd>Envoy</dd>") {
		t.Errorf("after the role changed, the embed shows:\n%s", got)
	}
	// A save of the text alone, which a rebuild takes the quick way,
	// changes the summary the card shows: its first paragraph.
	for _, text := range []string{"Ana Lima leads the talks.", "Ana Lima left the talks."} {
		if err := os.WriteFile(note, []byte("+++\nname = \"Ana Lima\"\nrole = \"Envoy\"\n+++\n"+text+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if res, err := b.Rebuild([]string{"content/people/ana-lima.md"}); err != nil || res.Failed {
			t.Fatalf("rebuild: %v", err)
		}
		got, _ := os.ReadFile(page)
		if !strings.Contains(string(got), `<p class="summary">`+text+`</p>`) {
			t.Errorf("after the note's text became %q, the embed shows:\n%s", text, got)
		}
	}
}

// TestRebuildChecksLinksToHeadingsAgain renames the heading of a note
// that a briefing links to, by a save of its text alone: the warning
// comes and goes as in a fresh build.
func TestRebuildChecksLinksToHeadingsAgain(t *testing.T) {
	dir := sitetest.Write(t, `
-- site.toml --
title = "Anchors"
base_url = "https://example.org/"
-- content/people/ana-lima.md --
+++
name = "Ana Lima"
+++
## Early years
-- content/briefings/2025-02-12-x.md --
+++
title = "X"
date = 2025-02-12
+++
Her [[Ana Lima#Early life|youth]].
`)
	b := generator.NewBuilder(generator.Options{Source: dir, Dest: filepath.Join(t.TempDir(), "out"), Now: sitetest.Now})
	note := filepath.Join(dir, "content", "people", "ana-lima.md")
	for i, heading := range []string{"", "Early life", "Early years", "Early life"} {
		if heading != "" {
			if err := os.WriteFile(note, []byte("+++\nname = \"Ana Lima\"\n+++\n## "+heading+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res, err := b.Rebuild([]string{"content/people/ana-lima.md"})
		if err != nil || res.Failed {
			t.Fatalf("rebuild: %v", err)
		}
		warned := strings.Contains(diagText(res), `no heading "Early life"`)
		if want := heading != "Early life"; warned != want {
			t.Errorf("step %d, heading %q: warned %v, want %v:\n%s", i, heading, warned, want, diagText(res))
		}
	}
}
