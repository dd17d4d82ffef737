package edition

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
)

// selectSite reads site.toml and notes (path within content/ → file) and
// selects with rules.
func selectSite(t *testing.T, siteToml string, notes map[string]string, rules Rules) (*Edition, string) {
	t.Helper()
	diags := &diag.List{}
	cfg := config.Default()
	config.Parse([]byte(siteToml), "site.toml", cfg, diags)
	fsys := fstest.MapFS{}
	for p, src := range notes {
		fsys[p] = &fstest.MapFile{Data: []byte(src)}
	}
	tree := content.Load(fsys, cfg.AllKinds(), diags)
	ed := Select(cfg, tree, rules, diags)
	var b strings.Builder
	diag.Print(&b, diags.Items())
	return ed, b.String()
}

func published(ed *Edition) string {
	var out []string
	for _, n := range ed.Published {
		out = append(out, n.Slug)
	}
	return strings.Join(out, " ")
}

func TestAnEmbargoLiftsAtItsInstantInTheSitesZone(t *testing.T) {
	notes := map[string]string{
		"briefings/zoned.md":  "+++\ntitle = \"Z\"\ndate = 2025-02-12T09:00:00+01:00\n+++\n",
		"briefings/local.md":  "+++\ntitle = \"L\"\ndate = 2025-02-12T09:30:00\n+++\n",
		"briefings/day.md":    "+++\ntitle = \"D\"\ndate = 2025-02-13\n+++\n",
		"briefings/yaml.md":   "---\ntitle: Y\ndate: 2025-02-12T10:00:00+01:00\n---\n",
		"briefings/string.md": "+++\ntitle = \"S\"\ndate = \"2025-02-12T08:15:00Z\"\n+++\n",
	}
	for _, tc := range []struct {
		name, tz string
		now      time.Time
		want     string
	}{
		{"a second before", "", time.Date(2025, 2, 12, 7, 59, 59, 0, time.UTC), ""},
		{"at the instant", "", time.Date(2025, 2, 12, 8, 0, 0, 0, time.UTC), "zoned"},
		{"a zoned string", "", time.Date(2025, 2, 12, 8, 15, 0, 0, time.UTC), "string zoned"},
		{"local times are UTC without a timezone", "", time.Date(2025, 2, 12, 9, 0, 0, 0, time.UTC), "string yaml zoned"},
		{"local times are UTC without a timezone, later", "", time.Date(2025, 2, 12, 9, 30, 0, 0, time.UTC), "local string yaml zoned"},
		{"local times are the site's", "Europe/Brussels", time.Date(2025, 2, 12, 8, 30, 0, 0, time.UTC), "local string zoned"},
		{"a day is midnight in the site's zone", "Europe/Brussels", time.Date(2025, 2, 12, 23, 0, 0, 0, time.UTC), "day local string yaml zoned"},
		{"a day is midnight UTC without one", "", time.Date(2025, 2, 12, 23, 0, 0, 0, time.UTC), "local string yaml zoned"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := "title = \"T\"\n"
			if tc.tz != "" {
				site += "timezone = \"" + tc.tz + "\"\n"
			}
			ed, problems := selectSite(t, site, notes, Rules{Now: tc.now})
			if problems != "" {
				t.Fatal(problems)
			}
			if got := published(ed); got != tc.want {
				t.Errorf("published %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNextIsTheSoonestEmbargoThatTimeAloneLifts(t *testing.T) {
	notes := map[string]string{
		"briefings/a.md":     "+++\ntitle = \"A\"\ndate = 2025-03-01T09:00:00Z\n+++\n",
		"briefings/b.md":     "+++\ntitle = \"B\"\ndate = 2025-03-01T10:00:00+01:00\n+++\n",
		"briefings/c.md":     "+++\ntitle = \"C\"\ndate = 2025-03-05\n+++\n",
		"briefings/draft.md": "+++\ntitle = \"Dr\"\ndate = 2025-02-20\ndraft = true\n+++\n",
		"briefings/red.md":   "+++\ntitle = \"R\"\ndate = 2025-02-21\ntlp = \"RED\"\n+++\n",
		"briefings/old.md":   "+++\ntitle = \"O\"\ndate = 2025-01-01\n+++\n",
	}
	ed, _ := selectSite(t, "title = \"T\"\n", notes, Rules{Now: time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC)})
	at, next := ed.Next()
	if !at.Equal(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)) || len(next) != 2 {
		t.Fatalf("Next = %v, %d notes", at, len(next))
	}
	if next[0].Note.Slug != "a" || next[1].Note.Slug != "b" {
		t.Errorf("Next lists %s and %s", next[0].Note.Slug, next[1].Note.Slug)
	}
	if got := len(ed.Pending()); got != 3 {
		t.Errorf("%d pending, want 3", got)
	}
	if ed.Count(Draft) != 1 || ed.Count(Marked) != 1 || ed.Count(Embargoed) != 3 {
		t.Errorf("counts: %d drafts, %d marked, %d embargoed", ed.Count(Draft), ed.Count(Marked), ed.Count(Embargoed))
	}
	ed, _ = selectSite(t, "title = \"T\"\n", map[string]string{"briefings/old.md": notes["briefings/old.md"]}, Rules{Now: time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC)})
	if at, next := ed.Next(); !at.IsZero() || next != nil {
		t.Errorf("Next with nothing pending = %v, %v", at, next)
	}
}

func TestAnUnmarkedSiteIsPublishedAsItWas(t *testing.T) {
	notes := map[string]string{
		"briefings/a.md":  "+++\ntitle = \"A\"\ndate = 2025-01-01\n+++\n",
		"people/putin.md": "+++\nname = \"Vladimir Putin\"\n+++\n",
		"about.md":        "+++\ntitle = \"About\"\n+++\n",
	}
	ed, problems := selectSite(t, "title = \"T\"\n", notes, Rules{Now: time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC)})
	if problems != "" || len(ed.Withheld) != 0 || len(ed.Published) != 3 || ed.Marked {
		t.Fatalf("withheld %d, marked %v:\n%s", len(ed.Withheld), ed.Marked, problems)
	}
	for _, n := range ed.Published {
		if !ed.Label(n).IsZero() {
			t.Errorf("%s is marked %s", n.Path, ed.Label(n).Text)
		}
	}
}

