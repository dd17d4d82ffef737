package content

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestDirReadsLikeOSDirFS: Dir's ReadFile gives what os.DirFS gives, bytes
// and errors, for the files a content folder may hold.
func TestDirReadsLikeOSDirFS(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"empty.md":             nil,
		"one.md":               []byte("x"),
		"briefings/long.md":    bytes.Repeat([]byte("Zelensky met Healey in Kyiv. "), 4000),
		"people/ольга.md":      []byte("+++\nname = \"Ольга\"\n+++\n"),
		"exactly-512.md":       bytes.Repeat([]byte("a"), 512),
		"briefings/notes.md/x": []byte("a folder named like a note"),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ours, theirs := Dir(dir, dir), os.DirFS(dir)
	for _, name := range []string{"empty.md", "one.md", "briefings/long.md", "people/ольга.md", "exactly-512.md", "briefings/notes.md", "missing.md", "../outside.md", "/abs.md"} {
		got, err := fs.ReadFile(ours, name)
		want, wantErr := fs.ReadFile(theirs, name)
		if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) {
			t.Errorf("%s: %d bytes, %v; os.DirFS: %d bytes, %v", name, len(got), err, len(want), wantErr)
		}
		if wantErr != nil && !errors.Is(err, errors.Unwrap(wantErr)) && !errors.Is(wantErr, fs.ErrInvalid) {
			t.Errorf("%s: error %v, os.DirFS gives %v", name, err, wantErr)
		}
	}
	if _, err := fs.ReadFile(ours, "missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing.md: %v, want a not-exist error", err)
	}
}

// TestDirKeepsToTheSite: Dir follows a symbolic link only when its
// target is inside the site folder, and reads only regular files, at
// once: a named pipe does not wait for a writer, and /dev/zero is not
// read (issue 20).
func TestDirKeepsToTheSite(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	for name, data := range map[string]string{
		"outside.txt":                 "the builder's secret",
		"site/content/briefings/a.md": "a note",
		"site/shared/b.md":            "a note kept elsewhere in the site",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	content := filepath.Join(site, "content")
	links := map[string]string{
		"briefings/inside.md":   "../../shared/b.md",
		"briefings/outside.md":  filepath.Join(root, "outside.txt"),
		"briefings/relative.md": "../../../outside.txt",
		"briefings/zero.md":     "/dev/zero",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(content, filepath.FromSlash(name))); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	fifo := filepath.Join(content, "briefings", "fifo.md")
	if err := mkfifo(fifo); err != nil {
		t.Logf("no named pipe: %v", err)
		fifo = ""
	}
	fsys := Dir(content, site)

	for _, name := range []string{"briefings/a.md", "briefings/inside.md"} {
		if _, err := fs.ReadFile(fsys, name); err != nil {
			t.Errorf("%s: %v, want it read", name, err)
		}
		if _, err := fs.Stat(fsys, name); err != nil {
			t.Errorf("stat %s: %v", name, err)
		}
	}
	for _, name := range []string{"briefings/outside.md", "briefings/relative.md", "briefings/zero.md"} {
		var outside *OutsideError
		if b, err := fs.ReadFile(fsys, name); !errors.As(err, &outside) {
			t.Errorf("%s: %d bytes, %v; want an OutsideError", name, len(b), err)
		}
		if _, err := fs.Stat(fsys, name); !errors.As(err, &outside) {
			t.Errorf("stat %s: %v, want an OutsideError", name, err)
		}
	}
	if fifo != "" {
		done := make(chan error, 1)
		go func() {
			_, err := fs.ReadFile(fsys, "briefings/fifo.md")
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("reading a named pipe: %v, want ErrNotRegular", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("reading a named pipe waits for a writer")
		}
	}
}
