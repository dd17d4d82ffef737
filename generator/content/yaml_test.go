package content

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"briefings/generator/config"
	"briefings/generator/diag"
)

// decode decodes src as a note of kind at content/x.md and returns it
// with its problems as printed.
func decode(t *testing.T, kind, src string) (*Note, []string) {
	t.Helper()
	var diags diag.List
	kinds := append(config.BuiltinKinds, config.Kind{Name: "organisations", Singular: "organisation", Title: "Organisations"})
	n := Decode("content/x.md", kind, []byte(src), kinds, &diags)
	var msgs []string
	for _, d := range diags.Items() {
		msgs = append(msgs, d.String())
	}
	return n, msgs
}

// TestYAMLFrontMatterReadsLikeTOML: the same front matter in YAML and in
// TOML makes the same note, with the same problems at the same lines.
func TestYAMLFrontMatterReadsLikeTOML(t *testing.T) {
	tests := []struct {
		name, kind, toml, yaml string
	}{
		{"briefing", KindBriefing,
			"+++\ntitle = \"A \\\"quoted\\\" title: yes\"\ndate = 2025-02-12\nsummary = \"S\"\ndraft = true\npeople = [\"Putin\", \"Trump\"]\ncountries = \"Ukraine\"\norganisations = [\"NATO\"]\ntags = [\"a\", \"b\"]\n[[sources]]\ntitle = \"T\"\nurl = \"https://example.org/\"\n[[sources]]\ntitle = \"U\"\nurl = \"/local\"\n+++\nBody.\n",
			"---\ntitle: 'A \"quoted\" title: yes'\ndate: 2025-02-12\nsummary: S\ndraft: true\npeople:\n- Putin\n- Trump\ncountries: Ukraine\norganisations: [NATO]\ntags: [a, b]\nsources:\n  - title: T\n    url: https://example.org/\n  - {title: U, url: /local}\n---\nBody.\n"},
		{"datetime", KindBriefing,
			"+++\ntitle = \"A\"\ndate = 2025-02-12T09:30:00+01:00\n+++\n",
			"---\ntitle: A\ndate: 2025-02-12T09:30:00+01:00\n---\n"},
		{"local datetime", KindBriefing,
			"+++\ntitle = \"A\"\ndate = 2025-02-12T09:30:00\n+++\n",
			"---\ntitle: A\ndate: 2025-02-12T09:30:00\n---\n"},
		{"partial dates", "events",
			"+++\nname = \"Annexation of Crimea\"\ndate = \"2014\"\nend_date = \"2014-03\"\ncountries = [\"Russia\"]\n+++\n",
			"---\nname: Annexation of Crimea\ndate: 2014\nend_date: 2014-03\ncountries: [Russia]\n---\n"},
		{"quoted partial date", "events",
			"+++\nname = \"E\"\ndate = \"2014\"\n+++\n",
			"---\nname: E\ndate: \"2014\"\n---\n"},
		{"Norway", "countries",
			"+++\nname = \"Norway\"\ncode = \"NO\"\naliases = [\"off\", \"yes\", \"2025\", \"1.5\", \"null\"]\n+++\n",
			"---\nname: Norway\ncode: NO\naliases: [off, yes, 2025, 1.5, \"null\"]\n---\n"},
		{"numbers as names", "people",
			"+++\nname = \"2025\"\nrole = \"0x1F\"\ncountries = \"NO\"\n+++\n",
			"---\nname: 2025\nrole: 0x1F\ncountries: NO\n---\n"},
		{"Obsidian aliases and tags as one string", KindBriefing,
			"+++\ntitle = \"A\"\ndate = 2025-02-12\ntags = \"solo\"\n+++\n",
			"---\ntitle: A\ndate: 2025-02-12\ntags: solo\ncssclasses: [wide, dark]\n---\n"},
		{"empty values are not set", "people",
			"+++\nname = \"N\"\n+++\n",
			"---\nname: N\nrole:\nsummary: ~\ncountries:\naliases: null\n---\n"},
		{"unknown fields", KindBriefing,
			"+++\ntitle = \"A\"\ndate = 2025-02-12\ntitel = \"B\"\nagencies = [\"X\"]\nmood = 3\n+++\n",
			"---\ntitle: A\ndate: 2025-02-12\ntitel: B\nagencies: [X]\nmood: 3\n---\n"},
		{"missing title and date", KindBriefing,
			"+++\nsummary = \"S\"\n+++\n",
			"---\nsummary: S\n---\n"},
		{"date without a day", KindBriefing,
			"+++\ntitle = \"A\"\ndate = \"2025-02\"\n+++\n",
			"---\ntitle: A\ndate: 2025-02\n---\n"},
		{"bad code and end before start", "events",
			"+++\nname = \"E\"\ncode = \"NOR\"\ndate = 2025-02-12\nend_date = 2025-02-11\n+++\n",
			"---\nname: E\ncode: NOR\ndate: 2025-02-12\nend_date: 2025-02-11\n---\n"},
		{"unsafe source url and unknown key in a source", KindBriefing,
			"+++\ntitle = \"A\"\ndate = 2025-02-12\n[[sources]]\ntitle = \"T\"\nurl = \"javascript:alert(1)\"\nlink = \"x\"\n+++\n",
			"---\ntitle: A\ndate: 2025-02-12\nsources:\n- title: T\n  url: javascript:alert(1)\n  link: x\n---\n"},
		{"page", KindPage,
			"+++\ntitle = \"About\"\ndate = 2025-01-01\ndraft = false\n+++\n",
			"---\ntitle: About\ndate: 2025-01-01\ndraft: false\n---\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tn, tmsgs := decode(t, tc.kind, tc.toml)
			yn, ymsgs := decode(t, tc.kind, tc.yaml)
			if (tn == nil) != (yn == nil) {
				t.Fatalf("TOML note %v, YAML note %v", tn, yn)
			}
			if tn != nil {
				forgetLines(tn)
				forgetLines(yn)
				if yn.Format != YAML || tn.Format != TOML {
					t.Errorf("formats %v and %v", tn.Format, yn.Format)
				}
				if !reflect.DeepEqual(tn.Briefing, yn.Briefing) || !reflect.DeepEqual(tn.Entity, yn.Entity) || !reflect.DeepEqual(tn.Page, yn.Page) || string(tn.Body) != string(yn.Body) {
					t.Errorf("TOML made %+v %+v %+v,\nYAML made %+v %+v %+v", tn.Briefing, tn.Entity, tn.Page, yn.Briefing, yn.Entity, yn.Page)
				}
			}
			// The same problems at the same lines, in the words of each
			// format where they show how to write a fix.
			if len(tmsgs) != len(ymsgs) {
				t.Fatalf("TOML problems %q, YAML problems %q", tmsgs, ymsgs)
			}
			for i := range tmsgs {
				tl, _, _ := strings.Cut(tmsgs[i], " ")
				yl, _, _ := strings.Cut(ymsgs[i], " ")
				if tl != yl || strings.Contains(tmsgs[i], "unknown") != strings.Contains(ymsgs[i], "unknown") {
					t.Errorf("TOML problem %q, YAML problem %q", tmsgs[i], ymsgs[i])
				}
			}
		})
	}
}

