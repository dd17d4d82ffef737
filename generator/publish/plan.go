package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/cespare/xxhash/v2"
)

// plan is one publishing of an Output: the jobs, one an output file, and
// the tree they are written to.
type plan struct {
	o    *Output
	jobs []job
	// carried are the files of the last build that stay as they are
	// and that root already holds (Update); carry is set for Update.
	carried []string
	carry   bool
	// quick is set when root's manifest, cloned, is this build's but
	// for the files written (skeleton).
	quick bool
	// gone are the files of the last build no longer built, and
	// legacyGone those of an output written by an older briefings.
	gone, legacyGone []string
	// ownCNAME is set when the build writes CNAME, which then replaces
	// the output's.
	ownCNAME bool

	// root is the tree written: the spare, a new folder beside the
	// output, or the output itself (in place); fresh says it was made
	// empty for this build.
	root  string
	fresh bool
	// before is root's manifest before this build and beforeState what
	// the file system said of its files (nil for a fresh root).
	before      *manifest
	beforeState map[string]fileStat
	// stage is where files written in place wait for the journal.
	stage string

	made sync.Map // folders made under root
	// making admits as many workers at once to make a file's bytes
	// (File.Make) as there are cores (see run).
	making chan struct{}
	// touched holds the folders of root in which this build added or
	// removed an entry: the others keep the mtime root's manifest says.
	touched sync.Map
}

// touch records that the folder dir of root changed.
func (p *plan) touch(dir string) { p.touched.Store(dir, true) }

// job is one output file to publish and, once done, what was published.
type job struct {
	path  string
	file  *File  // the bytes, or how to make them
	from  string // or the file to copy
	carry bool   // or unchanged: the output's file stays
	e     entry
	wrote bool
	// staged is the file's number in the stage, for the journal.
	staged int
}

// stepHook, when set by a test, is called before each change publish
// makes to the file system, from any goroutine.
var stepHook func()

func step() {
	if stepHook != nil {
		stepHook()
	}
}

// forceNoExchange, set by tests, makes publish swap with two renames as it
// does where the file system cannot exchange folders.
var forceNoExchange bool

var (
	errNoExchange          = errors.New("the file system cannot exchange folders")
	errMustReplaceContents = errors.New("no room beside the output folder")
)

// bufferLimit is the size up to which a page made for a rebuild is kept
// in memory while its sum is compared with the last build's; a larger one
// is made again if it changed.
const bufferLimit = 1 << 20

