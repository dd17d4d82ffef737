package search_test

import (
	"os"
	"testing"
	"time"

	"briefings/generator"
	"briefings/generator/search"
)

// BenchmarkIndex indexes the site at $BRIEFINGS_BENCH_SITE (the shared
// corpus: go run ./gencorpus -n 10000 -seed 1 -out /tmp/corpus-10k):
//
//	BRIEFINGS_BENCH_SITE=/tmp/corpus-10k go test -run '^$' -bench Index ./generator/search
func BenchmarkIndex(b *testing.B) {
	dir := os.Getenv("BRIEFINGS_BENCH_SITE")
	if dir == "" {
		b.Skip("set BRIEFINGS_BENCH_SITE to a site folder")
	}
	res, err := generator.Render(generator.Options{Source: dir, Future: true, DryRun: true, Now: time.Now()})
	if err != nil || res.Site == nil {
		b.Fatalf("render: %v", err)
	}
	b.ResetTimer()
	var size, n int
	for b.Loop() {
		files := search.Index(res.Site)
		size, n = 0, len(files)
		for _, f := range files {
			size += len(f.Data)
		}
	}
	b.ReportMetric(float64(size)/(1<<20), "MB")
	b.ReportMetric(float64(n), "files")
}

// BenchmarkCards makes the hover cards of the site at $BRIEFINGS_BENCH_SITE.
func BenchmarkCards(b *testing.B) {
	dir := os.Getenv("BRIEFINGS_BENCH_SITE")
	if dir == "" {
		b.Skip("set BRIEFINGS_BENCH_SITE to a site folder")
	}
	res, err := generator.Render(generator.Options{Source: dir, Future: true, DryRun: true, Now: time.Now()})
	if err != nil || res.Site == nil {
		b.Fatalf("render: %v", err)
	}
	b.ResetTimer()
	var size, n int
	for b.Loop() {
		files := search.Cards(res.Site)
		size, n = 0, len(files)
		for _, f := range files {
			size += len(f.Data)
		}
	}
	b.ReportMetric(float64(size)/(1<<20), "MB")
	b.ReportMetric(float64(n), "files")
}
