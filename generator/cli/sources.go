package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"briefings/generator"
	"briefings/generator/diag"
	"briefings/generator/linkcheck"
)

// checkSources is `briefings check --sources`: the site's problems, then
// every web address its published sources cite (url and archive), asked
// with linkcheck. A dead address is an error at the line of its key, a
// moved one a warning; the exit code is 1 when the site has a problem
// or an address is dead.
func checkSources(res *generator.Result, timeout time.Duration, stdout, stderr io.Writer) int {
	var links []linkcheck.Link
	if res.Site != nil {
		for _, b := range res.Site.Briefings {
			for _, src := range b.Sources {
				for _, l := range []linkcheck.Link{
					{URL: src.URL, File: b.Note.Path, Line: src.Line("url"), What: "source"},
					{URL: src.Archive, File: b.Note.Path, Line: src.Line("archive"), What: "archive"},
				} {
					if web(l.URL) {
						links = append(links, l)
					}
				}
			}
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var list diag.List
	list.Append(res.Diagnostics)
	dead, moved := 0, 0
	for _, r := range linkcheck.Check(ctx, links, linkcheck.Options{Timeout: timeout}) {
		pos := diag.Pos{File: r.File, Line: r.Line}
		switch r.Status {
		case linkcheck.Dead:
			dead++
			list.Errorf(pos, "%s %q %s", r.What, r.URL, r.Problem)
		case linkcheck.Moved:
			moved++
			list.Warnf(pos, "%s %q %s: cite the new address", r.What, r.URL, r.Problem)
		}
	}
	diag.Print(stderr, list.Items())
	fmt.Fprintf(stdout, "check: %s asked, %d dead, %d moved; %s\n", generator.Plural(len(links), "source address", "source addresses"), dead, moved, problems(res))
	if ctx.Err() != nil {
		return 130
	}
	if dead > 0 || res.Errors+res.Warnings > 0 {
		return 1
	}
	return 0
}

// web reports whether u is an http or https address, the only ones
// asked.
func web(u string) bool {
	l := strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}
