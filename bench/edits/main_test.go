package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFieldEditsTheFrontMatterAsAWriterWould checks the front matter
// edits the bench makes: a key that is there is replaced, one that is
// not goes before the first table ([[sources]]), where TOML keeps the
// note's own keys, and the body stays as it was.
func TestFieldEditsTheFrontMatterAsAWriterWould(t *testing.T) {
	dir := t.TempDir()
	note := "+++\ntitle = \"Old\"\ndate = 2020-01-02\n[[sources]]\ntitle = \"A source\"\n+++\nThe body.\n"
	if err := os.WriteFile(filepath.Join(dir, "n.md"), []byte(note), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &editor{dir: dir}
	for _, tc := range []struct{ key, value, want string }{
		{"title", `"New"`, "+++\ntitle = \"New\"\ndate = 2020-01-02\n[[sources]]\ntitle = \"A source\"\n+++\nThe body.\n"},
		{"draft", "true", "+++\ntitle = \"New\"\ndate = 2020-01-02\ndraft = true\n[[sources]]\ntitle = \"A source\"\n+++\nThe body.\n"},
		{"draft", "false", "+++\ntitle = \"New\"\ndate = 2020-01-02\ndraft = false\n[[sources]]\ntitle = \"A source\"\n+++\nThe body.\n"},
	} {
		if err := e.field("n.md", tc.key, tc.value); err != nil {
			t.Fatal(err)
		}
		got, err := e.read("n.md")
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s = %s: got\n%s\nwant\n%s", tc.key, tc.value, got, tc.want)
		}
	}
}
