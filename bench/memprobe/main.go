// Command memprobe builds a site as `briefings build --future` does and
// shows where its memory goes: it samples the heap every 200 ms, writes a
// heap profile each time the heap reaches a new high (PROFILE), and
// collects garbage and writes one as the first, middle and last pages are
// written (PROFILE.w0, .w1, .w2), printing the live heap at each. Read
// them with `go tool pprof -sample_index=inuse_space -top PROFILE.w1`.
// With -at, it also collects garbage and writes PROFILE.t1, .t2, ... at
// those moments after the start, to see what is live while bodies are
// rendered, before any page is written.
//
//	go run ./bench/memprobe -s /tmp/briefings-bench/briefings-100000 -d /tmp/out -p /tmp/heap.prof
//	go run ./bench/memprobe -s /tmp/briefings-bench/briefings-100000 -d /tmp/out -p /tmp/heap.prof -at 15s,25s
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"briefings/generator"
)

func main() {
	src := flag.String("s", ".", "the site `folder`")
	dest := flag.String("d", "", "the output `folder`")
	prof := flag.String("p", "heap.prof", "where the heap profiles go (`file`, and file.w0 to .w2)")
	var at []time.Duration
	flag.Func("at", "also profile the live heap at these `moments` after the start, e.g. 15s,25s", func(v string) error {
		for _, f := range strings.Split(v, ",") {
			d, err := time.ParseDuration(f)
			if err != nil {
				return err
			}
			at = append(at, d)
		}
		return nil
	})
	flag.Parse()
	if *dest == "" {
		fmt.Fprintln(os.Stderr, "usage: memprobe -s SITE -d OUT [-p PROFILE]")
		os.Exit(2)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1792 << 20) // as briefings build does
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50) // as briefings build does
	}
	stop := make(chan bool)
	var sampled sync.WaitGroup
	sampled.Go(func() { sample(*prof, stop) })
	start := time.Now()
	for i, d := range at {
		time.AfterFunc(d, func() {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			fmt.Fprintf(os.Stderr, "%s at %v: live heap %d MB\n", time.Now().Format("15:04:05.0"), time.Since(start).Round(time.Second), m.HeapAlloc>>20)
			write(fmt.Sprintf("%s.t%d", *prof, i+1))
		})
	}

	var mu sync.Mutex
	var taken [3]bool
	progress := func(done, total int) {
		for i, at := range []int{1, total / 2, total - 1} {
			mu.Lock()
			now := done == at && !taken[i]
			taken[i] = taken[i] || now
			mu.Unlock()
			if now {
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				fmt.Fprintf(os.Stderr, "%s writing %d of %d: live heap %d MB\n", time.Now().Format("15:04:05.0"), done, total, m.HeapAlloc>>20)
				write(fmt.Sprintf("%s.w%d", *prof, i))
			}
		}
	}
	res, err := generator.Build(generator.Options{Source: *src, Dest: *dest, Future: true, Progress: progress})
	close(stop)
	sampled.Wait()
	if err != nil {
		fmt.Fprintln(os.Stderr, "memprobe:", err)
		os.Exit(1)
	}
	fmt.Println(res.Summary())
}

// sample writes a heap profile to path whenever the heap is larger than
// ever before, until stop is closed.
func sample(path string, stop chan bool) {
	var high uint64
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapAlloc > high {
			high = m.HeapAlloc
			write(path)
			fmt.Fprintf(os.Stderr, "%s heap %d MB, from the system %d MB\n", time.Now().Format("15:04:05.0"), m.HeapAlloc>>20, m.Sys>>20)
		}
	}
}

func write(path string) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "memprobe:", err)
		return
	}
	defer f.Close()
	pprof.Lookup("heap").WriteTo(f, 0)
}
