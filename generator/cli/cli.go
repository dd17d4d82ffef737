// Package cli is the briefings command: it reads the command line into
// generator.Options, runs the command, prints every diagnostic as
// path:line: message and a summary line, and returns the exit code.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"briefings/generator"
	"briefings/generator/config"
	"briefings/generator/diag"
)

// memoryLimit is the soft limit on the memory of `briefings build` when
// GOMEMLIMIT does not set one: 1.75 GiB.
const memoryLimit = 1792 << 20

// gcPercent is the garbage collector's pace in `briefings build` when
// GOGC does not set one: a collection after the heap has grown by half
// of what the last one found live, not by all of it.
const gcPercent = 50

// A command is one of briefings' commands, with what its help says.
type command struct {
	// Name is what the user types: "build".
	Name string
	// Aliases are other names for it, such as Hugo's "server" for serve.
	Aliases []string
	// Args names the arguments that follow the flags in the usage line
	// ("[COMMAND]"); "" for a command that takes none.
	Args string
	// Usage, when set, replaces the usage line made from the flags, for
	// a command whose arguments take several forms (new).
	Usage []string
	// Summary is the command's line in `briefings help`.
	Summary string
	// Help is what `briefings COMMAND --help` says above the flags.
	Help string
	// Run declares the command's flags, calls c.parse(args) and runs.
	Run func(c *call, args []string) int
}

// commands are briefings' commands, in the order `briefings help` lists
// them. Adding a command is one entry here and its Run function, which
// declares its flags (see call) and parses them:
//
//	{Name: "next", Summary: "print the next embargo to lift", Help: "...", Run: next},
//
//	func next(c *call, args []string) int {
//		var opts generator.Options
//		c.siteFlags(&opts)
//		if code, stop := c.parse(args); stop {
//			return code
//		}
//		...
//	}
var commands []*command

func init() {
	commands = []*command{
		{Name: "build", Summary: "build the site into public/ (or -d DIR)", Run: build,
			Help: "Builds the site in the current folder (or -s DIR) into public/ (or -d DIR),\nprints every problem as path:line: message and one summary line. With\nerrors it exits 1 and leaves the previous output as it was."},
		{Name: "serve", Aliases: []string{"server"}, Summary: "build, serve on http://127.0.0.1:1313/ and rebuild on every save", Run: serve,
			Help: "Builds the site into a temporary folder (or -d DIR), serves it on this\nmachine, and rebuilds it on every save; open pages reload by themselves\nand show a build's errors. Ctrl-C stops it."},
		{Name: "check", Summary: "print every problem of the site, writing nothing", Run: check,
			Help: "Loads and resolves the whole site and prints every problem, warnings\nincluded, as path:line: message; writes nothing. Exits 1 if there is any.\nWith --sources it also requests the url and archive of every source the\nsite publishes and reports each dead (exit 1) or moved one; only then does\nit use the network."},
		{Name: "next", Summary: "print the next embargo to lift and what it publishes", Run: next,
			Help: "Prints when the next embargoed briefing (one dated in the future) is published, in\nUTC and in the site's timezone, and the pages it adds; then how many embargoes\nare pending after it. A build after that instant publishes it: the workflow\n`new site` writes builds every hour for this. Exits 0, embargo or none."},
		{Name: "new", Summary: "start a site, or add a briefing, a person, a country or an event", Run: newCommand,
			Usage: []string{
				"site DIR",
				"briefing \"Title\" [-s DIR]",
				"person|country|event \"Name\" [-s DIR]",
				"KIND \"Name\" [-s DIR]",
			},
			Args: "WHAT NAME",
			Help: "new site DIR writes a site that builds and publishes on GitHub Pages as it\nis. new briefing writes content/briefings/YYYY-MM-DD-title.md, a draft\ndated today; new person, country, event (or a kind declared in site.toml)\nwrites content/KIND/name.md. Each note's fields are explained in it."},
		{Name: "convert", Summary: "rewrite every note's front matter in TOML or YAML", Run: convert,
			Help: "Rewrites the front matter of every note in content/ in TOML (between lines\nof +++) or YAML (between lines of ---), keeping each body byte for byte and\nthe comments where the other format can hold them. It reads every note\nfirst and changes nothing if any has an error; each file is replaced\nwhole. With --dry-run it prints the front matter each note would get."},
		{Name: "dossier", Args: "NAME", Summary: "write everything on a person, country, event or tag as one page to print", Run: dossier,
			Help: "Writes the dossier of a person, country, event or tag (a name, an alias or\na slug; kind:Name to choose, as people:Jordan or tags:diplomacy) as one\nHTML file with its styles and images inside, which a browser prints to PDF:\na cover with the highest marking it holds, its contents, the note and facts,\nthe timeline, every published briefing that names it in full, oldest first,\nand one numbered list of their sources. --from and --to bound the\nbriefings' dates. The site goes through the same edition as a build\n(-D, -F, --audience)."},
		{Name: "version", Summary: "print the version and the commit it was built from", Run: version,
			Help: "Prints the version of briefings, the commit it was built from and the Go\nversion: name them in a bug report."},
		{Name: "help", Args: "[COMMAND]", Summary: "explain a command and its flags", Run: help,
			Help: "Explains briefings, or a command and its flags."},
	}
}

