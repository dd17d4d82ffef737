// Command writes is the least time any generator can take to write a
// given site's output: it writes files of the paths and sizes a manifest
// lists (one "path size" line each, as `find OUT -type f -printf '%P %s\n'`
// prints them for a build's output), on every core, the way bench/floor
// writes its pages (os.MkdirAll, then os.WriteFile), with nothing to read
// and nothing to render. bench/run gives it the manifest of the first
// briefings build of each size, so that its time is what creating that
// many files and writing those bytes costs on this disk, the part of a
// build no change to the generator's code can remove.
//
//	find /tmp/out -type f -printf '%P %s\n' >/tmp/out.manifest
//	go run ./bench/writes -m /tmp/out.manifest -d /tmp/out-writes
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A file is one line of the manifest.
type file struct {
	path string // relative to the output folder, with slashes
	size int
}

func main() {
	manifest := flag.String("m", "", "the manifest `file`: one \"path size\" line a file")
	dest := flag.String("d", "", "the output `folder` (must not exist)")
	flag.Parse()
	if *manifest == "" || *dest == "" {
		fmt.Fprintln(os.Stderr, "usage: writes -m MANIFEST -d OUT")
		os.Exit(2)
	}
	files, err := read(*manifest)
	if err != nil {
		fmt.Fprintf(os.Stderr, "writes: %v\n", err)
		os.Exit(1)
	}
	start := time.Now()
	n, err := write(files, *dest)
	if err != nil {
		fmt.Fprintf(os.Stderr, "writes: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("writes: %d files, %d bytes in %s\n", len(files), n, time.Since(start).Round(time.Millisecond))
}

// read parses the manifest, reporting a malformed line as path:line.
func read(path string) ([]file, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var files []file
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		// The size is after the last space: a path may hold spaces.
		text := sc.Text()
		cut := strings.LastIndexByte(text, ' ')
		name, size := text[:max(cut, 0)], text[cut+1:]
		n, err := strconv.Atoi(size)
		if cut < 0 || err != nil || n < 0 || name == "" || filepath.IsAbs(name) || strings.Contains("/"+name+"/", "/../") {
			return nil, fmt.Errorf("%s:%d: want a relative path and a size in bytes, separated by a space, as find -printf '%%P %%s\\n' prints them", path, line)
		}
		files = append(files, file{name, n})
	}
	return files, sc.Err()
}

// write creates every file under dest with as many bytes as the manifest
// says, on every core, and returns the bytes written.
func write(files []file, dest string) (int64, error) {
	largest := 0
	for _, f := range files {
		largest = max(largest, f.size)
	}
	// What is written does not matter to the file system, only how much:
	// a page of HTML-like text, repeated.
	line := []byte("<li><a href=\"../../people/someone/index.html\">Someone</a></li>\n")
	filler := bytes.Repeat(line, largest/len(line)+1)[:largest]
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				p := filepath.Join(dest, filepath.FromSlash(files[i].path))
				if errs[i] = os.MkdirAll(filepath.Dir(p), 0o755); errs[i] == nil {
					errs[i] = os.WriteFile(p, filler[:files[i].size], 0o644)
				}
			}
		})
	}
	var total int64
	for i, f := range files {
		next <- i
		total += int64(f.size)
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return total, nil
}
