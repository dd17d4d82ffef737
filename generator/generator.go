// Package generator turns a site folder into a static site. Build runs the
// stages in order, each a package of its own, and data flows one way:
//
//	site.toml ──config.Load──▶ config.Site
//	content/  ──content.Load─▶ content.Tree (notes: front matter + body)
//	          ──site.Assemble▶ site.Site (names resolved, stubs, URLs)
//	          ──markdown─────▶ HTML, links and mentions  (parallel)
//	          ──site.Link────▶ backlinks, related, timeline (read-only after)
//	layouts/  ──layout───────▶ []layout.File (pages, feeds, sitemap)
//	          ──search───────▶ search/*.js index shards, cards/*.js, sw.js, manifest
//	          ──publish──────▶ public/ (staged, then swapped in)
//
// Every problem a user can fix is a diag.Diagnostic with its file and line;
// a build with errors writes nothing.
package generator

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/edition"
	"briefings/generator/export"
	"briefings/generator/layout"
	"briefings/generator/leak"
	"briefings/generator/markdown"
	"briefings/generator/marking"
	"briefings/generator/prefault"
	"briefings/generator/publish"
	"briefings/generator/search"
	"briefings/generator/site"
	"briefings/generator/spill"
	"briefings/layouts"
)

// Options say what to build and where; the command line fills them.
type Options struct {
	// Source is the site folder (site.toml, content/, layouts/, static/).
	Source string
	// Dest is the output folder; "" means Source/public.
	Dest string
	// BaseURL, when set, overrides site.toml's base_url.
	BaseURL string
	// Drafts and Future include drafts and briefings dated in the future.
	Drafts, Future bool
	// Audience, when set, is the highest marking published (a label of
	// the site's scheme, as --audience names it), instead of site.toml's
	// audience.
	Audience string
	// Strict fails the build on warnings too.
	Strict bool
	// DryRun loads, resolves and renders without writing (briefings check).
	DryRun bool
	// Now decides what is in the future; the zero value means time.Now().
	Now time.Time
	// Theme is the built-in theme; nil means layouts.FS.
	Theme fs.FS

	// Context, when set, ends a build early when it is done (Ctrl-C):
	// the output folder is left as it was, and nothing beside it.
	Context context.Context

	// Progress, when set, is told how many pages Build has written of
	// how many, as it writes them; it is called from several goroutines
	// at once, and done may arrive out of order.
	Progress func(done, total int)

	// writing, set by Build, asks for a build that holds as little as
	// it can: pages made as publish writes them, bodies in a spill file.
	writing *writing
	// linkOnly, set by Dossier, stops a render once the site is linked:
	// no pages, no search index.
	linkOnly bool
}

// Result is what a build did.
type Result struct {
	// Diagnostics are every problem found, sorted by file and line.
	Diagnostics []diag.Diagnostic
	// Errors and Warnings count the diagnostics.
	Errors, Warnings int
	// Failed is set when nothing was written: errors, or warnings with
	// Strict.
	Failed bool
	// Site is the assembled site; nil when loading failed early.
	Site *site.Site
	// Files are the output files, and Copies the files copied as they are.
	Files  []publish.File
	Copies map[string]string
	// Dest is the output folder written.
	Dest     string
	Duration time.Duration

	// leaks is what the leak scan looks for in the files, nil for none
	// (see leakIndex).
	leaks *leak.Index
	// made is how the files made as they are written are to be made:
	// counted for the save files and for progress (see output and
	// Result.written). Nil when every file has its Data.
	made *making
}

// Summary is the one line a build prints: pages by kind, files, time
// taken, and what was left out and why:
//
//	built 5 briefings, 1 person, ... (40 files) in 12ms (2 drafts and 1 dated in the future left out: --drafts, --future; the next is 2026-01-02)
func (r *Result) Summary() string {
	if r.Site == nil {
		return fmt.Sprintf("built nothing in %s", r.Duration.Round(time.Millisecond))
	}
	s := r.Site
	parts := []string{Plural(len(s.Briefings), "briefing", "briefings")}
	for _, k := range s.KindsListed() {
		parts = append(parts, Plural(len(s.Entities[k.Name]), k.Singular, k.Name))
	}
	parts = append(parts, Plural(len(s.Tags), "tag", "tags"), Plural(len(s.Pages), "page", "pages"))
	verb := "built"
	if r.Failed {
		verb = "failed to build"
	}
	line := fmt.Sprintf("%s %s (%s) in %s", verb, strings.Join(parts, ", "), Plural(len(r.Files)+len(r.Copies), "file", "files"), r.Duration.Round(time.Millisecond))
	if left := leftOut(s.LeftOut, s.Edition.Audience); left != "" {
		line += " (" + left + ")"
	}
	return line
}

