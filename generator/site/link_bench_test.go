package site

import (
	"briefings/generator/edition"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"briefings/bench/corpus"
	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/markdown"
)

// BenchmarkRelated scores related briefings (Site.related) on the shared
// corpus, 10,000 briefings unless $BRIEFINGS_BENCH_N says otherwise, with
// every body's mentions recorded; pages/s counts the briefings.
func BenchmarkRelated(b *testing.B) {
	dir := corpus.Dir(b, corpus.Size(b, 10000), "briefings")
	diags := &diag.List{}
	cfg := config.Load(filepath.Join(dir, "site.toml"), "site.toml", diags)
	tree := content.Load(os.DirFS(filepath.Join(dir, "content")), cfg.AllKinds(), diags)
	s := Assemble(cfg, tree, edition.Select(cfg, tree, edition.Rules{Future: true, Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, diags), diags)
	md := markdown.New(markdown.Options{Names: s.Patterns()})
	results := make([]*markdown.Result, len(s.Briefings))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				results[i], _ = md.Render(s.Briefings[i].Note.Body, s.ResolverFor(s.Briefings[i].URL), true)
			}
		})
	}
	for i := range s.Briefings {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, r := range results {
		s.AddLinks(s.Briefings[i].Note, r, diags)
	}
	s.Link()
	for b.Loop() {
		s.related(s.graph(), nil)
	}
	b.ReportMetric(float64(len(s.Briefings))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
