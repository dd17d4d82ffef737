package content

import (
	"errors"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"briefings/generator/config"
	"briefings/generator/diag"
)

// Tree is what Load found in content/.
type Tree struct {
	// Notes are the Markdown files that decoded, in path order.
	Notes []*Note
	// Files are the other files outside page bundles, as paths within
	// content/; they are published at the same path.
	Files []string
}

// Load reads every note under fsys, the site's content/ folder. kinds
// lists the entity kinds: content/<kind>/*.md are their notes. Problems
// are reported into diags with paths starting at content/; notes that
// cannot be used are left out.
//
// Hidden files and editor leftovers (*~, .*.swp, #*#, 4913) are skipped,
// and symbolic links to folders are not followed, so a link loop cannot
// hang a build. Given a Dir, a link to a file outside the site folder is
// not followed, and what is not a regular file (a named pipe, a device)
// is not read: each is a warning.
func Load(fsys fs.FS, kinds []config.Kind, diags *diag.List) *Tree {
	return LoadCached(fsys, kinds, diags, nil)
}

// LoadCached is Load for watch and serve: notes that cache holds are not
// read again (nil means no cache).
func LoadCached(fsys fs.FS, kinds []config.Kind, diags *diag.List, cache *Cache) *Tree {
	return List(fsys, kinds, diags).Read(cache)
}

// A Listing is what List found under content/: the notes to read and the
// other files. Load is List and then Read; a build lists first to know
// how many notes it will hold before it reads them.
type Listing struct {
	fsys    fs.FS
	kinds   []config.Kind
	diags   *diag.List
	tree    *Tree           // with Files
	files   []string        // every file, for the bundles' own
	bundles map[string]bool // folders holding index.md
	jobs    []job
}

// job is a note to read: its path within content/, kind and slug.
type job struct{ rel, kind, slug string }

// Notes returns how many notes Read will read.
func (l *Listing) Notes() int { return len(l.jobs) }

