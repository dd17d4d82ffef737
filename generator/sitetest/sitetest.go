// Package sitetest builds small sites written as txtar archives, for
// tests, the way net/http/httptest serves handlers: Build writes the
// archive into a temporary folder, runs generator.Build and returns a
// Result to assert on.
//
//	r := sitetest.Build(t, `
//	-- site.toml --
//	title = "Test"
//	-- content/briefings/a.md --
//	+++
//	title = "A"
//	date = 2025-02-12
//	+++
//	Body.
//	`)
//	r.Contains("briefings/a/index.html", "<h1>A</h1>")
package sitetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"briefings/generator"
	"briefings/generator/diag"
)

// Now is the fixed "today" of test builds, so embargo tests do not age.
var Now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// Result is a built test site.
type Result struct {
	T *testing.T
	// Dir is the site folder; Dest the output folder (Dir/public).
	Dir, Dest string
	*generator.Result
}

// Write writes a txtar archive into a new temporary folder and returns it.
func Write(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	WriteInto(t, dir, archive)
	return dir
}

// WriteInto writes the files of a txtar archive into dir.
func WriteInto(t *testing.T, dir, archive string) {
	t.Helper()
	a := txtar.Parse([]byte(strings.TrimLeft(archive, "\n")))
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Build writes archive to a temporary folder and builds it with opts
// (Source and Dest are filled in; Now defaults to sitetest.Now). It fails
// the test on an error that is not the site's fault.
func Build(t *testing.T, archive string, opts ...generator.Options) *Result {
	t.Helper()
	return BuildDir(t, Write(t, archive), opts...)
}

// BuildDir builds the site already in dir.
func BuildDir(t *testing.T, dir string, opts ...generator.Options) *Result {
	t.Helper()
	var o generator.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o.Source = dir
	if o.Dest == "" {
		o.Dest = filepath.Join(dir, "public")
	}
	if o.Now.IsZero() {
		o.Now = Now
	}
	res, err := generator.Build(o)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return &Result{T: t, Dir: dir, Dest: o.Dest, Result: res}
}

// File returns the content of an output file, failing the test if it is
// missing.
func (r *Result) File(path string) string {
	r.T.Helper()
	b, err := os.ReadFile(filepath.Join(r.Dest, filepath.FromSlash(path)))
	if err != nil {
		r.T.Fatalf("output file %s: %v\ndiagnostics:\n%s", path, err, r.Problems())
	}
	return string(b)
}

// Exists reports whether the output has path.
func (r *Result) Exists(path string) bool {
	_, err := os.Stat(filepath.Join(r.Dest, filepath.FromSlash(path)))
	return err == nil
}

// Contains fails the test unless output file path holds every want.
func (r *Result) Contains(path string, want ...string) {
	r.T.Helper()
	got := r.File(path)
	for _, w := range want {
		if !strings.Contains(got, w) {
			r.T.Errorf("%s does not contain %q", path, w)
		}
	}
}

// NotContains fails the test if output file path holds any of unwanted.
func (r *Result) NotContains(path string, unwanted ...string) {
	r.T.Helper()
	got := r.File(path)
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			r.T.Errorf("%s contains %q, want it absent", path, w)
		}
	}
}

// Problems returns the diagnostics as the command line prints them.
func (r *Result) Problems() string {
	var b strings.Builder
	diag.Print(&b, r.Diagnostics)
	return b.String()
}

// HasProblem fails the test unless some diagnostic's printed form
// contains every part of want.
func (r *Result) HasProblem(want ...string) {
	r.T.Helper()
	for _, d := range r.Diagnostics {
		s := d.String()
		all := true
		for _, w := range want {
			all = all && strings.Contains(s, w)
		}
		if all {
			return
		}
	}
	r.T.Errorf("no diagnostic contains %q; got:\n%s", want, r.Problems())
}

// NoProblems fails the test if the build reported anything.
func (r *Result) NoProblems() {
	r.T.Helper()
	if len(r.Diagnostics) > 0 {
		r.T.Errorf("unexpected diagnostics:\n%s", r.Problems())
	}
}
