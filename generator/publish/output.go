package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Output is an output folder opened for publishing: Open checks it and
// reads what the last build left there, Publish writes a whole build,
// Update (for watch and serve) a change to the last one.
//
// Every build is written to a tree beside the output that is not the
// output, and swapped in whole when complete, so that at every instant
// the output folder is one whole build, old or new, with its .git, CNAME
// and keep entries (see Write). That tree is the output of the build
// before (the spare, in a folder .NAME.briefings beside the output): a
// build only writes the files whose bytes changed and links the others
// to the output's own, and the swap leaves the old output as the next
// spare. Nothing is deleted but files no longer built.
//
// Where the output folder cannot be swapped (a mount point, the current
// folder, a folder whose parent is not writable), its contents are
// replaced in place (see journal.go).
type Output struct {
	// dest is the output folder, absolute, its symbolic links resolved:
	// a linked output keeps its link, and the target is written.
	dest   string
	source string
	keep   []string
	// exists says whether dest exists; inPlace whether it is written
	// in place.
	exists, inPlace bool
	// have is dest's manifest (an empty one when none), and state what
	// the file system says of each of its files; legacy is set when dest
	// was written by an older briefings, which kept no list: everything
	// in it is taken as the build's.
	have   *manifest
	state  map[string]fileStat
	legacy bool
	// box is the folder beside dest holding the spare tree, box/spare;
	// spare is its manifest and spareState what the file system says of
	// its files (nil when there is no spare).
	box        string
	spare      *manifest
	spareState map[string]fileStat
	// trusted is set once this Output has published: have and spare are
	// what it wrote, and need no checking. Then lastWritten lists the
	// files the last publishing wrote (those the spare holds an older
	// copy of), and keysMatch says whether it added or removed none
	// (the spare lists the paths the output does).
	trusted     bool
	lastWritten []string
	keysMatch   bool
	// forgetGone is set by ForgetGone.
	forgetGone bool
}

// ForgetGone asks Publish to remove the spare tree beside the output
// once it has published a build that no longer holds some file of the
// build before: the spare tree is that build before, and the files gone
// are those of notes this build withholds (a wider audience's edition,
// a draft, an embargoed briefing) as well as of notes deleted. Nothing
// of them then stays beside the output. The next build writes every
// file once, and makes the spare tree again.
func (o *Output) ForgetGone() { o.forgetGone = true }

// forceInPlace, set by tests, writes every existing output folder in
// place, as for a mount point.
var forceInPlace bool

// internal names briefings uses inside an output folder.
const journalDir = ".briefings-new"

// Open checks dest as an output folder for the site in source (see
// Check), finishes or undoes what an interrupted build left (see
// recover), and reads what the last build wrote there. It refuses a
// folder holding files briefings did not write, unless keep lists them.
// Nothing is written.
func Open(dest, source string, keep []string) (*Output, error) {
	if err := Check(dest, source, keep); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	o := &Output{dest: resolve(filepath.Clean(abs)), source: source, have: newManifest()}
	for _, k := range keep {
		c, ok := keepEntry(k)
		if !ok {
			return nil, fmt.Errorf("keep entry %q is not a path inside the output folder", k)
		}
		o.keep = append(o.keep, c)
	}
	parent, name := filepath.Split(o.dest)
	o.box = filepath.Join(parent, "."+name+".briefings")
	recoverLeftovers(o.dest, o.keep)
	if err := o.recover(); err != nil {
		return nil, err
	}
	fi, err := os.Stat(o.dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read output folder: %w", err)
	case !fi.IsDir():
		return nil, fmt.Errorf("refusing to replace %s: it is a file, not a folder; choose an output folder such as public/", o.dest)
	default:
		o.exists = true
		if err := writable(o.dest); err != nil {
			return nil, fmt.Errorf("cannot write to the output folder %s (%v): make it writable, or choose another output folder", o.dest, errors.Unwrap(err))
		}
		o.inPlace = forceInPlace || mustReplaceContents(o.dest, fi)
	}
	if o.exists {
		if err := o.readOutput(); err != nil {
			return nil, err
		}
	}
	if !o.inPlace {
		o.readSpare()
	}
	return o, nil
}

// keepEntry cleans a keep entry, and reports whether it names a path
// inside the output folder (config validates them for the user; this is
// the last guard).
func keepEntry(k string) (string, bool) {
	c := path.Clean(strings.Trim(filepath.ToSlash(k), "/"))
	return c, localPath(c) && !strings.HasPrefix(c, Marker)
}

