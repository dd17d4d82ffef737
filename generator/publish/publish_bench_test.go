//go:build unix

package publish

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkUpdate publishes a change of three pages to an output of
// 14,600 files in 12,700 folders, the size of a 10,000-briefing site, as
// serve does after a save.
func BenchmarkUpdate(b *testing.B) {
	dir := b.TempDir()
	var files []File
	for i := range 12700 {
		files = append(files, File{Path: fmt.Sprintf("briefings/b-%05d/index.html", i), Data: []byte(fmt.Sprintf("<p>briefing %d</p>", i))})
	}
	for i := range 1900 {
		files = append(files, File{Path: fmt.Sprintf("search/s-%05d.js", i), Data: []byte(fmt.Sprintf("s(%d)", i))})
	}
	o, err := Open(filepath.Join(dir, "public"), dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := o.Publish(context.Background(), files, nil); err != nil {
		b.Fatal(err)
	}
	// The first update makes the spare tree; from the second on, each
	// is as serve's after a save.
	var start syscall.Rusage
	for i := range b.N + 2 {
		if i == 2 {
			b.ResetTimer()
			syscall.Getrusage(syscall.RUSAGE_SELF, &start)
		}
		change := []File{
			{Path: "briefings/b-00001/index.html", Data: []byte(fmt.Sprint("edit ", i))},
			{Path: "index.html", Data: []byte(fmt.Sprint("home ", i))},
			{Path: "search/s-00001.js", Data: []byte(fmt.Sprint("s ", i))},
		}
		if _, err := o.Update(context.Background(), change, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	var end syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &end)
	cpu := time.Duration(end.Utime.Nano() + end.Stime.Nano() - start.Utime.Nano() - start.Stime.Nano())
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
