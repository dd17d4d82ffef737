package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"briefings/generator"
	"briefings/generator/diag"
)

// A call is one run of a command: where it prints, the flags it declared
// and, once parse has run, its arguments. Flags are GNU-style, read by
// spf13/pflag (the parser Hugo's commands use): --long and -s forms,
// --flag=value or --flag value, flags before or after the arguments, --
// to end them; a single dash before a long name (-drafts, as Go's flag
// package reads it) is taken as two.
//
// Adding a flag is one line in the command's function, before c.parse:
//
//	c.String(&opts.Dest, "d", "destination", "write the site to `DIR` (default: public/ in the site folder)")
//	c.Bool(&opts.Drafts, "D", "drafts", "include notes marked draft = true", "buildDrafts")
//
// short is "" for a flag with no one-letter form; the word in backquotes
// names the value in the help (-d, --destination DIR); the last
// arguments are other spellings that mean the same (Hugo's --buildDrafts),
// accepted and named in the help, once, beside the flag. The flags of
// several commands (-s, -D, -F) are declared once, in siteFlags.
type call struct {
	cmd            *command
	stdout, stderr io.Writer
	set            *pflag.FlagSet
	// flags are the declared flags in the order of the help; aliases
	// maps each other spelling to its flag's long name.
	flags   []*pflag.Flag
	aliases map[string]string
	help    bool
	args    []string
	// source, when the command reads a site, is its folder: parse
	// checks that it exists.
	source *string
}

func newCall(cmd *command, stdout, stderr io.Writer) *call {
	c := &call{cmd: cmd, stdout: stdout, stderr: stderr, aliases: map[string]string{}}
	c.set = pflag.NewFlagSet(cmd.Name, pflag.ContinueOnError)
	c.set.SetOutput(io.Discard)
	c.set.Usage = func() {}
	c.set.SortFlags = false
	return c
}

// String declares a flag that takes a text value.
func (c *call) String(p *string, short, long, usage string, aliases ...string) {
	c.add(func(name, short string) { c.set.StringVarP(p, name, short, *p, usage) }, short, long, aliases)
}

// Bool declares a flag that is on when given (--drafts, or --drafts=false).
func (c *call) Bool(p *bool, short, long, usage string, aliases ...string) {
	c.add(func(name, short string) { c.set.BoolVarP(p, name, short, *p, usage) }, short, long, aliases)
}

// Int declares a flag that takes a whole number.
func (c *call) Int(p *int, short, long, usage string, aliases ...string) {
	c.add(func(name, short string) { c.set.IntVarP(p, name, short, *p, usage) }, short, long, aliases)
}

// Duration declares a flag that takes a duration, like 10s or 1m30s.
func (c *call) Duration(p *time.Duration, short, long, usage string, aliases ...string) {
	c.add(func(name, short string) { c.set.DurationVarP(p, name, short, *p, usage) }, short, long, aliases)
}

// StringList declares a flag that may be given several times, or once
// with values separated by commas (--allowed-hosts a.test,b.test).
func (c *call) StringList(p *[]string, short, long, usage string, aliases ...string) {
	c.add(func(name, short string) { c.set.StringSliceVarP(p, name, short, *p, usage) }, short, long, aliases)
}

// add declares a flag with define, then its other spellings as hidden
// flags that set the same variable.
func (c *call) add(define func(name, short string), short, long string, aliases []string) {
	define(long, short)
	c.flags = append(c.flags, c.set.Lookup(long))
	for _, a := range aliases {
		define(a, "")
		c.set.MarkHidden(a)
		c.aliases[a] = long
	}
}

// siteFlags declares the flags of every command that reads a site:
// -s, -D and -F, with Hugo's spellings.
func (c *call) siteFlags(opts *generator.Options) {
	c.sourceFlag(&opts.Source, "read the site (site.toml, content/) in `DIR` (default: the current folder)")
	c.Bool(&opts.Drafts, "D", "drafts", "include notes marked draft = true", "buildDrafts")
	c.Bool(&opts.Future, "F", "future", "include briefings dated in the future, which are embargoed", "buildFuture")
	c.String(&opts.Audience, "", "audience", "publish the notes marked `LABEL` or lower (default: site.toml's audience, else TLP:CLEAR)")
}