// leftOut says what a build left out and the flags that bring it in:
// "2 drafts and 1 dated in the future left out: --drafts, --future; the
// next is 2026-01-02"; "" when nothing was.
func leftOut(l site.LeftOut, audience marking.Label) string {
	var what, flags []string
	if l.Drafts > 0 {
		what = append(what, Plural(l.Drafts, "draft", "drafts"))
		flags = append(flags, "--drafts")
	}
	if l.Marked > 0 {
		what = append(what, fmt.Sprintf("%d marked above %s", l.Marked, audience.Text))
		flags = append(flags, "--audience")
	}
	if l.Future > 0 {
		what = append(what, fmt.Sprintf("%d dated in the future", l.Future))
		flags = append(flags, "--future")
	}
	if len(what) == 0 {
		return ""
	}
	line := strings.Join(what[:len(what)-1], ", ")
	if len(what) > 1 {
		line += " and "
	}
	line += what[len(what)-1] + " left out: " + strings.Join(flags, ", ")
	if l.Future > 0 {
		line += "; the next is " + l.Next.ISO()
	}
	return line
}

// Plural returns n and the noun for n: "1 briefing", "2 briefings",
// "0 briefings".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Build runs every stage and, unless there were errors or DryRun is set,
// publishes the site. The returned error is for failures that are not the
// user's (a disk that cannot be written); problems in the site's files are
// in Result.Diagnostics.
func Build(opts Options) (*Result, error) {
	start := time.Now()
	if !opts.DryRun {
		opts.writing = &writing{ctx: opts.Context}
		defer opts.writing.close()
	}
	// The output folder is checked before anything is made, so that a
	// folder briefings must not replace is reported at once, not after
	// the site is rendered.
	var out *publish.Output
	if !opts.DryRun {
		dest := cmp.Or(opts.Dest, filepath.Join(cmp.Or(opts.Source, "."), "public"))
		diags := &diag.List{}
		cfg := config.Load(filepath.Join(cmp.Or(opts.Source, "."), "site.toml"), "site.toml", diags)
		if n, _ := diags.Count(); n == 0 {
			var err error
			if out, err = publish.Open(dest, cmp.Or(opts.Source, "."), cfg.Keep); err != nil {
				return &Result{Dest: dest, Duration: time.Since(start)}, err
			}
		}
	}
	res, err := Render(opts)
	if err == nil {
		err = opts.writing.spill().Err()
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if err == nil && !opts.DryRun {
		err = ctx.Err()
	}
	if err != nil || res.Failed || opts.DryRun {
		res.Duration = time.Since(start)
		return res, err
	}
	cfg := res.Site.Config
	if scanCopies(res.leaks, res.Copies, nil) {
		// A file copied as it is holds a withheld note's words:
		// nothing is published.
		diags := &diag.List{}
		leaksFound(res.leaks, diags, nothingPublished)
		diags.Append(res.Diagnostics)
		res.count(diags, opts.Strict)
		res.Duration = time.Since(start)
		return res, nil
	}
	files := res.written(opts.Progress)
	if out != nil && len(res.Site.Edition.Withheld) > 0 {
		// The build before, kept beside the output, may hold what
		// this one withholds.
		out.ForgetGone()
	}
	if out == nil {
		err = publish.Write(ctx, &publish.Plan{Dest: res.Dest, Source: opts.Source, Files: files, Copies: res.Copies, Keep: cfg.Keep})
	} else if _, err = out.Publish(ctx, files, res.Copies); err != nil && ctx.Err() == nil {
		err = fmt.Errorf("%w; %s was not changed", err, res.Dest)
	}
	if diags := (&diag.List{}); leaksFound(res.leaks, diags, nothingPublished) {
		// Nothing was published: the output is as it was.
		diags.Append(res.Diagnostics)
		res.count(diags, opts.Strict)
		err = nil
	} else if l := opts.writing.pages; l != nil && l.Err() != nil {
		// A template failed as its page was written, and Write left
		// the output as it was: report it like any template error.
		diags := &diag.List{}
		diags.Append(res.Diagnostics)
		diags.Errorf(diag.Pos{}, "%v", l.Err())
		res.count(diags, opts.Strict)
		err = nil
	}
	res.Duration = time.Since(start)
	return res, err
}

// writing is what a Build that writes keeps: the pages, made as they are
// written; the spill file of the bodies (nil when none could be made,
// which keeps them in memory); and whether the site has layouts/ of its
// own.
//
// A Build holds the whole site while it writes, so it keeps the rendered
// bodies and their plain text in the spill file, and lets go of what the
// built-in theme does not show as soon as the stages before are done
// with it (unless the site's own layouts/ names it: see showsSources):
// each note's source once its body is rendered, and what
// only the stages before need once they are done (dropResolved,
// dropNotes, Site.DropNamed). The search index waits in the spill file too.
// At 100,000 briefings the bodies alone are some 600 MB of HTML and 370
// MB of plain text, and the build's peak went from 3.97 GB to 1.85 GB
// (docs/internals/performance.md).
type writing struct {
	ctx    context.Context // nil: never ends early
	pages  *layout.Lazy
	store  *spill.File
	custom bool
}

// open prepares a build of the site in source to dest: the spill file
// goes beside dest, on the same disk, or nowhere when it cannot be made
// there or dest is one publish will refuse (inside content/, say, where
// nothing may be written even for a moment).
func (w *writing) open(source, dest string, keep []string) {
	w.custom = showsSources(filepath.Join(source, "layouts"))
	if publish.Check(dest, source, keep) != nil {
		return
	}
	if store, err := spill.Create(filepath.Dir(filepath.Clean(dest))); err == nil {
		w.store = store
	}
}

func (w *writing) close() { w.store.Close() }

// stopped reports whether the build was told to end early (Ctrl-C).
func (w *writing) stopped() bool { return w != nil && w.ctx != nil && w.ctx.Err() != nil }

// lean reports whether the build may let go of what the built-in theme
// does not show: a Build of a site without layouts/ of its own.
func (w *writing) lean() bool { return w != nil && !w.custom }

// spill returns the spill file, nil for no Build or no file.
func (w *writing) spill() *spill.File {
	if w == nil {
		return nil
	}
	return w.store
}

// dropResolved lets go of what only Assemble needs of the notes: the
// lines of their front matter fields (for its problems) and the names
// the front matter lists, which it has resolved. At 100,000 briefings
// that is some 40 MB less while the bodies are rendered.
func dropResolved(s *site.Site) {
	eachNote(s, func(n *content.Note) {
		n.Lines = nil
		if n.Briefing != nil {
			n.Briefing.Mentions = nil
		}
		if n.Entity != nil {
			n.Entity.Mentions = nil
		}
	})
}

// dropNotes lets go of the notes' sources, which only the rendering of
// their bodies and its problems need.
func dropNotes(s *site.Site) {
	eachNote(s, func(n *content.Note) { n.Src, n.Body = nil, nil })
}

// dropFrontMatter lets go of the notes' decoded front matter once the
// site holds what it shows of it (Assemble copies the titles, dates,
// sources and the rest into its briefings and entities) and the stages
// that read it are done: the bodies' hover cards and embeds (Card,
// LeadNeeded) and the leak scan's index (Aliases). What the pages,
// feeds and exports make as they are written reads the site, never the
// notes. At 10,000 briefings that is some 8 MB of the live heap while
// pages are written. The note itself stays: its path names it.
func dropFrontMatter(s *site.Site) {
	for _, b := range s.Briefings {
		b.Note.Briefing = nil
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			if e.Note != nil {
				e.Note.Entity = nil
			}
		}
	}
}