// swap writes the build to a tree beside the output and swaps it in.
func (p *plan) swap(ctx context.Context) (err error) {
	o := p.o
	parent, name := filepath.Split(o.dest)
	madeBox := false
	switch {
	case o.spare != nil:
		p.root, p.before, p.beforeState = filepath.Join(o.box, "spare"), o.spare, o.spareState
	case !o.exists:
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return fmt.Errorf("create output folder: %w", err)
		}
		step()
		p.root, err = os.MkdirTemp(parent, "."+name+".briefings-")
		if err != nil {
			return fmt.Errorf("create output folder: %w", err)
		}
		p.fresh = true
		if err := os.Chmod(p.root, 0o755); err != nil {
			os.Remove(p.root)
			return err
		}
	default:
		step()
		if err := os.Mkdir(o.box, 0o755); err == nil {
			madeBox = true
			step()
			os.WriteFile(filepath.Join(o.box, ".gitignore"), []byte("# briefings keeps the previous build here, to write only what changed.\n*\n"), 0o644)
		} else if !errors.Is(err, fs.ErrExist) {
			return errMustReplaceContents
		}
		p.root = filepath.Join(o.box, "spare")
		step()
		if err := os.Mkdir(p.root, 0o755); err != nil {
			if madeBox {
				os.RemoveAll(o.box)
			}
			return errMustReplaceContents
		}
		p.fresh = true
	}
	swapped := false
	defer func() {
		if err != nil && !swapped && p.fresh {
			os.RemoveAll(p.root)
			if madeBox {
				os.RemoveAll(o.box)
			}
		}
	}()
	m := p.skeleton()
	if !p.fresh {
		// A build stopped halfway leaves root listing every path it
		// may hold, so that the next one knows them all as its own.
		u := newManifest()
		u.partial = true
		for q, e := range p.before.files {
			u.files[q] = e
		}
		for q, t := range p.before.dirs {
			u.dirs[q] = t
		}
		added := false
		for _, j := range p.jobs {
			if _, ok := u.files[j.path]; !ok {
				u.files[j.path] = entry{sum: "-"}
				added = true
			}
		}
		// Files changed in place no longer match root's manifest,
		// which is all the next build needs to know of them; only
		// new paths must be listed first.
		if added {
			step()
			if err := writeManifest(p.root, u); err != nil {
				return err
			}
		}
		if !p.quick { // nothing gone
			if err := p.removeOld(m); err != nil {
				return err
			}
		}
	}
	if err := p.run(ctx); err != nil {
		return err
	}
	if err := p.mirrorKept(); err != nil {
		return err
	}
	p.fill(m, true)
	// After Update (watch, serve) of files that root held already,
	// root's own manifest lists the same paths: what it says of the
	// files changed is stale, so the next build writes them again, and
	// nothing is lost. Writing the whole list at every save would cost
	// more than the save.
	if !p.quick && (!p.carry || p.fresh || !sameFiles(p.before, m)) {
		step()
		if err := writeManifest(p.root, m); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	dest := o.dest
	if !o.exists {
		step()
		if err := os.Rename(p.root, dest); err != nil {
			return fmt.Errorf("move the new output into place: %w", err)
		}
		swapped = true
		if !p.fresh {
			o.spare, o.spareState = nil, nil
		}
	} else {
		step()
		err := errNoExchange
		if !forceNoExchange {
			err = exchange(p.root, dest)
		}
		if errors.Is(err, errNoExchange) {
			err = p.twoRenames()
		}
		if err != nil {
			return fmt.Errorf("replace output folder: %w", err)
		}
		swapped = true
		// The old output is the spare: what Open found of its files
		// (a file edited by hand is not what its manifest says), or,
		// once this Output has published, what it wrote.
		o.spare, o.spareState = o.have, o.state
		for q, s := range o.spareState {
			s.nlink = 2 // linked into the new output, most of them
			o.spareState[q] = s
		}
	}
	o.published(p, m)
	return nil
}

// published records that the output now holds m, written by p.
func (o *Output) published(p *plan, m *manifest) {
	o.keysMatch = p.quick || sameFiles(o.have, m)
	o.exists, o.legacy, o.trusted = true, false, true
	o.have, o.state = m, nil
	o.lastWritten = o.lastWritten[:0]
	for _, j := range p.jobs {
		if j.wrote {
			o.lastWritten = append(o.lastWritten, j.path)
		}
	}
}

// twoRenames swaps root and the output where the file system cannot
// exchange them: the output moves aside, root moves in, and the old
// output becomes the spare. Stopped between the first two, the output
// folder is missing and the next build's recover finishes the swap.
func (p *plan) twoRenames() error {
	o := p.o
	old := filepath.Join(o.box, "old")
	step()
	if err := os.Rename(o.dest, old); err != nil {
		return err
	}
	step()
	if err := os.Rename(p.root, o.dest); err != nil {
		if os.Rename(old, o.dest) != nil {
			return fmt.Errorf("%w; the previous output is in %s, and the next build puts it back", err, old)
		}
		return err
	}
	step()
	return os.Rename(old, filepath.Join(o.box, "spare"))
}

// fromEntry is what the file system says of a file this Output wrote,
// as its manifest entry records it.
func fromEntry(e entry, ok bool) fileStat {
	if !ok {
		return fileStat{}
	}
	return fileStat{exists: true, regular: true, ino: e.ino, size: e.size, mtime: e.mtime, nlink: 2}
}

// stat is what the file system says of the output's file q: as Open
// found it, or as this Output wrote it.
func (o *Output) stat(q string) fileStat {
	if o.state != nil {
		return o.state[q]
	}
	e, ok := o.have.files[q]
	return fromEntry(e, ok)
}