// TestYAMLKeepsWhatWasWritten: YAML's traps are read as an editor means
// them: unquoted NO and off are names, dates keep the precision they were
// written with, and a one-name list may be a single string.
func TestYAMLKeepsWhatWasWritten(t *testing.T) {
	n, msgs := decode(t, "countries", "---\nname: Norway\ncode: NO\naliases: [NO, off, On, y, ~no]\ncapital: Oslo\n---\n")
	if len(msgs) > 0 {
		t.Fatalf("problems: %q", msgs)
	}
	if got, want := n.Entity.Aliases, (Names{"NO", "off", "On", "y", "~no"}); !reflect.DeepEqual(got, want) {
		t.Errorf("aliases %q, want %q", got, want)
	}
	if n.Entity.Code != "NO" {
		t.Errorf("code %q, want NO", n.Entity.Code)
	}
	for _, tc := range []struct {
		written string
		prec    Precision
		iso     string
	}{
		{"2025", Year, "2025"},
		{"2025-02", Month, "2025-02"},
		{"2025-02-12", Day, "2025-02-12"},
		{"'2025-02'", Month, "2025-02"},
		{"2025-02-12T09:30:00Z", Clock, "2025-02-12T09:30:00Z"},
		{"2025-02-12 09:30:00", Clock, "2025-02-12T09:30:00Z"},
	} {
		n, msgs := decode(t, "events", "---\nname: E\ndate: "+tc.written+"\n---\n")
		if len(msgs) > 0 || n.Entity.Date.Prec != tc.prec || n.Entity.Date.ISO() != tc.iso {
			t.Errorf("date: %s gave %v %q %q, want %v %q", tc.written, n.Entity.Date.Prec, n.Entity.Date.ISO(), msgs, tc.prec, tc.iso)
		}
	}
	n, _ = decode(t, "people", "---\nname: Vladimir Putin\naliases: Putin\n---\n")
	if !reflect.DeepEqual(n.Entity.Aliases, Names{"Putin"}) {
		t.Errorf("aliases: Putin gave %q", n.Entity.Aliases)
	}
	n, _ = decode(t, KindBriefing, "---\ntitle: A\ndate: 2025-02-12\npeople: [\"[[Marco Rubio]]\", \"[[Sergey Lavrov|Lavrov]]\", Putin]\n---\n")
	if got, want := n.Briefing.Mentions["people"], (Names{"Marco Rubio", "Sergey Lavrov", "Putin"}); !reflect.DeepEqual(got, want) {
		t.Errorf("people written as Obsidian's links gave %q, want %q", got, want)
	}
	n, _ = decode(t, KindBriefing, "---\ntitle: A\ndate: 2025-02-12\ntags: solo\n---\n")
	if !reflect.DeepEqual(n.Briefing.Tags, Names{"solo"}) {
		t.Errorf("tags: solo gave %q", n.Briefing.Tags)
	}
	if n.Lines["title"] != 2 || n.Lines["tags"] != 4 {
		t.Errorf("lines %v, want title on 2 and tags on 4", n.Lines)
	}
}

