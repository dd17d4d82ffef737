package generator_test

import (
	"briefings/generator/edition"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"briefings/bench/corpus"
	"briefings/generator"
	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/layout"
	"briefings/generator/markdown"
	"briefings/generator/publish"
	"briefings/generator/site"
	"briefings/generator/spill"
	"briefings/layouts"
)

// The benchmarks run on the shared corpus (../shared/bench/gencorpus,
// seed 1), 10,000 briefings unless $BRIEFINGS_BENCH_N says otherwise; the
// corpus is generated once into the temporary folder. Each reports
// pages/s: the notes, bodies, pages or files its stage handles per
// second. docs/internals/performance.md has the numbers.
//
//	go test -run '^$' -bench . -benchtime 3x ./generator
//	BRIEFINGS_BENCH_N=1000 go test -run '^$' -bench 'Build$' -cpuprofile cpu.prof ./generator

// stages holds the output of every stage, for the benchmark of the next.
type stages struct {
	dir     string
	cfg     *config.Site
	tree    *content.Tree
	site    *site.Site
	md      *markdown.Markdown
	jobs    []job
	results []*markdown.Result
	set     *layout.Set
	files   []publish.File
}

type job struct {
	note *content.Note
	url  string
}

var now = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// prepare runs the stages up to and including stop.
func prepare(b *testing.B, stop string) *stages {
	b.Helper()
	st := &stages{dir: corpus.Dir(b, corpus.Size(b, 10000), "briefings")}
	diags := &diag.List{}
	st.cfg = config.Load(filepath.Join(st.dir, "site.toml"), "site.toml", diags)
	if stop == "load" {
		return st
	}
	st.tree = content.Load(os.DirFS(filepath.Join(st.dir, "content")), st.cfg.AllKinds(), diags)
	if stop == "assemble" {
		return st
	}
	st.assemble()
	if stop == "render" {
		return st
	}
	st.render()
	if stop == "link" {
		return st
	}
	st.addLinks()
	st.site.Link()
	st.set = layout.Load(layouts.FS, nil, diags)
	if stop == "layout" {
		return st
	}
	files, err := st.set.Render(st.site)
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		st.files = append(st.files, publish.File{Path: f.Path, Data: f.Data})
	}
	return st
}

// assemble makes a fresh Site, its Markdown renderer and the list of
// bodies to render, as generator.Render does.
func (st *stages) assemble() {
	st.site = site.Assemble(st.cfg, st.tree, edition.Select(st.cfg, st.tree, edition.Rules{Future: true, Now: now}, &diag.List{}), &diag.List{})
	st.md = markdown.New(markdown.Options{Unsafe: st.cfg.UnsafeHTML, Names: st.site.Patterns()})
	st.jobs = st.jobs[:0]
	for _, b := range st.site.Briefings {
		st.jobs = append(st.jobs, job{b.Note, b.URL})
	}
	for _, k := range st.site.Kinds {
		for _, e := range st.site.Entities[k.Name] {
			if e.Note != nil {
				st.jobs = append(st.jobs, job{e.Note, e.URL})
			}
		}
	}
}

// render renders every body on every core.
func (st *stages) render() {
	st.results = make([]*markdown.Result, len(st.jobs))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				j := st.jobs[i]
				st.results[i], _ = st.md.Render(j.note.Body, st.site.ResolverFor(j.url), j.note.Briefing != nil)
			}
		})
	}
	for i := range st.jobs {
		next <- i
	}
	close(next)
	wg.Wait()
}

func (st *stages) addLinks() {
	diags := &diag.List{}
	for i, j := range st.jobs {
		if st.results[i] != nil {
			r := st.results[i]
			st.site.SetBody(j.note, r, spill.Mem(r.HTML), spill.MemString(r.Text))
			st.site.AddLinks(j.note, st.results[i], diags)
		}
	}
}

func perSecond(b *testing.B, n int) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkBuild is a full build (briefings build --future) of the corpus
// into a fresh output folder; pages/s counts the notes.
func BenchmarkBuild(b *testing.B) {
	dir := corpus.Dir(b, corpus.Size(b, 10000), "briefings")
	out := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		dest := filepath.Join(out, fmt.Sprint(i))
		res, err := generator.Build(generator.Options{Source: dir, Dest: dest, Future: true, Now: now})
		if err != nil || res.Failed {
			b.Fatalf("build: %v %v", err, res.Diagnostics)
		}
		b.StopTimer()
		os.RemoveAll(dest)
		b.StartTimer()
	}
	perSecond(b, corpus.Pages(dir))
}

