// Package publish writes a build's files to the output folder safely. A
// full build writes everything to a staging folder beside the output and
// swaps it in only when every file is written, so a failed or interrupted
// build leaves the previous output exactly as it was; the output's .git
// (a gh-pages worktree), CNAME and the paths site.toml lists under keep
// survive every build. Sync, for watch and serve, updates the output in
// place and writes only files whose bytes changed.
//
// publish knows nothing about pages: it writes bytes. Its key types are
// File and Plan.
package publish

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

// File is one output file: Path is slash-separated, relative to the output
// folder.
type File struct {
	Path string
	Data []byte
	// Make, when set, writes the file's bytes to w at the moment the
	// file is written, in place of Data, so that a build need not hold
	// every page in memory at once. It may be called from any goroutine.
	// When it fails, what it wrote is thrown away with the build.
	Make func(w io.Writer) error
	// After says to make the file once every file without After is
	// written and copied, so that its Make may use what they wrote (a
	// list of the output with the sizes of its files, say).
	After bool
}

// Plan is everything a build publishes.
type Plan struct {
	// Dest is the output folder.
	Dest string
	// Source is the site folder, which Dest must not overwrite.
	Source string
	// Files are the rendered files.
	Files []File
	// Copies maps output paths to files to copy as they are (static/,
	// page bundles).
	Copies map[string]string
	// Keep lists output paths that survive every build, besides .git
	// and CNAME.
	Keep []string
}

// Marker is the file every output folder gets, so that a later build knows
// the folder is its own to replace.
const Marker = ".briefings"

// Check refuses an output folder that would overwrite or delete what the
// user wrote: the site folder itself or one that holds it, a folder with
// content/ or site.toml, /, the home folder, or a non-empty folder that no
// build of briefings wrote.
func Check(dest, source string, keep []string) error {
	d, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	s, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	d, s = resolve(filepath.Clean(d)), resolve(filepath.Clean(s))
	home, _ := os.UserHomeDir()
	if home != "" {
		home = resolve(filepath.Clean(home))
	}
	switch {
	case d == "/" || d == filepath.VolumeName(d)+string(filepath.Separator):
		return fmt.Errorf("refusing to write the site to %s: choose an output folder such as public/", d)
	case home != "" && d == filepath.Clean(home):
		return fmt.Errorf("refusing to write the site to the home folder %s: choose an output folder such as public/", d)
	case d == s:
		return fmt.Errorf("refusing to write the site into its own source folder %s: choose an output folder such as %s", d, filepath.Join(s, "public"))
	case strings.HasPrefix(s, d+string(filepath.Separator)):
		return fmt.Errorf("refusing to write the site to %s, which holds the source folder %s: choose an output folder such as %s", d, s, filepath.Join(s, "public"))
	}
	for _, name := range []string{"content", "layouts", "static"} {
		in := filepath.Join(s, name)
		if d == in || strings.HasPrefix(d, in+string(filepath.Separator)) {
			return fmt.Errorf("refusing to write the site to %s, inside the site's %s/ folder: choose an output folder such as %s", d, name, filepath.Join(s, "public"))
		}
	}
	for _, name := range []string{"content", "site.toml"} {
		if _, err := os.Stat(filepath.Join(d, name)); err == nil {
			return fmt.Errorf("refusing to write the site to %s: it holds %s, so it looks like a site's source; choose another output folder", d, name)
		}
	}
	entries, err := os.ReadDir(d)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read output folder: %w", err)
	}
	if slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == Marker }) {
		return nil
	}
	for _, e := range entries {
		if !kept(e.Name(), keep) {
			return fmt.Errorf("refusing to replace %s: it holds %s and other files that briefings did not write; empty it, choose another output folder, or list what must stay under keep in site.toml", d, e.Name())
		}
	}
	return nil
}

