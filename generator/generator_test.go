package generator_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefings/generator"
	"briefings/generator/publish"
	"briefings/generator/sitetest"
)

// A small site used by several tests: two briefings naming entities by
// name, alias and slug, notes for some entities and not others.
const ukraineSite = `
-- site.toml --
title = "Test briefings"
base_url = "https://example.org/"
-- content/briefings/2025-02-12-package.md --
+++
title = "Britain unveils a package"
date = 2025-02-12
summary = "Drones, tanks and air defence."
people = ["Healey"]
countries = ["Britain", "ukraine"]
events = ["UDCG"]
tags = ["Aid", "drones"]
[[sources]]
title = "UPI"
url = "https://www.upi.com/"
+++
John Healey said Russia remains dangerous.

The package was announced in Brussels.
-- content/briefings/2025-02-11-call.md --
+++
title = "Trump and Putin talk"
date = 2025-02-11
people = ["Donald Trump", "putin"]
countries = ["UK", "united-kingdom", "United Kingdom", "Côte d'Ivoire"]
tags = ["aid"]
+++
First paragraph becomes the summary.

See [[Britain unveils a package]] and [[countries:Ukraine|the country]].
-- content/people/john-healey.md --
+++
name = "John Healey"
aliases = ["Healey"]
role = "Defence Secretary"
countries = ["United Kingdom"]
+++
Healey is the UK's defence secretary.
-- content/countries/united-kingdom.md --
+++
name = "United Kingdom"
aliases = ["Britain", "UK"]
code = "GB"
capital = "London"
+++
-- content/countries/ukraine.md --
+++
name = "Ukraine"
code = "UA"
capital = "Kyiv"
+++
-- content/events/udcg.md --
+++
name = "26th Ukraine Defense Contact Group"
aliases = ["UDCG"]
date = 2025-02-12
location = "Brussels"
countries = ["Ukraine"]
people = ["Healey"]
+++
-- content/about.md --
+++
title = "About"
+++
About this site.
`

// TestReadingTimeCountsTheBody: a body of 700 words, in paragraphs, a
// list and a table, reads in 3 minutes at 220 words a minute; the front
// matter and the markup do not count.
func TestReadingTimeCountsTheBody(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	body := words(300) + "\n\n" + words(300) + "\n\n- " + words(50) + "\n- " + words(40) + "\n\n| a | b |\n|---|---|\n| " + words(5) + " | " + words(5) + " |\n"
	r := sitetest.Build(t, `
-- site.toml --
title = "Reading time"
base_url = "https://example.org/"
-- content/briefings/2025-02-12-long.md --
+++
title = "A long briefing"
date = 2025-02-12
summary = "Long."
+++
`+body+`
-- content/briefings/2025-02-13-short.md --
+++
title = "A short one"
date = 2025-02-13
+++
Only a few words.
`)
	r.NoProblems()
	r.Contains("briefings/2025-02-12-long/index.html", "3 minutes to read")
	r.Contains("briefings/2025-02-13-short/index.html", "1 minute to read")
}

// TestBriefingPageShowsEverything covers the briefing page of issue 2:
// title, readable date in <time>, summary, body, linked entities and
// tags, sources and reading time.
func TestBriefingPageShowsEverything(t *testing.T) {
	r := sitetest.Build(t, ukraineSite)
	r.NoProblems()
	p := "briefings/2025-02-12-package/index.html"
	r.Contains(p,
		"<h1>Britain unveils a package</h1>",
		`<time datetime="2025-02-12">12 February 2025</time>`,
		"1 minute to read",
		"Drones, tanks and air defence.",
		`href="../../people/john-healey/index.html">John Healey</a>`,
		`href="../../countries/united-kingdom/index.html"><img class="flag" src="../../assets/flags/gb.svg" alt="" width="20" height="15"> United Kingdom</a>`,
		`href="../../events/udcg/index.html">26th Ukraine Defense Contact Group</a>`,
		`href="../../tags/aid/index.html">Aid</a>`,
		`<a href="https://www.upi.com/">UPI</a>`,
	)
}

// TestAliasesAndSlugsResolveToOnePage: "Britain", "UK", "united-kingdom"
// and "United Kingdom" are one country page, never several.
func TestAliasesAndSlugsResolveToOnePage(t *testing.T) {
	r := sitetest.Build(t, ukraineSite)
	for _, stray := range []string{"countries/britain/index.html", "countries/uk/index.html", "people/healey/index.html"} {
		if r.Exists(stray) {
			t.Errorf("%s exists: an alias made a page of its own", stray)
		}
	}
	uk := r.File("countries/united-kingdom/index.html")
	if n := strings.Count(uk, `class="item-title"`); n != 2 {
		t.Errorf("United Kingdom lists %d briefings, want 2", n)
	}
	if got := len(r.Site.Entities["countries"]); got != 3 {
		t.Errorf("got %d countries, want 3 (United Kingdom, Ukraine, Côte d'Ivoire)", got)
	}
}

