package generator_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefings/generator"
	"briefings/generator/sitetest"
)

// The tests of this file build sites whose briefings grade and cite their
// sources, name their authors and list corrections, and whose notes
// carry Wikidata ids (issue 25).

const sourcesSite = `
-- site.toml --
title = "Sources"
base_url = "https://example.org/"
-- content/outlets/upi.md --
+++
name = "United Press International"
aliases = ["UPI"]
reliability = "B"
url = "https://www.upi.com/"
wikidata = "Q493845"
+++
A wire service.
-- content/people/jane-roe.md --
+++
name = "Jane Roe"
aliases = ["J. Roe"]
+++
An editor.
-- content/countries/ukraine.md --
+++
name = "Ukraine"
wikidata = "Q212"
+++
-- content/briefings/2025-02-12-call.md --
+++
title = "The call"
date = 2025-02-12
authors = ["J. Roe", "Sam Writer"]
updated = 2025-02-13
countries = ["Q212"]

[[sources]]
title = "UPI: the call"
url = "https://www.upi.com/call"
outlet = "UPI"
reliability = "B"
credibility = 2
accessed = 2025-02-12
archive = "https://web.archive.org/web/2025/https://www.upi.com/call"

[[sources]]
title = "UPI: background"
url = "https://www.upi.com/background"
outlet = "United Press International"

[[sources]]
title = "The ministry's statement"
url = "https://example.org/statement"
outlet = "Foreign Ministry"
credibility = 3

[[corrections]]
date = 2025-02-14
text = "The package is worth $186 million, not $5.6 billion."
+++
Body.
-- content/briefings/2025-02-10-older.md --
+++
title = "Older"
date = 2025-02-10
[[sources]]
title = "UPI again"
url = "https://www.upi.com/older"
outlet = "upi"
reliability = "C"
credibility = 3
+++
Body.
`

// TestOutletsAreEntitiesResolvedLikeEveryName: a source's outlet is
// found by its name, alias or slug; an outlet without a note gets a stub
// page; each outlet counts the briefings citing it and the grades given.
func TestOutletsAreEntitiesResolvedLikeEveryName(t *testing.T) {
	r := sitetest.Build(t, sourcesSite)
	r.NoProblems()
	s := r.Site
	outlets := s.Entities["outlets"]
	if len(outlets) != 2 {
		t.Fatalf("%d outlets, want UPI and the stub Foreign Ministry", len(outlets))
	}
	upi := outlets[1]
	if upi.Name != "United Press International" || upi.Reliability != "B" || upi.Website != "https://www.upi.com/" || upi.Wikidata != "Q493845" {
		t.Fatalf("UPI is %+v", upi)
	}
	if stub := outlets[0]; stub.Name != "Foreign Ministry" || !stub.IsStub() {
		t.Errorf("stub %+v", stub)
	}
	if len(upi.Backlinks) != 2 || !upi.Backlinks[0].Cited || !upi.Backlinks[1].Cited || upi.Backlinks[0].Briefing.Slug != "2025-02-12-call" {
		t.Errorf("UPI's backlinks %+v", upi.Backlinks)
	}
	var grades []string
	for _, g := range upi.Grades {
		grades = append(grades, g.Grade+map[bool]string{true: "*"}[g.Default]+"="+string(rune('0'+g.N)))
	}
	if got := strings.Join(grades, " "); got != "B*=1 B2=1 C3=1" {
		t.Errorf("UPI's grades %q, want the default B once, B2 once, C3 once", got)
	}
	b := s.Briefings[0]
	if got := []string{b.Sources[0].Grade(), b.Sources[1].Grade(), b.Sources[2].Grade()}; strings.Join(got, ",") != "B2,B,3" {
		t.Errorf("grades shown %q", got)
	}
	if !b.Sources[1].DefaultReliability || b.Sources[0].DefaultReliability {
		t.Errorf("only the second source takes its outlet's default: %+v", b.Sources)
	}
	if got := b.Sources[1].GradeText(); got != "B: usually reliable source, credibility not graded (reliability: the outlet's default)" {
		t.Errorf("grade in words %q", got)
	}
	r.Contains("outlets/upi/index.html", "The call", "Older")
	r.Contains("outlets/foreign-ministry/index.html", "The call", `title="3: information possibly true, source not graded">3</a>`)
	r.Contains("outlets/index.html", "United Press International", "Foreign Ministry", "with the number of briefings that cite or mention each.")
	r.Contains("people/index.html", "with the number of briefings that mention each.")
}