// List walks fsys, the site's content/ folder, as Load does, and lists
// what Read will read; problems with the folders go into diags.
func List(fsys fs.FS, kinds []config.Kind, diags *diag.List) *Listing {
	var jobs []job
	tree := &Tree{}
	bundles := map[string]bool{} // folders holding index.md
	kindOf := map[string]bool{KindBriefing: true}
	for _, k := range kinds {
		kindOf[k.Name] = true
	}
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(diag.Pos{File: "content/" + p}, "cannot read: %v", err)
			return nil
		}
		if p == "." {
			return nil
		}
		name := d.Name()
		if Ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if !strings.Contains(p, "/") && !kindOf[name] {
				if _, err := fs.Stat(fsys, p+"/index.md"); err == nil {
					bundles[p] = true // a page bundle such as content/about/index.md
					return nil
				}
				diags.Warnf(diag.Pos{File: "content/" + p + "/"}, "folder %q is not a kind of note, so its files are not read: use briefings/ or an entity kind (%s), or declare the kind in site.toml with [[kinds]] name = %q", name, strings.Join(kindNames(kinds), ", "), name)
				return fs.SkipDir
			}
			if _, err := fs.Stat(fsys, p+"/index.md"); err == nil {
				bundles[p] = true
			}
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			var outside *OutsideError
			switch {
			case errors.As(err, &outside):
				diags.Warnf(diag.Pos{File: "content/" + p}, "%v, is not followed: a site is read only from its own folder; copy the file into the site if it is meant to be published", outside)
				return nil
			case errors.Is(err, fs.ErrNotExist):
				diags.Errorf(diag.Pos{File: "content/" + p}, "symbolic link to a file that does not exist: remove the link or point it at a file")
				return nil
			case err != nil:
				diags.Errorf(diag.Pos{File: "content/" + p}, "cannot follow symbolic link (%v): it may point back at itself through other links; remove it or point it at a file", unwrapPath(err))
				return nil
			case info.IsDir():
				diags.Warnf(diag.Pos{File: "content/" + p}, "symbolic link to a folder is not followed: copy or move the notes into content/")
				return nil
			}
			mode = info.Mode().Type()
		}
		if !mode.IsRegular() {
			diags.Warnf(diag.Pos{File: "content/" + p}, "%s, not a regular file, so it is not read: remove it", Kind(mode))
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: "content/"}, "cannot read content: %v", err)
	}
	notBundles := folderOfNotes(files, bundles, kindOf, diags)

	for _, p := range files {
		dir, name := path.Split(p)
		dir = strings.TrimSuffix(dir, "/")
		if notBundles[dir] && name == "index.md" {
			continue // reported by folderOfNotes
		}
		bundle := bundleOf(dir, bundles)
		if bundle != "" && name != "index.md" || bundle != "" && dir != bundle {
			continue // a bundle's own files: listed with its index.md below
		}
		if !strings.HasSuffix(name, ".md") {
			if IsMarkdown(name) {
				diags.Warnf(diag.Pos{File: "content/" + p}, "not published: only a file ending in .md is read as a note, and a Markdown file (or a copy of one) is never published as it is; rename it to end in .md to make it a note, or move it out of content/")
				continue
			}
			tree.Files = append(tree.Files, p)
			continue
		}
		section, _, nested := strings.Cut(p, "/")
		if nested && kindOf[section] && name == "_index.md" {
			diags.Errorf(diag.Pos{File: "content/" + p}, "_index.md (a section page in Hugo) is not read: the /%s/ list is made from the notes and has no note of its own; name this note after its subject (content/%s/NAME.md), or remove it", section, section)
			continue
		}
		kind := KindPage
		if nested && kindOf[section] {
			kind = section
		}
		slug := strings.TrimSuffix(name, ".md")
		if name == "index.md" && dir != "" {
			slug = path.Base(dir)
		}
		if kind != KindBriefing && kind != KindPage && strings.Count(p, "/") > 1 && name != "index.md" {
			diags.Warnf(diag.Pos{File: "content/" + p}, "%s notes belong directly in content/%s/: move it there", kind, kind)
		}
		if kind == KindPage && dir != "" && name != "index.md" {
			diags.Warnf(diag.Pos{File: "content/" + p}, "pages belong directly in content/ or in a bundle folder with index.md: move it")
			continue
		}
		if Shortened(slug) {
			diags.Warnf(diag.Pos{File: "content/" + p}, "the file name is too long for the folder of its page (over %d bytes once made a slug), so the page's folder is %s: shorten the file name", MaxSlug, Slug(slug))
		}
		jobs = append(jobs, job{rel: p, kind: kind, slug: Slug(slug)})
	}
	return &Listing{fsys: fsys, kinds: kinds, diags: diags, tree: tree, files: files, bundles: bundles, jobs: jobs}
}