// resolve follows symbolic links in path as far as it exists, so that a
// link to the site folder is seen for what it is.
func resolve(path string) string {
	rest := ""
	for p := path; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(p) == p {
			return path
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// kept reports whether a top-level output entry survives builds.
func kept(name string, keep []string) bool {
	if name == ".git" || name == "CNAME" {
		return true
	}
	for _, k := range keep {
		k = strings.Trim(filepath.ToSlash(k), "/")
		if k == name || strings.HasPrefix(k, name+"/") {
			return true
		}
	}
	return false
}

// Write publishes the plan: everything is written to a staging folder
// beside Dest, the entries to keep are moved over from the old output,
// and the staging folder replaces Dest. On error Dest is as it was,
// kept entries included.
func Write(p *Plan) (err error) {
	if err := Check(p.Dest, p.Source, p.Keep); err != nil {
		return err
	}
	dest := filepath.Clean(p.Dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	recoverLeftovers(dest, p.Keep)
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".staging-")
	if err != nil {
		return fmt.Errorf("create staging folder: %w", err)
	}
	// moved lists the kept entries taken from the old output into stage,
	// to be put back if the build fails before the swap.
	var moved []string
	ok := false
	// lost names the folder holding the old output when the swap failed
	// halfway, for the error message.
	lost := ""
	defer func() {
		switch {
		case lost != "":
			err = fmt.Errorf("%w; the previous output is in %s, and the next build puts it back", err, lost)
		case !ok:
			var stuck []string
			for _, k := range slices.Backward(moved) {
				if rename(filepath.Join(stage, k), filepath.Join(dest, k)) != nil {
					stuck = append(stuck, k)
				}
			}
			if len(stuck) > 0 {
				err = fmt.Errorf("%w; %s could not be put back into %s: they are in %s, and the next build puts them back", err, strings.Join(stuck, ", "), dest, stage)
				return
			}
			os.RemoveAll(stage)
			err = fmt.Errorf("%w; %s was not changed", err, dest)
		}
	}()
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	files := append(slices.Clone(p.Files), File{Path: Marker, Data: []byte("This folder is written by briefings; every build replaces it.\n")})
	if err := checkPaths(files, p.Copies); err != nil {
		return err
	}
	if err := writeAll(stage, files, p.Copies, false); err != nil {
		return err
	}

	// Swap. Move what must stay out of the old output first, then the
	// folders; each step is a rename within one file system.
	old := ""
	if _, err := os.Stat(dest); err == nil {
		for _, k := range keepPaths(p.Keep, hasFile(files, "CNAME") || p.Copies["CNAME"] != "") {
			src := filepath.Join(dest, k)
			if _, err := os.Lstat(src); err != nil {
				continue
			}
			to := filepath.Join(stage, k)
			if err := os.RemoveAll(to); err != nil {
				return fmt.Errorf("keep %s: %w", k, err)
			}
			if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
				return fmt.Errorf("keep %s: %w", k, err)
			}
			if err := rename(src, to); err != nil {
				return fmt.Errorf("keep %s: %w", k, err)
			}
			moved = append(moved, k)
		}
		old = stage + ".old"
		if err := rename(dest, old); err != nil {
			return fmt.Errorf("replace output folder: %w", err)
		}
	}
	if err := rename(stage, dest); err != nil {
		if old != "" && rename(old, dest) != nil {
			// Leave everything where it is: the next build's
			// recoverLeftovers puts the old output back.
			lost = old
		}
		return fmt.Errorf("replace output folder: %w", err)
	}
	ok = true
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// checkPaths refuses output paths that would land outside the output
// folder, and a path published both as a file and as a folder holding
// other files (static/news and content/news/x.png, say), naming where
// the copied ones come from.
func checkPaths(files []File, copies map[string]string) error {
	from := map[string]string{}
	for _, f := range files {
		from[f.Path] = "a generated page"
	}
	for out, src := range copies {
		from[out] = src
	}
	for _, out := range slices.Sorted(maps.Keys(from)) {
		src := from[out]
		if !filepath.IsLocal(filepath.FromSlash(out)) {
			return fmt.Errorf("refusing to write %s (%s): it is not a path inside the output folder", out, src)
		}
		for dir := path.Dir(out); dir != "."; dir = path.Dir(dir) {
			if other, ok := from[dir]; ok {
				return fmt.Errorf("%s is published as a file (from %s) and as a folder holding %s (from %s): rename one of the two", dir, other, out, src)
			}
		}
	}
	return nil
}

// rename is os.Rename; tests replace it to make a step of Write fail.
var rename = os.Rename

// keepPaths lists the output paths a build carries over from the old
// output: .git, CNAME unless the build writes its own, and each keep
// entry that is a path inside the output folder.
func keepPaths(keep []string, ownCNAME bool) []string {
	out := []string{".git"}
	if !ownCNAME {
		out = append(out, "CNAME")
	}
	for _, k := range keep {
		k = filepath.FromSlash(strings.Trim(filepath.ToSlash(k), "/"))
		if k == "" || !filepath.IsLocal(k) || slices.Contains(out, k) {
			continue
		}
		out = append(out, k)
	}
	return out
}

func hasFile(files []File, path string) bool {
	return slices.ContainsFunc(files, func(f File) bool { return f.Path == path })
}

// recoverLeftovers cleans up after a build that was interrupted (killed,
// or the machine stopped) while it published to dest. If the build stopped
// between its two renames, dest is missing and the old output waits in a
// folder ending in .old: it is put back. Kept entries (.git, CNAME, keep)
// that the build had moved into its staging folder go back into dest.
// Then the staging folders are deleted, except one still holding a kept
// entry that could not be put back. Only folders named like ours are
// touched.
func recoverLeftovers(dest string, keep []string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".staging-*"))
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		for _, m := range matches {
			if strings.HasSuffix(m, ".old") && rename(m, dest) == nil {
				break
			}
		}
	}
	for _, m := range matches {
		if _, err := os.Lstat(m); err != nil {
			continue
		}
		safe := true
		for _, k := range keepPaths(keep, false) {
			from := filepath.Join(m, k)
			if _, err := os.Lstat(from); err != nil {
				continue
			}
			to := filepath.Join(dest, k)
			if _, err := os.Lstat(to); err == nil {
				continue // dest has its own; this one is a copy
			}
			os.MkdirAll(filepath.Dir(to), 0o755)
			if rename(from, to) != nil {
				safe = false
			}
		}
		if safe {
			os.RemoveAll(m)
		}
	}
}

