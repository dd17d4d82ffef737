// Package cli is the briefings command: it reads the command line into
// generator.Options, runs the command, prints every diagnostic as
// path:line: message and a summary line, and returns the exit code.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"briefings/generator"
	"briefings/generator/diag"
)

// Version is the release this binary was built from.
const Version = "0.1.0"

// memoryLimit is the soft limit on the memory of `briefings build` when
// GOMEMLIMIT does not set one: 1.75 GiB.
const memoryLimit = 1792 << 20

const usage = `briefings turns a folder of briefing notes (Markdown with TOML front matter)
into a static site where every person, country and event has its own page.

Usage:
  briefings build [-s DIR] [-d DIR] [--base-url URL] [--drafts] [--future] [--strict] [--watch]
  briefings serve [-s DIR] [--bind 127.0.0.1] [--port 1313] [--drafts] [--future]
  briefings check [-s DIR] [--drafts] [--future]
  briefings new site DIR
  briefings new briefing "Title" [-s DIR]
  briefings new person|country|event "Name" [-s DIR]
  briefings version
  briefings help [COMMAND]

Run 'briefings COMMAND -h' for a command's flags.
`

// Main runs the command line args (without the program name) and returns
// the exit code: 0 on success, 1 when the site has problems, 2 for a
// command line that cannot be understood.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return build(rest, stdout, stderr)
	case "check":
		return check(rest, stdout, stderr)
	case "serve", "server":
		return serve(rest, stdout, stderr)
	case "new":
		return newCommand(rest, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, versionLine())
		return 0
	case "help", "-h", "--help", "-help":
		if len(rest) > 0 && rest[0] != "help" {
			return Main([]string{rest[0], "-h"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "briefings: unknown command %q\n\n%s", cmd, usage)
	return 2
}

func versionLine() string {
	v := "briefings " + Version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
		v += " " + info.GoVersion
	}
	return v
}

// flags is the flag set shared by build, check and serve.
type flags struct {
	*flag.FlagSet
	opts generator.Options
}

func newFlags(name, synopsis string, stderr io.Writer) *flags {
	f := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	f.SetOutput(stderr)
	f.StringVar(&f.opts.Source, "s", ".", "the site `folder`, holding site.toml and content/")
	f.StringVar(&f.opts.Source, "source", ".", "same as -s")
	f.BoolVar(&f.opts.Drafts, "drafts", false, "include notes marked draft = true")
	f.BoolVar(&f.opts.Future, "future", false, "include briefings dated in the future (embargoed)")
	f.BoolVar(&f.opts.Drafts, "D", false, "same as --drafts")
	f.BoolVar(&f.opts.Future, "F", false, "same as --future")
	f.Usage = func() {
		fmt.Fprintf(stderr, "usage: briefings %s\n\nFlags:\n", synopsis)
		f.PrintDefaults()
	}
	return f
}

// parse reads args; it returns an exit code when the command should stop.
func (f *flags) parse(args []string) (int, bool) {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, true
		}
		return 2, true
	}
	if f.NArg() > 0 {
		fmt.Fprintf(f.Output(), "briefings %s: unexpected argument %q\n", f.Name(), f.Arg(0))
		f.Usage()
		return 2, true
	}
	return 0, false
}

func build(args []string, stdout, stderr io.Writer) int {
	f := newFlags("build", "build [-s DIR] [-d DIR] [--base-url URL] [--drafts] [--future] [--strict] [--watch]", stderr)
	f.StringVar(&f.opts.Dest, "d", "", "the output `folder` (default <source>/public)")
	f.StringVar(&f.opts.Dest, "destination", "", "same as -d")
	f.StringVar(&f.opts.BaseURL, "base-url", "", "override site.toml's base_url, e.g. https://user.github.io/repo/")
	f.BoolVar(&f.opts.Strict, "strict", false, "fail on warnings too")
	watch := f.Bool("watch", false, "rebuild on every change to content/, layouts/, static/ or site.toml")
	if code, stop := f.parse(args); stop {
		return code
	}
	if *watch {
		return watchBuild(f.opts, stdout, stderr)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A build's memory is mostly the site it holds while writing
		// pages, some 600 to 700 MB at 100,000 briefings, and Go's
		// usual pace lets the heap grow to twice what is live. A soft
		// limit has the garbage collector work harder as the heap nears
		// it, so that a larger site stays under 2 GiB too; smaller sites
		// never reach it (docs/performance.md). A site that needs more
		// still builds, with more collecting.
		debug.SetMemoryLimit(memoryLimit)
	}
	update, clear := progress(stderr)
	f.opts.Progress = update
	res, err := generator.Build(f.opts)
	clear()
	return report(res, err, stdout, stderr)
}

func check(args []string, stdout, stderr io.Writer) int {
	f := newFlags("check", "check [-s DIR] [--drafts] [--future]", stderr)
	if code, stop := f.parse(args); stop {
		return code
	}
	f.opts.DryRun = true
	f.opts.Strict = true
	res, err := generator.Build(f.opts)
	if err != nil {
		fmt.Fprintf(stderr, "briefings: %v\n", err)
		return 1
	}
	diag.Print(stderr, res.Diagnostics)
	if res.Errors+res.Warnings > 0 {
		fmt.Fprintf(stdout, "check: %d errors, %d warnings\n", res.Errors, res.Warnings)
		return 1
	}
	fmt.Fprintf(stdout, "check: no problems in %s\n", strings.TrimPrefix(res.Summary(), "built "))
	return 0
}

// report prints a build's diagnostics and summary and returns the exit code.
func report(res *generator.Result, err error, stdout, stderr io.Writer) int {
	if res != nil {
		diag.Print(stderr, res.Diagnostics)
	}
	if err != nil {
		fmt.Fprintf(stderr, "briefings: %v\n", err)
		return 1
	}
	if res.Failed {
		fmt.Fprintf(stderr, "build failed: %d errors, %d warnings; the output folder was not changed\n", res.Errors, res.Warnings)
		return 1
	}
	fmt.Fprintln(stdout, res.Summary())
	return 0
}
