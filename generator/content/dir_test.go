package content

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
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
	ours, theirs := Dir(dir), os.DirFS(dir)
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