// beforeStat is what the file system says of root's file q before this
// build.
func (p *plan) beforeStat(q string) fileStat {
	if p.beforeState != nil {
		return p.beforeState[q]
	}
	if p.before == nil {
		return fileStat{}
	}
	e, ok := p.before.files[q]
	return fromEntry(e, ok)
}

// removeOld removes from root the files of the build it held that this
// build does not write, and the folders left empty.
func (p *plan) removeOld(m *manifest) error {
	for q := range p.before.files {
		if _, ok := m.files[q]; !ok {
			p.touch(filepath.Dir(p.under(q)))
			step()
			if err := os.Remove(p.under(q)); err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrExist) {
				// A folder now where a file was: emptied below.
				if !errors.Is(err, errDirNotEmpty) {
					return fmt.Errorf("remove %s: %w", q, err)
				}
			}
		}
	}
	var old []string
	for d := range p.before.dirs {
		if _, ok := m.dirs[d]; !ok && !p.o.kept(d) && !p.o.holdsKept(d) {
			old = append(old, d)
		}
	}
	// Deepest first, so that each is empty when removed.
	slices.SortFunc(old, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range old {
		p.touch(filepath.Dir(p.under(d)))
		step()
		os.Remove(p.under(d))
	}
	return nil
}

var errDirNotEmpty = errors.New("directory not empty")

// under returns the path in root of the output path q.
func (p *plan) under(q string) string {
	return filepath.Join(p.root, filepath.FromSlash(q))
}