// TestAuthorsUpdatedAndCorrections: authors with a person's note link to
// it (by name, alias or slug) and others stay as written; updated and
// the corrections come from front matter alone and make the briefing's
// modified date; the site lists every correction, the latest first.
func TestAuthorsUpdatedAndCorrections(t *testing.T) {
	r := sitetest.Build(t, sourcesSite)
	r.NoProblems()
	b := r.Site.Briefings[0]
	if len(b.Authors) != 2 || b.Authors[0].Person == nil || b.Authors[0].Person.Name != "Jane Roe" || b.Authors[1].Person != nil || b.Authors[1].Name != "Sam Writer" {
		t.Fatalf("authors %+v", b.Authors)
	}
	if got := b.Authors[0].Person.Authored; len(got) != 1 || got[0] != b {
		t.Errorf("Jane Roe authored %v", got)
	}
	if b.Updated.ISO() != "2025-02-13" || b.Modified().ISO() != "2025-02-14" {
		t.Errorf("updated %s, modified %s", b.Updated.ISO(), b.Modified().ISO())
	}
	if older := r.Site.Briefings[1]; older.Modified() != older.Date {
		t.Errorf("a briefing never corrected was modified %s", older.Modified().ISO())
	}
	if len(r.Site.Corrections) != 1 || r.Site.Corrections[0].Briefing != b {
		t.Errorf("site corrections %+v", r.Site.Corrections)
	}
	if r.Exists("people/sam-writer/index.html") {
		t.Error("an author without a note got a page")
	}
}

// TestAMisspeltOutletOrAuthorIsANearMiss: an outlet a slip away from an
// outlet's name warns at its line and makes no page; so does an author a
// slip away from a person with a note, who is shown as written.
func TestAMisspeltOutletOrAuthorIsANearMiss(t *testing.T) {
	r := sitetest.Build(t, sourcesSite+`
-- content/briefings/2025-02-11-typo.md --
+++
title = "Typo"
date = 2025-02-11
authors = ["Olena Kovalneko"]
[[sources]]
title = "Wire"
url = "https://x.org/"
outlet = "United Press Internatonal"
+++
-- content/people/olena-kovalenko.md --
+++
name = "Olena Kovalenko"
+++
`)
	r.HasProblem(`content/briefings/2025-02-11-typo.md:8: warning: outlet "United Press Internatonal" matches no note or alias; did you mean "United Press International"?`)
	r.HasProblem(`content/briefings/2025-02-11-typo.md:4: warning: author "Olena Kovalneko" matches no person's note or alias; did you mean "Olena Kovalenko"?`)
	if r.Exists("outlets/united-press-internatonal/index.html") {
		t.Error("a near miss got a page")
	}
}

// TestWikidataTellsTwoOfOneNameApart: two notes called Georgia with
// different ids are no duplicate, a briefing names either by its id, and
// the bare name is ambiguous with the ids in the warning; two notes with
// one id are an error naming both files.
func TestWikidataTellsTwoOfOneNameApart(t *testing.T) {
	const georgia = `
-- site.toml --
title = "Georgia"
base_url = "https://example.org/"
[[kinds]]
name = "states"
-- content/countries/georgia.md --
+++
name = "Georgia"
wikidata = "Q230"
+++
-- content/countries/georgia-us.md --
+++
name = "Georgia"
wikidata = "https://www.wikidata.org/wiki/Q1428"
+++
-- content/briefings/a.md --
+++
title = "A"
date = 2025-02-12
countries = ["Q230"]
+++
`
	r := sitetest.Build(t, georgia)
	r.NoProblems()
	b := r.Site.Briefings[0]
	if got := b.Mentioned()["countries"]; len(got) != 1 || got[0].Slug != "georgia" {
		t.Errorf("Q230 named %v", got)
	}
	r = sitetest.Build(t, strings.Replace(georgia, `countries = ["Q230"]`, `countries = ["Georgia"]`, 1))
	r.HasProblem(`content/briefings/a.md:4: warning: country "Georgia" is ambiguous: it could be Georgia (content/countries/georgia-us.md) or Georgia (content/countries/georgia.md); use a slug, a name that only one of them has, or its Wikidata id (Q1428 or Q230)`)

	r = sitetest.Build(t, strings.Replace(georgia, "Q1428", "Q230", 1))
	r.HasProblem(`content/countries/georgia.md:3: wikidata Q230 is also the id of country Georgia (content/countries/georgia-us.md): one Wikidata item is one entity`)
	if !r.Failed {
		t.Error("a duplicate id did not fail the build")
	}
}

