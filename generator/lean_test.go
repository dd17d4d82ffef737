package generator

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOverriddenTemplatesKeepTheBuildLean: a site whose layouts/ replaces
// templates with ones that show only what the built-in theme may is built
// as leanly as with the built-in theme, letting go of the notes' sources
// (issue 23: an override costs no memory); one whose templates name a
// note, its source or its front matter names keeps them.
func TestOverriddenTemplatesKeepTheBuildLean(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"no layouts", nil, false},
		{"a copy of baseof.html", map[string]string{"baseof.html": `<title>{{ .Title }}</title>{{ block "main" . }}{{ end }}`}, false},
		{"assets only", map[string]string{"assets/style.css": `.Note { color: red }`}, false},
		{"the front matter's names", map[string]string{"briefing.html": `{{ define "main" }}{{ len .Briefing.Named.people }}{{ end }}`}, true},
		{"a note's source", map[string]string{"_x.html": `{{ define "x" }}{{ printf "%s" .Briefing.Note.Body }}{{ end }}`}, true},
		{"a link to a template", nil, true},
		{"the edition's notes", map[string]string{"atom.xml": `{{ range .Site.Edition.Published }}{{ .Title }}{{ end }}`}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "layouts")
			for name, text := range tc.files {
				path := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.name == "a link to a template" {
				os.MkdirAll(dir, 0o755)
				os.Symlink("elsewhere.html", filepath.Join(dir, "briefing.html"))
			}
			if got := showsSources(dir); got != tc.want {
				t.Errorf("showsSources = %v, want %v", got, tc.want)
			}
		})
	}
}