// mustReplaceContents reports whether the output folder must be written in
// place rather than swapped: it is a mount point, or the current folder
// (or holds it), where a swap would leave the shell in the old build.
func mustReplaceContents(dest string, fi os.FileInfo) bool {
	if pfi, err := os.Stat(filepath.Dir(dest)); err == nil && !sameDevice(fi, pfi) {
		return true
	}
	if isMountPoint(dest) {
		return true
	}
	if wd, err := os.Getwd(); err == nil {
		wd = resolve(wd)
		if wd == dest || strings.HasPrefix(wd, dest+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// kept reports whether the output path p (slash-separated) is the user's
// to keep: .git, CNAME, or a keep entry or a path inside one.
func (o *Output) kept(p string) bool {
	if p == ".git" || p == "CNAME" || strings.HasPrefix(p, ".git/") {
		return true
	}
	for _, k := range o.keep {
		if p == k || strings.HasPrefix(p, k+"/") {
			return true
		}
	}
	return false
}

// holdsKept reports whether the folder p holds a keep entry.
func (o *Output) holdsKept(p string) bool {
	for _, k := range o.keep {
		if strings.HasPrefix(k, p+"/") {
			return true
		}
	}
	return false
}

// readOutput reads dest's manifest and checks every file it lists, and
// refuses dest if it holds anything else that is not kept.
func (o *Output) readOutput() error {
	m, legacy, err := readManifest(filepath.Join(o.dest, Marker))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Check let it through: empty, or only what is kept.
	case err != nil || legacy:
		// Written by an older briefings, which kept no list, or
		// damaged: every file in the folder is taken as briefings'.
		o.legacy = true
		return nil
	default:
		m.partial = false
		o.have = m
	}
	o.state = make(map[string]fileStat, len(o.have.files))
	for p := range o.have.files {
		o.state[p] = lstat(filepath.Join(o.dest, filepath.FromSlash(p)))
	}
	var foreign []string
	o.scan(".", &foreign)
	for d := range o.have.dirs {
		o.scan(d, &foreign)
	}
	if len(foreign) > 0 {
		slices.Sort(foreign)
		return refusal(o.dest, foreign)
	}
	return nil
}

// scan lists the folder dir of dest (a path of the manifest) if it may
// have changed since the last build, adding to foreign what briefings did
// not write there and is not kept. A folder whose mtime is as the
// manifest says has the entries it had.
func (o *Output) scan(dir string, foreign *[]string) {
	full := filepath.Join(o.dest, filepath.FromSlash(dir))
	if dir != "." {
		s := lstat(full)
		if !s.dir {
			return
		}
		if m := o.have.dirs[dir]; m != 0 && m == s.mtime {
			return
		}
	}
	entries, err := os.ReadDir(full)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := e.Name()
		if dir != "." {
			p = dir + "/" + p
		}
		switch {
		case dir == "." && (p == Marker || p == Marker+".tmp" || p == journalDir):
		case o.kept(p):
		case e.IsDir() && o.have.dirs[p] != 0:
			// scanned on its own
		case e.IsDir() && o.holdsKept(p):
			o.scan(p, foreign)
		case e.IsDir() && o.hasFilesUnder(p):
			o.scan(p, foreign)
		case !e.IsDir():
			if _, ok := o.have.files[p]; !ok {
				*foreign = append(*foreign, p)
			}
		default:
			*foreign = append(*foreign, p+"/")
		}
	}
}

// hasFilesUnder reports whether the manifest lists a file inside the
// folder p (a manifest of an interrupted build may lack the folder's
// mtime).
func (o *Output) hasFilesUnder(p string) bool {
	if _, ok := o.have.dirs[p]; ok {
		return true
	}
	for f := range o.have.files {
		if strings.HasPrefix(f, p+"/") {
			return true
		}
	}
	return false
}

// refusal is the error for an output folder holding what briefings did
// not write: a folder of one's own given as the output by mistake, or a
// file added to the output after a build.
func refusal(dest string, foreign []string) error {
	more := ""
	if len(foreign) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(foreign)-1)
	}
	return fmt.Errorf("refusing to replace %s: it holds %s%s, which briefings did not write; move it away, choose another output folder, or list what must stay under keep in site.toml", dest, foreign[0], more)
}

