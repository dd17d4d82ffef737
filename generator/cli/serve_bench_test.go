package cli

import (
	"bufio"
	"context"
	"fmt"

	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkServeSaveToReload measures, on a site given by
// BRIEFINGS_CORPUS (the shared corpus: cd ../shared/bench/gencorpus && go
// run . -n 10000 -seed 1 -out /tmp/corpus-10k), the time from writing a
// briefing to the "reload" event reaching a tab, for saves that change a
// briefing's text, a few seconds apart as a writer makes them. It reports
// the median and 95th percentile, and the startup build. Run it once:
//
//	BRIEFINGS_CORPUS=/tmp/corpus-10k go test -run '^$' -bench ServeSaveToReload -benchtime 1x -timeout 30m ./generator/cli
func BenchmarkServeSaveToReload(b *testing.B) {
	corpus := os.Getenv("BRIEFINGS_CORPUS")
	if corpus == "" {
		b.Skip("set BRIEFINGS_CORPUS to a site folder")
	}
	saves := 40
	if n := os.Getenv("BRIEFINGS_SAVES"); n != "" {
		fmt.Sscan(n, &saves)
	}
	dir := b.TempDir()
	if err := os.CopyFS(dir, os.DirFS(corpus)); err != nil {
		b.Fatal(err)
	}
	notes, _ := filepath.Glob(filepath.Join(dir, "content/briefings/*.md"))
	if len(notes) == 0 {
		b.Fatal("no briefings in the corpus")
	}

	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		var stdout, stderr syncBuffer
		done := make(chan int, 1)
		start := time.Now()
		go func() { done <- serveUntil(ctx, []string{"-s", dir, "--port", "0", "--future"}, &stdout, &stderr) }()
		urlRE := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/\S*) `)
		var base string
		for base == "" {
			if m := urlRE.FindStringSubmatch(stdout.String()); m != nil {
				base = m[1]
			} else if time.Since(start) > 20*time.Minute {
				b.Fatalf("serve printed no URL:\n%s\n%s", stdout.String(), stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		startup := time.Since(start)
		b.Logf("startup: %s (%s)", startup.Round(time.Millisecond), strings.SplitN(stdout.String(), "\n", 2)[0])

		resp, err := http.Get(base + "__briefings/events")
		if err != nil {
			b.Fatal(err)
		}
		events := make(chan time.Time, 16)
		go func() {
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if sc.Text() == "event: reload" {
					events <- time.Now()
				}
			}
		}()
		rebuilt := func() int { return strings.Count(stdout.String(), "rebuilt in ") }

		var lat []time.Duration
		for i := range saves + 2 {
			p := notes[(i*7919)%len(notes)]
			src, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			src = append(src, fmt.Sprintf("\nA sentence added on save %d.\n", i)...)
			before := rebuilt()
			t0 := time.Now()
			if err := os.WriteFile(p, src, 0o644); err != nil {
				b.Fatal(err)
			}
			select {
			case t := <-events:
				if i >= 2 { // the first two saves warm up
					lat = append(lat, t.Sub(t0))
				}
			case <-time.After(2 * time.Minute):
				b.Fatalf("save %d: no reload event\n%s", i, stderr.String())
			}
			// Let the rebuild finish (the search index follows the
			// reload) and pause as a writer does between saves.
			for deadline := time.Now().Add(2 * time.Minute); rebuilt() == before && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
			}
			time.Sleep(200 * time.Millisecond)
		}
		resp.Body.Close()
		cancel()
		<-done

		slices.Sort(lat)
		pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
		b.Logf("save to reload over %d saves: p50 %s, p95 %s, min %s, max %s", len(lat), pct(0.5), pct(0.95), lat[0], lat[len(lat)-1])
		b.Logf("last rebuild lines:\n%s", lastLines(stdout.String(), 3))
		b.ReportMetric(float64(pct(0.5).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(pct(0.95).Microseconds())/1000, "p95-ms")
		b.ReportMetric(startup.Seconds(), "startup-s")
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
