package generator_test

import (
	"strings"
	"testing"

	"briefings/generator"
	"briefings/generator/sitetest"
)

const linkSite = `
-- site.toml --
title = "Links"
[[kinds]]
name = "organisations"
singular = "organisation"
title = "Organisations"
-- content/people/vladimir-putin.md --
+++
name = "Vladimir Putin"
aliases = ["Putin"]
countries = ["Russia"]
+++
-- content/people/georgia-smith.md --
+++
name = "Georgia"
+++
A person called Georgia.
-- content/countries/georgia.md --
+++
name = "Georgia"
code = "GE"
+++
-- content/countries/russia.md --
+++
name = "Russia"
aliases = ["Russian Federation"]
code = "RU"
+++
-- content/countries/united-states.md --
+++
name = "United States"
aliases = ["US"]
code = "US"
+++
-- content/organisations/nato.md --
+++
name = "North Atlantic Treaty Organization"
aliases = ["NATO"]
+++
-- content/events/crimea.md --
+++
name = "Annexation of Crimea"
date = "2014"
countries = ["Russia"]
people = ["Putin"]
+++
-- content/events/invasion.md --
+++
name = "Invasion of Ukraine"
date = "2022-02"
countries = ["Russia"]
+++
-- content/events/talks.md --
+++
name = "Peace talks"
date = 2025-02-12
end_date = 2025-02-14
countries = ["Russia", "United States"]
+++
-- content/briefings/2025-02-12-body.md --
+++
title = "Body links"
date = 2025-02-12
organisations = ["NATO"]
+++
Talks with [[putin|the Russian president]] and [[countries:Georgia]].

The Russian Federation said so. Russia agreed. Putin again. Later, us and US.

Code: ` + "`[[Putin]]` and `Russia`" + `

    [[Vladimir Putin]] in a code block

## Russia in a heading

A [link about Russia](https://example.org) and [[Nobody Known]].

Then [[Georgia]] is ambiguous. NATO too. See [[Peace talks]] and [[Second briefing]].
-- content/briefings/2025-02-10-second.md --
+++
title = "Second briefing"
date = 2025-02-10
people = ["Putin"]
countries = ["Russia", "US"]
events = ["Peace talks"]
+++
Nothing here.
-- content/briefings/2024-01-01-third.md --
+++
title = "Third briefing"
date = 2024-01-01
countries = ["Russia"]
+++
Unrelated.
`

// TestWikilinksResolveByNameAliasAndSlug, keep labels, and leave code
// alone (issue 3).
func TestWikilinksResolveByNameAliasAndSlug(t *testing.T) {
	r := sitetest.Build(t, linkSite)
	p := "briefings/2025-02-12-body/index.html"
	r.Contains(p,
		`<a class="wikilink" href="../../people/vladimir-putin/index.html">the Russian president</a>`,
		`<a class="wikilink" href="../../countries/georgia/index.html">Georgia</a>`,
		`<a class="wikilink" href="../../events/talks/index.html">Peace talks</a>`,
		`<a class="wikilink" href="../../briefings/2025-02-10-second/index.html">Second briefing</a>`,
		"<code>[[Putin]]</code>",
		"[[Vladimir Putin]] in a code block",
		`<span class="broken-link" title="no page has this name">Nobody Known</span>`,
	)
}

// TestUnknownAndAmbiguousLinksWarnWithTheirLine.
func TestUnknownAndAmbiguousLinksWarnWithTheirLine(t *testing.T) {
	r := sitetest.Build(t, linkSite)
	r.HasProblem(`content/briefings/2025-02-12-body.md:16: warning: unknown link target "Nobody Known"`)
	r.HasProblem(`content/briefings/2025-02-12-body.md:18: warning: ambiguous link target "Georgia"`, "[[people:Georgia]]", "[[countries:Georgia]]")
	if r.Failed {
		t.Error("warnings failed a normal build")
	}
	strict := sitetest.BuildDir(t, r.Dir, generator.Options{Strict: true})
	if !strict.Failed {
		t.Error("--strict did not fail on warnings")
	}
}

// TestAutomaticMentions: the first plain mention of each name links, the
// longest name wins, whole words only, aliases in their own case, never
// in links, code or headings.
func TestAutomaticMentions(t *testing.T) {
	r := sitetest.Build(t, linkSite)
	p := "briefings/2025-02-12-body/index.html"
	r.Contains(p,
		`The <a class="mention" href="../../countries/russia/index.html">Russian Federation</a> said so. Russia agreed.`,
		`Later, us and <a class="mention" href="../../countries/united-states/index.html">US</a>.`,
		`<h2 id="russia-in-a-heading">Russia in a heading</h2>`,
		`<a href="https://example.org">link about Russia</a>`,
		`<a class="mention" href="../../organisations/nato/index.html">NATO</a> too.`,
		"Putin again.",
	)
	off := sitetest.Build(t, strings.Replace(linkSite, "title = \"Links\"\n", "title = \"Links\"\nauto_link = false\n", 1))
	off.NotContains(p, `class="mention"`)
}