// TestAWithheldOutletIsNeverNamed: an outlet whose note is withheld (a
// draft) gets no page and no stub, and its name resolves to nothing.
func TestAWithheldOutletIsNeverNamed(t *testing.T) {
	r := sitetest.Build(t, strings.Replace(sourcesSite, "reliability = \"B\"\nurl", "draft = true\nreliability = \"B\"\nurl", 1))
	r.NoProblems()
	for _, e := range r.Site.Entities["outlets"] {
		if strings.Contains(e.Name, "United Press") || strings.EqualFold(e.Name, "upi") || e.Slug == "upi" {
			t.Errorf("the withheld outlet is published as %q", e.Name)
		}
	}
	if r.Exists("outlets/upi/index.html") || r.Exists("outlets/upi/index.html") {
		t.Error("the withheld outlet has a page")
	}
	r = sitetest.Build(t, strings.Replace(sourcesSite, "reliability = \"B\"\nurl", "draft = true\nreliability = \"B\"\nurl", 1), generator.Options{Drafts: true})
	r.Contains("outlets/upi/index.html", "United Press International")
}

// TestBriefingPageShowsGradesBylineAndCorrections: each graded source
// shows its chip (a link into the closed scale, which a browser opens on
// following it, without JavaScript), its outlet, the day it was read and its archived copy; a
// source graded by its outlet's default says so; the byline links an
// author with a note; "Updated" and "Corrected" come from front matter.
func TestBriefingPageShowsGradesBylineAndCorrections(t *testing.T) {
	r := sitetest.Build(t, sourcesSite)
	r.NoProblems()
	const page = "briefings/2025-02-12-call/index.html"
	r.Contains(page,
		`<p class="byline">By <a rel="author" href="../../people/jane-roe/index.html">J. Roe</a> and <span class="author">Sam Writer</span> · Updated <time datetime="2025-02-13">13 February 2025</time></p>`,
		`<a class="grade" href="#grading-scale" title="B2: usually reliable source, information probably true"><span class="visually-hidden">Grade </span>B2</a> <a href="https://www.upi.com/call">UPI: the call</a>, <a class="outlet" href="../../outlets/upi/index.html">United Press International</a>, accessed <time datetime="2025-02-12">12 February 2025</time> (<a class="archive" href="https://web.archive.org/web/2025/https://www.upi.com/call">archived copy</a>) <span class="print-url">https://www.upi.com/call</span> <span class="print-url">archived: https://web.archive.org/web/2025/https://www.upi.com/call</span></li>`,
		`<span class="visually-hidden">Grade </span>B</a> <a href="https://www.upi.com/background">UPI: background</a>, <a class="outlet" href="../../outlets/upi/index.html">United Press International</a> <span class="grade-note">(graded B, the outlet’s usual reliability)</span> <span class="print-url">https://www.upi.com/background</span></li>`,
		`<span class="visually-hidden">Grade </span>3</a> <a href="https://example.org/statement">`,
		`<details class="grading" id="grading">`, `<p id="grading-scale">Each source is graded`, `<caption>Reliability of the source</caption>`, `<tr><th scope="row">F</th><td>Reliability cannot be judged</td></tr>`,
		`<p class="grading-print">`,
		`<section class="corrections" id="corrections" aria-labelledby="corrections-title">`,
		`<p><strong>Corrected <time datetime="2025-02-14">14 February 2025</time>:</strong> The package is worth $186 million, not $5.6 billion.</p>`,
	)
	// No JavaScript is needed to open the scale.
	r.NotContains(page, "onclick")
	// A briefing with sources but no grade shows no scale.
	r2 := sitetest.Build(t, `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-02-12
[[sources]]
title = "S"
url = "https://x.org/"
+++
`)
	r2.NotContains("briefings/a/index.html", `class="grading"`, `class="grade"`, `class="byline"`, `class="corrections"`)
	r2.Contains("briefings/a/index.html", `<a href="https://x.org/">S</a>`)
}