// BenchmarkLoad reads and decodes every note (content.Load).
func BenchmarkLoad(b *testing.B) {
	st := prepare(b, "load")
	var n int
	for b.Loop() {
		tree := content.Load(os.DirFS(filepath.Join(st.dir, "content")), st.cfg.AllKinds(), &diag.List{})
		n = len(tree.Notes)
	}
	perSecond(b, n)
}

// BenchmarkResolve assembles the site: the entity index, front matter
// names, stubs and URLs (site.Assemble).
func BenchmarkResolve(b *testing.B) {
	st := prepare(b, "assemble")
	for b.Loop() {
		site.Assemble(st.cfg, st.tree, edition.Select(st.cfg, st.tree, edition.Rules{Future: true, Now: now}, &diag.List{}), &diag.List{})
	}
	perSecond(b, len(st.tree.Notes))
}

// BenchmarkRenderBodies renders every body with wikilinks and automatic
// mentions, on every core.
func BenchmarkRenderBodies(b *testing.B) {
	st := prepare(b, "render")
	for b.Loop() {
		st.render()
	}
	perSecond(b, len(st.jobs))
}

// BenchmarkLink records the links of every body (Site.AddLinks) and
// computes backlinks, related briefings and timelines (Site.Link).
func BenchmarkLink(b *testing.B) {
	st := prepare(b, "link")
	for b.Loop() {
		b.StopTimer()
		st.site = site.Assemble(st.cfg, st.tree, edition.Select(st.cfg, st.tree, edition.Rules{Future: true, Now: now}, &diag.List{}), &diag.List{})
		b.StartTimer()
		st.addLinks()
		st.site.Link()
	}
	perSecond(b, len(st.jobs))
}

// BenchmarkLayout executes the templates of every page, feed and the
// sitemap (layout.Set.Render); pages/s counts the files.
func BenchmarkLayout(b *testing.B) {
	st := prepare(b, "layout")
	var n int
	for b.Loop() {
		files, err := st.set.Render(st.site)
		if err != nil {
			b.Fatal(err)
		}
		n = len(files)
	}
	perSecond(b, n)
}

// BenchmarkLayoutKinds executes the template of every page of one kind
// (briefing, entity, list, tag), one page after the other on one
// goroutine; pages/s counts that kind's pages. docs/internals/performance.md has
// what each part of a briefing page costs.
func BenchmarkLayoutKinds(b *testing.B) {
	st := prepare(b, "layout")
	pages := layout.Pages(st.site)
	for _, kind := range []string{"briefing", "entity", "list", "tag"} {
		b.Run(kind, func(b *testing.B) {
			var n int
			for b.Loop() {
				n = 0
				for _, p := range pages {
					if p.Kind != kind {
						continue
					}
					if err := st.set.Execute(io.Discard, p); err != nil {
						b.Fatal(err)
					}
					n++
				}
			}
			perSecond(b, n)
		})
	}
}

// BenchmarkWrite publishes the rendered files into a fresh output folder
// (publish.Write: staging folder, then swap); pages/s counts the files.
func BenchmarkWrite(b *testing.B) {
	st := prepare(b, "write")
	out := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		dest := filepath.Join(out, fmt.Sprint(i))
		if err := publish.Write(context.Background(), &publish.Plan{Dest: dest, Source: st.dir, Files: st.files}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(dest)
		b.StartTimer()
	}
	perSecond(b, len(st.files))
}

// BenchmarkAutoLink measures automatic mentions: the trie alone over every
// briefing body (Matcher), and rendering the bodies with and without the
// names, on one core so that the difference is the mentions' cost.
func BenchmarkAutoLink(b *testing.B) {
	st := prepare(b, "render")
	patterns := st.site.Patterns()
	var briefings []job
	for _, j := range st.jobs {
		if j.note.Briefing != nil {
			briefings = append(briefings, j)
		}
	}
	b.Run("Matcher", func(b *testing.B) {
		m := markdown.NewMatcher(patterns)
		for b.Loop() {
			for _, j := range briefings {
				m.Find(j.note.Body)
			}
		}
		perSecond(b, len(briefings))
	})
	for _, names := range []bool{true, false} {
		b.Run(fmt.Sprintf("Render/names=%v", names), func(b *testing.B) {
			opts := markdown.Options{}
			if names {
				opts.Names = patterns
			}
			md := markdown.New(opts)
			for b.Loop() {
				for _, j := range briefings {
					md.Render(j.note.Body, st.site.ResolverFor(j.url), true)
				}
			}
			perSecond(b, len(briefings))
		})
	}
}
