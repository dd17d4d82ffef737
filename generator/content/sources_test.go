package content

import (
	"slices"
	"strings"
	"testing"
)

// TestGradedSourcesAndCorrectionsRead: a source's outlet, grade,
// accessed date and archive, a briefing's authors, updated date and
// corrections, and an entity's wikidata and default reliability are read
// the same from TOML and YAML, each source at its own line (issue 25).
func TestGradedSourcesAndCorrectionsRead(t *testing.T) {
	const toml = `+++
title = "A"
date = 2025-02-12
authors = ["Jane Roe", "John Doe"]
updated = 2025-02-15
[[sources]]
title = "The call"
url = "https://www.upi.com/x"
outlet = "UPI"
reliability = "b"
credibility = 2
accessed = 2025-02-12
archive = "https://web.archive.org/web/2025/https://www.upi.com/x"
[[corrections]]
date = 2025-02-14
text = "The package is worth $186 million, not $5.6 billion."
[[sources]]
title = "Second"
url = "https://example.org/"
credibility = "1"
+++
`
	const yaml = `---
title: A
date: 2025-02-12
authors: [Jane Roe, John Doe]
updated: 2025-02-15
sources:
  - title: The call
    url: https://www.upi.com/x
    outlet: UPI
    reliability: b
    credibility: 2
    accessed: 2025-02-12
    archive: https://web.archive.org/web/2025/https://www.upi.com/x
  - title: Second
    url: https://example.org/
    credibility: "1"
corrections:
  - date: 2025-02-14
    text: The package is worth $186 million, not $5.6 billion.
---
`
	for _, tc := range []struct {
		name, src                                string
		sourceLines, urlLines, outletLine, corrL []int
	}{
		{"toml", toml, []int{6, 17}, []int{8, 19}, []int{9}, []int{14}},
		{"yaml", yaml, []int{7, 14}, []int{8, 15}, []int{9}, []int{18}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, msgs := decode(t, KindBriefing, tc.src)
			if n == nil || len(msgs) > 0 {
				t.Fatalf("problems: %q", msgs)
			}
			b := n.Briefing
			if got := strings.Join(b.Authors, "|"); got != "Jane Roe|John Doe" {
				t.Errorf("authors %q", got)
			}
			if b.Updated.ISO() != "2025-02-15" {
				t.Errorf("updated %q", b.Updated.ISO())
			}
			if len(b.Sources) != 2 {
				t.Fatalf("%d sources", len(b.Sources))
			}
			s := b.Sources[0]
			if s.Outlet != "UPI" || s.Reliability != "B" || s.Credibility != 2 || s.Grade() != "B2" || s.Accessed.ISO() != "2025-02-12" || !strings.HasPrefix(s.Archive, "https://web.archive.org/") {
				t.Errorf("source %+v", s)
			}
			if g := b.Sources[1].Grade(); g != "1" {
				t.Errorf("second source's grade %q, want 1", g)
			}
			for i, src := range b.Sources {
				if src.Line("") != tc.sourceLines[i] || src.Line("url") != tc.urlLines[i] {
					t.Errorf("source %d at line %d, url at %d; want %d, %d", i, src.Line(""), src.Line("url"), tc.sourceLines[i], tc.urlLines[i])
				}
			}
			if got := b.Sources[0].Line("outlet"); got != tc.outletLine[0] {
				t.Errorf("outlet at line %d, want %d", got, tc.outletLine[0])
			}
			if got := b.Sources[1].Line("archive"); got != tc.sourceLines[1] {
				t.Errorf("a key not set is at the source's line: got %d", got)
			}
			if len(b.Corrections) != 1 || b.Corrections[0].Date.ISO() != "2025-02-14" || !strings.Contains(b.Corrections[0].Text, "$186 million") || b.Corrections[0].Line != tc.corrL[0] {
				t.Errorf("corrections %+v", b.Corrections)
			}
		})
	}
}