// run publishes every job, on several goroutines: creating files is most
// of a build's cost on slow disks. The files with After are published
// once the others are done, one at a time.
func (p *plan) run(ctx context.Context) error {
	var mu sync.Mutex
	var errs []error
	next := make(chan int, 64)
	var wg sync.WaitGroup
	// Eight workers, so that the disk always has files to create while
	// some wait on it; but only as many make bytes at once as there are
	// cores, since each page in the making holds its drawings, its
	// dossier and its buffer (some 10 MB for the largest at 10,000
	// briefings), and more makers than cores only hold more of them.
	p.making = make(chan struct{}, runtime.GOMAXPROCS(0))
	for range 8 {
		wg.Go(func() {
			w := &worker{p: p}
			for i := range next {
				if ctx.Err() != nil {
					continue
				}
				if err := w.do(&p.jobs[i]); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("write %s: %w", p.jobs[i].path, err))
					mu.Unlock()
				}
			}
		})
	}
	var after []int
	for i := range p.jobs {
		p.jobs[i].staged = i
		if f := p.jobs[i].file; f != nil && f.After {
			after = append(after, i)
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if len(after) > 0 && len(errs) == 0 && ctx.Err() == nil {
		w := &worker{p: p}
		for _, i := range after {
			if err := w.do(&p.jobs[i]); err != nil {
				errs = append(errs, fmt.Errorf("write %s: %w", p.jobs[i].path, err))
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// worker publishes jobs one at a time, reusing its buffers.
type worker struct {
	p   *plan
	buf bytes.Buffer
	d   *xxhash.Digest
}

// sumOf is the sum a manifest holds for bytes with this hash.
func sumOf(h uint64) string { return "x" + strconv.FormatUint(h, 16) }

// copySum is the sum of a copy: what its source's size and mtime are.
func copySum(src string) (string, error) {
	fi, err := os.Stat(src)
	if err != nil {
		return "", err
	}
	return "c" + strconv.FormatInt(fi.Size(), 10) + "." + strconv.FormatInt(fi.ModTime().UnixNano(), 10), nil
}

// do publishes one job: it finds what its bytes are, keeps or links the
// file of a build before that has them, and writes the others.
func (w *worker) do(j *job) error {
	o := w.p.o
	var sum string
	var data []byte
	var err error
	switch {
	case j.carry:
		sum = o.have.files[j.path].sum
	case j.from != "":
		if sum, err = copySum(j.from); err != nil {
			return err
		}
	case j.file.Make == nil:
		data = j.file.Data
		sum = sumOf(xxhash.Sum64(data))
	case !w.mayReuse(j.path):
		// Nothing to compare with: write as it is made.
		return w.write(j, nil)
	default:
		if w.d == nil {
			w.d = xxhash.New()
		}
		w.d.Reset()
		w.buf.Reset()
		c := &capture{d: w.d, buf: &w.buf}
		if err := w.p.make(j.file, c); err != nil {
			return err
		}
		sum = sumOf(w.d.Sum64())
		if !c.over {
			data = w.buf.Bytes()
		}
	}
	if w.reuse(j, sum) {
		return nil
	}
	if j.carry {
		return fmt.Errorf("the output lost it since the last build")
	}
	if j.file != nil && j.file.Make != nil && data == nil {
		return w.write(j, nil) // too large to have kept: made again
	}
	if j.from != "" {
		return w.write(j, nil)
	}
	return w.write(j, data)
}

// mayReuse reports whether a build before left a file at path whose
// bytes may be this build's.
func (w *worker) mayReuse(q string) bool {
	p, o := w.p, w.p.o
	if e, ok := o.have.files[q]; ok && e.sum[0] == 'x' && e.same(o.stat(q)) {
		return true
	}
	if p.before != nil && p.root != o.dest {
		if e, ok := p.before.files[q]; ok && e.sum[0] == 'x' && e.same(p.beforeStat(q)) {
			return true
		}
	}
	return false
}

// reuse keeps the file of a build before whose sum is sum: root's own, or
// the output's, linked into root. It reports whether it did.
func (w *worker) reuse(j *job, sum string) bool {
	p, o := w.p, w.p.o
	if p.before != nil && p.root != o.dest {
		if e, ok := p.before.files[j.path]; ok && e.sum == sum && e.same(p.beforeStat(j.path)) {
			j.e = e
			// Root's own file, from the build before the output's: when
			// the output's differs (or may: a save in place leaves the
			// manifest's entry of a file it wrote stale), the file
			// changes as root is swapped in, as if written, and the
			// next quick save must carry it.
			if out, ok := o.have.files[j.path]; !ok || out.sum != sum || !(o.trusted || out.same(o.stat(j.path))) {
				j.wrote = true
			}
			return true
		}
	}
	e, ok := o.have.files[j.path]
	if !ok || e.sum != sum || !(o.trusted || e.same(o.stat(j.path))) {
		return false
	}
	if p.root == o.dest {
		j.e = e
		return true
	}
	target := p.under(j.path)
	p.touch(filepath.Dir(target))
	if !p.fresh {
		step()
		os.Remove(target)
	}
	step()
	err := os.Link(filepath.Join(o.dest, filepath.FromSlash(j.path)), target)
	if errors.Is(err, fs.ErrNotExist) && p.mkdirs(filepath.Dir(target)) == nil {
		step()
		err = os.Link(filepath.Join(o.dest, filepath.FromSlash(j.path)), target)
	}
	if err != nil {
		// No hard links here (or not allowed): write the bytes.
		return false
	}
	j.e = e
	return true
}

// write writes the job's bytes (data, or what its File makes, or its
// source's) to a new file in root or in the stage, and records it.
func (w *worker) write(j *job, data []byte) error {
	p := w.p
	var target string
	if p.stage != "" {
		target = filepath.Join(p.stage, strconv.Itoa(j.staged))
	} else {
		target = p.under(j.path)
		p.touch(filepath.Dir(target))
		if p.fresh {
			if err := p.mkdirs(filepath.Dir(target)); err != nil {
				return err
			}
		} else if s := p.beforeStat(j.path); s.exists && (s.nlink != 1 || !s.regular) {
			// Shared with the output (or another build's
			// file): never write into it.
			step()
			if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
				os.RemoveAll(target)
			}
		}
	}
	step()
	f, err := create(target)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.EISDIR) {
		if errors.Is(err, syscall.EISDIR) {
			os.RemoveAll(target)
		}
		if err = p.mkdirs(filepath.Dir(target)); err == nil {
			f, err = create(target)
		}
	}
	if err != nil {
		return err
	}
	var sum string
	switch {
	case j.from != "":
		sum, err = copySum(j.from)
		if err == nil {
			err = copyInto(f, j.from)
		}
	case data != nil || j.file.Make == nil:
		_, err = f.Write(data)
		sum = sumOf(xxhash.Sum64(data))
	default:
		if w.d == nil {
			w.d = xxhash.New()
		}
		w.d.Reset()
		bw := getBuffered(f)
		err = p.make(j.file, io.MultiWriter(bw, w.d))
		if err == nil {
			err = bw.Flush()
		}
		putBuffered(bw)
		sum = sumOf(w.d.Sum64())
	}
	var s fileStat
	if err == nil {
		s, err = f.stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	j.e = entry{sum: sum, size: s.size, ino: s.ino, mtime: s.mtime}
	j.wrote = true
	return nil
}

// make runs f.Make into out once a core is free for it (p.making; nil
// admits every caller, for a plan that runs no workers).
func (p *plan) make(f *File, out io.Writer) error {
	if p.making != nil {
		p.making <- struct{}{}
		defer func() { <-p.making }()
	}
	return f.Make(out)
}

// mkdirs makes the folder dir under root and the folders above it.
func (p *plan) mkdirs(dir string) error {
	if _, ok := p.made.Load(dir); ok {
		return nil
	}
	p.touch(filepath.Dir(dir))
	step()
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		step()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			// A file of the last build where this build has a
			// folder: it is not this build's, so it goes.
			for d := dir; d != p.root && len(d) > len(p.root); d = filepath.Dir(d) {
				if s := lstat(d); s.exists && !s.dir {
					step()
					os.Remove(d)
					return p.mkdirs(dir)
				}
			}
			return err
		}
	}
	p.made.Store(dir, true)
	return nil
}

// capture is where a page made for a rebuild goes: its hash, and its
// bytes while they fit in bufferLimit.
type capture struct {
	d    *xxhash.Digest
	buf  *bytes.Buffer
	over bool
}

func (c *capture) Write(b []byte) (int, error) {
	c.d.Write(b)
	if !c.over {
		if c.buf.Len()+len(b) > bufferLimit {
			c.over = true
			c.buf.Reset()
		} else {
			c.buf.Write(b)
		}
	}
	return len(b), nil
}

// copyInto copies the file src into f.
func copyInto(f *fdFile, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	_, err = io.Copy(f, in)
	return err
}

// skeleton is the manifest of root once every job is done, with the
// paths of its files and folders but not yet what is known of them (fill).
func (p *plan) skeleton() *manifest {
	if p.quick {
		// An Update of files root holds, none new or gone: the
		// paths are the output's, and the folders' mtimes root's
		// own but for those this build touches (fill).
		dirs := p.o.have.dirs
		if p.before != nil && !p.fresh {
			dirs = p.before.dirs
		}
		return &manifest{files: maps.Clone(p.o.have.files), dirs: maps.Clone(dirs)}
	}
	m := newManifest()
	m.files = make(map[string]entry, len(p.jobs)+len(p.carried))
	add := func(q string) {
		m.files[q] = entry{}
		for d := path.Dir(q); d != "."; d = path.Dir(d) {
			if _, ok := m.dirs[d]; ok {
				break
			}
			m.dirs[d] = 0
		}
	}
	for _, j := range p.jobs {
		add(j.path)
	}
	for _, q := range p.carried {
		add(q)
	}
	return m
}

// fill records in m what each job published, the files carried over,
// and (when withDirs) the mtime of every folder.
func (p *plan) fill(m *manifest, withDirs bool) {
	for _, j := range p.jobs {
		m.files[j.path] = j.e
	}
	if p.quick {
		if withDirs {
			p.touched.Range(func(k, _ any) bool {
				if rel, err := filepath.Rel(p.root, k.(string)); err == nil {
					if rel = filepath.ToSlash(rel); rel != "." {
						m.dirs[rel] = lstat(k.(string)).mtime
					}
				}
				return true
			})
		}
		return
	}
	for _, q := range p.carried {
		m.files[q] = p.o.have.files[q]
	}
	if withDirs {
		for d := range m.dirs {
			full := p.under(d)
			if t := p.before.dirOf(d); t != 0 && !p.fresh {
				if _, ok := p.touched.Load(full); !ok {
					m.dirs[d] = t
					continue
				}
			}
			m.dirs[d] = lstat(full).mtime
		}
	}
}

// sameFiles reports whether a and b list the same paths.
func sameFiles(a, b *manifest) bool {
	if len(a.files) != len(b.files) {
		return false
	}
	for q := range b.files {
		if _, ok := a.files[q]; !ok {
			return false
		}
	}
	return true
}

// changed lists the paths written or removed, sorted.
func (p *plan) changed() []string {
	var out []string
	for _, j := range p.jobs {
		if j.wrote {
			out = append(out, j.path)
		}
	}
	out = append(out, p.gone...)
	out = append(out, p.legacyGone...)
	slices.Sort(out)
	return slices.Compact(out)
}

// keptPaths lists the output paths a build carries over from the output
// as they are: .git, CNAME unless the build writes its own, and keep.
func (p *plan) keptPaths() []string {
	out := []string{".git"}
	if !p.ownCNAME {
		out = append(out, "CNAME")
	}
	for _, k := range p.o.keep {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// mirrorKept makes root hold what the output keeps, as hard links to the
// output's own files (copies where links cannot be made), so that
// neither side of the swap lacks them at any instant.
func (p *plan) mirrorKept() error {
	for _, k := range p.keptPaths() {
		src := filepath.Join(p.o.dest, filepath.FromSlash(k))
		dst := p.under(k)
		p.touch(filepath.Dir(dst))
		if !p.o.exists {
			src = ""
		}
		if err := mirror(src, dst, p.mkdirs); err != nil {
			return fmt.Errorf("keep %s: %w", k, err)
		}
	}
	return nil
}

// mirror makes dst what src is: a hard link to the same file, the same
// symbolic link, or a folder mirrored entry by entry. An empty or missing
// src removes dst.
func mirror(src, dst string, mkdirs func(string) error) error {
	var fi os.FileInfo
	var err error
	if src != "" {
		fi, err = os.Lstat(src)
	}
	if src == "" || errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Lstat(dst); err == nil {
			step()
			return os.RemoveAll(dst)
		}
		return nil
	}
	if err != nil {
		return err
	}
	d := lstat(dst)
	switch {
	case fi.Mode().IsRegular():
		if d.exists && d.ino == statOf(fi).ino {
			return nil
		}
		if d.exists {
			step()
			os.RemoveAll(dst)
		}
		if err := mkdirs(filepath.Dir(dst)); err != nil {
			return err
		}
		step()
		if err := os.Link(src, dst); err != nil {
			return copyFile(src, dst, fi.Mode().Perm())
		}
		return nil
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return err
		}
		if t, err := os.Readlink(dst); err == nil && t == target {
			return nil
		}
		if d.exists {
			step()
			os.RemoveAll(dst)
		}
		if err := mkdirs(filepath.Dir(dst)); err != nil {
			return err
		}
		step()
		return os.Symlink(target, dst)
	case fi.IsDir():
		if d.exists && !d.dir {
			step()
			os.RemoveAll(dst)
			d.exists = false
		}
		if !d.exists {
			if err := mkdirs(filepath.Dir(dst)); err != nil {
				return err
			}
			step()
			if err := os.Mkdir(dst, fi.Mode().Perm()); err != nil {
				return err
			}
		}
		entries, err := os.ReadDir(src)
		if err != nil {
			return err
		}
		names := map[string]bool{}
		for _, e := range entries {
			names[e.Name()] = true
			if err := mirror(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name()), mkdirs); err != nil {
				return err
			}
		}
		have, err := os.ReadDir(dst)
		if err != nil {
			return err
		}
		for _, e := range have {
			if !names[e.Name()] {
				step()
				os.RemoveAll(filepath.Join(dst, e.Name()))
			}
		}
		return os.Chmod(dst, fi.Mode().Perm())
	}
	return fmt.Errorf("it is not a file, a folder or a symbolic link, which is all briefings can keep")
}

// copyFile copies src to a new file dst with mode perm.
func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	step()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
