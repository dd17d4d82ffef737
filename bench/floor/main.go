// Command floor is the least work a static site generator can do with a
// corpus of briefings, the floor docs/internals/performance.md compares a build
// with: read each content/briefings/*.md, split off its +++ front matter,
// render the body with goldmark (GFM, footnotes, typographer, heading
// ids, the extensions briefings uses) and write one file per briefing,
// DEST/briefings/<slug>/index.html, on every core. No names, no links, no
// templates, no lists.
//
//	go run ./bench/floor -s /tmp/corpus-10k -d /tmp/out-floor
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

func main() {
	src := flag.String("s", ".", "the site `folder`")
	dest := flag.String("d", "", "the output `folder` (must not exist)")
	flag.Parse()
	if *dest == "" {
		fmt.Fprintln(os.Stderr, "usage: floor -s SITE -d OUT")
		os.Exit(2)
	}
	start := time.Now()
	n, err := run(*src, *dest)
	if err != nil {
		fmt.Fprintf(os.Stderr, "floor: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("floor: %d briefings in %s\n", n, time.Since(start).Round(time.Millisecond))
}

func run(src, dest string) (int, error) {
	paths, err := filepath.Glob(filepath.Join(src, "content", "briefings", "*.md"))
	if err != nil {
		return 0, err
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := range next {
				errs[i] = one(md, paths[i], dest, &buf)
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return len(paths), nil
}

func one(md goldmark.Markdown, path, dest string, buf *bytes.Buffer) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	body := raw
	if rest, ok := bytes.CutPrefix(raw, []byte("+++\n")); ok {
		if i := bytes.Index(rest, []byte("\n+++\n")); i >= 0 {
			body = rest[i+5:]
		}
	}
	buf.Reset()
	if err := md.Convert(body, buf); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Join(dest, "briefings", strings.TrimSuffix(filepath.Base(path), ".md"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}