// Sync updates Dest in place for watch and serve: it writes the files
// whose bytes changed (each through a temporary file and a rename, so a
// reader never sees half a file) and deletes the files of the previous
// sync that are gone, given as previous. It returns the paths it wrote or
// removed.
func Sync(p *Plan, previous []string) (changed []string, err error) {
	if err := Check(p.Dest, p.Source, p.Keep); err != nil {
		return nil, err
	}
	files := append(slices.Clone(p.Files), File{Path: Marker, Data: []byte("This folder is written by briefings; every build replaces it.\n")})
	if err := checkPaths(files, p.Copies); err != nil {
		return nil, err
	}
	// Files with After are made last: Make is called in this order.
	slices.SortStableFunc(files, func(a, b File) int { return compareAfter(a.After, b.After) })
	for i, f := range files {
		if f.Make != nil {
			var buf bytes.Buffer
			if err := f.Make(&buf); err != nil {
				return nil, fmt.Errorf("write %s: %w", f.Path, err)
			}
			files[i] = File{Path: f.Path, Data: buf.Bytes()}
		}
	}
	var dirty []File
	for _, f := range files {
		have, err := os.ReadFile(filepath.Join(p.Dest, filepath.FromSlash(f.Path)))
		if err != nil || !bytes.Equal(have, f.Data) {
			dirty = append(dirty, f)
		}
	}
	copies := map[string]string{}
	for out, src := range p.Copies {
		if !sameFile(src, filepath.Join(p.Dest, filepath.FromSlash(out))) {
			copies[out] = src
		}
	}
	if err := writeAll(p.Dest, dirty, copies, true); err != nil {
		return nil, err
	}
	for _, f := range dirty {
		changed = append(changed, f.Path)
	}
	for out := range copies {
		changed = append(changed, out)
	}
	now := map[string]bool{}
	for _, f := range files {
		now[f.Path] = true
	}
	for out := range p.Copies {
		now[out] = true
	}
	for _, prev := range previous {
		if !now[prev] && !kept(strings.SplitN(prev, "/", 2)[0], p.Keep) {
			os.Remove(filepath.Join(p.Dest, filepath.FromSlash(prev)))
			changed = append(changed, prev)
		}
	}
	sort.Strings(changed)
	return changed, nil
}

