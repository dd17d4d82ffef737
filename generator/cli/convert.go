package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"briefings/generator"
	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
)

// convert rewrites the front matter of every note of the site in TOML or
// YAML (content.Convert does one note). It reads and checks every note
// first, and changes nothing if any has an error; then it writes each
// file to a temporary file beside it and renames them all into place, so
// a note is never left half written.
func convert(c *call, args []string) int {
	source, to, dryRun := ".", "", false
	c.sourceFlag(&source, "convert the notes of the site in `DIR` (default: the current folder)")
	c.String(&to, "t", "to", "write front matter in `FORMAT`: toml (between lines of +++) or yaml (between lines of ---)")
	c.Bool(&dryRun, "n", "dry-run", "print the front matter each note would get, and change nothing")
	if code, stop := c.parse(args); stop {
		return code
	}
	format, ok := content.ParseFormat(to)
	if !ok {
		if to == "" {
			return c.usageError("say which format to write: --to toml or --to yaml")
		}
		return c.usageError("--to %q: the formats are toml and yaml", to)
	}
	stdout, stderr := c.stdout, c.stderr

	diags := &diag.List{}
	cfg := config.Load(filepath.Join(source, "site.toml"), "site.toml", diags)
	kinds := cfg.AllKinds()
	tree := content.Load(os.DirFS(filepath.Join(source, "content")), kinds, diags)
	type change struct {
		path, file string // from the site folder; on disk
		data       []byte
		mode       os.FileMode
	}
	var changes []change
	already := 0
	if errs, _ := diags.Count(); errs == 0 {
		for _, n := range tree.Notes {
			file, err := filepath.EvalSymlinks(filepath.Join(source, filepath.FromSlash(n.Path)))
			var raw []byte
			var info os.FileInfo
			if err == nil {
				raw, err = os.ReadFile(file)
			}
			if err == nil {
				info, err = os.Stat(file)
			}
			if err != nil {
				diags.Errorf(diag.Pos{File: n.Path}, "cannot read the file: %v", err)
				continue
			}
			out := content.Convert(n.Path, n.Kind, raw, kinds, format, diags)
			switch {
			case out == nil:
			case bytes.Equal(out, raw):
				already++
			default:
				changes = append(changes, change{n.Path, file, out, info.Mode().Perm()})
			}
		}
	}
	items := diags.Items()
	diag.Print(stderr, items)
	if errs, warns := diags.Count(); errs > 0 {
		fmt.Fprintf(stderr, "convert failed: %s, %s; no note was changed\n", generator.Plural(errs, "error", "errors"), generator.Plural(warns, "warning", "warnings"))
		return 1
	}

	notes := func(n int) string { return generator.Plural(n, "note", "notes") }
	if dryRun {
		for _, ch := range changes {
			fmt.Fprintf(stdout, "%s would get this front matter:\n", ch.path)
			src, _ := content.Normalize(ch.data)
			front, _, _, _, _ := content.Split(src)
			fence := format.Fence()
			fmt.Fprintf(stdout, "    %s\n", fence)
			for l := range strings.Lines(string(front)) {
				if strings.TrimSpace(l) != "" {
					l = "    " + l
				}
				fmt.Fprint(stdout, l)
			}
			fmt.Fprintf(stdout, "    %s\n", fence)
		}
		fmt.Fprintf(stdout, "convert: would rewrite %s in %s; %d %s %s already; nothing was changed\n", notes(len(changes)), format, already, isAre(already), format)
		return 0
	}

	// Every new file is written in full before any takes a note's place.
	temps := make([]string, len(changes))
	removeTemps := func() {
		for _, t := range temps {
			if t != "" {
				os.Remove(t)
			}
		}
	}
	for i, ch := range changes {
		t, err := writeTemp(ch.file, ch.data, ch.mode)
		if err != nil {
			removeTemps()
			fmt.Fprintf(stderr, "briefings convert: %v; no note was changed\n", err)
			return 1
		}
		temps[i] = t
	}
	for i, ch := range changes {
		if err := os.Rename(temps[i], ch.file); err != nil {
			temps[i] = ""
			removeTemps()
			fmt.Fprintf(stderr, "briefings convert: %v; %d of the %d notes to convert were rewritten in %s before this one, the others are as they were\n", err, i, len(changes), format)
			return 1
		}
		temps[i] = ""
	}
	fmt.Fprintf(stdout, "convert: rewrote %s in %s; %d %s %s already\n", notes(len(changes)), format, already, wasWere(already), format)
	return 0
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// writeTemp writes data to a new hidden file beside file (which every
// stage of briefings skips), with the mode perm, flushed to disk, and
// returns its path.
func writeTemp(file string, data []byte, perm os.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".convert-*")
	if err != nil {
		return "", fmt.Errorf("write beside %s: %w", file, err)
	}
	_, err = io.Copy(f, bytes.NewReader(data))
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return f.Name(), nil
}
