package config

import (
	"os"
	"strings"
	"testing"

	"briefings/generator/diag"
)

// FuzzParse: site.toml of any text never panics, and every problem is
// placed on a line the text has (or on the file as a whole).
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("../../site.toml"); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{"title = \"T\"\n", "[[kinds]]\nname = \"orgs\"\ncname = \"x\"\n[params]\nkeep = [\"a\"]\n",
		"a = \"\"\"\nb = 1\n\"\"\"\n[[markings]]\nname = \"X\"\ncolour = 1\n", "[kinds.\"a b\".c]\nd = 1\n", "x = [\n 1,\n]\n[t]\n'q' = 2\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var diags diag.List
		s := Default()
		Parse([]byte(src), "site.toml", s, &diags)
		lines := strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\n") + 1
		for _, d := range diags.Items() {
			if d.Pos.Line < 0 || d.Pos.Line > lines {
				t.Errorf("%s: line %d of a text of %d lines", d, d.Pos.Line, lines)
			}
		}
	})
}
