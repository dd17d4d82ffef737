package content

import (
	"strings"
	"testing"

	"briefings/generator/config"
	"briefings/generator/diag"
)

// convert converts src, a note of kind, to the format to, failing the
// test on a problem.
func convert(t *testing.T, kind, src string, to Format) string {
	t.Helper()
	var diags diag.List
	out := Convert("content/x.md", kind, []byte(src), config.BuiltinKinds, to, &diags)
	if out == nil || len(diags.Items()) > 0 {
		t.Fatalf("Convert to %v: %v", to, diags.Items())
	}
	return string(out)
}

// TestConvertWritesEachFormatAsEditorsDo: the front matter is written the
// way people write each format, comments and blank lines kept where they
// were, and back again.
func TestConvertWritesEachFormatAsEditorsDo(t *testing.T) {
	tomlNote := `+++
# The call itself.
title = "Talks should begin \"immediately\": Trump" # the headline
date = 2025-02-12

summary = """
Two lines
of summary."""
people = ["Trump", "Putin"]
countries = "NO"
tags = [
  "peace talks", # the main one
  # and one more
  "yes",
]
weight = 3
[[sources]]
title = "UPI: the call"
url = "https://example.org/a"

[[sources]]
title = "Kremlin"
url = "https://example.org/b"
# That is all.
+++
Body with --- and +++ lines
+++
`
	yamlNote := `---
# The call itself.
title: "Talks should begin \"immediately\": Trump" # the headline
date: 2025-02-12

summary: |-
  Two lines
  of summary.
people:
  - Trump
  - Putin
countries: "NO"
# the main one
# and one more
tags:
  - peace talks
  - "yes"
weight: 3
sources:
  - title: "UPI: the call"
    url: https://example.org/a
  - title: Kremlin
    url: https://example.org/b
# That is all.
---
Body with --- and +++ lines
+++
`
	if got := convert(t, KindBriefing, tomlNote, YAML); got != yamlNote {
		t.Errorf("TOML to YAML:\n%s\nwant:\n%s", got, yamlNote)
	}
	// Back to TOML: the same note, with the comments that moved where
	// YAML put them, and lists on one line.
	wantTOML := `+++
# The call itself.
title = "Talks should begin \"immediately\": Trump" # the headline
date = 2025-02-12

summary = """
Two lines
of summary."""
people = ["Trump", "Putin"]
countries = "NO"
# the main one
# and one more
tags = ["peace talks", "yes"]
weight = 3
[[sources]]
title = "UPI: the call"
url = "https://example.org/a"
[[sources]]
title = "Kremlin"
url = "https://example.org/b"
# That is all.
+++
Body with --- and +++ lines
+++
`
	if got := convert(t, KindBriefing, yamlNote, TOML); got != wantTOML {
		t.Errorf("YAML to TOML:\n%s\nwant:\n%s", got, wantTOML)
	}
}

// TestConvertKeepsTheFileAsItWas: the body byte for byte, the byte order
// mark, CRLF line endings, a note in the format already, and a front
// matter that ends the file.
func TestConvertKeepsTheFileAsItWas(t *testing.T) {
	crlf := "\ufeff+++\r\nname = \"Kyiv\"\r\n+++\r\nBody\r\n\r\n  kept \t as is\r\n"
	want := "\ufeff---\r\nname: Kyiv\r\n---\r\nBody\r\n\r\n  kept \t as is\r\n"
	if got := convert(t, "countries", crlf, YAML); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	same := "---\nname: Kyiv\n---\n"
	if got := convert(t, "countries", same, YAML); got != same {
		t.Errorf("a YAML note converted to YAML changed: %q", got)
	}
	if got, want := convert(t, "countries", "+++\nname = \"Kyiv\"\n+++", YAML), "---\nname: Kyiv\n---"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestConvertKeepsWhatYAMLWouldMisread: text YAML readers would take for
// a boolean, a number, null or a date is quoted; partial dates stay
// partial; a field the note does not have keeps its type.
func TestConvertKeepsWhatYAMLWouldMisread(t *testing.T) {
	got := convert(t, "events", `+++
name = "2025"
aliases = ["NO", "off", "y", "null", "1.5", "2022-02-24", "- dash", "a: b", "#tag", ""]
date = "2014"
end_date = "2014-03"
location = "Oslo"
rank = 2
when = 2025-02-12
+++
`, YAML)
	want := `---
name: "2025"
aliases:
  - "NO"
  - "off"
  - "y"
  - "null"
  - "1.5"
  - "2022-02-24"
  - "- dash"
  - "a: b"
  - "#tag"
  - ""
date: 2014
end_date: 2014-03
location: Oslo
rank: 2
when: 2025-02-12
---
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	back := convert(t, "events", want, TOML)
	if !strings.Contains(back, "rank = 2\nwhen = 2025-02-12\n") || !strings.Contains(back, `date = "2014"`) {
		t.Errorf("back to TOML:\n%s", back)
	}
}

// TestConvertRefusesANoteWithAnError: a note with an error is not
// converted, and the error says why.
func TestConvertRefusesANoteWithAnError(t *testing.T) {
	var diags diag.List
	out := Convert("content/x.md", KindBriefing, []byte("+++\ntitle = \"A\"\ndate = \"soon\"\n+++\n"), config.BuiltinKinds, YAML, &diags)
	if out != nil || len(diags.Items()) != 1 || !strings.HasPrefix(diags.Items()[0].String(), `content/x.md:3: "date" must be a date`) {
		t.Errorf("got %q, %v", out, diags.Items())
	}
}

// TestConvertEmptyYAMLFieldToTOML: a YAML key with nothing after it has no
// TOML form; it stays in the file as a comment.
func TestConvertEmptyYAMLFieldToTOML(t *testing.T) {
	got := convert(t, "people", "---\nname: N\nrole:\ncssclasses: [wide]\n---\n", TOML)
	want := "+++\nname = \"N\"\n# role = (empty)\ncssclasses = [\"wide\"]\n+++\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestConvertNeverWritesAFence: text holding a line of +++ or --- is
// written so that the line cannot close the front matter.
func TestConvertNeverWritesAFence(t *testing.T) {
	yaml := "---\ntitle: A\ndate: 2025-02-12\nsummary: \"one\\n+++\\ntwo\\n---\\nthree\"\n---\nBody.\n"
	toml := convert(t, KindBriefing, yaml, TOML)
	if !strings.Contains(toml, `summary = "one\n+++\ntwo\n---\nthree"`) {
		t.Errorf("got:\n%s", toml)
	}
	back := convert(t, KindBriefing, toml, YAML)
	if !strings.Contains(back, "summary: |-\n  one\n  +++\n  two\n  ---\n  three\n---\nBody.\n") {
		t.Errorf("got:\n%s", back)
	}
}

// TestConvertKeepsWhetherATimeHasAZone: a time written without a zone is
// read in the site's timezone, one with a zone is an instant; both stay
// so in the other format.
func TestConvertKeepsWhetherATimeHasAZone(t *testing.T) {
	toml := "+++\nname = \"E\"\ndate = 2025-02-12T09:30:00\nend_date = 2025-02-12T10:30:00+01:00\n+++\n"
	yaml := convert(t, "events", toml, YAML)
	if want := "---\nname: E\ndate: 2025-02-12T09:30:00\nend_date: 2025-02-12T10:30:00+01:00\n---\n"; yaml != want {
		t.Errorf("got %q, want %q", yaml, want)
	}
	if back := convert(t, "events", yaml, TOML); back != toml {
		t.Errorf("got %q, want %q", back, toml)
	}
}
