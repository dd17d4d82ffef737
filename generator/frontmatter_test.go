package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"briefings/generator/sitetest"
)

// TestYAMLAndTOMLFrontMatterBuildTheSameSite (issue 28): the same notes
// with TOML front matter, with YAML front matter, and with a mix of the
// two build byte for byte the same site, with no problem reported.
func TestYAMLAndTOMLFrontMatterBuildTheSameSite(t *testing.T) {
	archive, err := os.ReadFile("testdata/frontmatter.txtar")
	if err != nil {
		t.Fatal(err)
	}
	sites := map[string]map[string][]byte{"toml": {}, "yaml": {}, "mixed": {}}
	for _, f := range txtar.Parse(archive).Files {
		format, name, _ := strings.Cut(f.Name, "/")
		// The mixed site takes every other file from each side.
		if (format == "toml") == (len(sites[format])%2 == 0) {
			sites["mixed"][name] = f.Data
		}
		sites[format][name] = f.Data
	}
	if len(sites["mixed"]) != len(sites["toml"]) || len(sites["toml"]) != len(sites["yaml"]) {
		t.Fatalf("the archive's two sides do not hold the same files")
	}
	built := map[string]map[string]string{}
	for format, site := range sites {
		dir := t.TempDir()
		for name, data := range site {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r := sitetest.BuildDir(t, dir)
		r.NoProblems()
		built[format] = files(t, r.Dest)
	}
	want := built["toml"]
	if len(want) < 20 {
		t.Fatalf("the TOML site built only %d files", len(want))
	}
	// A briefing's aliases, as Obsidian's, are names a wikilink may use.
	if oslo := want["briefings/2025-02-13-oslo/index.html"]; !strings.Contains(oslo, `class="wikilink" href="../../briefings/2025-02-12-call/index.html"`) {
		t.Errorf("[[the call]] does not link to the briefing whose alias it is:\n%s", oslo)
	}
	for _, format := range []string{"yaml", "mixed"} {
		got := built[format]
		for p, w := range want {
			if g, ok := got[p]; !ok {
				t.Errorf("%s site: %s is missing", format, p)
			} else if g != w {
				t.Errorf("%s site: %s differs from the TOML site's:\n%s", format, p, whereParted(g, w))
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				t.Errorf("%s site: %s is not in the TOML site", format, p)
			}
		}
	}
}

// whereParted shows where two texts part.
func whereParted(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + got[from:min(len(got), i+80)] + "\nwant: …" + want[from:min(len(want), i+80)]
}
