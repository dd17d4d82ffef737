package publish

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
)

// A manifest is what a tree written by briefings holds: every file it
// wrote, with a summary of its bytes and what the file system said of
// the file once written, and the mtime of every folder. It is the file
// Marker at the tree's root, written last, so it always describes the
// tree it is in; the tree and its manifest are swapped in together.
//
// A build trusts a file's bytes only while the file on disk still has the
// inode, size and mtime the manifest says (see entry.same): an edit by
// hand, a git checkout or a copy makes it write the file again. A folder
// whose mtime is as the manifest says has had no entry added or removed,
// so it need not be listed again to find files the user added.
type manifest struct {
	// partial marks a manifest written before a tree is complete: it
	// lists every path the tree may hold, but the tree is not a build.
	partial bool
	files   map[string]entry
	dirs    map[string]int64
}

// entry is a file of a manifest.
type entry struct {
	// sum says what the bytes are: "x" and the xxhash64 of the bytes in
	// hex for a file briefings made; "c" and the size and mtime of the
	// source file for a copy; "-" for unknown.
	sum   string
	size  int64
	ino   uint64
	mtime int64
}

// same reports whether a file on disk is still the one e describes.
func (e entry) same(s fileStat) bool {
	return s.exists && s.regular && e.ino != 0 && s.ino == e.ino && s.size == e.size && s.mtime == e.mtime
}

// manifestHeader starts every manifest; a Marker without it is the marker
// of an older briefings, which recorded no files.
const manifestHeader = "briefings output 2"

// manifestNote is the second line, for someone who opens the file.
const manifestNote = "# This folder is written by briefings, which keeps this list of the files it wrote. Any other file found here stops the next build, unless site.toml lists it under keep."

func newManifest() *manifest {
	return &manifest{files: map[string]entry{}, dirs: map[string]int64{}}
}

// readManifest reads the manifest at file. It returns nil and no error
// when the file is the marker of an older briefings (legacy), and an
// error when it cannot be read or is damaged.
func readManifest(file string) (m *manifest, legacy bool, err error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	return parseManifest(f)
}

func parseManifest(r io.Reader) (m *manifest, legacy bool, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	if !sc.Scan() {
		return nil, true, sc.Err()
	}
	head := sc.Text()
	if !strings.HasPrefix(head, manifestHeader) {
		return nil, true, nil
	}
	m = newManifest()
	m.partial = strings.TrimSpace(strings.TrimPrefix(head, manifestHeader)) == "partial"
	line := 1
	for sc.Scan() {
		line++
		t := sc.Text()
		bad := func() (*manifest, bool, error) {
			return nil, false, fmt.Errorf("line %d is damaged: %q", line, t)
		}
		switch {
		case t == "" || t[0] == '#':
		case strings.HasPrefix(t, "f "):
			fields := strings.SplitN(t[2:], " ", 5)
			if len(fields) != 5 || !localPath(fields[4]) {
				return bad()
			}
			size, err1 := strconv.ParseInt(fields[1], 10, 64)
			ino, err2 := strconv.ParseUint(fields[2], 10, 64)
			mtime, err3 := strconv.ParseInt(fields[3], 10, 64)
			if err1 != nil || err2 != nil || err3 != nil || fields[0] == "" {
				return bad()
			}
			m.files[fields[4]] = entry{sum: fields[0], size: size, ino: ino, mtime: mtime}
		case strings.HasPrefix(t, "d "):
			fields := strings.SplitN(t[2:], " ", 2)
			if len(fields) != 2 || !localPath(fields[1]) {
				return bad()
			}
			mtime, err := strconv.ParseInt(fields[0], 10, 64)
			if err != nil {
				return bad()
			}
			m.dirs[fields[1]] = mtime
		default:
			return bad()
		}
	}
	if err := sc.Err(); err != nil {
		return nil, false, err
	}
	return m, false, nil
}

// localPath reports whether p is a clean slash-separated path inside a
// tree, other than the tree itself.
func localPath(p string) bool {
	return p != "" && p != "." && path.Clean(p) == p && !strings.HasPrefix(p, "/") && !slices.Contains(strings.Split(p, "/"), "..")
}

// encode writes the manifest in its text form, sorted, so that two builds
// of the same site write the same lines.
func (m *manifest) encode() []byte {
	var b bytes.Buffer
	b.Grow(len(m.files)*96 + len(m.dirs)*48)
	b.WriteString(manifestHeader)
	if m.partial {
		b.WriteString(" partial")
	}
	b.WriteString("\n" + manifestNote + "\n")
	dirs := make([]string, 0, len(m.dirs))
	for d := range m.dirs {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	var line []byte
	for _, d := range dirs {
		line = append(line[:0], "d "...)
		line = strconv.AppendInt(line, m.dirs[d], 10)
		line = append(append(append(line, ' '), d...), '\n')
		b.Write(line)
	}
	files := make([]string, 0, len(m.files))
	for p := range m.files {
		files = append(files, p)
	}
	slices.Sort(files)
	for _, p := range files {
		e := m.files[p]
		line = append(append(append(line[:0], "f "...), e.sum...), ' ')
		line = strconv.AppendInt(line, e.size, 10)
		line = strconv.AppendUint(append(line, ' '), e.ino, 10)
		line = strconv.AppendInt(append(line, ' '), e.mtime, 10)
		line = append(append(append(line, ' '), p...), '\n')
		b.Write(line)
	}
	return b.Bytes()
}

// writeManifest writes m as the file Marker of the tree at dir, through a
// temporary file and a rename, so that the tree never holds half of one.
func writeManifest(dir string, m *manifest) error {
	tmp := dir + "/" + Marker + ".tmp"
	if err := os.WriteFile(tmp, m.encode(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, dir+"/"+Marker); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", Marker, err)
	}
	return nil
}

// dirOf returns the mtime m records for the folder d, 0 for none.
func (m *manifest) dirOf(d string) int64 {
	if m == nil {
		return 0
	}
	return m.dirs[d]
}
