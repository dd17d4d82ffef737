package site

import (
	"briefings/generator/edition"
	"os"
	"path/filepath"
	"testing"
	"time"

	"briefings/bench/corpus"
	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
)

// BenchmarkNearMisses indexes the names and aliases of every note of the
// shared corpus (10,000 briefings unless $BRIEFINGS_BENCH_N says
// otherwise: some 1,000 people, 195 countries, 500 events) and looks up
// each name the briefings use that no note has, as Assemble does at its
// first such name; names/s counts the names looked up.
func BenchmarkNearMisses(b *testing.B) {
	dir := corpus.Dir(b, corpus.Size(b, 10000), "briefings")
	diags := &diag.List{}
	cfg := config.Load(filepath.Join(dir, "site.toml"), "site.toml", diags)
	tree := content.Load(os.DirFS(filepath.Join(dir, "content")), cfg.AllKinds(), diags)
	s := Assemble(cfg, tree, edition.Select(cfg, tree, edition.Rules{Future: true, Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, diags), diags)
	var noted []*Entity
	var unknown []string
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			if e.Note != nil {
				noted = append(noted, e)
			} else {
				unknown = append(unknown, e.Name)
			}
		}
	}
	if len(unknown) == 0 {
		b.Fatal("the corpus names no entity without a note")
	}
	found := 0
	for b.Loop() {
		x := newNearIndex()
		for _, e := range noted {
			x.add(e.Name, e)
			for _, a := range e.Aliases {
				x.add(a, e)
			}
		}
		found = 0
		for _, name := range unknown {
			if len(x.find(name, nil)) > 0 {
				found++
			}
		}
	}
	b.ReportMetric(float64(len(unknown))*float64(b.N)/b.Elapsed().Seconds(), "names/s")
	b.ReportMetric(float64(len(noted)), "notes")
	b.ReportMetric(float64(len(unknown)), "unknown")
	b.ReportMetric(float64(found), "near")
}