// eachNote calls fn with the note of every briefing and entity that has one.
func eachNote(s *site.Site, fn func(n *content.Note)) {
	for _, b := range s.Briefings {
		fn(b.Note)
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			if e.Note != nil {
				fn(e.Note)
			}
		}
	}
}

// A Build has the kernel map the memory its heap will grow into before it
// reads the notes (package prefault): heapPerNote bytes a note, at most
// maxPrefault, for sites of prefaultNotes notes or more. The heap of a
// build peaks at about 12.8 KB a note on the benchmark corpus (150 MB for
// 11,697 notes, some 1.45 GB for 115,197), and memory mapped but never
// used stays with the process to the end, so a note gets less than that.
// docs/internals/performance.md has what it gave.
const (
	heapPerNote   = 10 << 10
	maxPrefault   = 1 << 30
	prefaultNotes = 1000
)

// Render runs every stage but the writing: it returns the files a build
// would publish.
func Render(opts Options) (*Result, error) { return render(opts, nil) }

// render is Render; c, when not nil, holds what earlier renders of a
// Builder can reuse (see builder.go), and a nil c reuses nothing.
func render(opts Options, c *caches) (*Result, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Theme == nil {
		opts.Theme = layouts.FS
	}
	res := &Result{Dest: opts.Dest}
	if res.Dest == "" {
		res.Dest = filepath.Join(opts.Source, "public")
	}
	opts.Dest = res.Dest
	diags := &diag.List{}
	finish := func() (*Result, error) {
		res.count(diags, opts.Strict)
		res.Duration = time.Since(start)
		return res, nil
	}

	if _, err := os.Stat(filepath.Join(opts.Source, "site.toml")); errors.Is(err, fs.ErrNotExist) && !isDir(filepath.Join(opts.Source, "content")) {
		// The wrong folder, most likely: one problem, not one per file.
		diags.Errorf(diag.Pos{File: "site.toml"}, "no site here: %s holds neither site.toml nor content/: pass -s with the site's folder, or run `briefings new site DIR` to start one", displayDir(opts.Source))
		return finish()
	}
	var outside *content.OutsideError
	if _, err := content.Follow(opts.Source, filepath.Join(opts.Source, "site.toml")); errors.As(err, &outside) {
		diags.Errorf(diag.Pos{File: "site.toml"}, "%v, is not followed: a site is read only from its own folder; copy the file into the site", outside)
		return finish()
	}
	cfg := config.Load(filepath.Join(opts.Source, "site.toml"), "site.toml", diags)
	if opts.BaseURL != "" {
		base, err := config.BaseURL(opts.BaseURL)
		if err != nil {
			diags.Errorf(diag.Pos{}, "--base-url %v", err)
			return finish()
		}
		cfg.BaseURL = base
	} else {
		cfg.WarnBaseURL(diags)
	}
	if dir, err := siteFolder(opts.Source, "content"); err != nil {
		diags.Errorf(diag.Pos{File: "content/"}, "%v", err)
		return finish()
	} else if dir == "" {
		diags.Errorf(diag.Pos{File: "content/"}, "no content/ folder: a site keeps its notes in content/ (run `briefings new site DIR` to start one)")
		return finish()
	}
	if opts.writing != nil {
		opts.writing.open(opts.Source, res.Dest, cfg.Keep)
	}
	listing := content.List(content.Dir(filepath.Join(opts.Source, "content"), opts.Source), cfg.AllKinds(), diags)
	if opts.writing != nil && listing.Notes() >= prefaultNotes {
		prefault.Heap(min(listing.Notes()*heapPerNote, maxPrefault))
	}
	tree := listing.Read(c.noteCache())
	if opts.Audience != "" {
		if err := cfg.SetAudience(opts.Audience); err != nil {
			diags.Errorf(diag.Pos{}, "--audience: %v", err)
			return finish()
		}
	}
	// The one filter: everything after this sees only what it publishes.
	ed := edition.Select(cfg, tree, edition.Rules{Drafts: opts.Drafts, Future: opts.Future, Now: opts.Now}, diags)
	s := site.Assemble(cfg, tree, ed, diags)
	res.Site = s
	if opts.writing.lean() {
		dropResolved(s)
	}
	md := renderBodies(s, cfg, diags, c, opts.writing)
	s.CheckAnchors(diags)
	if opts.writing.lean() {
		dropNotes(s)
		s.DropHeadings()
	}
	// The leak scan's index reads the published bodies and renders the
	// withheld ones, beside what follows; a build that writes nothing
	// scans nothing, but the file of a dossier is scanned as a build's
	// pages are.
	var leaks chan *leak.Index
	if !opts.DryRun || opts.linkOnly {
		leaks = make(chan *leak.Index, 1)
		var siteLayouts fs.FS
		if dir, err := siteFolder(opts.Source, "layouts"); err == nil && dir != "" {
			siteLayouts = content.Dir(dir, opts.Source)
		}
		go func() { leaks <- leakIndex(s, md, opts.Source, opts.Theme, siteLayouts, c.leakCache()) }()
	}
	// The search index needs the bodies and what they mention, not
	// Link, and reads nothing Link or the listing of pages writes: it is
	// made beside them, and before the pages are written, so that its
	// working memory does not add to theirs.
	if opts.linkOnly {
		s.Link()
		if leaks != nil {
			res.leaks = <-leaks
		}
		return finish()
	}
	extras := make(chan []publish.File, 1)
	go func() { extras <- extraFiles(s, opts.writing.spill(), c.indexer()) }()
	s.LinkSince(c.lastSite())
	if opts.writing.lean() {
		// Link has turned the names into backlinks, and the built-in
		// theme shows Mentioned, which holds them too.
		s.DropNamed()
	}
	c.keepSite(s)
	res.Files, res.Copies, res.made = output(opts, s, extras, diags, c)
	if leaks != nil {
		res.leaks = <-leaks
	}
	if opts.writing.lean() {
		dropFrontMatter(s)
	}
	return finish()
}