// TestOutletPageListsCitingBriefingsAndGrades: an outlet's page gives
// its usual reliability, website and Wikidata item, lists every briefing
// citing it with the grades it gave, and counts each grade.
func TestOutletPageListsCitingBriefingsAndGrades(t *testing.T) {
	r := sitetest.Build(t, sourcesSite)
	const page = "outlets/upi/index.html"
	r.Contains(page,
		`<dt>Website</dt><dd><a href="https://www.upi.com/">https://www.upi.com/</a></dd>`,
		`<dt>Usual reliability</dt><dd><span class="grade">B</span> usually reliable</dd>`,
		`<dt>Wikidata</dt><dd><a class="wikidata" href="https://www.wikidata.org/wiki/Q493845">Q493845 on Wikidata</a></dd>`,
		`<p class="how">Cited as a source <span class="grade">B2</span> <span class="grade">B</span>.</p>`,
		`<p class="how">Cited as a source <span class="grade">C3</span>.</p>`,
		`<h2>Grades given to its sources</h2>`,
		`<tr><td><a class="grade" href="#grading-scale" title="B: usually reliable source, credibility not graded (reliability: the outlet&#39;s default)">B</a> <span class="grade-note">the outlet’s usual reliability</span></td><td>1</td></tr>`,
		`<tr><td><a class="grade" href="#grading-scale" title="B2: usually reliable source, information probably true">B2</a></td><td>1</td></tr>`,
		`<tr><td><a class="grade" href="#grading-scale" title="C3: fairly reliable source, information possibly true">C3</a></td><td>1</td></tr>`,
		// The scale the grades are given on, as under a briefing's sources.
		`<details class="grading" id="grading">`, `<p id="grading-scale">`, `<p class="grading-print">`,
	)
	r.Contains("countries/ukraine/index.html", `<a class="wikidata" href="https://www.wikidata.org/wiki/Q212">Q212 on Wikidata</a>`)
	r.Contains("people/jane-roe/index.html", `<h2>Briefings by Jane Roe <span class="count">1</span></h2>`)
	// A person who only writes has no empty list of briefings naming them.
	r.NotContains("people/jane-roe/index.html", `<h2>Briefings <span`, "No briefing mentions")
	r.Contains("index.html", `<a href="outlets/index.html">Outlets</a>`)
	// A site without outlets shows nothing of them.
	r2 := sitetest.Build(t, "-- site.toml --\ntitle = \"T\"\nbase_url = \"https://example.org/\"\n-- content/briefings/a.md --\n+++\ntitle = \"A\"\ndate = 2025-02-12\n+++\n")
	r2.NotContains("index.html", "Outlets")
	if r2.Exists("outlets/index.html") {
		t.Error("a site without outlets has a list of them")
	}
}

// TestCorrectionsPageAndFeeds: the corrections page lists every
// correction with its briefing; the footer links to it once there is
// one; in feeds a corrected briefing comes back with <updated> at its
// latest correction, <published> at its date; the sitemap's lastmod too.
func TestCorrectionsPageAndFeeds(t *testing.T) {
	r := sitetest.Build(t, sourcesSite+`
-- content/briefings/2025-02-20-newer.md --
+++
title = "Newer"
date = 2025-02-13
+++
-- content/briefings/2025-02-11-revised.md --
+++
title = "Revised"
date = 2025-02-11
updated = 2025-02-16
+++
`)
	r.Contains("corrections/index.html", `<strong>Corrected <time datetime="2025-02-14">14 February 2025</time>:</strong> The package is worth $186 million, not $5.6 billion.</p>`,
		`<a class="item-title" href="../briefings/2025-02-12-call/index.html">The call</a>`)
	r.Contains("index.html", `<a href="corrections/index.html">Corrections</a>`)
	feed := r.File("index.xml")
	call := strings.Index(feed, "<title>The call</title>")
	newer := strings.Index(feed, "<title>Newer</title>")
	if call < 0 || newer < 0 || call > newer {
		t.Errorf("the corrected briefing is not back at the top of the feed:\n%s", feed)
	}
	r.Contains("index.xml", "<updated>2025-02-14T00:00:00Z</updated>\n<published>2025-02-12T00:00:00Z</published>")
	// An update without a correction brings a briefing back too, and
	// is the feed's own <updated> as the latest change of the site.
	if revised := strings.Index(feed, "<title>Revised</title>"); revised < 0 || revised > call {
		t.Errorf("the updated briefing is not first in the feed:\n%s", feed)
	}
	r.Contains("index.xml", "<updated>2025-02-16T00:00:00Z</updated>\n<published>2025-02-11T00:00:00Z</published>")
	if head, _, _ := strings.Cut(feed, "<entry>"); !strings.Contains(head, "<updated>2025-02-16T00:00:00Z</updated>") {
		t.Errorf("the feed's <updated> is not its latest change:\n%s", head)
	}
	r.Contains("sitemap.xml", "<loc>https://example.org/briefings/2025-02-11-revised/</loc><lastmod>2025-02-16</lastmod>")
	r.Contains("outlets/upi/index.xml", "<updated>2025-02-14T00:00:00Z</updated>\n<published>2025-02-12T00:00:00Z</published>")
	// The entry names its authors, and says what was corrected.
	r.Contains("index.xml", "<published>2025-02-12T00:00:00Z</published>\n<author><name>Jane Roe</name><uri>https://example.org/people/jane-roe/</uri></author>\n<author><name>Sam Writer</name></author>\n<summary>Corrected 14 February 2025: The package is worth $186 million, not $5.6 billion.")
	r.Contains("sitemap.xml", "<loc>https://example.org/briefings/2025-02-12-call/</loc><lastmod>2025-02-14</lastmod>")
	// Without corrections: the page says so, and the footer has no link.
	r2 := sitetest.Build(t, "-- site.toml --\ntitle = \"T\"\nbase_url = \"https://example.org/\"\n-- content/briefings/a.md --\n+++\ntitle = \"A\"\ndate = 2025-02-12\n+++\n")
	r2.Contains("corrections/index.html", "No briefing has been corrected.")
	r2.NotContains("index.html", "corrections/index.html")
	r2.Contains("index.xml", "<updated>2025-02-12T00:00:00Z</updated>\n<published>2025-02-12T00:00:00Z</published>")
}