// TestStubPagesForEntitiesWithoutNotes: a person or country a briefing
// names without a note still gets a page listing the briefing, with an
// accent-folded slug.
func TestStubPagesForEntitiesWithoutNotes(t *testing.T) {
	r := sitetest.Build(t, ukraineSite)
	r.Contains("countries/cote-divoire/index.html", "<h1>Côte d&#39;Ivoire</h1>", "Trump and Putin talk", "No note has been written")
	r.Contains("people/putin/index.html", "Trump and Putin talk")
	r.Contains("people/donald-trump/index.html", "<h1>Donald Trump</h1>")
}

// TestEntityPageListsNoteFieldsAndBriefingsNewestFirst covers person,
// country and event pages.
func TestEntityPageListsNoteFieldsAndBriefingsNewestFirst(t *testing.T) {
	r := sitetest.Build(t, ukraineSite)
	uk := r.File("countries/united-kingdom/index.html")
	for _, want := range []string{`<img class="flag flag-large" src="../../assets/flags/gb.svg"`, "<dd>London</dd>", "<dd>GB</dd>"} {
		if !strings.Contains(uk, want) {
			t.Errorf("country page lacks %q", want)
		}
	}
	if strings.Index(uk, "Britain unveils a package") > strings.Index(uk, "Trump and Putin talk") {
		t.Errorf("briefings are not newest first on the country page")
	}
	r.Contains("people/john-healey/index.html", "<dd>Defence Secretary</dd>", "Healey is the UK")
	r.Contains("events/udcg/index.html", `<time datetime="2025-02-12">12 February 2025</time>`, "<dd>Brussels</dd>")
}

// TestSummaryFallsBackToFirstParagraph: lists show the first paragraph
// of a briefing without a summary, and its page shows it once, in the
// body, not again as the lede (issue 23).
func TestSummaryFallsBackToFirstParagraph(t *testing.T) {
	r := sitetest.Build(t, ukraineSite)
	p := "briefings/2025-02-11-call/index.html"
	r.Contains("briefings/index.html", `<p class="summary">First paragraph becomes the summary.</p>`)
	page := r.File(p)
	main := page[strings.Index(page, "<main"):strings.Index(page, "</main>")]
	if n := strings.Count(main, "First paragraph becomes the summary."); n != 1 {
		t.Errorf("%s shows its first paragraph %d times, want once:\n%s", p, n, main)
	}
	r.NotContains(p, `<p class="lede">`)
}

// TestFlagsArePublishedForTheSiteCountriesOnly: the flag images of the
// countries the site has, from the theme, and no others (issue 23).
func TestFlagsArePublishedForTheSiteCountriesOnly(t *testing.T) {
	r := sitetest.Build(t, ukraineSite)
	r.Contains("assets/flags/gb.svg", "<svg")
	if _, err := os.Stat(filepath.Join(r.Dest, "assets/flags/fr.svg")); err == nil {
		t.Error("the flag of a country the site does not have is published")
	}
}

// TestListPages: briefings newest first; people and countries
// alphabetical with counts; events by date; tags; home.
func TestListPages(t *testing.T) {
	r := sitetest.Build(t, ukraineSite)
	list := r.File("briefings/index.html")
	if strings.Index(list, "Britain unveils") > strings.Index(list, "Trump and Putin") {
		t.Error("/briefings/ is not newest first")
	}
	countries := r.File("countries/index.html")
	if !(strings.Index(countries, "Côte") < strings.Index(countries, "Ukraine") && strings.Index(countries, "Ukraine") < strings.Index(countries, "United Kingdom")) {
		t.Error("/countries/ is not alphabetical (accent-insensitively)")
	}
	r.Contains("countries/index.html", `United Kingdom</a> <span class="count">2</span>`)
	r.Contains("tags/index.html", `href="../tags/aid/index.html">Aid</a> <span class="count">2</span>`)
	r.Contains("tags/aid/index.html", "Britain unveils", "Trump and Putin")
	r.Contains("index.html", "Latest briefings", "Britain unveils", "most mentioned", `href="countries/united-kingdom/index.html"`)
	r.Contains("about/index.html", "About this site.")
}