// count fills in the diagnostics and their counts, and whether the build
// failed.
func (res *Result) count(diags *diag.List, strict bool) {
	res.Diagnostics = diags.Items()
	res.Errors, res.Warnings = 0, 0
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error {
			res.Errors++
		} else {
			res.Warnings++
		}
	}
	res.Failed = res.Errors > 0 || strict && res.Warnings > 0
}

// output renders the pages and feeds of a linked site with the theme and
// the site's layouts/, adds the extras it receives (the search index and
// the host's files) and the hover cards (which need the backlinks), and
// lists the files published as they are: everything a build writes.
func output(opts Options, s *site.Site, extras <-chan []publish.File, diags *diag.List, c *caches) (files []publish.File, copied map[string]string, made *making) {
	pages, ok := renderPages(opts, s, diags, c)
	more := <-extras
	if !ok {
		return nil, nil, nil
	}
	files = append(pages, more...)
	// A Build makes the data exports as they are written, and a
	// Builder once it has published the pages (Builder.pagesFirst).
	files = append(files, linkedFiles(s, opts.writing != nil || c != nil)...)
	// The save files list every other file with its size: their paths go
	// in first, for copies to check, and their bytes are made last.
	files = append(files, publish.File{Path: search.SaveSummary}, publish.File{Path: search.SaveList})
	copied = copies(opts.Source, opts.Dest, s, files, diags)
	made = saveFiles(files, copied)
	if made != nil {
		made.pages = len(pages)
		if opts.writing == nil {
			// Not a Build (a Builder's render, whose exports are
			// made as they are written too): counted here.
			made.count(files)
			made = nil
		}
	}
	return files, copied, made
}