// readSpare reads the spare tree's manifest and checks its files. A spare
// without a readable manifest is removed: nothing in it can be trusted.
func (o *Output) readSpare() {
	dir := filepath.Join(o.box, "spare")
	if _, err := os.Lstat(dir); err != nil {
		return
	}
	m, legacy, err := readManifest(filepath.Join(dir, Marker))
	if err != nil || legacy {
		os.RemoveAll(dir)
		return
	}
	o.spare = m
	o.spareState = make(map[string]fileStat, len(m.files))
	for p := range m.files {
		o.spareState[p] = lstat(filepath.Join(dir, filepath.FromSlash(p)))
	}
}

// recover finishes or undoes what a build stopped short left (killed,
// or the machine stopped): a journal of changes in place is applied, a
// swap stopped between its two renames (where the file system cannot
// exchange folders) is finished, and temporary trees are removed.
func (o *Output) recover() error {
	if _, err := os.Lstat(filepath.Join(o.dest, journalDir)); err == nil {
		if err := applyJournal(o.dest); err != nil {
			return err
		}
	}
	old, spare := filepath.Join(o.box, "old"), filepath.Join(o.box, "spare")
	if _, err := os.Lstat(old); err == nil {
		_, destErr := os.Lstat(o.dest)
		_, spareErr := os.Lstat(spare)
		switch {
		case destErr != nil && spareErr == nil && complete(spare):
			// Stopped between moving the old output aside and the
			// new one in: move the new one in.
			if err := os.Rename(spare, o.dest); err != nil {
				return fmt.Errorf("finish the last build's swap: %w", err)
			}
			if err := os.Rename(old, spare); err != nil {
				return fmt.Errorf("finish the last build's swap: %w", err)
			}
		case destErr != nil:
			if err := os.Rename(old, o.dest); err != nil {
				return fmt.Errorf("put the previous output back: %w", err)
			}
		case spareErr != nil:
			if err := os.Rename(old, spare); err != nil {
				return fmt.Errorf("finish the last build's swap: %w", err)
			}
		default:
			os.RemoveAll(old)
		}
	}
	parent, name := filepath.Split(o.dest)
	temps, _ := filepath.Glob(filepath.Join(parent, "."+name+".briefings-*"))
	for _, t := range temps {
		os.RemoveAll(t)
	}
	return nil
}

// complete reports whether the tree at dir holds a complete build.
func complete(dir string) bool {
	m, legacy, err := readManifest(filepath.Join(dir, Marker))
	return err == nil && !legacy && !m.partial
}

// Publish makes the output hold exactly files and copies (output path →
// source file), besides what it keeps, and returns the paths written or
// removed. Files whose bytes did not change are not written. On error or
// when ctx ends, the output is as it was.
func (o *Output) Publish(ctx context.Context, files []File, copies map[string]string) ([]string, error) {
	now := make(map[string]bool, len(files)+len(copies))
	for _, f := range files {
		now[f.Path] = true
	}
	for p := range copies {
		now[p] = true
	}
	var gone []string
	for p := range o.have.files {
		if !now[p] {
			gone = append(gone, p)
		}
	}
	return o.publish(ctx, files, copies, gone, false)
}

// Update publishes a change to what this Output last published: files and
// copies are written if their bytes changed, the paths gone are removed,
// and every other file stays as it is. It is Publish for watch and serve,
// which know what changed.
func (o *Output) Update(ctx context.Context, files []File, copies map[string]string, gone []string) ([]string, error) {
	return o.publish(ctx, files, copies, gone, true)
}