// jsonLD returns the structured data of an output page, decoded.
func jsonLD(t *testing.T, r *sitetest.Result, path string) map[string]any {
	t.Helper()
	page := r.File(path)
	const open = `<script type="application/ld+json">`
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatalf("%s has no JSON-LD", path)
	}
	text, _, _ := strings.Cut(page[i+len(open):], "</script>")
	var v map[string]any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("%s: JSON-LD is not JSON: %v\n%s", path, err, text)
	}
	return v
}

// TestBriefingAndEntityPagesCarryJSONLD: a briefing is a NewsArticle (or
// site.toml's article_type) with its dates, authors, citations (their
// archived copies and outlets), corrections and the entities it is
// about and mentions, each with its Wikidata item in sameAs; an entity
// page carries its own node. tests/jsonld expands every page with a
// JSON-LD processor and checks the vocabulary; this checks the values.
func TestBriefingAndEntityPagesCarryJSONLD(t *testing.T) {
	r := sitetest.Build(t, sourcesSite)
	ld := jsonLD(t, r, "briefings/2025-02-12-call/index.html")
	str := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	for _, want := range []string{
		`"@context":"https://schema.org"`, `"@type":"NewsArticle"`, `"datePublished":"2025-02-12"`, `"dateModified":"2025-02-14"`,
		`"headline":"The call"`,
		`"author":[{"@id":"https://example.org/people/jane-roe/#entity","@type":"Person","alternateName":["J. Roe"],"name":"Jane Roe","url":"https://example.org/people/jane-roe/"},{"@type":"Person","name":"Sam Writer"}]`,
		`"archivedAt":"https://web.archive.org/web/2025/https://www.upi.com/call"`,
		`"publisher":{"@id":"https://example.org/outlets/upi/#entity","@type":"NewsMediaOrganization","alternateName":["UPI"],"name":"United Press International","sameAs":["https://www.upi.com/","https://www.wikidata.org/wiki/Q493845"],"url":"https://example.org/outlets/upi/"}`,
		`"correction":[{"@type":"CorrectionComment","datePublished":"2025-02-14","text":"The package is worth $186 million, not $5.6 billion."}]`,
		`"about":[{"@id":"https://example.org/countries/ukraine/#entity","@type":"Country","name":"Ukraine","sameAs":["https://www.wikidata.org/wiki/Q212"],"url":"https://example.org/countries/ukraine/"}]`,
	} {
		if !strings.Contains(str(ld), want) {
			t.Errorf("briefing JSON-LD lacks %s:\n%s", want, str(ld))
		}
	}
	ld = jsonLD(t, r, "countries/ukraine/index.html")
	if ld["@type"] != "Country" || ld["@id"] != "https://example.org/countries/ukraine/#entity" || str(ld["sameAs"]) != `["https://www.wikidata.org/wiki/Q212"]` {
		t.Errorf("country JSON-LD %s", str(ld))
	}
	r = sitetest.Build(t, strings.Replace(sourcesSite, `title = "Sources"`, "title = \"Sources\"\narticle_type = \"Report\"", 1))
	if ld := jsonLD(t, r, "briefings/2025-02-10-older/index.html"); ld["@type"] != "Report" {
		t.Errorf("article_type Report made %v", ld["@type"])
	}
	// A site's own text cannot close the script.
	r = sitetest.Build(t, strings.Replace(sourcesSite, `title = "The call"`, `title = "The </script><script>alert(1)</script> call"`, 1))
	r.NotContains("briefings/2025-02-12-call/index.html", "<script>alert(1)")
	if ld := jsonLD(t, r, "briefings/2025-02-12-call/index.html"); ld["headline"] != "The </script><script>alert(1)</script> call" {
		t.Errorf("headline %q", ld["headline"])
	}
}