// saveFiles fills in the last two files, the save files of offline
// reading (search.SaveFiles), from the sizes of the others and of the
// copies. Files made as they are written (Make) are counted as they are
// made (Result.written, through the making it returns; nil when there
// are none), and the save files are then made after them
// (publish.File.After).
func saveFiles(files []publish.File, copied map[string]string) *making {
	others := files[:len(files)-2]
	sizes := make([]int64, len(others))
	lazy := false
	for i, f := range others {
		if f.Kept {
			sizes[i] = int64(f.Size)
			continue
		}
		if f.Make == nil {
			sizes[i] = int64(len(f.Data))
		} else {
			lazy = true
		}
	}
	list := func() []publish.File {
		entries := make([]search.SaveEntry, 0, len(others)+len(copied))
		for i, f := range others {
			entries = append(entries, search.SaveEntry{Path: f.Path, Size: sizes[i]})
		}
		for out, src := range copied {
			if info, err := os.Stat(src); err == nil {
				entries = append(entries, search.SaveEntry{Path: out, Size: info.Size()})
			}
		}
		return search.SaveFiles(entries)
	}
	if !lazy {
		copy(files[len(files)-2:], list())
		return nil
	}
	var once sync.Once
	var made []publish.File
	for i := range 2 {
		files[len(others)+i] = publish.File{Path: files[len(others)+i].Path, After: true, Make: func(w io.Writer) error {
			once.Do(func() { made = list() })
			_, err := w.Write(made[i].Data)
			return err
		}}
	}
	return &making{sizes: sizes}
}

// making is what a Build does as it makes each file it writes: it
// counts the bytes of those made as they are written for the save files
// (sizes, by index in the files), and those of the first pages (the
// pages and feeds) for Options.Progress.
type making struct {
	sizes []int64
	pages int
	done  atomic.Int64
}

// count has each file made as it is written counted for the save files
// as it is made, for a caller that is not a Build (which counts them in
// Result.written, with the rest).
func (m *making) count(files []publish.File) {
	for i := range m.sizes {
		f := &files[i]
		if f.Make == nil {
			continue
		}
		make := f.Make
		f.Make = func(w io.Writer) error {
			c := &countingWriter{w: w}
			err := make(c)
			m.sizes[i] = c.n
			return err
		}
	}
}

