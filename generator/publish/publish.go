// Package publish writes a build's files to the output folder. The
// output folder is, at every instant, one whole build, old or new, with
// its .git (a gh-pages worktree), CNAME and the paths site.toml lists
// under keep: a build is written to a tree beside the output and swapped
// in whole (renameat2 RENAME_EXCHANGE on Linux), even if the build is
// killed at any point. A rebuild writes only the files whose bytes
// changed: the tree it writes is the build before the last, kept beside
// the output, whose unchanged files are hard links to the output's own.
// Every output holds a manifest of what briefings wrote there (Marker),
// so that a file a user adds is never deleted: the build refuses the
// folder instead, naming it.
//
// publish knows nothing about pages: it writes bytes. Its key types are
// File, Plan and Output.
package publish

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
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
	// made, so that its Make may use what they made (a list of the
	// output with the sizes of its files, say).
	After bool
	// Kept, set by generator.Builder in place of Data, says that the
	// file's bytes are those it last published at Path, Size of them
	// (layout.File.Kept). Such a file is never given to Publish or
	// Update.
	Kept bool
	Size int
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
	var foreign []string
	for _, e := range entries {
		if !kept(e.Name(), keep) {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) > 0 {
		return refusal(d, foreign)
	}
	return nil
}

// resolve follows symbolic links in path as far as it exists, so that a
// link to the site folder is seen for what it is.
func resolve(path string) string {
	// A link whose target does not exist yet (public -> /srv/www,
	// before the first build) stands for its target.
	for range 40 {
		target, err := os.Readlink(path)
		if err != nil {
			break
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = filepath.Clean(target)
	}
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

// Write publishes the plan: it opens the output folder (Open) and
// publishes every file (Output.Publish). On error, or when ctx ends, the
// output folder is as it was, and nothing is left beside it but the
// previous build kept for the next.
func Write(ctx context.Context, p *Plan) error {
	o, err := Open(p.Dest, p.Source, p.Keep)
	if err != nil {
		return err
	}
	_, err = o.Publish(ctx, p.Files, p.Copies)
	if err != nil && ctx.Err() == nil {
		err = fmt.Errorf("%w; %s was not changed", err, p.Dest)
	}
	return err
}

// checkPaths refuses output paths that would land outside the output
// folder, and a path published both as a file and as a folder holding
// other files (static/news and content/news/x.png, say), naming where
// the copied ones come from.
func checkPaths(files []File, copies map[string]string, reserved ...string) error {
	from := map[string]string{}
	for _, r := range reserved {
		from[r] = "a generated page"
	}
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

// rename is os.Rename; tests replace it to make a step of recovering an
// older briefings' leftovers fail.
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
		if k == "" || k == "." || !filepath.IsLocal(k) || slices.Contains(out, k) {
			continue
		}
		out = append(out, k)
	}
	return out
}

// recoverLeftovers cleans up after a build of an older briefings (which
// moved kept entries into its staging folder and the old output aside)
// that was interrupted (killed, or the machine stopped) while it
// published to dest. If the build stopped
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

// buffered holds the writers through which pages stream to their files:
// the largest entity pages are 10 to 20 MB at 100,000 briefings, and a
// buffer of each page grew to hold it.
var buffered = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

func getBuffered(w io.Writer) *bufio.Writer {
	b := buffered.Get().(*bufio.Writer)
	b.Reset(w)
	return b
}

func putBuffered(b *bufio.Writer) {
	b.Reset(nil)
	buffered.Put(b)
}