// Read reads the listed notes, on every core, and returns them with the
// other files; notes that cache holds are not read again (nil means no
// cache). A Listing is read once.
func (l *Listing) Read(cache *Cache) *Tree {
	fsys, kinds, diags, tree, files, bundles, jobs := l.fsys, l.kinds, l.diags, l.tree, l.files, l.bundles, l.jobs
	notes := make([]*Note, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				j := jobs[i]
				notes[i] = cache.note(j.rel, j.kind, j.slug, diags, func(d *diag.List) *Note {
					return read(fsys, j.rel, j.kind, j.slug, kinds, d)
				})
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()

	for _, n := range notes {
		if n == nil {
			continue
		}
		if dir := path.Dir(strings.TrimPrefix(n.Path, "content/")); path.Base(n.Path) == "index.md" && bundles[dir] {
			for _, f := range files {
				if strings.HasPrefix(f, dir+"/") && f != dir+"/index.md" && !IsMarkdown(f) {
					n.Bundle = append(n.Bundle, f)
				}
			}
		}
		tree.Notes = append(tree.Notes, n)
	}
	return tree
}

func read(fsys fs.FS, rel, kind, slug string, kinds []config.Kind, diags *diag.List) *Note {
	p := "content/" + rel
	raw, err := fs.ReadFile(fsys, rel)
	if err != nil {
		diags.Errorf(diag.Pos{File: p}, "cannot read the file: %v", unwrapPath(err))
		return nil
	}
	src, bad := Normalize(raw)
	if bad > 0 {
		diags.Errorf(diag.Pos{File: p, Line: bad}, "invalid UTF-8: save the file as UTF-8 (the text here is in another encoding)")
		return nil
	}
	if slug == "" {
		diags.Errorf(diag.Pos{File: p}, "the file name gives an empty slug: name it with letters or digits")
		return nil
	}
	n := Decode(p, kind, src, kinds, diags)
	if n != nil {
		n.Slug = slug
	}
	return n
}

// unwrapPath drops the path from a *fs.PathError, which names the file
// relative to content/ while the diagnostic already names it from the
// site folder.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// folderOfNotes takes out of bundles the folders holding index.md that
// are folders of notes, and reports their index.md: a kind's own folder
// (content/briefings/), or a folder holding other Markdown files. Such a
// folder is never a page bundle, whose files are published as they are:
// its notes, drafts and embargoed ones included, would be. It returns
// the folders taken out.
func folderOfNotes(files []string, bundles, kindOf map[string]bool, diags *diag.List) map[string]bool {
	// other holds, for each folder, a Markdown file below it that is
	// not its own index.md.
	other := map[string]string{}
	for _, f := range files {
		if !IsMarkdown(path.Base(f)) {
			continue
		}
		dir := path.Dir(f)
		if path.Base(f) == "index.md" {
			dir = path.Dir(dir)
		}
		// A folder that has one has every folder above it marked.
		for ; dir != "." && other[dir] == ""; dir = path.Dir(dir) {
			other[dir] = f
		}
	}
	out := map[string]bool{}
	for _, dir := range sortedKeys(bundles) {
		index := diag.Pos{File: "content/" + dir + "/index.md"}
		f := other[dir]
		switch {
		case kindOf[dir]:
			diags.Errorf(index, "index.md would make content/%s/ a page bundle, but a kind's folder holds notes: name this note after its subject (content/%s/NAME.md); the /%s/ list is made from the notes and has no note of its own", dir, dir, dir)
		case f == "":
			continue
		case kindOf[strings.SplitN(dir, "/", 2)[0]]:
			diags.Errorf(index, "index.md would make content/%s/ a page bundle, whose files are published as they are, but the folder holds other notes (content/%s): name this note after its subject (content/%s/NAME.md), or move it with its own files into a folder of their own", dir, f, dir)
		default:
			diags.Errorf(index, "index.md makes content/%s/ a page bundle, whose files are published as they are, but the folder holds another Markdown file (content/%s), which is never published as it is: move that file out (to content/ to make it a page of its own) or remove it", dir, f)
		}
		out[dir] = true
	}
	for dir := range out {
		delete(bundles, dir)
	}
	return out
}

// IsMarkdown reports whether a file name is a Markdown file's: .md, or
// another spelling such as .MD or .markdown, or a copy such as x.md.bak.
// Only .md files of content/ are read as notes, and no Markdown file is
// ever published as it is, from content/ or static/: it may be a note,
// a draft among them.
func IsMarkdown(name string) bool {
	name = strings.ToLower(name)
	switch path.Ext(name) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return true
	}
	return strings.Contains(name, ".md.")
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// bundleOf returns the bundle folder holding dir, or "".
func bundleOf(dir string, bundles map[string]bool) string {
	for d := dir; d != "" && d != "."; d = path.Dir(d) {
		if bundles[d] {
			return d
		}
	}
	return ""
}

// WellKnown is the one hidden folder that is published: static/'s, at
// the root of the output (security.txt, app links), which hosts serve and
// so does serve.
const WellKnown = ".well-known"

// Ignored reports whether a file or folder name is hidden or an editor's
// leftover, which every stage skips.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || name == "4913"
}

func kindNames(kinds []config.Kind) []string {
	names := []string{}
	for _, k := range kinds {
		names = append(names, k.Name)
	}
	return slices.Clip(names)
}