// written returns the files of a Build as they are to be written: each
// file made as it is written counted (making) and, with a leak index,
// every file scanned for what the build withholds as it is written
// (scanned). One function a file does all of it, in place in res.Files:
// at 10,000 briefings, one wrapper a file where there were three, and
// one list where there were two.
func (res *Result) written(progress func(done, total int)) []publish.File {
	files, x, m := res.Files, res.leaks, res.made
	if m == nil {
		return scanned(files, x)
	}
	total := 0
	for _, f := range files[:m.pages] {
		if f.Make != nil {
			total++
		}
	}
	for i := range files {
		f := &files[i]
		if f.Make == nil && x == nil {
			continue
		}
		make, data, path := f.Make, f.Data, f.Path
		counted := make != nil && i < len(m.sizes)
		shown := make != nil && i < m.pages && progress != nil
		if x == nil && !counted && !shown {
			continue
		}
		f.Data = nil
		f.Make = func(w io.Writer) error {
			var s *leak.Scanner
			if x != nil {
				s = x.Scanner(path)
			}
			var err error
			switch {
			case make == nil:
				scanView(path, s).Write(data)
				_, err = w.Write(data)
			default:
				if s != nil {
					w = io.MultiWriter(w, scanView(path, s))
				}
				if counted {
					c := &countingWriter{w: w}
					err = make(c)
					m.sizes[i] = c.n
				} else {
					err = make(w)
				}
				if shown {
					progress(min(int(m.done.Add(1)), total), total) // a large page that changed is made twice
				}
			}
			if s != nil {
				if cerr := s.Close(); err == nil {
					err = cerr
				}
			}
			return err
		}
	}
	return files
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// renderPages renders the pages and feeds; ok is false when a template
// failed.
func renderPages(opts Options, s *site.Site, diags *diag.List, c *caches) (files []publish.File, ok bool) {
	var siteLayouts fs.FS
	if dir, err := siteFolder(opts.Source, "layouts"); err != nil {
		diags.Warnf(diag.Pos{File: "layouts/"}, "%v", err)
	} else if dir != "" {
		siteLayouts = content.Dir(dir, opts.Source)
	}
	set := layout.Load(opts.Theme, siteLayouts, diags)
	if set == nil {
		return nil, false
	}
	if opts.writing != nil && c == nil {
		set.Spill(opts.writing.spill())
		l, err := set.RenderLazy(s)
		if err != nil {
			diags.Errorf(diag.Pos{}, "%v", err)
			return nil, false
		}
		opts.writing.pages = l
		// Progress is told of each page as Build writes it
		// (Result.written).
		files = make([]publish.File, len(l.Files))
		for i, f := range l.Files {
			files[i] = publish.File{Path: f.Path, Data: f.Data, Make: f.Make}
		}
		l.Files = nil
		return files, true
	}
	pages, err := c.renderPages(set, s)
	if err != nil {
		diags.Errorf(diag.Pos{}, "%v", err)
		return nil, false
	}
	for _, f := range pages {
		files = append(files, publish.File{Path: f.Path, Data: f.Data, Kept: f.Kept, Size: f.Size})
	}
	return files, true
}

// linkedFiles lists the files made besides pages and feeds that need the
// linked site (its backlinks): the data of the hover cards and the data
// exports (data/), these made as they are written when lazy is set, in
// memory otherwise.
func linkedFiles(s *site.Site, lazy bool) []publish.File {
	return append(search.Cards(s), dataFiles(export.Files(s), lazy)...)
}

// dataFiles returns the data files given, made into bytes unless lazy.
func dataFiles(given []publish.File, lazy bool) []publish.File {
	var files []publish.File
	for _, f := range given {
		if !lazy && f.Make != nil {
			var buf bytes.Buffer
			if err := f.Make(&buf); err != nil {
				// Writing to memory fails only on a bug: the file
				// is left out rather than the build.
				continue
			}
			f = publish.File{Path: f.Path, Data: buf.Bytes()}
		}
		files = append(files, f)
	}
	return files
}

// extraFiles lists the files made besides pages, feeds and the theme's
// assets: the search index, the offline files, .nojekyll and CNAME. The
// search index waits in store (nil keeps it in memory) until it is
// written.
func extraFiles(s *site.Site, store *spill.File, index *search.Indexer) []publish.File {
	files := index.Index(s)
	if store != nil {
		for i, f := range files {
			data := store.Put(f.Data)
			files[i] = publish.File{Path: f.Path, Make: func(w io.Writer) error {
				b, err := data.Read()
				if err == nil {
					_, err = w.Write(b)
				}
				return err
			}}
		}
	}
	files = append(files, search.Offline(s)...)
	files = append(files, publish.File{Path: ".nojekyll", Data: nil})
	if cname := s.Config.CNAME; cname != "" {
		files = append(files, publish.File{Path: "CNAME", Data: []byte(cname + "\n")})
	}
	return files
}

// renderBodies renders every published note's body, in parallel, and
// records each body in the site (in w's spill file for a Build that
// writes) and its links. It returns the renderer it used.
func renderBodies(s *site.Site, cfg *config.Site, diags *diag.List, c *caches, w *writing) (md func() *markdown.Markdown) {
	md = c.markdown(s, func() []markdown.Pattern {
		if cfg.AutoLink {
			return s.Patterns()
		}
		return nil
	}, func(patterns []markdown.Pattern) *markdown.Markdown {
		return markdown.New(markdown.Options{Unsafe: cfg.UnsafeHTML, Names: patterns})
	})
	store := w.spill()
	if c == nil {
		s.KeepQuotesIn(store)
	} else {
		s.QuotesSince(c.lastSite())
	}
	var jobs []job
	for _, b := range s.Briefings {
		jobs = append(jobs, job{b.Note, b.URL})
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			if e.Note != nil {
				jobs = append(jobs, job{e.Note, e.URL})
			}
		}
	}
	for _, p := range s.Pages {
		jobs = append(jobs, job{p.Note, p.URL})
	}
	if s.Home != nil {
		jobs = append(jobs, job{s.Home.Note, "/"})
	}
	setLeads(s, jobs, md)
	// Each body's links are recorded in note order as soon as the bodies
	// before it are rendered: the result does not depend on scheduling,
	// and the links are let go of early (at 100,000 briefings holding
	// them all until the end cost 80 MB).
	results := make([]*markdown.Result, len(jobs))
	done := make([]bool, len(jobs))
	recorded := 0
	var mu sync.Mutex
	finish := func(i int, r *markdown.Result) {
		mu.Lock()
		defer mu.Unlock()
		results[i], done[i] = r, true
		for recorded < len(jobs) && done[recorded] {
			if r := results[recorded]; r != nil {
				s.AddLinks(jobs[recorded].note, r, diags)
				results[recorded] = nil
			}
			recorded++
		}
	}
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				j := jobs[i]
				if r := c.body(j.note, j.url, s); r != nil {
					s.SetBody(j.note, r, spill.Mem(r.HTML), spill.MemString(r.Text))
					finish(i, r)
					continue
				}
				var r *markdown.Result
				var err error
				var html, text spill.Bytes
				if store != nil && c == nil {
					// Straight from the renderer's buffers to the
					// spill file; only the links are left in r.
					r, err = md().RenderTo(j.note.Body, s.ResolverFor(j.url), j.note.Briefing != nil, func(h, t []byte) {
						html, text = store.Put(h), store.Put(t)
					})
				} else {
					r, err = md().Render(j.note.Body, s.ResolverFor(j.url), j.note.Briefing != nil)
					if err == nil {
						html, text = store.Put(r.HTML), store.PutString(r.Text)
					}
				}
				if err != nil {
					diags.Errorf(diag.Pos{File: j.note.Path}, "cannot render Markdown: %v", err)
					finish(i, nil)
					continue
				}
				s.SetBody(j.note, r, html, text)
				if c == nil {
					// Only the links are left to record.
					r.HTML, r.Text = nil, ""
				}
				if w.lean() && len(r.Problems) == 0 && !site.HasAnchors(r) && j.note.Page == nil {
					// Problems, and the links to headings that
					// may be, need the source for their lines; a
					// page's note may be the home page's too.
					j.note.Src, j.note.Body = nil, nil
				}
				c.keepBody(j.note, j.url, r)
				finish(i, r)
			}
		})
	}
	for i := range jobs {
		if w.stopped() {
			break // Ctrl-C: nothing is published
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return md
}

// job is a body to render: its note and the URL of its page.
type job struct {
	note *content.Note
	url  string
}

// setLeads reads the first paragraphs that embeds show as the summaries
// of pages whose front matter gives none, before the bodies are rendered
// in parallel: only the bodies of the pages embedded are read for it,
// and a site without embeds costs a search for "![[" in each body.
func setLeads(s *site.Site, jobs []job, md func() *markdown.Markdown) {
	leads := map[string]string{}
	for _, j := range jobs {
		if !bytes.Contains(j.note.Body, []byte("![[")) {
			continue
		}
		r := s.ResolverFor(j.url)
		for _, ref := range markdown.Embeds(j.note.Body) {
			t, _ := r.Resolve(ref.Section, ref.Name)
			if t == nil {
				continue
			}
			if _, done := leads[t.Key]; done {
				continue
			}
			if note, at, ok := s.LeadNeeded(t.Key); ok {
				leads[t.Key] = md().FirstParagraph(note.Body, s.ResolverFor(at))
			}
		}
	}
	s.SetLeads(leads)
}

// copies lists the files published as they are: static/, then the
// non-Markdown files of content/ and page bundles. A file that a page or
// another copy already writes is reported.
func copies(source, dest string, s *site.Site, files []publish.File, diags *diag.List) map[string]string {
	out := map[string]string{}
	written := map[string]bool{}
	for _, f := range files {
		written[f.Path] = true
	}
	if static, err := siteFolder(source, "static"); err != nil {
		diags.Warnf(diag.Pos{File: "static/"}, "%v", err)
	} else if static != "" {
		// Absolute paths with their links followed, to compare with
		// the targets of links.
		st := staticWalk{source: realPath(source), cname: s.Config.CNAME, out: out, written: written, diags: diags}
		st.avoid = []string{realPath(filepath.Join(source, "content")), realPath(dest)}
		static = realPath(static)
		st.walk(static, "", nil)
	}
	for outPath, src := range s.Files {
		if written[outPath] {
			diags.Warnf(diag.Pos{File: src}, "%s would overwrite the generated %s: rename it", src, outPath)
			continue
		}
		if _, dup := out[outPath]; dup {
			diags.Warnf(diag.Pos{File: src}, "%s and static/%s are both published at %s: rename one", src, outPath, outPath)
			continue
		}
		out[outPath] = filepath.Join(source, filepath.FromSlash(src))
	}
	return out
}

// staticWalk lists the files of static/ into out, by output path. A
// symbolic link is followed when its target is inside the site folder,
// to a file or a folder, and not into content/ (whose notes are
// published as pages, never as they are) nor the output folder; a link
// that leaves the site, or loops, is a warning, as is anything but a
// regular file or a folder.
type staticWalk struct {
	source  string
	cname   string   // site.toml's cname
	avoid   []string // content/ and the output folder
	out     map[string]string
	written map[string]bool
	diags   *diag.List
}

// walk lists the folder dir, published at rel; followed holds the
// folders entered through links on the way, their links followed.
func (st *staticWalk) walk(dir, rel string, followed []string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		name := path.Join(rel, filepath.ToSlash(strings.TrimPrefix(p, dir)))
		name = strings.TrimPrefix(name, "/")
		at := diag.Pos{File: "static/" + name}
		if err != nil {
			st.diags.Errorf(at, "cannot read: %v", err)
			return nil
		}
		if p == dir {
			return nil
		}
		if content.Ignored(d.Name()) && name != content.WellKnown {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			real, err := content.Follow(st.source, p)
			var outside *content.OutsideError
			switch {
			case errors.As(err, &outside):
				st.diags.Warnf(at, "%v, is not followed: a site is read only from its own folder; copy what it links to into static/", outside)
				return nil
			case err != nil:
				st.diags.Errorf(at, "cannot follow symbolic link (%v): remove it or point it at a file or folder", linkError(err))
				return nil
			}
			for _, no := range st.avoid {
				if no != "" && content.Within(no, real) {
					st.diags.Warnf(at, "symbolic link into %s is not followed: static/ publishes files as they are, and the notes and the output are not for that", no)
					return nil
				}
			}
			info, err := os.Stat(real)
			if err != nil {
				st.diags.Errorf(at, "cannot follow symbolic link (%v): remove it or point it at a file or folder", linkError(err))
				return nil
			}
			if info.IsDir() {
				for _, f := range append(followed, realPath(filepath.Dir(p))) {
					if content.Within(real, f) {
						st.diags.Warnf(at, "symbolic link to a folder that holds it, %s, is not followed: it would copy the folder into itself without end", real)
						return nil
					}
				}
				st.walk(real, name, append(slices.Clip(followed), real))
				return nil
			}
			mode = info.Mode().Type()
			p = real
		}
		if !mode.IsRegular() {
			st.diags.Warnf(at, "%s, not a regular file, so it is not published: remove it", content.Kind(mode))
			return nil
		}
		if content.IsMarkdown(d.Name()) || content.IsMarkdown(filepath.Base(p)) {
			st.diags.Warnf(at, "not published: a Markdown file is never published as it is, as it may be a note; notes go in content/")
			return nil
		}
		if name == "CNAME" && st.written[name] {
			cnameDisagrees(p, st.cname, st.diags)
			return nil
		}
		if st.written[name] {
			st.diags.Warnf(at, "static/%s is replaced by the generated %s: rename or remove it", name, name)
			return nil
		}
		st.out[name] = p
		return nil
	})
}