// Paths lists every output path of a plan, for the next Sync.
func (p *Plan) Paths() []string {
	var out []string
	for _, f := range p.Files {
		out = append(out, f.Path)
	}
	for o := range p.Copies {
		out = append(out, o)
	}
	sort.Strings(out)
	return out
}

// sameFile reports whether dst already has src's size and modification
// time is no older, so a static file need not be copied again.
func sameFile(src, dst string) bool {
	a, err := os.Stat(src)
	if err != nil {
		return false
	}
	b, err := os.Stat(dst)
	return err == nil && a.Size() == b.Size() && !b.ModTime().Before(a.ModTime())
}

// writeAll writes files and copies under root, creating folders first and
// then writing on several goroutines: creating files is most of a build's
// cost on slow disks. With atomic set, each file goes through a temporary
// file and a rename.
func writeAll(root string, files []File, copies map[string]string, atomic bool) error {
	// Each worker makes the folder of its file as it goes, most of them
	// a folder a page, so that making folders overlaps making pages.
	var made sync.Map
	mkdir := func(dir string) error {
		if _, ok := made.Load(dir); ok {
			return nil
		}
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		made.Store(dir, true)
		return nil
	}
	type job struct {
		path string
		data []byte
		make func(io.Writer) error
		from string
	}
	write := func(target string, data []byte) error { return os.WriteFile(target, data, 0o644) }
	if atomic {
		write = writeAtomic
	}
	var mu sync.Mutex
	var errs []error
	// do writes one file; a page streams to its file through w: the
	// largest entity pages are 10 to 20 MB at 100,000 briefings, and a
	// buffer of each page grew to hold it.
	do := func(j job, w *bufio.Writer) {
		target := filepath.Join(root, filepath.FromSlash(j.path))
		err := mkdir(filepath.Dir(target))
		switch {
		case err != nil:
		case j.from != "":
			err = copyFile(j.from, target)
		case j.make != nil && atomic:
			var buf bytes.Buffer
			if err = j.make(&buf); err == nil {
				err = write(target, buf.Bytes())
			}
		case j.make != nil:
			err = stream(target, w, j.make)
		default:
			err = write(target, j.data)
		}
		if err != nil {
			mu.Lock()
			errs = append(errs, fmt.Errorf("write %s: %w", j.path, err))
			mu.Unlock()
		}
	}
	jobs := make(chan job, 64)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			w := bufio.NewWriterSize(nil, 64<<10)
			for j := range jobs {
				do(j, w)
			}
		})
	}
	for _, f := range files {
		if !f.After {
			jobs <- job{path: f.Path, data: f.Data, make: f.Make}
		}
	}
	for out, src := range copies {
		jobs <- job{path: out, from: src}
	}
	close(jobs)
	wg.Wait()
	// Then the files made from what the others wrote, one at a time.
	w := bufio.NewWriterSize(nil, 64<<10)
	for _, f := range files {
		if f.After && len(errs) == 0 {
			do(job{path: f.Path, data: f.Data, make: f.Make}, w)
		}
	}
	return errors.Join(errs...)
}

// compareAfter orders files without After before those with it.
func compareAfter(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

// stream creates target and writes to it what make writes, through w.
func stream(target string, w *bufio.Writer, make func(io.Writer) error) error {
	f, err := create(target)
	if err != nil {
		return err
	}
	w.Reset(f)
	err = make(w)
	if err == nil {
		err = w.Flush()
	}
	w.Reset(nil)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeAtomic(target string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(target), ".tmp-")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	os.Chmod(tmp.Name(), 0o644)
	return os.Rename(tmp.Name(), target)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
