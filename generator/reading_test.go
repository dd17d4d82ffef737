package generator_test

import (
	"strings"
	"testing"

	"briefings/generator/sitetest"
)

// readingSite has three briefings: a long one with headings, a short one
// and a third, to walk from one to the next.
const readingSite = `
-- site.toml --
title = "Desk"
base_url = "https://desk.example.org/"
-- content/briefings/2025-01-01-first.md --
+++
title = "First"
date = 2025-01-01
summary = "The first."
+++
Short.

## Only heading
-- content/briefings/2025-01-02-second.md --
+++
title = "Second's \"take\""
date = 2025-01-02
+++
The opening paragraph.

## Part one

Text.

### A detail

Text.

## Part two

Text.
-- content/briefings/2025-01-03-third.md --
+++
title = "Third"
date = 2025-01-03
summary = "The third."
+++
Last.
`

// TestBriefingPageLinksPreviousAndNextAndListsItsContents: each briefing
// links to the one before and after it by title; a briefing with three
// headings or more lists them, each linking to its id; a short one does
// not; no lede repeats the first paragraph; titles get the typographer's
// quotes (issue 23).
func TestBriefingPageLinksPreviousAndNextAndListsItsContents(t *testing.T) {
	r := sitetest.Build(t, readingSite)
	second := "briefings/2025-01-02-second/index.html"
	r.Contains(second,
		`<a class="prev" rel="prev" href="../../briefings/2025-01-01-first/index.html"><div class="prev-next-label">← Previous briefing</div> First</a>`,
		`<a class="next" rel="next" href="../../briefings/2025-01-03-third/index.html"><div class="prev-next-label">Next briefing →</div> Third</a>`,
		`<li class="toc-2"><a href="#part-one">Part one</a></li>`,
		`<li class="toc-3"><a href="#a-detail">A detail</a></li>`,
		`<li class="toc-2"><a href="#part-two">Part two</a></li>`,
		`<h2 id="part-one">`, `<h3 id="a-detail">`,
		"<h1>Second’s “take”</h1>",
	)
	r.NotContains(second, `<p class="lede">`)
	r.Contains("briefings/2025-01-01-first/index.html", `rel="next" href="../../briefings/2025-01-02-second/index.html"`, `<p class="lede">The first.</p>`)
	r.NotContains("briefings/2025-01-01-first/index.html", `rel="prev"`, `class="toc"`)
	r.NotContains("briefings/2025-01-03-third/index.html", `rel="next"`)
	if page := r.File(second); !strings.Contains(page, `<p class="print-edition">Desk · <span class="print-permalink">https://desk.example.org/briefings/2025-01-02-second/</span>`) {
		t.Errorf("%s has no print line with the site and the permalink", second)
	}
}

// TestSourceTitlesAndCorrectionsGetTheTypographersQuotes: a source's
// title and a correction's text, plain text from front matter like the
// briefing's title, are printed with the same quotes and apostrophes as
// the title and the body (issue 23: `'firepower'` beside “firepower”).
func TestSourceTitlesAndCorrectionsGetTheTypographersQuotes(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Desk"
-- content/briefings/2025-02-12-package.md --
+++
title = "Britain's new \"firepower\" package"
date = 2025-02-12

[[sources]]
title = "UPI: Britain unveils new 'firepower' package"
url = "https://example.org/upi"

[[corrections]]
date = 2025-02-13
text = "An earlier version gave Britain's \"commitment\" as the package."
+++
Body.
`)
	page := "briefings/2025-02-12-package/index.html"
	r.Contains(page,
		"Britain’s new “firepower” package",
		"UPI: Britain unveils new ‘firepower’ package",
		"An earlier version gave Britain’s “commitment” as the package.")
	r.NotContains(page, "'firepower'", "Britain's", "&#39;firepower&#39;", "Britain&#39;s")
}

// TestAPersonsCountriesCarryTheirFlags: the countries in a person's facts
// are linked with their flag image, or their ISO code where the theme has
// no flag, as in every other list of countries (issue 23: flags made for
// the web wherever a country is named).
func TestAPersonsCountriesCarryTheirFlags(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Desk"
-- content/people/jane-roe.md --
+++
name = "Jane Roe"
countries = ["Ukraine", "Atlantis"]
+++
An envoy.
-- content/countries/ukraine.md --
+++
name = "Ukraine"
code = "UA"
+++
A country.
-- content/countries/atlantis.md --
+++
name = "Atlantis"
code = "XA"
+++
No flag.
-- content/briefings/2025-01-01-a.md --
+++
title = "A"
date = 2025-01-01
people = ["Jane Roe"]
countries = ["Ukraine"]
+++
Body.
`)
	page := "people/jane-roe/index.html"
	r.Contains(page,
		`<dt>Countries</dt><dd><a href="../../countries/ukraine/index.html"><img class="flag" src="../../assets/flags/ua.svg" alt="" width="20" height="15"> Ukraine</a>`,
		`<a href="../../countries/atlantis/index.html"><span class="flag-code" aria-hidden="true">XA</span> Atlantis</a>`)
	r.Contains("assets/flags/ua.svg", "<svg")
}