// realPath returns p as an absolute path with its links followed, or ""
// when it does not exist.
func realPath(p string) string {
	real, err := filepath.EvalSymlinks(p)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		return ""
	}
	return real
}

// linkError drops the path from an error of following a link, which the
// diagnostic names already.
func linkError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// siteFolder returns the path of the site's folder name (content,
// layouts, static), or "" when it has none. A folder that is a symbolic
// link to a place outside the site folder is not followed, and the error
// says so.
func siteFolder(source, name string) (string, error) {
	dir := filepath.Join(source, name)
	info, err := os.Lstat(dir)
	if err != nil {
		return "", nil
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		var outside *content.OutsideError
		if _, err := content.Follow(source, dir); errors.As(err, &outside) {
			return "", fmt.Errorf("%v, is not followed: a site is read only from its own folder; move the folder into the site", outside)
		}
	}
	if !isDir(dir) {
		return "", nil
	}
	return dir, nil
}

// cnameDisagrees warns when static/CNAME (the file at p) names another
// domain than site.toml's cname, which wins: it is the setting the docs
// teach, and GitHub Pages reads one domain only.
func cnameDisagrees(p, cname string, diags *diag.List) {
	b, err := os.ReadFile(p)
	if err != nil {
		return
	}
	if got := strings.TrimSpace(string(b)); !strings.EqualFold(got, cname) {
		diags.Warnf(diag.Pos{File: "static/CNAME", Line: 1}, "static/CNAME names %q but site.toml sets cname = %q, which is published: make them agree, or remove one of the two", got, cname)
	}
}

