package publish

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// An output folder that cannot be swapped (a mount point, the current
// folder, a folder whose parent may not be written) has its contents
// replaced in place. The files whose bytes changed are first written to
// the folder .briefings-new inside it, with a journal listing the renames
// and removals that make the old build the new one; the journal is
// written last, in one rename, and then carried out. A build stopped
// before that leaves the output as it was; one stopped while carrying it
// out leaves the journal, which the next run (build or serve) carries
// out first. So the output is one whole build once briefings has run,
// though a reader may see a mix for the moment the renames take.

// inPlace writes the build into the output folder through the journal.
func (p *plan) inPlace(ctx context.Context) (err error) {
	o := p.o
	p.root = o.dest
	p.stage = filepath.Join(o.dest, journalDir)
	step()
	if err := os.Mkdir(p.stage, 0o755); err != nil {
		return fmt.Errorf("write to %s: %w", o.dest, err)
	}
	committed := false
	defer func() {
		if err != nil && !committed {
			os.RemoveAll(p.stage)
		}
	}()
	if err := p.run(ctx); err != nil {
		return err
	}
	m := p.skeleton()
	p.fill(m, false)
	var j bytes.Buffer
	for _, jb := range p.jobs {
		if jb.wrote {
			fmt.Fprintf(&j, "r %d %s\n", jb.staged, jb.path)
		}
	}
	for _, g := range append(p.gone, p.legacyGone...) {
		if !o.kept(g) {
			fmt.Fprintf(&j, "d %s\n", g)
		}
	}
	// A save of files the output holds, none added or gone, leaves the
	// manifest as it is: it lists the same paths, and what it says of
	// the files written no longer matches them, so the next Open takes
	// them as changed and the next build writes them again (see swap).
	// Writing the whole list at every save cost more than the save (at
	// 10,000 briefings some 17,000 files: 1 MB, and tens of ms).
	if !p.quick {
		step()
		if err := os.WriteFile(filepath.Join(p.stage, "manifest"), m.encode(), 0o644); err != nil {
			return err
		}
	}
	step()
	if err := os.WriteFile(filepath.Join(p.stage, "journal.tmp"), j.Bytes(), 0o644); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	step()
	if err := os.Rename(filepath.Join(p.stage, "journal.tmp"), filepath.Join(p.stage, "journal")); err != nil {
		return err
	}
	committed = true
	if err := applyJournal(o.dest); err != nil {
		return err
	}
	o.published(p, m)
	return nil
}

// applyJournal carries out the journal in dest's .briefings-new, or, when
// there is none (the build stopped before writing it), removes the
// folder. Each step may be done twice: a file already moved is skipped.
func applyJournal(dest string) error {
	stage := filepath.Join(dest, journalDir)
	data, err := os.ReadFile(filepath.Join(stage, "journal"))
	if err != nil {
		step()
		os.RemoveAll(stage)
		return nil
	}
	var renames [][2]string
	var removals []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		t := sc.Text()
		switch {
		case strings.HasPrefix(t, "r "):
			n, p, ok := strings.Cut(t[2:], " ")
			if _, err := strconv.Atoi(n); err != nil || !ok || !localPath(p) {
				return fmt.Errorf("the journal %s is damaged: remove the folder %s and build again", filepath.Join(stage, "journal"), stage)
			}
			renames = append(renames, [2]string{n, p})
		case strings.HasPrefix(t, "d "):
			if !localPath(t[2:]) {
				return fmt.Errorf("the journal %s is damaged: remove the folder %s and build again", filepath.Join(stage, "journal"), stage)
			}
			removals = append(removals, t[2:])
		}
	}
	// A file of the new build where the old had a folder: the old
	// folder's files go first, so that it can be replaced.
	targets := map[string]bool{}
	for _, r := range renames {
		targets[r[1]] = true
	}
	var later []string
	for _, q := range removals {
		early := false
		for d := path.Dir(q); d != "."; d = path.Dir(d) {
			if targets[d] {
				early = true
				break
			}
		}
		if early {
			remove(dest, q)
		} else {
			later = append(later, q)
		}
	}
	for _, r := range renames {
		from := filepath.Join(stage, r[0])
		if _, err := os.Lstat(from); err != nil {
			continue // done by an earlier run
		}
		to := filepath.Join(dest, filepath.FromSlash(r[1]))
		if err := renameInto(from, to, dest); err != nil {
			return fmt.Errorf("replace %s: %w", r[1], err)
		}
	}
	for _, q := range later {
		remove(dest, q)
	}
	if _, err := os.Lstat(filepath.Join(stage, "manifest")); err == nil {
		step()
		if err := os.Rename(filepath.Join(stage, "manifest"), filepath.Join(dest, Marker)); err != nil {
			return err
		}
	}
	step()
	return os.RemoveAll(stage)
}

// renameInto moves the file from to to, making the folders above it
// within dest; a file of the old build where the new one has a folder,
// or an emptied folder where it has a file, is removed first.
func renameInto(from, to, dest string) error {
	step()
	err := os.Rename(from, to)
	if err == nil {
		return nil
	}
	if s := lstat(to); s.dir {
		step()
		os.Remove(to) // empty by now, or the rename fails again
	}
	dir := filepath.Dir(to)
	for d := dir; len(d) > len(dest); d = filepath.Dir(d) {
		if s := lstat(d); s.exists && !s.dir {
			step()
			os.Remove(d)
			break
		}
	}
	step()
	if err := os.MkdirAll(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	step()
	return os.Rename(from, to)
}

// remove removes the output file q of dest, and the folders it leaves
// empty.
func remove(dest, q string) {
	step()
	os.Remove(filepath.Join(dest, filepath.FromSlash(q)))
	for d := path.Dir(q); d != "."; d = path.Dir(d) {
		if os.Remove(filepath.Join(dest, filepath.FromSlash(d))) != nil {
			break // not empty
		}
	}
}