// TestBriefingsListIsPaginated: 50 a page, with links between pages.
func TestBriefingsListIsPaginated(t *testing.T) {
	var b strings.Builder
	b.WriteString("-- site.toml --\ntitle = \"Many\"\nbase_url = \"https://example.org/\"\n")
	for i := range 120 {
		day := i%28 + 1
		month := i/28 + 1
		b.WriteString("-- content/briefings/b" + itoa(i) + ".md --\n+++\ntitle = \"Briefing " + itoa(i) + "\"\ndate = 2024-" + pad(month) + "-" + pad(day) + "\n+++\nBody.\n")
	}
	r := sitetest.Build(t, b.String())
	r.NoProblems()
	if n := strings.Count(r.File("briefings/index.html"), `class="item-title"`); n != 50 {
		t.Errorf("page 1 lists %d briefings, want 50", n)
	}
	r.Contains("briefings/index.html", "Page 1 of 3", `rel="next" href="../briefings/page/2/index.html"`)
	r.Contains("briefings/page/3/index.html", "Page 3 of 3", `rel="prev" href="../../../briefings/page/2/index.html"`)
	if n := strings.Count(r.File("briefings/page/3/index.html"), `class="item-title"`); n != 20 {
		t.Errorf("page 3 lists %d briefings, want 20", n)
	}
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(i)) }
func fmtInt(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return fmtInt(i/10) + string(rune('0'+i%10))
}
func pad(i int) string {
	if i < 10 {
		return "0" + fmtInt(i)
	}
	return fmtInt(i)
}

// TestDraftsAndEmbargoedBriefingsAreLeftOut unless asked for.
func TestDraftsAndEmbargoedBriefingsAreLeftOut(t *testing.T) {
	const archive = `
-- site.toml --
title = "T"
-- content/briefings/draft.md --
+++
title = "Draft"
date = 2025-01-01
draft = true
people = ["Only In Draft"]
+++
-- content/briefings/future.md --
+++
title = "Embargoed"
date = 2030-01-01
+++
-- content/briefings/now.md --
+++
title = "Published"
date = 2025-01-01
+++
`
	r := sitetest.Build(t, archive)
	for _, p := range []string{"briefings/draft/index.html", "briefings/future/index.html", "people/only-in-draft/index.html"} {
		if r.Exists(p) {
			t.Errorf("%s was published", p)
		}
	}
	r2 := sitetest.Build(t, archive, generator.Options{Drafts: true, Future: true})
	for _, p := range []string{"briefings/draft/index.html", "briefings/future/index.html", "people/only-in-draft/index.html"} {
		if !r2.Exists(p) {
			t.Errorf("%s missing with --drafts --future", p)
		}
	}
	// Issue 22: feeds and search say which entries are drafts or
	// embargoed, as pages and lists do.
	r2.Contains("index.xml", "<title>[Draft] Draft</title>", `<category term="Draft" label="Status: Draft"/>`,
		"<title>[Embargoed until 1 January 2030] Embargoed</title>", "<title>Published</title>")
	r2.NotContains("index.xml", "[Draft] Published", "[Embargoed until 1 January 2025]")
	// A search row ends with its marking (none: null) and its status
	// bits: 1 draft, 2 embargoed.
	r2.Contains("search/docs-0.js", `[0,"briefings/draft/","Draft",`, `[0,"briefings/future/","Embargoed",`)
	for _, row := range strings.Split(r2.File("search/docs-0.js"), "\n") {
		for title, status := range map[string]string{`"Draft"`: ",null,1]", `"Embargoed"`: ",null,2]", `"Published"`: ",[]]"} {
			if strings.Contains(row, ","+title+",") && !strings.Contains(row, status) {
				t.Errorf("search row %s does not end with %s", row, status)
			}
		}
	}
}

// TestPageBundleFilesAreCopiedBesideThePage.
func TestPageBundleFilesAreCopiedBesideThePage(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/briefings/2025-02-12-chart/index.md --
+++
title = "With a chart"
date = 2025-02-12
+++
![Chart](chart.svg)
-- content/briefings/2025-02-12-chart/chart.svg --
<svg xmlns="http://www.w3.org/2000/svg"></svg>
-- static/robots.txt --
User-agent: *
`)
	r.NoProblems()
	r.Contains("briefings/2025-02-12-chart/index.html", `<img src="chart.svg" alt="Chart">`)
	r.Contains("briefings/2025-02-12-chart/chart.svg", "<svg")
	r.Contains("robots.txt", "User-agent")
}

// TestWellKnownIsPublished: static/.well-known/ (security.txt) is
// published, as hosts and serve serve it; other hidden files in static/
// and hidden files inside it are not.
func TestWellKnownIsPublished(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
+++
Body.
-- static/.well-known/security.txt --
Contact: mailto:desk@example.org
-- static/.well-known/.secret --
no
-- static/.env --
TOKEN=no
-- static/docs/.well-known/x.txt --
no
`)
	r.NoProblems()
	r.Contains(".well-known/security.txt", "Contact: mailto:desk@example.org")
	r.NotContains("offline/files.json", ".well-known") // for the host, not for a reader's saved copy
	for _, p := range []string{".well-known/.secret", ".env", "docs/.well-known/x.txt"} {
		if r.Exists(p) {
			t.Errorf("%s published", p)
		}
	}
}