// TestYAMLProblems: every problem in YAML front matter names the file and
// the line, and says how to fix it.
func TestYAMLProblems(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"colon in a value", "---\ntitle: Talks: day one\ndate: 2025-02-12\n---\n",
			`content/x.md:2: YAML syntax: a value that holds ": " must be in quotes`},
		{"unclosed list", "---\ntitle: A\ndate: 2025-02-12\ntags: [a, b\n---\n",
			"content/x.md:4: YAML syntax: the list is not closed: end it with ], like [Kyiv, Ukraine]"},
		{"set twice", "---\ntitle: A\ndate: 2025-02-12\ntitle: B\n---\n",
			`content/x.md:4: YAML syntax: "title" is set twice: keep one of the two lines`},
		{"tab", "---\ntitle: A\ndate: 2025-02-12\n\tsummary: x\n---\n",
			"content/x.md:4: YAML syntax: indent with spaces, not tabs"},
		{"unclosed quote", "---\ntitle: \"A\ndate: 2025-02-12\n---\n",
			"content/x.md:2: YAML syntax: the text in quotes is never closed"},
		{"not fields", "---\n- a\n- b\n---\n",
			"content/x.md:2: front matter must be fields, one per line"},
		{"text for true or false", "---\ntitle: A\ndate: 2025-02-12\ndraft: yes\n---\n",
			`content/x.md:4: "draft" must be true or false, not "yes"`},
		{"list for text", "---\ntitle: [A, B]\ndate: 2025-02-12\n---\n",
			`content/x.md:2: "title" must be text, not a list`},
		// A briefing's date needs its day: no partial date is offered.
		{"bad date", "---\ntitle: A\ndate: yesterday\n---\n",
			`content/x.md:3: "date" must be a date like 2025-02-12, not "yesterday"`},
		{"impossible date", "---\ntitle: A\ndate: 2025-02-30\n---\n",
			`content/x.md:3: "date" must be a date like 2025-02-12`},
		{"list in a list of names", "---\ntitle: A\ndate: 2025-02-12\npeople: [[A]]\n---\n",
			`content/x.md:4: "people" must be a list of names, like [Kyiv, Ukraine]; a list is not a name`},
		{"missing title", "---\ndate: 2025-02-12\n---\n",
			"content/x.md:1: missing title: add title: ... to the front matter"},
		{"typo", "---\ntitle: A\ndate: 2025-02-12\nsumary: S\n---\n",
			`content/x.md:4: warning: unknown field "sumary"; did you mean "summary"?`},
		{"source without url", "---\ntitle: A\ndate: 2025-02-12\nsources:\n- title: T\n---\n",
			`content/x.md:5: warning: source "T" has no url: add url: https://... to it`},
		{"unknown tag", "---\ntitle: !secret A\ndate: 2025-02-12\n---\n",
			"content/x.md:2: the YAML tag !secret is not read: remove it"},
		{"alias before its anchor", "---\ntitle: A\ndate: 2025-02-12\npeople: *who\n---\n",
			"content/x.md:4: the alias *who names no anchor before it"},
		{"merge key", "---\ntitle: A\ndate: 2025-02-12\n<<: {draft: true}\n---\n",
			"content/x.md:4: YAML merge keys (<<) are not read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, msgs := decode(t, KindBriefing, tc.src)
			for _, m := range msgs {
				if strings.HasPrefix(m, tc.want) {
					return
				}
			}
			t.Errorf("got %q, want a problem starting %q", msgs, tc.want)
		})
	}
}

