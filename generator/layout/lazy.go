package layout

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"briefings/generator/site"
)

// Lazy is a render whose pages are made when they are written: a full
// build hands them to publish, which executes each template just before
// writing the file, so that the build never holds every page in memory
// (at 10,000 briefings the pages are some 340 MB, the feeds 30 MB).
type Lazy struct {
	// Files are the same files as Render's, sorted by path; the HTML
	// pages, feeds and sitemap have Make set instead of Data, the assets
	// have their Data.
	Files []File

	mu       sync.Mutex
	problems []string
}

// RenderLazy is Render with the pages, feeds and sitemap left to be made:
// template errors come from their Make calls, and Err gathers them. The
// error is always nil.
func (set *Set) RenderLazy(s *site.Site) (*Lazy, error) {
	l := &Lazy{}
	set.forget()
	for _, p := range Pages(s) {
		l.Files = append(l.Files, File{Path: OutputPath(p.URL), Make: func(w io.Writer) error {
			err := set.Execute(w, p)
			// What the page gathered (a dossier's briefings and
			// sources) goes with it: the list of files holds the
			// page to the end of the build, and most pages are
			// made once (a large one that changed is made twice,
			// and gathers again). At 10,000 briefings the dossiers
			// held some 6.6 MB at the last page.
			p.dossier = nil
			if err != nil {
				return l.fail(set.explain(err, p.URL))
			}
			return nil
		}})
	}
	feed := func(out, name string, data func() any) {
		l.Files = append(l.Files, File{Path: out, Make: func(w io.Writer) error {
			if err := set.ExecuteFeed(w, name, data()); err != nil {
				return l.fail(set.explain(err, "/"+out))
			}
			return nil
		}})
	}
	eachFeed(s, func(path, title, page string, briefings []*site.Briefing) {
		feed(strings.TrimPrefix(path, "/"), "atom.xml", func() any { return makeFeed(s.Config, path, title, page, briefings) })
	})
	feed("sitemap.xml", "sitemap.xml", func() any { return makeSitemap(s) })
	l.Files = append(l.Files, set.Assets()...)
	l.Files = append(l.Files, set.flagFiles(s)...)
	slices.SortFunc(l.Files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return l, nil
}

// fail records a template error of a page or feed being made and returns
// errPage.
func (l *Lazy) fail(err error) error {
	l.mu.Lock()
	if !slices.Contains(l.problems, err.Error()) {
		l.problems = append(l.problems, err.Error())
	}
	l.mu.Unlock()
	return errPage
}

// errPage is what a page's Make returns when its template failed; Err
// has the details.
var errPage = errors.New("the page's template failed")

// Err returns the template errors the pages met when they were made,
// joined as Render joins them (sorted, as pages are made in any order),
// or nil.
func (l *Lazy) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.problems) == 0 {
		return nil
	}
	problems := slices.Sorted(slices.Values(l.problems))
	return fmt.Errorf("%s", strings.Join(problems[:min(len(problems), 10)], "\n"))
}