// TestBacklinksSayHowTheBriefingMentionsTheEntity: front matter, or the
// sentence around the body mention; a wikilink counts as a mention.
func TestBacklinksSayHowTheBriefingMentionsTheEntity(t *testing.T) {
	r := sitetest.Build(t, linkSite)
	putin := r.File("people/vladimir-putin/index.html")
	for _, want := range []string{
		"Body links", `<blockquote class="context">Talks with <mark>the Russian president</mark> and Georgia.</blockquote>`,
		"Second briefing", "Named in the briefing’s front matter.",
	} {
		if !strings.Contains(putin, want) {
			t.Errorf("Putin's page lacks %q", want)
		}
	}
	r.Contains("countries/united-states/index.html", `<blockquote class="context">Later, us and <mark>US</mark>.</blockquote>`)
}

// TestRelationsOnEntityPages: a person's events and companions, a
// country's timeline and people, an event's participants and the events
// before and after it on the same countries.
func TestRelationsOnEntityPages(t *testing.T) {
	r := sitetest.Build(t, linkSite)
	r.Contains("people/vladimir-putin/index.html", "<h2>Events</h2>", "Annexation of Crimea", "Appears most often with", `Russia</a> <span class="count">2</span>`)
	russia := r.File("countries/russia/index.html")
	if !(strings.Index(russia, "Annexation of Crimea") < strings.Index(russia, "Invasion of Ukraine") && strings.Index(russia, "Invasion of Ukraine") < strings.Index(russia, "Peace talks")) {
		t.Error("Russia's timeline of events is not in date order")
	}
	r.Contains("countries/russia/index.html", "Timeline of events", `Vladimir Putin</a> <span class="count">2</span>`)
	r.Contains("events/invasion/index.html", "Before: <a href=\"../../events/crimea/index.html\">Annexation of Crimea</a>", "After: <a href=\"../../events/talks/index.html\">Peace talks</a>")
	r.Contains("events/crimea/index.html", "People taking part", "Vladimir Putin", `<time datetime="2014">2014</time>`)
	r.Contains("events/talks/index.html", `<time datetime="2025-02-12">12 February 2025</time> to <time datetime="2025-02-14">14 February 2025</time>`)
}

// TestRelatedBriefingsShareTheMostWeight: rarer entities weigh more.
func TestRelatedBriefingsShareTheMostWeight(t *testing.T) {
	r := sitetest.Build(t, linkSite)
	second := r.File("briefings/2025-02-10-second/index.html")
	rel := second[strings.Index(second, "Related briefings"):]
	if strings.Index(rel, "Body links") > strings.Index(rel, "Third briefing") || !strings.Contains(rel, "Third briefing") {
		t.Errorf("related briefings of the second briefing are not ordered by shared weight:\n%s", rel)
	}
}

// TestTimelineGroupsByYearAndMonthInDateOrder, partial dates as given.
func TestTimelineGroupsByYearAndMonthInDateOrder(t *testing.T) {
	r := sitetest.Build(t, linkSite)
	tl := r.File("timeline/index.html")
	if !(strings.Index(tl, ">2014<") < strings.Index(tl, ">2022<") && strings.Index(tl, ">2022<") < strings.Index(tl, ">2025<")) {
		t.Errorf("timeline years out of order")
	}
	r.Contains("timeline/2022/index.html", "<h2>February 2022</h2>", `<time datetime="2022-02">February 2022</time>`, "Invasion of Ukraine")
	y := r.File("timeline/2025/index.html")
	if strings.Index(y, "Second briefing") > strings.Index(y, "Body links") {
		t.Error("2025 timeline is not in date order")
	}
}

// TestTimelinePutsABriefingInTheYearItsDateIsWrittenIn: an evening in
// New York on 31 December is 2015 in UTC but 2014 on the timeline, and
// each year has one page whatever the offsets.
func TestTimelinePutsABriefingInTheYearItsDateIsWrittenIn(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/briefings/a.md --
+++
title = "Early in 2014"
date = 2014-01-02
+++
A.
-- content/briefings/b.md --
+++
title = "New Year's Eve in New York"
date = 2014-12-31T19:09:00-05:00
+++
B.
-- content/briefings/c.md --
+++
title = "New Year's Day"
date = 2015-01-01
+++
C.
-- content/briefings/d.md --
+++
title = "Later in 2015"
date = 2015-03-01
+++
D.
`)
	r.Contains("timeline/2014/index.html", "Early in 2014", "New Year’s Eve in New York", "<h2>December 2014</h2>")
	r.Contains("timeline/2015/index.html", "New Year’s Day", "Later in 2015")
	if y := r.File("timeline/2015/index.html"); strings.Contains(y, "New Year’s Eve") {
		t.Error("the 31 December briefing is on the 2015 page")
	}
	if tl := r.File("timeline/index.html"); strings.Count(tl, `timeline/2014/index.html"`) != 1 {
		t.Errorf("the timeline lists 2014 %d times, want once:\n%s", strings.Count(tl, `timeline/2014/index.html"`), tl)
	}
}