// TestMarkdownFeatures: GFM tables, strikethrough, autolinks, task lists,
// footnotes, typographer, heading ids; raw HTML dropped by default.
func TestMarkdownFeatures(t *testing.T) {
	r := sitetest.Build(t, "-- site.toml --\ntitle = \"T\"\n-- content/briefings/m.md --\n+++\ntitle = \"M\"\ndate = 2025-01-01\n+++\n"+
		"## A heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ and https://example.org and \"quoted\"\n\n- [x] done\n\nNote.[^1]\n\n[^1]: The footnote.\n\n<script>alert(1)</script>\n")
	r.Contains("briefings/m/index.html", `<h2 id="a-heading">A heading</h2>`, "<table>", "<del>gone</del>",
		`<a href="https://example.org">https://example.org</a>`, "&ldquo;quoted&rdquo;", `<input checked="" disabled="" type="checkbox"`, `id="fn:1"`)
	r.NotContains("briefings/m/index.html", "<script>alert(1)</script>")

	unsafe := sitetest.Build(t, "-- site.toml --\ntitle = \"T\"\nunsafe_html = true\n-- content/briefings/m.md --\n+++\ntitle = \"M\"\ndate = 2025-01-01\n+++\n<div class=\"x\">raw</div>\n")
	unsafe.Contains("briefings/m/index.html", `<div class="x">raw</div>`)
}

// TestFailedBuildLeavesPreviousOutputUntouched.
func TestFailedBuildLeavesPreviousOutputUntouched(t *testing.T) {
	r := sitetest.Build(t, ukraineSite)
	before := snapshot(t, r.Dest)
	os.WriteFile(filepath.Join(r.Dir, "content/briefings/broken.md"), []byte("+++\ntitle = \"No date\"\n+++\n"), 0o644)
	os.WriteFile(filepath.Join(r.Dir, "content/briefings/broken2.md"), []byte("+++\ntitle = 3\ndate = 2025-01-01\n+++\n"), 0o644)
	r2 := sitetest.BuildDir(t, r.Dir)
	if !r2.Failed {
		t.Fatal("build with errors did not fail")
	}
	r2.HasProblem("content/briefings/broken.md:1: missing date")
	r2.HasProblem("content/briefings/broken2.md:2:", `"title" must be a string`)
	after := snapshot(t, r.Dest)
	if len(before) != len(after) {
		t.Fatalf("output has %d files after a failed build, had %d", len(after), len(before))
	}
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed after a failed build", p)
		}
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

// TestBuildLeavesNothingBesideTheOutput checks that a build, which keeps
// its bodies, texts and search shards in a spill file, writes the same
// files as one that keeps them in memory (its output folder has no parent
// yet, so there is no spill file), and that the file is gone once the
// build is done.
func TestBuildLeavesNothingBesideTheOutput(t *testing.T) {
	out := t.TempDir()
	spilled := sitetest.Build(t, ukraineSite, generator.Options{Dest: filepath.Join(out, "public")})
	spilled.NoProblems()
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("the build left %s beside the output", e.Name())
		}
	}
	kept := sitetest.Build(t, ukraineSite, generator.Options{Dest: filepath.Join(t.TempDir(), "new", "public")})
	kept.NoProblems()

	page := spilled.File("briefings/2025-02-12-package/index.html")
	if !strings.Contains(page, "Russia remains dangerous") {
		t.Fatalf("the briefing page lacks its body:\n%s", page)
	}
	n := 0
	filepath.WalkDir(kept.Dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(kept.Dest, p)
		rel = filepath.ToSlash(rel)
		if rel == publish.Marker {
			return nil // the list of files written, with their inodes
		}
		if got, want := spilled.File(rel), kept.File(rel); got != want {
			t.Errorf("%s differs when the bodies are in the spill file:\n%s", rel, got)
		}
		n++
		return nil
	})
	if n < 20 {
		t.Errorf("compared only %d files", n)
	}
}