// TestSourceAndCorrectionProblems: each problem of a graded source, a
// correction or an entity's wikidata id is reported at the line of its
// key, with the scale or the form that fixes it. A grade or an id that
// is wrong leaves the note usable without it (the build fails on the
// error), so that links to the note do not warn as well.
func TestSourceAndCorrectionProblems(t *testing.T) {
	const head = "+++\ntitle = \"A\"\ndate = 2025-02-12\n"
	const yhead = "---\ntitle: A\ndate: 2025-02-12\n"
	tests := []struct {
		name, kind, src string
		want            []string
		usable          bool
	}{
		{"reliability off the scale", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\nreliability = \"G\"\n+++\n",
			[]string{`content/x.md:7: reliability "G" is not a grade: write one letter of the NATO/Admiralty scale, A (completely reliable), B (usually reliable), C (fairly reliable), D (not usually reliable), E (unreliable), F (reliability cannot be judged)`}, true},
		{"both grades in reliability", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\nreliability = \"B2\"\n+++\n",
			[]string{`content/x.md:7: reliability "B2" is not a grade: write one letter of the NATO/Admiralty scale, A (completely reliable), B (usually reliable), C (fairly reliable), D (not usually reliable), E (unreliable), F (reliability cannot be judged); for B2, write reliability = "B" and credibility = 2`}, true},
		{"credibility off the scale", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\n\ncredibility = 7\n+++\n",
			[]string{`content/x.md:8: credibility "7" is not a grade: write a number of the NATO/Admiralty scale, 1 (confirmed by other sources), 2 (probably true), 3 (possibly true), 4 (doubtful), 5 (improbable), 6 (truth cannot be judged)`}, true},
		{"credibility between two grades", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\ncredibility = 2.5\n+++\n",
			[]string{`content/x.md:7: credibility "2.5" is not a grade: write a number of the NATO/Admiralty scale, 1 (confirmed by other sources)`}, true},
		{"credibility in YAML", KindBriefing, yhead + "sources:\n- title: S\n  url: https://x.org/\n  credibility: high\n---\n",
			[]string{`content/x.md:7: credibility "high" is not a grade: write a number of the NATO/Admiralty scale, 1 (confirmed by other sources)`}, true},
		{"the second source's grade", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\n[[sources]]\ntitle = \"T\"\nreliability = \"Z\"\nurl = \"https://y.org/\"\n+++\n",
			[]string{`content/x.md:9: reliability "Z" is not a grade`}, true},
		{"accessed without a day", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\naccessed = \"2025-02\"\n+++\n",
			[]string{`content/x.md:7: a source's accessed date needs a day: write the day you read it, like accessed = 2025-02-12`}, true},
		{"archive that is no web address", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\narchive = \"archive.org/x\"\n+++\n",
			[]string{`content/x.md:7: warning: source "S" has an archive "archive.org/x" that is not a web address`}, true},
		{"misspelt key in a source", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\noutlett = \"UPI\"\n+++\n",
			[]string{`content/x.md:7: warning: unknown field "outlett" in [[sources]]; did you mean "outlet"?`}, true},
		{"the halves swapped", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\nreliability = 2\ncredibility = \"b\"\n+++\n",
			[]string{
				`content/x.md:7: reliability "2" is not a grade: write one letter of the NATO/Admiralty scale, A (completely reliable), B (usually reliable), C (fairly reliable), D (not usually reliable), E (unreliable), F (reliability cannot be judged); 2 grades the information, not the source: write credibility = 2`,
				`content/x.md:8: credibility "b" is not a grade: write a number of the NATO/Admiralty scale, 1 (confirmed by other sources), 2 (probably true), 3 (possibly true), 4 (doubtful), 5 (improbable), 6 (truth cannot be judged); B grades the source, not the information: write reliability = "B"`,
			}, true},
		{"the halves swapped in YAML", KindBriefing, yhead + "sources:\n- title: S\n  url: https://x.org/\n  reliability: 3\n  credibility: C\n---\n",
			[]string{
				`content/x.md:7: reliability "3" is not a grade: write one letter of the NATO/Admiralty scale, A (completely reliable), B (usually reliable), C (fairly reliable), D (not usually reliable), E (unreliable), F (reliability cannot be judged); 3 grades the information, not the source: write credibility: 3`,
				`content/x.md:8: credibility "C" is not a grade: write a number of the NATO/Admiralty scale, 1 (confirmed by other sources), 2 (probably true), 3 (possibly true), 4 (doubtful), 5 (improbable), 6 (truth cannot be judged); C grades the source, not the information: write reliability: C`,
			}, true},
		{"the whole grade in one field", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\ngrade = \"c3\"\n+++\n",
			[]string{`content/x.md:7: warning: unknown field "grade" in [[sources]]: a grade is two fields, the source's reliability (A to F) and the information's credibility (1 to 6); for C3, write reliability = "C" and credibility = 3`}, true},
		{"the whole grade in one field in YAML", KindBriefing, yhead + "sources:\n- title: S\n  url: https://x.org/\n  Rating: high\n---\n",
			[]string{`content/x.md:7: warning: unknown field "Rating" in sources: a grade is two fields, the source's reliability (A to F) and the information's credibility (1 to 6); for B2, write reliability: B and credibility: 2`}, true},
		{"correction without text", KindBriefing, head + "[[corrections]]\ndate = 2025-02-14\n+++\n",
			[]string{`content/x.md:4: a correction has no text: add text = "...", saying what was wrong and what is right`}, false},
		{"correction without date", KindBriefing, head + "[[corrections]]\ntext = \"T\"\n+++\n",
			[]string{`content/x.md:4: a correction has no date: add date = 2025-02-14 to it, the day it was made`}, false},
		// A date that needs its day offers no partial date (2025-02),
		// which would only be refused next.
		{"correction dated in words", KindBriefing, head + "[[corrections]]\ndate = \"14 February\"\ntext = \"T\"\n+++\n",
			[]string{`content/x.md:5: a correction's "date" must be a date like 2025-02-12, not "14 February"`}, false},
		{"correction dated by its month", KindBriefing, head + "[[corrections]]\ndate = \"2025-02\"\ntext = \"T\"\n+++\n",
			[]string{`content/x.md:5: a correction's date needs a day: write it like date = 2025-02-14`}, false},
		{"accessed in words", KindBriefing, head + "[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\naccessed = \"1 Nov 2025\"\n+++\n",
			[]string{`content/x.md:7: a source's "accessed" must be a date like 2025-02-12, not "1 Nov 2025"`}, true},
		{"updated in words in YAML", KindBriefing, yhead + "updated: last week\n---\n",
			[]string{`content/x.md:4: "updated" must be a date like 2025-02-12, not "last week"`}, false},
		{"correction without date in YAML", KindBriefing, yhead + "corrections:\n- text: T\n---\n",
			[]string{`content/x.md:5: a correction has no date: add date: 2025-02-14 to it, the day it was made`}, false},
		{"correction before the briefing", KindBriefing, head + "[[corrections]]\ndate = 2024-02-14\ntext = \"T\"\n+++\n",
			[]string{`content/x.md:5: warning: correction dated 2024-02-14, before the briefing's date 2025-02-12: is the year right?`}, true},
		{"corrections as one table", KindBriefing, head + "[corrections]\ndate = 2025-02-14\ntext = \"T\"\n+++\n",
			[]string{`content/x.md:4: "corrections" must be tables of a date and a text, each under a line of [[corrections]] (with two brackets)`}, false},
		{"updated before the date", KindBriefing, head + "updated = 2025-01-01\n+++\n",
			[]string{`content/x.md:4: warning: updated 2025-01-01 is before the briefing's date 2025-02-12: is the year right?`}, true},
		{"wikidata in a briefing", KindBriefing, head + "wikidata = \"Q1\"\n+++\n",
			[]string{`content/x.md:4: warning: unknown field "wikidata": a Wikidata id belongs in the note of a person, country, event or outlet, which a briefing names by it`}, true},
		{"wikidata that is no id", "countries", "+++\nname = \"Georgia\"\nwikidata = \"Georgia\"\n+++\n",
			[]string{`content/x.md:3: wikidata "Georgia" is not a Wikidata id: write the Q number of the item, as its page on wikidata.org shows it, like "Q212"`}, true},
		{"both grades in reliability in YAML", KindBriefing, yhead + "sources:\n- title: S\n  url: https://x.org/\n  reliability: b2\n---\n",
			[]string{`content/x.md:7: reliability "b2" is not a grade: write one letter of the NATO/Admiralty scale, A (completely reliable), B (usually reliable), C (fairly reliable), D (not usually reliable), E (unreliable), F (reliability cannot be judged); for B2, write reliability: B and credibility: 2`}, true},
		{"outlet's whole grade", "outlets", "+++\nname = \"UPI\"\nreliability = \"B2\"\n+++\n",
			[]string{`content/x.md:3: reliability "B2" is not a grade: write one letter of the NATO/Admiralty scale, A (completely reliable), B (usually reliable), C (fairly reliable), D (not usually reliable), E (unreliable), F (reliability cannot be judged); an outlet's usual reliability is the letter alone: write reliability = "B"`}, true},
		{"outlet's credibility", "outlets", "+++\nname = \"UPI\"\nreliability = \"B\"\ncredibility = 2\n+++\n",
			[]string{`content/x.md:4: warning: unknown field "credibility": an outlet's note gives its usual reliability alone, reliability = "B" (A to F); the credibility of what it reported is graded source by source, in a briefing's sources`}, true},
		{"outlet's grade in YAML", "outlets", "---\nname: UPI\ngrade: B2\n---\n",
			[]string{`content/x.md:3: warning: unknown field "grade": an outlet's note gives its usual reliability alone, reliability: B (A to F)`}, true},
		{"outlet reliability off the scale", "outlets", "+++\nname = \"UPI\"\nreliability = \"H\"\n+++\n",
			[]string{`content/x.md:3: reliability "H" is not a grade`}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, msgs := decode(t, tc.kind, tc.src)
			if (n != nil) != tc.usable {
				t.Errorf("note usable: %v, want %v", n != nil, tc.usable)
			}
			if len(msgs) != len(tc.want) {
				t.Fatalf("got %q, want %q", msgs, tc.want)
			}
			for i := range msgs {
				if !strings.HasPrefix(msgs[i], tc.want[i]) {
					t.Errorf("got %q,\nwant %q", msgs[i], tc.want[i])
				}
			}
		})
	}
}