// sourceFlag declares -s, --source: the site's folder, which parse
// checks exists.
func (c *call) sourceFlag(p *string, usage string) {
	if *p == "" {
		*p = "."
	}
	c.String(p, "s", "source", usage)
	c.source = p
}

// parse reads args into the declared flags and c.args. It returns true
// with an exit code when the command should stop there: 0 after printing
// the help (-h, --help), 2 after a one-line message and the short usage
// for a command line it cannot read. Arguments are refused unless the
// command's usage names some.
func (c *call) parse(args []string) (code int, stop bool) {
	c.Bool(&c.help, "h", "help", "show this help")
	err := c.set.Parse(c.longWithOneDash(args))
	if err == nil && c.help {
		c.printHelp(c.stdout)
		return 0, true
	}
	if err != nil {
		return c.usageError("%s", c.flagError(err)), true
	}
	c.args = c.set.Args()
	if len(c.args) > 0 && c.cmd.Args == "" {
		return c.usageError("unexpected argument %q: this command takes flags only", c.args[0]), true
	}
	if c.source != nil {
		if info, err := os.Stat(*c.source); err != nil || !info.IsDir() {
			what := "does not exist"
			if err == nil {
				what = "is a file, not a folder"
			} else if !errors.Is(err, fs.ErrNotExist) {
				what = "cannot be read: " + err.Error()
			}
			fmt.Fprintf(c.stderr, "briefings %s: %s %s: -s takes the site's folder, the one holding site.toml and content/\n", c.cmd.Name, *c.source, what)
			return 2, true
		}
	}
	return 0, false
}

// longWithOneDash returns args with -name written --name where name is a
// long flag or one of its other spellings (Go's flag package and Hugo's
// users write -baseURL), so that it is not read as -n -a -m -e.
func (c *call) longWithOneDash(args []string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if a == "--" {
			break
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && c.set.Lookup(name) != nil {
				out[i] = "-" + a
			}
		}
	}
	return out
}

// flagError turns an error of the flag parser into one line for the user.
func (c *call) flagError(err error) string {
	var notExist *pflag.NotExistError
	var noValue *pflag.ValueRequiredError
	var badValue *pflag.InvalidValueError
	var syntax *pflag.InvalidSyntaxError
	switch {
	case errors.As(err, &notExist):
		if shorts := notExist.GetSpecifiedShortnames(); shorts != "" {
			return fmt.Sprintf("unknown flag -%s", notExist.GetSpecifiedName()) + c.suggestShort(notExist.GetSpecifiedName())
		}
		name := notExist.GetSpecifiedName()
		return fmt.Sprintf("unknown flag --%s", name) + c.suggestLong(name)
	case errors.As(err, &noValue):
		f := noValue.GetFlag()
		return fmt.Sprintf("%s needs a value: %s", dashed(noValue.GetSpecifiedName(), noValue.GetSpecifiedShortnames() != ""), c.form(f))
	case errors.As(err, &badValue):
		f := badValue.GetFlag()
		want := "a value"
		switch f.Value.Type() {
		case "int":
			want = "a whole number"
		case "bool":
			want = "true or false"
		}
		return fmt.Sprintf("--%s takes %s, not %q", c.canonical(f.Name), want, badValue.GetValue())
	case errors.As(err, &syntax):
		return fmt.Sprintf("%s is not a flag: a flag is -x or --name", syntax.GetSpecifiedFlag())
	}
	return err.Error()
}

// suggestLong returns "; did you mean --x?" for the long flag nearest to
// name, "" when none is near.
func (c *call) suggestLong(name string) string {
	var names []string
	c.set.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if best := diag.Closest(name, names); best != "" {
		return fmt.Sprintf("; did you mean --%s?", c.canonical(best))
	}
	return ""
}