// Main runs the command line args (without the program name) and returns
// the exit code: 0 on success, 1 when the site has problems, 2 for a
// command line that cannot be understood.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		name = "help"
	case "-v", "--version", "-version":
		name = "version"
	}
	if cmd := lookup(name); cmd != nil {
		return cmd.Run(newCall(cmd, stdout, stderr), args[1:])
	}
	if strings.HasPrefix(name, "-") {
		fmt.Fprintf(stderr, "briefings: a command comes first, then its flags: briefings build %s\nRun 'briefings help' for the commands.\n", strings.Join(args, " "))
		return 2
	}
	var names []string
	for _, c := range commands {
		names = append(names, c.Name)
	}
	msg := fmt.Sprintf("briefings: unknown command %q", name)
	if best := diag.Closest(name, names); best != "" {
		msg += fmt.Sprintf("; did you mean %q?", best)
	}
	fmt.Fprintf(stderr, "%s\nRun 'briefings help' for the commands.\n", msg)
	return 2
}

// lookup returns the command called name, nil for none.
func lookup(name string) *command {
	for _, c := range commands {
		if c.Name == name || slices.Contains(c.Aliases, name) {
			return c
		}
	}
	return nil
}

// printUsage prints what briefings is and its commands.
func printUsage(w io.Writer) {
	fmt.Fprint(w, `briefings turns a folder of briefing notes (Markdown with TOML or YAML front
matter) into a static site where every person, country and event has its own
page.

usage: briefings COMMAND [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.Name, c.Summary)
	}
	fmt.Fprint(w, "\nRun 'briefings help COMMAND' (or briefings COMMAND --help) for a command's flags.\n")
}

func help(c *call, args []string) int {
	if code, stop := c.parse(args); stop {
		return code
	}
	if len(c.args) == 0 {
		printUsage(c.stdout)
		return 0
	}
	if len(c.args) > 1 {
		return c.usageError("one command at a time: briefings help %s", c.args[0])
	}
	if lookup(c.args[0]) == nil {
		return Main(c.args, c.stdout, c.stderr)
	}
	return Main([]string{c.args[0], "--help"}, c.stdout, c.stderr)
}

func version(c *call, args []string) int {
	if code, stop := c.parse(args); stop {
		return code
	}
	fmt.Fprintln(c.stdout, thisBinary())
	return 0
}

func build(c *call, args []string) int {
	var opts generator.Options
	var watch bool
	c.siteFlags(&opts)
	c.String(&opts.Dest, "d", "destination", "write the site to `DIR` (default: public/ in the site folder)")
	c.String(&opts.BaseURL, "b", "base-url", "publish for `URL`, instead of site.toml's base_url", "baseURL")
	c.Bool(&opts.Strict, "", "strict", "fail on warnings too, writing nothing")
	c.Bool(&watch, "w", "watch", "build again on every change to the site's files")
	if code, stop := c.parse(args); stop {
		return code
	}
	if opts.BaseURL != "" {
		if _, err := config.BaseURL(opts.BaseURL); err != nil {
			return c.usageError("--base-url %v", err)
		}
	}
	stdout, stderr := c.stdout, c.stderr
	if watch {
		return watchBuild(opts, stdout, stderr)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A build's memory is mostly the site it holds while writing
		// pages, some 600 to 700 MB at 100,000 briefings, and Go's
		// usual pace lets the heap grow to twice what is live. A soft
		// limit has the garbage collector work harder as the heap nears
		// it, so that a larger site stays under 2 GiB too; smaller sites
		// never reach it (docs/internals/performance.md). A site that needs more
		// still builds, with more collecting.
		debug.SetMemoryLimit(memoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		// Go's usual pace lets the heap grow to twice what the last
		// collection found live before it collects again, and what
		// it finds live while pages are written includes the pages
		// being made: at 10,000 briefings some 200 MB, so 400 MB of
		// heap and over 500 MB of memory for a site that needs half
		// that. Collecting after half as much growth again costs CPU:
		// at 10,000 briefings 377 MB instead of 517 MB of peak for
		// some 7 to 20% more CPU on the shared machine it was measured
		// on (docs/internals/performance.md, "Peak memory again").
		debug.SetGCPercent(gcPercent)
	}
	update, clear := progress(stderr)
	opts.Progress = update
	// Ctrl-C (or SIGTERM) ends the build early: publish removes what it
	// was writing and leaves the output folder as it was.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts.Context = ctx
	res, err := generator.Build(opts)
	clear()
	if ctx.Err() != nil && err != nil {
		fmt.Fprintln(stderr, "briefings: interrupted; the output folder was not changed")
		return 130
	}
	return report(res, err, stdout, stderr)
}

func check(c *call, args []string) int {
	var opts generator.Options
	var sources bool
	timeout := 15 * time.Second
	c.siteFlags(&opts)
	c.Bool(&sources, "", "sources", "request every source's url and archive, and report the dead and the moved")
	c.Duration(&timeout, "", "timeout", "with --sources, give each address `DURATION` to answer")
	if code, stop := c.parse(args); stop {
		return code
	}
	stdout, stderr := c.stdout, c.stderr
	opts.DryRun = true
	opts.Strict = true
	res, err := generator.Build(opts)
	if err != nil {
		fmt.Fprintf(stderr, "briefings: %v\n", err)
		return 1
	}
	if sources {
		return checkSources(res, timeout, stdout, stderr)
	}
	diag.Print(stderr, res.Diagnostics)
	if res.Errors+res.Warnings > 0 {
		fmt.Fprintf(stdout, "check: %s\n", problems(res))
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
		fmt.Fprintf(stderr, "build failed: %s; the output folder was not changed\n", problems(res))
		return 1
	}
	fmt.Fprintln(stdout, res.Summary())
	return 0
}

// problems counts a build's errors and warnings: "1 error, 0 warnings".
func problems(res *generator.Result) string {
	return generator.Plural(res.Errors, "error", "errors") + ", " + generator.Plural(res.Warnings, "warning", "warnings")
}