// TestDeclaredKindsGetPagesAndBacklinks: organisations in site.toml.
func TestDeclaredKindsGetPagesAndBacklinks(t *testing.T) {
	r := sitetest.Build(t, linkSite)
	r.Contains("organisations/nato/index.html", "North Atlantic Treaty Organization", "Body links")
	r.Contains("organisations/index.html", "North Atlantic Treaty Organization")
	r.Contains("index.html", `href="organisations/index.html"`)
}

// TestFrontMatterNamingAnUndeclaredKindWarns and duplicate aliases warn.
func TestFrontMatterNamingAnUndeclaredKindWarns(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
organisations = ["NATO"]
titel = "typo"
+++
-- content/people/a.md --
+++
name = "Ann"
aliases = ["AB"]
+++
-- content/people/b.md --
+++
name = "Bob"
aliases = ["AB"]
+++
`)
	r.HasProblem(`content/briefings/a.md:4: warning: "organisations" is not an entity kind`, `[[kinds]] name = "organisations"`)
	r.HasProblem(`content/briefings/a.md:5: warning: unknown field "titel"; did you mean "title"?`)
	r.HasProblem(`content/people/b.md:3: warning: "AB" also names Ann (content/people/a.md)`)
}

// TestFieldOfAnotherKindWarnsAndIsLeftOut: a field meant for another
// built-in kind (a reliability on a person, a role on a country) was
// taken silently, and some even showed (a person's flag, a country's
// role) (issue 25). It is a warning at its line naming the kind it
// belongs to, and is left out; a kind the site declares takes every field.
func TestFieldOfAnotherKindWarnsAndIsLeftOut(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
base_url = "https://example.org/"
[[kinds]]
name = "organisations"
singular = "organisation"
title = "Organisations"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
people = ["Ann", "Bob"]
countries = ["Ukraine"]
events = ["Talks"]
organisations = ["NATO"]
+++
Body.
-- content/people/ann.md --
+++
name = "Ann"
role = "Minister"
reliability = "B"
code = "UA"
+++
A person.
-- content/people/bob.md --
---
name: Bob
end_date: 2025-02-01
---
A person in YAML.
-- content/countries/ukraine.md --
+++
name = "Ukraine"
role = "Republic of the east"
+++
-- content/events/talks.md --
+++
name = "Talks"
date = 2025-01-01
capital = "Riyadh"
url = "https://talks.example.org/"
+++
-- content/organisations/nato.md --
+++
name = "NATO"
role = "Alliance of the north"
location = "Brussels"
+++
`)
	if r.Failed {
		t.Fatalf("build failed:\n%s", r.Problems())
	}
	for _, want := range []string{
		`content/people/ann.md:4: warning: field "reliability" means nothing on a person: it belongs in an outlet's note (content/outlets/), and is left out here; to grade a source, give its reliability in the briefing's sources, like reliability = "B"`,
		`content/people/ann.md:5: warning: field "code" means nothing on a person: it belongs in a country's note (content/countries/), and is left out here; is the note in the right folder? A person's fields are name, aliases, role, summary, draft, tlp, wikidata`,
		`content/people/bob.md:3: warning: field "end_date" means nothing on a person: it belongs in an event's note (content/events/)`,
		`content/countries/ukraine.md:3: warning: field "role" means nothing on a country: it belongs in a person's note (content/people/)`,
		`content/events/talks.md:4: warning: field "capital" means nothing on an event: it belongs in a country's note (content/countries/)`,
		`content/events/talks.md:5: warning: field "url" means nothing on an event: it belongs in an outlet's note (content/outlets/)`,
	} {
		r.HasProblem(want)
	}
	if strings.Contains(r.Problems(), "organisations/nato.md") {
		t.Errorf("a declared kind takes every field; got:\n%s", r.Problems())
	}
	r.Contains("people/ann/index.html", "Minister")
	r.NotContains("people/ann/index.html", "flags/ua", "Country code")
	r.NotContains("countries/ukraine/index.html", "Republic of the east")
	r.NotContains("events/talks/index.html", "Riyadh", "talks.example.org")
	r.Contains("organisations/nato/index.html", "Alliance of the north", "Brussels")
}