// droppedFields matches, in a template, the names that reach what a lean
// build lets go of: a note (.Note, or the notes of .Site.Edition, with
// their sources, lines and front matter names), the names a briefing's
// front matter gives (.Named) and the mentions a note's front matter
// lists (.Mentions).
var droppedFields = regexp.MustCompile(`\.(Note|Edition|Named|Mentions|Src|Lines)\b`)

// showsSources reports whether the templates in the folder dir (a site's
// layouts/) may show what a lean build lets go of. A template names a
// field to show it, so templates that name none of droppedFields show
// only what the built-in theme may, and the site is built as leanly as
// with the built-in theme: overriding a template does not cost memory.
// A file that cannot be read, or a symbolic link, counts as showing
// them; a named pipe or a device is never opened.
func showsSources(dir string) bool {
	if !isDir(dir) {
		return false
	}
	shows := false
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			shows = true
			return filepath.SkipAll
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".xml")) {
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			// Not followed here; the theme may read what it leads to.
			shows = true
			return filepath.SkipAll
		case !d.Type().IsRegular():
			return nil // a named pipe or a device, which no one reads
		}
		b, err := os.ReadFile(path)
		if err != nil || droppedFields.Match(b) {
			shows = true
			return filepath.SkipAll
		}
		return nil
	})
	return shows
}

// isDir reports whether path is a folder.
func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// displayDir is dir as the user knows it: absolute, so that "." names
// the folder.
func displayDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