// publish is Publish and Update; carry says whether the files of the
// last build that are neither given nor gone stay.
func (o *Output) publish(ctx context.Context, files []File, copies map[string]string, gone []string, carry bool) ([]string, error) {
	// The jobs point into files, the caller's list, which is not
	// changed: at 10,000 briefings a copy of it is 1 MB held to the end.
	if err := checkPaths(files, copies, Marker); err != nil { // reserved: the manifest
		return nil, err
	}
	for _, f := range files {
		if strings.ContainsAny(f.Path, "\n\r") {
			return nil, fmt.Errorf("refusing to write %q: a path with a line break", f.Path)
		}
		if f.Kept {
			return nil, fmt.Errorf("refusing to write %q: its bytes are not given", f.Path)
		}
	}
	for p, src := range copies {
		if strings.ContainsAny(p, "\n\r") {
			return nil, fmt.Errorf("refusing to write %q (%s): a path with a line break", p, src)
		}
	}
	p := &plan{o: o, carry: carry}
	goneSet := map[string]bool{}
	for _, g := range gone {
		goneSet[g] = true
	}
	given := map[string]bool{}
	for i := range files {
		f := &files[i]
		if o.kept(f.Path) && f.Path != "CNAME" {
			continue // what the user keeps wins
		}
		given[f.Path] = true
		p.jobs = append(p.jobs, job{path: f.Path, file: f})
	}
	for out, src := range copies {
		if o.kept(out) && out != "CNAME" {
			continue
		}
		given[out] = true
		p.jobs = append(p.jobs, job{path: out, from: src})
	}
	// A save in watch or serve: files the output has, none gone. Only
	// the given files and those the spare has an older copy of are
	// jobs; the others stay, in the output and the spare alike.
	if carry && o.trusted && len(gone) == 0 {
		p.quick = true
		for q := range given {
			if _, ok := o.have.files[q]; !ok {
				p.quick = false
				break
			}
		}
	}
	// Written through the spare only when it differs from the output by
	// the last save alone; else in place, through the journal.
	swapQuick := p.quick && !o.inPlace && o.spare != nil && o.keysMatch
	// A save that adds or removes files (or follows one) is written in
	// place through the journal, as for an output that cannot be
	// swapped: swapping would make the whole tree again beside it (at
	// 10,000 briefings some 12,000 folders and 17,000 links, seconds of
	// work for a handful of pages), where the journal renames just the
	// files written into place. A kill at any instant still leaves one
	// whole build once briefings has run again (recover). The spare,
	// which the quick way writes into, no longer differs from the
	// output by the last save alone, so it is not used again by this
	// Output; it stays on disk, its own manifest true to it, for the
	// next Open.
	journal := o.inPlace || carry && o.trusted && !swapQuick
	if p.quick {
		if swapQuick {
			for _, q := range o.lastWritten {
				if !given[q] {
					p.jobs = append(p.jobs, job{path: q, carry: true})
				}
			}
		}
	} else if carry {
		for q, e := range o.have.files {
			if given[q] || goneSet[q] {
				continue
			}
			// Most files stay, and the tree written already has
			// them: the output's own (in place), or the same file
			// in the spare, which this Output swapped out.
			if journal || o.trusted && o.spare != nil && o.spare.files[q] == e {
				p.carried = append(p.carried, q)
				continue
			}
			p.jobs = append(p.jobs, job{path: q, carry: true})
		}
	}
	p.ownCNAME = given["CNAME"]
	if o.legacy {
		p.legacyGone = o.legacyFiles(given)
	}
	for _, g := range gone {
		if !given[g] {
			p.gone = append(p.gone, g)
		}
	}
	slices.Sort(p.gone)
	var err error
	if journal {
		err = p.inPlace(ctx)
		if !o.inPlace {
			o.spare, o.spareState = nil, nil
		}
	} else {
		err = p.swap(ctx)
		if errors.Is(err, errMustReplaceContents) {
			o.inPlace = true
			o.spare, o.spareState = nil, nil
			err = p.inPlace(ctx)
		}
	}
	if err != nil {
		return nil, err
	}
	if o.forgetGone && !carry && !o.inPlace && len(p.gone) > 0 {
		if err := os.RemoveAll(filepath.Join(o.box, "spare")); err != nil {
			return nil, fmt.Errorf("remove the build before beside the output: %w", err)
		}
		o.spare, o.spareState = nil, nil
	}
	return p.changed(), nil
}

// legacyFiles lists the files of an output written by an older briefings
// that the build does not write again: every file not kept.
func (o *Output) legacyFiles(given map[string]bool) []string {
	var out []string
	filepath.WalkDir(o.dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == o.dest {
			return nil
		}
		rel, _ := filepath.Rel(o.dest, p)
		rel = filepath.ToSlash(rel)
		if o.kept(rel) || rel == Marker || rel == journalDir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && !given[rel] {
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// Paths lists every output path of a plan, for the next Update.
func (p *Plan) Paths() []string {
	var out []string
	for _, f := range p.Files {
		out = append(out, f.Path)
	}
	for o := range p.Copies {
		out = append(out, o)
	}
	slices.Sort(out)
	return out
}