// TestAWithheldBriefingLeavesNoTraceInProvenance: a briefing the build
// does not publish (a draft, here) is on no outlet's page, in no grade
// count, not on the corrections page and in no structured data.
func TestAWithheldBriefingLeavesNoTraceInProvenance(t *testing.T) {
	r := sitetest.Build(t, sourcesSite+`
-- content/briefings/2025-02-15-secret.md --
+++
title = "Secret plans"
date = 2025-02-15
draft = true
[[sources]]
title = "Secret wire"
url = "https://www.upi.com/secret"
outlet = "UPI"
reliability = "A"
credibility = 1
[[corrections]]
date = 2025-02-16
text = "Secret correction."
+++
`)
	for _, path := range []string{"outlets/upi/index.html", "outlets/upi/index.xml", "corrections/index.html", "index.xml", "briefings/2025-02-12-call/index.html"} {
		r.NotContains(path, "Secret", "A1")
	}
	for _, g := range r.Site.Entities["outlets"][1].Grades {
		if g.Grade == "A1" {
			t.Error("the draft's grade was counted")
		}
	}
}

// TestDatesComeOnlyFromFrontMatter: the dates a site shows (on pages,
// in feeds, the sitemap and the structured data) come from front matter
// alone: not from the files' modification times, nor from the clock of
// the machine that builds, so a clone in CI builds the same site.
func TestDatesComeOnlyFromFrontMatter(t *testing.T) {
	dir := sitetest.Write(t, sourcesSite)
	touch := func(when time.Time) {
		t.Helper()
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			return os.Chtimes(path, when, when)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	touch(time.Date(2031, 7, 9, 10, 0, 0, 0, time.UTC))
	first := sitetest.BuildDir(t, dir, generator.Options{Dest: filepath.Join(t.TempDir(), "public"), Now: time.Date(2033, 3, 3, 3, 0, 0, 0, time.UTC)})
	first.NoProblems()
	touch(time.Date(2032, 8, 10, 11, 0, 0, 0, time.UTC))
	second := sitetest.BuildDir(t, dir, generator.Options{Dest: filepath.Join(t.TempDir(), "public"), Now: time.Date(2034, 4, 4, 4, 0, 0, 0, time.UTC)})
	second.NoProblems()

	// The machine's own clock too, unless it is the year the site is of.
	years := []string{"2031", "2032", "2033", "2034"}
	if y := time.Now().Year(); y != 2025 {
		years = append(years, fmt.Sprint(y))
	}
	files := 0
	err := filepath.WalkDir(first.Dest, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		rel, _ := filepath.Rel(first.Dest, path)
		a, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, year := range years {
			if strings.Contains(string(a), year) {
				t.Errorf("%s shows the year %s, of a file's time or the clock", rel, year)
			}
		}
		if b := second.File(filepath.ToSlash(rel)); b != string(a) {
			t.Errorf("%s differs between two builds with other file times and another clock", rel)
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("only %d files compared", files)
	}
	first.Contains("index.xml", "<updated>2025-02-14T00:00:00Z</updated>")
	first.Contains("sitemap.xml", "<lastmod>2025-02-14</lastmod>")
}

// TestDemoSiteGradesItsSourcesAndCorrects: the demo site shows what
// issue 25 gives an editor, from its article's facts: graded sources,
// one of them graded by its outlet's usual reliability, the outlet's
// page, a correction and Wikidata ids.
func TestDemoSiteGradesItsSourcesAndCorrects(t *testing.T) {
	r := sitetest.BuildDir(t, demoSite(t))
	r.NoProblems()
	r.Contains("briefings/2025-02-12-uk-firepower-package/index.html", `<span class="visually-hidden">Grade </span>B2</a>`, `<strong>Corrected <time datetime="2025-02-13">`)
	r.Contains("briefings/2025-02-12-ukraine-nato-path-context/index.html", "(graded B, the outlet’s usual reliability)")
	r.Contains("outlets/upi/index.html", `<dt>Usual reliability</dt>`, `<h2>Grades given to its sources</h2>`)
	r.Contains("corrections/index.html", "Britain unveils a new")
	r.Contains("countries/ukraine/index.html", `href="https://www.wikidata.org/wiki/Q212"`)
	r.Contains("people/vladimir-putin/index.html", `href="https://www.wikidata.org/wiki/Q7747"`)
}

// TestRebuildFollowsAFixedCorrectionAndAuthor: watch and serve rebuild
// a feed whose entry's correction text or author changed, though no
// date did.
func TestRebuildFollowsAFixedCorrectionAndAuthor(t *testing.T) {
	dir := sitetest.Write(t, sourcesSite)
	dest := filepath.Join(t.TempDir(), "public")
	b := generator.NewBuilder(generator.Options{Source: dir, Dest: dest, Now: sitetest.Now})
	if _, err := b.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(dir, "content/briefings/2025-02-12-call.md")
	src, err := os.ReadFile(note)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(strings.Replace(string(src), "not $5.6 billion", "not $5.7 billion", 1), `"Sam Writer"`, `"Sam Editor"`, 1)
	if err := os.WriteFile(note, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Rebuild([]string{"content/briefings/2025-02-12-call.md"}); err != nil {
		t.Fatal(err)
	}
	feed, err := os.ReadFile(filepath.Join(dest, "index.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"not $5.7 billion", "<name>Sam Editor</name>"} {
		if !strings.Contains(string(feed), want) {
			t.Errorf("the rebuilt feed lacks %q:\n%s", want, feed)
		}
	}
}

// TestADayStillToComeIsAWarning: a source read, an update or a
// correction dated after the day of the build is a warning at its line
// (most likely a slip of the year), and the site still builds; the days
// of a briefing dated ahead, shown with --future, are scheduled with it
// and pass quietly.
func TestADayStillToComeIsAWarning(t *testing.T) {
	const ahead = sourcesSite + `
-- content/briefings/2025-02-20-slip.md --
+++
title = "Slip"
date = 2025-02-20
updated = 2026-02-21
[[sources]]
title = "Wire"
url = "https://www.upi.com/slip"
accessed = 2026-02-20
[[corrections]]
text = "A name was misspelt."
date = 2025-03-02
+++
-- content/briefings/2025-04-01-scheduled.md --
+++
title = "Scheduled"
date = 2025-04-01
updated = 2025-04-02
[[sources]]
title = "Wire"
url = "https://www.upi.com/scheduled"
accessed = 2025-04-01
+++
`
	r := sitetest.Build(t, ahead) // today is sitetest.Now, 2025-03-01
	want := []string{
		`content/briefings/2025-02-20-slip.md:4: warning: updated 2026-02-21, a day still to come (today is 2025-03-01): write the day of the update; is the year right? Feeds show the briefing as changed until then`,
		`content/briefings/2025-02-20-slip.md:8: warning: source "Wire" accessed 2026-02-20, a day still to come (today is 2025-03-01): write the day you read it; is the year right?`,
		`content/briefings/2025-02-20-slip.md:11: warning: correction dated 2025-03-02, a day still to come (today is 2025-03-01): write the day it was made; is the year right? Feeds show the briefing as corrected until then`,
	}
	if got := r.Problems(); got != strings.Join(want, "\n")+"\n" || r.Failed {
		t.Errorf("got (failed: %v):\n%s\nwant:\n%s", r.Failed, got, strings.Join(want, "\n"))
	}
	r = sitetest.Build(t, ahead, generator.Options{Future: true})
	if strings.Contains(r.Problems(), "scheduled.md") {
		t.Errorf("a scheduled briefing's days warned:\n%s", r.Problems())
	}
	// Today itself is no day to come.
	r = sitetest.Build(t, strings.Replace(strings.Replace(strings.Replace(ahead, "2026-02-21", "2025-03-01", 1), "2026-02-20", "2025-02-28", 1), "2025-03-02", "2025-03-01", 1))
	r.NoProblems()
}

// TestAnOutletWrittenAsAWebAddress: an outlet given as its website's
// address is read as the outlet whose note gives that website, with a
// warning to write its name; an address no note gives names no outlet
// and makes no page with an address for a name.
func TestAnOutletWrittenAsAWebAddress(t *testing.T) {
	r := sitetest.Build(t, sourcesSite+`
-- content/briefings/2025-02-11-web.md --
+++
title = "Web"
date = 2025-02-11
[[sources]]
title = "Wire"
url = "https://www.upi.com/wire"
outlet = "https://upi.com/Top_News/"
[[sources]]
title = "Agency"
url = "https://apnews.com/x"
outlet = "https://apnews.com/"
+++
`)
	r.HasProblem(`content/briefings/2025-02-11-web.md:7: warning: outlet "https://upi.com/Top_News/" is a web address, read as United Press International, whose note gives that website: write its name instead, "United Press International"`)
	r.HasProblem(`content/briefings/2025-02-11-web.md:11: warning: outlet "https://apnews.com/" is a web address, not a name, and no outlet's note gives that website: write the outlet's name`)
	r.Contains("outlets/upi/index.html", "Web")
	for _, e := range r.Site.Entities["outlets"] {
		if strings.Contains(e.Name, "apnews") {
			t.Errorf("an address made an outlet: %+v", e)
		}
	}
}

// TestASiteThatDeclaredOutletsKeepsBuilding: a site that declared its
// own outlets kind before outlets were built in builds with a warning,
// its notes read as the built-in outlets, each with its page once.
func TestASiteThatDeclaredOutletsKeepsBuilding(t *testing.T) {
	r := sitetest.Build(t, strings.Replace(sourcesSite, "-- content/outlets/upi.md --", "[[kinds]]\nname = \"outlets\"\nsingular = \"outlet\"\ntitle = \"News outlets\"\n-- content/outlets/upi.md --", 1))
	r.HasProblem(`site.toml:4: warning: kind "outlets" is built in, for the outlets sources name: remove this [[kinds]] block`)
	if r.Failed || strings.Count(r.Problems(), "\n") != 1 {
		t.Fatalf("want one warning and a site, got:\n%s", r.Problems())
	}
	if n := len(r.Site.Kinds); n != 4 {
		t.Errorf("%d kinds, want the four built in", n)
	}
	r.Contains("outlets/upi/index.html", `<dt>Usual reliability</dt>`, "The call")
}

// TestAWikidataIDNoNoteGivesMakesNoPage: a briefing naming an entity by
// an id no note of its kind gives warns at its line and makes no page
// titled with the id; an id of an entity of another kind says which.
func TestAWikidataIDNoNoteGivesMakesNoPage(t *testing.T) {
	r := sitetest.Build(t, sourcesSite+`
-- content/briefings/2025-02-11-ids.md --
+++
title = "Ids"
date = 2025-02-11
countries = ["Q213"]
people = ["Q212"]
[[sources]]
title = "Wire"
url = "https://www.upi.com/ids"
outlet = "Q4934"
+++
`)
	r.HasProblem(`content/briefings/2025-02-11-ids.md:4: warning: country "Q213" is a Wikidata id that no country's note gives: check the id, or add wikidata = "Q213" to the note of the country it is; it gets no page of its own`)
	r.HasProblem(`content/briefings/2025-02-11-ids.md:5: warning: person "Q212" is the Wikidata id of country Ukraine: name it among the countries`)
	r.HasProblem(`content/briefings/2025-02-11-ids.md:9: warning: outlet "Q4934" is a Wikidata id that no outlet's note gives`)
	for _, path := range []string{"countries/q213/index.html", "people/q212/index.html", "outlets/q4934/index.html"} {
		if r.Exists(path) {
			t.Errorf("an id made a page: %s", path)
		}
	}
}

// TestACorrectionReadsAsItsBriefing: a correction's text has the
// typographer's quotes and apostrophes of the briefing it corrects, on
// the page, the corrections page, in feeds and in the structured data.
func TestACorrectionReadsAsItsBriefing(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "Britain's \"firepower\" package"
date = 2025-02-12
[[corrections]]
date = 2025-02-13
text = "That is Britain's commitment, not the \"package\" itself."
+++
Body.
`)
	r.NoProblems()
	const want = "That is Britain’s commitment, not the “package” itself."
	r.Contains("briefings/a/index.html", want)
	r.Contains("corrections/index.html", want)
	r.Contains("index.xml", want)
	if ld := jsonLD(t, r, "briefings/a/index.html"); !strings.Contains(fmt.Sprint(ld["correction"]), want) {
		t.Errorf("JSON-LD correction %v", ld["correction"])
	}
}
