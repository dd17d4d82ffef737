// Package corpus finds the shared benchmark corpus for the Go benchmarks:
// the site ../shared/bench/gencorpus writes (relative to the repository
// root), generated once per size into the temporary folder and reused by
// later runs.
//
// The key function is Dir; Size reads the size to benchmark from
// $BRIEFINGS_BENCH_N.
package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Seed is the corpus seed every benchmark uses, so that numbers compare
// across runs and with the bench script.
const Seed = 1

// Size is the number of briefings to benchmark: $BRIEFINGS_BENCH_N, or
// def when it is not set.
func Size(tb testing.TB, def int) int {
	v := os.Getenv("BRIEFINGS_BENCH_N")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		tb.Fatalf("BRIEFINGS_BENCH_N=%q: want a number of briefings", v)
	}
	return n
}

// Dir returns a site folder holding the corpus of n briefings (format
// "briefings" or "hugo"). It generates the corpus with `go run` in the
// shared gencorpus folder the first time and keeps it in the temporary
// folder; the benchmark is skipped when the shared folder is absent.
func Dir(tb testing.TB, n int, format string) string {
	tb.Helper()
	gen, err := Generator()
	if err != nil {
		tb.Skip(err)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("briefings-corpus-%s-%d-seed%d", format, n, Seed))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir
	}
	tmp, err := os.MkdirTemp(os.TempDir(), "briefings-corpus-*")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "site")
	cmd := exec.Command("go", "run", ".", "-n", strconv.Itoa(n), "-seed", strconv.Itoa(Seed), "-format", format, "-out", out)
	cmd.Dir = gen
	if msg, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("generate the corpus: %v\n%s", err, msg)
	}
	if err := os.WriteFile(filepath.Join(out, ".complete"), nil, 0o644); err != nil {
		tb.Fatal(err)
	}
	os.RemoveAll(dir)
	if err := os.Rename(out, dir); err != nil {
		// Another benchmark process may have put it there first.
		if _, statErr := os.Stat(filepath.Join(dir, ".complete")); statErr == nil {
			return dir
		}
		tb.Fatal(err)
	}
	return dir
}

// Generator returns the folder of the shared corpus generator,
// ../shared/bench/gencorpus from the repository root (the folder holding
// go.mod with module briefings), found from the working directory up.
func Generator() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if mod, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.HasPrefix(string(mod), "module briefings\n") {
			gen := filepath.Join(d, "..", "shared", "bench", "gencorpus")
			if _, err := os.Stat(filepath.Join(gen, "go.mod")); err != nil {
				return "", fmt.Errorf("no corpus generator at %s: %w", gen, err)
			}
			return gen, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("not inside the briefings repository")
		}
	}
}

// Pages counts the Markdown notes under a site's content/ folder.
func Pages(dir string) int {
	n := 0
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			n++
		}
		return nil
	})
	return n
}
