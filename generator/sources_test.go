package generator_test

import (
	"strings"
	"testing"

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
	r.Contains("outlets/foreign-ministry/index.html", "The call")
	r.Contains("outlets/index.html", "United Press International", "Foreign Ministry")
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