// TestYAMLBillionLaughs: aliases that repeat aliases until a few lines
// stand for a billion values are an error at the line that goes too far,
// found without expanding them.
func TestYAMLBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: A\ndate: 2025-02-12\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	b.WriteString("---\n")
	start := time.Now()
	n, msgs := decode(t, KindBriefing, b.String())
	if n != nil || len(msgs) != 1 || !strings.HasPrefix(msgs[0], "content/x.md:8: the front matter holds more than 10000 values") {
		t.Errorf("got %v, %q; want no note and one error at line 8", n, msgs)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d) // it takes a millisecond; this only catches a hang
	}
}

func TestPlainResolve(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"true", true}, {"False", false}, {"yes", "yes"}, {"NO", "NO"}, {"~", nil}, {"null", nil},
		{"12", int64(12)}, {"-3", int64(-3)}, {"+4", int64(4)}, {"0x1F", int64(31)}, {"0o17", int64(15)},
		{"1_000", "1_000"}, {"0b11", "0b11"}, {"1.5", 1.5}, {"1e3", 1000.0}, {"2025-02-12", "2025-02-12"}, {"++1", "++1"},
	}
	for _, tc := range tests {
		if got := plain(tc.in).resolve(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("plain(%q).resolve() = %#v, want %#v", tc.in, got, tc.want)
		}
	}
}

// TestDocsShowTheSameBriefingInBothFormats: the TOML and YAML examples
// side by side in docs/content.md make the same briefing, with no
// problem.
func TestDocsShowTheSameBriefingInBothFormats(t *testing.T) {
	doc, err := os.ReadFile("../../docs/content.md")
	if err != nil {
		t.Fatal(err)
	}
	block := func(lang string) string {
		_, rest, ok := strings.Cut(string(doc), "```"+lang+"\n")
		if !ok {
			t.Fatalf("docs/content.md has no %s example", lang)
		}
		text, _, _ := strings.Cut(rest, "```")
		return text
	}
	tn, tmsgs := decode(t, KindBriefing, block("toml"))
	yn, ymsgs := decode(t, KindBriefing, block("yaml"))
	if len(tmsgs)+len(ymsgs) > 0 || tn == nil || yn == nil {
		t.Fatalf("problems: %q %q", tmsgs, ymsgs)
	}
	forgetLines(tn)
	forgetLines(yn)
	if !reflect.DeepEqual(tn.Briefing, yn.Briefing) || string(tn.Body) != string(yn.Body) {
		t.Errorf("TOML example %+v, YAML example %+v", tn.Briefing, yn.Briefing)
	}
}

// forgetLines clears the lines a note's sources and corrections keep,
// which differ between the formats, so that two decodings compare.
func forgetLines(n *Note) {
	if n == nil || n.Briefing == nil {
		return
	}
	for i := range n.Briefing.Sources {
		n.Briefing.Sources[i].lines = [len(sourceFields) + 1]int32{}
	}
	for i := range n.Briefing.Corrections {
		n.Briefing.Corrections[i].Line = 0
	}
}