func TestMarkingsAreCheckedAndDefaulted(t *testing.T) {
	notes := map[string]string{
		"briefings/a.md":  "+++\ntitle = \"A\"\ndate = 2025-01-01\ntlp = \"WHITE\"\n+++\n",
		"briefings/b.md":  "+++\ntitle = \"B\"\ndate = 2025-01-01\n+++\n",
		"briefings/c.md":  "---\ntitle: C\ndate: 2025-01-01\ntlp: TLP:GREEN\n---\n",
		"people/putin.md": "+++\nname = \"Vladimir Putin\"\naliases = [\"Putin\"]\ntlp = \"amber\"\n+++\n",
	}
	now := Rules{Now: time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC)}
	ed, problems := selectSite(t, "title = \"T\"\n", notes, now)
	if !strings.Contains(problems, `content/briefings/a.md:4: tlp: unknown TLP label "WHITE": the labels are CLEAR, GREEN, AMBER, AMBER+STRICT and RED (lowest first)`) {
		t.Errorf("no error for WHITE:\n%s", problems)
	}
	if !strings.Contains(problems, `site.toml: warning: 1 note has no tlp, and site.toml sets no default_tlp, so it is published to every audience as TLP:CLEAR (content/briefings/b.md is the first): add default_tlp = "CLEAR"`) {
		t.Errorf("no warning for the unmarked note:\n%s", problems)
	}
	if got := published(ed); got != "b" {
		t.Errorf("published %q, want b alone (a is in error, c GREEN, putin AMBER)", got)
	}
	if !ed.WithheldName("people", "putin") || !ed.WithheldName("", "Vladimir Putin") || ed.WithheldName("countries", "Putin") {
		t.Errorf("WithheldName does not know Putin's names")
	}
	if !ed.WithheldURL("/people/putin/") || !ed.WithheldURL("/briefings/c/#x") || ed.WithheldURL("/briefings/b/") {
		t.Errorf("WithheldURL is wrong")
	}

	ed, problems = selectSite(t, "title = \"T\"\ndefault_tlp = \"green\"\naudience = \"GREEN\"\n", notes, now)
	if strings.Contains(problems, "no default_tlp") {
		t.Errorf("warned with default_tlp set:\n%s", problems)
	}
	if got := published(ed); got != "b c" {
		t.Errorf("published %q, want b c", got)
	}
	if l := ed.Label(ed.Published[0]); l.Text != "TLP:GREEN" {
		t.Errorf("b is marked %q, want the default TLP:GREEN", l.Text)
	}
	ed, _ = selectSite(t, "title = \"T\"\ndefault_tlp = \"RED\"\n", notes, now)
	if got := published(ed); got != "" {
		t.Errorf("with default_tlp RED a CLEAR edition published %q", got)
	}
}

func TestASiteSchemeIsUsedTheSameWay(t *testing.T) {
	site := `title = "T"
audience = "internal"
[[markings]]
name = "PUBLIC"
[[markings]]
name = "INTERNAL"
color = "#000000"
background = "#FFD700"
[[markings]]
name = "PARTNERS"
`
	notes := map[string]string{
		"briefings/a.md": "+++\ntitle = \"A\"\ndate = 2025-01-01\ntlp = \"public\"\n+++\n",
		"briefings/b.md": "+++\ntitle = \"B\"\ndate = 2025-01-01\ntlp = \"Internal\"\n+++\n",
		"briefings/c.md": "+++\ntitle = \"C\"\ndate = 2025-01-01\ntlp = \"PARTNERS\"\n+++\n",
		"briefings/d.md": "+++\ntitle = \"D\"\ndate = 2025-01-01\ntlp = \"AMBER\"\n+++\n",
	}
	ed, problems := selectSite(t, site, notes, Rules{Now: time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC)})
	if !strings.Contains(problems, `content/briefings/d.md:4: tlp: unknown marking label "AMBER": the labels are PUBLIC, INTERNAL and PARTNERS (lowest first)`) {
		t.Errorf("problems:\n%s", problems)
	}
	if got := published(ed); got != "a b" {
		t.Errorf("published %q, want a b", got)
	}
	if l := ed.Label(ed.Published[1]); l.Text != "INTERNAL" || l.Background != "#FFD700" {
		t.Errorf("b is marked %+v", l)
	}
}