// TestWikidataIDForms: an id is read as editors paste it, from the item's
// page or as a bare Q number, and written Q….
func TestWikidataIDForms(t *testing.T) {
	for _, in := range []string{"Q212", "q212", " Q212 ", "https://www.wikidata.org/wiki/Q212", "http://www.wikidata.org/entity/Q212", "wd:Q212"} {
		if got, ok := WikidataID(in); !ok || got != "Q212" {
			t.Errorf("WikidataID(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "Q", "Q0", "Q012", "P31", "Q12a", "Ukraine", "https://en.wikipedia.org/wiki/Q212"} {
		if got, ok := WikidataID(in); ok {
			t.Errorf("WikidataID(%q) = %q, want not an id", in, got)
		}
	}
}

// TestEntityFieldsOfOutlets: an outlet's note gives its default
// reliability, website and wikidata id.
func TestEntityFieldsOfOutlets(t *testing.T) {
	n, msgs := decode(t, "outlets", "+++\nname = \"United Press International\"\naliases = [\"UPI\"]\nreliability = \"b\"\nurl = \"https://www.upi.com/\"\nwikidata = \"q493845\"\n+++\n")
	if n == nil || len(msgs) > 0 {
		t.Fatalf("problems %q", msgs)
	}
	e := n.Entity
	if e.Reliability != "B" || e.URL != "https://www.upi.com/" || e.Wikidata != "Q493845" || !slices.Equal(e.Aliases, Names{"UPI"}) {
		t.Errorf("entity %+v", e)
	}
}
