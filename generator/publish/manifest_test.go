package publish

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzManifest: the manifest at the root of an output folder is read on
// every build, and a user may edit or damage it. Reading never panics,
// and what it reads is written back the same.
func FuzzManifest(f *testing.F) {
	m := newManifest()
	m.files["index.html"] = entry{sum: "x1f", size: 3, ino: 9, mtime: 17}
	m.files["a b/c.html"] = entry{sum: "c12.34", size: 12, ino: 10, mtime: 18}
	m.dirs["a b"] = 99
	f.Add(m.encode())
	f.Add([]byte("This folder is written by briefings; every build replaces it.\n"))
	f.Add([]byte(manifestHeader + " partial\nf - 0 0 0 x\nd 0 ..\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, legacy, err := parseManifest(bytes.NewReader(data))
		if err != nil || legacy {
			return
		}
		again, _, err := parseManifest(bytes.NewReader(m.encode()))
		if err != nil {
			t.Fatalf("the manifest written cannot be read: %v", err)
		}
		if !bytes.Equal(again.encode(), m.encode()) || again.partial != m.partial {
			t.Fatalf("read back differently")
		}
		for p := range m.files {
			if !localPath(p) || strings.Contains(p, "\n") {
				t.Fatalf("path %q accepted", p)
			}
		}
	})
}

// TestDamagedManifestIsReplaced: a manifest that cannot be read (edited
// by hand, say) is taken like the marker of an older briefings: every
// file in the folder is the build's, and the build replaces them.
func TestDamagedManifestIsReplaced(t *testing.T) {
	src, dest := newSite(t)
	publishBuild(t, src, dest, buildA)
	write(t, dest, map[string]string{Marker: manifestHeader + "\nf x1 nonsense\n"})
	publishBuild(t, src, dest, buildB)
	sameTree(t, tree(t, dest), want(buildB))
	if _, legacy, err := readManifest(dest + "/" + Marker); err != nil || legacy {
		t.Errorf("the manifest was not written again: %v", err)
	}
}
