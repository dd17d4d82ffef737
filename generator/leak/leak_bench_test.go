package leak

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkScan reads the output files of a build (LEAK_BENCH_DIR, such
// as a build of the shared corpus; a made-up page without it) with an
// index of some 60,000 needles, as a build of the corpus with its drafts
// withheld has.
func BenchmarkScan(b *testing.B) {
	var files [][]byte
	if dir := os.Getenv("LEAK_BENCH_DIR"); dir != "" {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && len(files) < 400 {
				data, _ := os.ReadFile(p)
				files = append(files, data)
			}
			return nil
		})
	} else {
		page := "<li class=\"item\"><a class=\"item-title\" href=\"../../briefings/2025-02-12-talks-in-riyadh/index.html\">Talks in Riyadh</a>\n<time datetime=\"2025-02-12\">12 Feb 2025</time><p class=\"summary\">The envoy met the minister &amp; his deputy to discuss the ceasefire.</p></li>\n"
		files = append(files, []byte(strings.Repeat(page, 2000)))
	}
	x := New()
	words := strings.Fields("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu")
	n := &Note{Path: "content/briefings/x.md"}
	for i := range 12000 {
		var s []string
		for j := range 9 {
			s = append(s, words[(i*7+j*j+i/26)%len(words)]+string(rune('a'+(i+j)%26)))
		}
		x.Text(n, "sentence", strings.Join(s, " "))
	}
	size := 0
	for _, f := range files {
		size += len(f)
	}
	b.SetBytes(int64(size))
	b.ReportMetric(float64(x.Needles()), "needles")
	b.ResetTimer()
	for range b.N {
		for _, f := range files {
			x.Scan("f", f)
		}
	}
}