// suggestShort returns "; did you mean -X?" when the letter is a flag in
// the other case (-d for -D), "" otherwise.
func (c *call) suggestShort(letter string) string {
	for _, f := range c.flags {
		if f.Shorthand != "" && strings.EqualFold(f.Shorthand, letter) {
			return fmt.Sprintf("; did you mean -%s (--%s)?", f.Shorthand, f.Name)
		}
	}
	return ""
}

// canonical returns the long name a spelling stands for.
func (c *call) canonical(name string) string {
	if long, ok := c.aliases[name]; ok {
		return long
	}
	return name
}

func dashed(name string, short bool) string {
	if short {
		return "-" + name
	}
	return "--" + name
}

// usageError prints "briefings CMD: message" and the short usage to
// stderr, and returns 2, the exit code of a command line that cannot be
// read.
func (c *call) usageError(format string, a ...any) int {
	fmt.Fprintf(c.stderr, "briefings %s: %s\n", c.cmd.Name, fmt.Sprintf(format, a...))
	c.printShortUsage(c.stderr)
	return 2
}

// form is how a flag is written with its value: "-d DIR", "--strict".
func (c *call) form(f *pflag.Flag) string {
	value, _ := pflag.UnquoteUsage(f)
	s := "--" + f.Name
	if f.Shorthand != "" {
		s = "-" + f.Shorthand
	}
	if f.Value.Type() == "bool" {
		return s
	}
	return s + " " + value
}

// synopsis is the command's usage lines: "briefings build [-s DIR] ...".
func (c *call) synopsis() []string {
	if len(c.cmd.Usage) > 0 {
		var lines []string
		for _, u := range c.cmd.Usage {
			lines = append(lines, "briefings "+c.cmd.Name+" "+u)
		}
		return lines
	}
	line := "briefings " + c.cmd.Name
	for _, f := range c.flags {
		if f.Name != "help" {
			line += " [" + c.form(f) + "]"
		}
	}
	if c.cmd.Args != "" {
		line += " " + c.cmd.Args
	}
	return []string{line}
}

// printShortUsage prints the usage lines and where the flags are
// explained.
func (c *call) printShortUsage(w io.Writer) {
	for i, line := range c.synopsis() {
		if i == 0 {
			fmt.Fprintf(w, "usage: %s\n", line)
		} else {
			fmt.Fprintf(w, "       %s\n", line)
		}
	}
	fmt.Fprintf(w, "Run 'briefings %s --help' for more.\n", c.cmd.Name)
}

// printHelp prints the command's help: usage, what it does, and each
// flag once, GNU-style: "  -d, --destination DIR   what it is".
func (c *call) printHelp(w io.Writer) {
	for i, line := range c.synopsis() {
		if i == 0 {
			fmt.Fprintf(w, "usage: %s\n", line)
		} else {
			fmt.Fprintf(w, "       %s\n", line)
		}
	}
	fmt.Fprintf(w, "\n%s\n", c.cmd.Help)
	others := map[string][]string{}
	for alias, long := range c.aliases {
		others[long] = append(others[long], "--"+alias)
	}
	var rows [][2]string
	width := 0
	for _, f := range c.flags {
		value, usage := pflag.UnquoteUsage(f)
		left := "    --" + f.Name
		if f.Shorthand != "" {
			left = "-" + f.Shorthand + ", --" + f.Name
		}
		if f.Value.Type() != "bool" {
			left += " " + value
		}
		if a := others[f.Name]; len(a) > 0 {
			slices.Sort(a)
			usage += " (also " + strings.Join(a, ", ") + ")"
		}
		rows = append(rows, [2]string{left, usage})
		width = max(width, len(left))
	}
	fmt.Fprintf(w, "\nFlags:\n")
	for _, r := range rows {
		fmt.Fprintf(w, "  %-*s   %s\n", width, r[0], r[1])
	}
}
