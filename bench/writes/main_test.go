package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadManifest checks the lines find -printf '%P %s\n' prints, a path
// with spaces among them, and that a malformed line is reported with its
// file and line.
func TestReadManifest(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	writeFile(t, good, "index.html 120\nstatic/my notes.txt 7\nempty 0\n")
	files, err := read(good)
	if err != nil {
		t.Fatal(err)
	}
	want := []file{{"index.html", 120}, {"static/my notes.txt", 7}, {"empty", 0}}
	if len(files) != len(want) {
		t.Fatalf("read %v, want %v", files, want)
	}
	for i := range want {
		if files[i] != want[i] {
			t.Errorf("line %d: got %+v, want %+v", i+1, files[i], want[i])
		}
	}

	for _, line := range []string{"index.html", "index.html twelve", " 12", "/etc/passwd 12", "../up 12", "a/../../up 3", "a -1"} {
		bad := filepath.Join(dir, "bad")
		writeFile(t, bad, "ok.html 1\n"+line+"\n")
		_, err := read(bad)
		if err == nil || !strings.HasPrefix(err.Error(), bad+":2: ") {
			t.Errorf("line %q: got error %v, want one starting %q", line, err, bad+":2: ")
		}
	}
}

// writeFile writes text to path, stopping the test if it cannot.
func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWrite checks that every file of the manifest is written with its
// size, in the folders its path names.
func TestWrite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "out")
	files := []file{{"index.html", 5000}, {"people/a/index.html", 3}, {"people/b/index.html", 0}}
	n, err := write(files, dest)
	if err != nil {
		t.Fatal(err)
	}
	if n != 5003 {
		t.Errorf("wrote %d bytes, want 5003", n)
	}
	for _, f := range files {
		info, err := os.Stat(filepath.Join(dest, filepath.FromSlash(f.path)))
		if err != nil {
			t.Error(err)
		} else if info.Size() != int64(f.size) {
			t.Errorf("%s: %d bytes, want %d", f.path, info.Size(), f.size)
		}
	}
}

// FuzzRead checks that no manifest makes read panic, and that every file
// it accepts has a relative path inside the output folder and a size.
func FuzzRead(f *testing.F) {
	f.Add("index.html 12\nstatic/a b.txt 3\n")
	f.Add("../x 1\n")
	f.Add(" 1\n\n")
	f.Fuzz(func(t *testing.T, manifest string) {
		p := filepath.Join(t.TempDir(), "m")
		writeFile(t, p, manifest)
		files, err := read(p)
		if err != nil {
			return
		}
		for _, f := range files {
			if f.path == "" || f.size < 0 || filepath.IsAbs(f.path) || !filepath.IsLocal(filepath.FromSlash(f.path)) {
				t.Errorf("accepted %+v", f)
			}
		}
	})
}
