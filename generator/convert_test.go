package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefings/generator/sitetest"
)

// TestConvertDemoSiteRoundTrip (issue 28): the repository's demo site,
// converted to YAML with `briefings convert`, builds byte for byte the
// same site; converted back to TOML, every note is again the file it was.
func TestConvertDemoSiteRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	siteTOML, err := os.ReadFile("../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), siteTOML, 0o644); err != nil {
		t.Fatal(err)
	}
	original := files(t, filepath.Join(dir, "content"))
	build := func() map[string]string {
		r := sitetest.BuildDir(t, dir)
		if r.Failed {
			t.Fatalf("build failed:\n%s", r.Problems())
		}
		return files(t, r.Dest)
	}
	want := build()

	code, stdout, stderr := run(t, "convert", "-s", dir, "--to", "yaml")
	if code != 0 || !strings.HasPrefix(stdout, "convert: rewrote 17 notes in YAML") {
		t.Fatalf("convert --to yaml: exit %d, %q %q", code, stdout, stderr)
	}
	yaml := files(t, filepath.Join(dir, "content"))
	for p, text := range yaml {
		if strings.HasSuffix(p, ".md") && !strings.HasPrefix(text, "---\n") {
			t.Errorf("%s is not YAML:\n%s", p, text)
		}
		if _, body, ok := strings.Cut(original[p], "\n+++\n"); ok && !strings.HasSuffix(text, "\n---\n"+body) {
			t.Errorf("%s: the body was not kept", p)
		}
	}
	got := build()
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s differs once the notes are YAML:\n%s", p, whereParted(got[p], w))
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d files built from YAML, %d from TOML", len(got), len(want))
	}

	code, stdout, stderr = run(t, "convert", "-s", dir, "--to", "toml")
	if code != 0 || !strings.HasPrefix(stdout, "convert: rewrote 17 notes in TOML") {
		t.Fatalf("convert --to toml: exit %d, %q %q", code, stdout, stderr)
	}
	back := files(t, filepath.Join(dir, "content"))
	for p, text := range original {
		if back[p] != text {
			t.Errorf("%s is not the file it was after TOML → YAML → TOML:\n%s", p, whereParted(back[p], text))
		}
	}
	if len(back) != len(original) {
		t.Errorf("%d files in content/ after the round trip, %d before", len(back), len(original))
	}
}
