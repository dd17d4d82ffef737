package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"briefings/generator"
	"briefings/generator/content"
	"briefings/generator/diag"
)

// dossierMark is what the file of a dossier says it is, so that -o
// replaces an earlier dossier and never a file of the user's.
const dossierMark = `<meta name="generator" content="briefings dossier">`

func dossier(c *call, args []string) int {
	var opts generator.Options
	var from, to, out string
	c.siteFlags(&opts)
	c.String(&from, "", "from", "hold the briefings dated `DATE` or later (2025, 2025-02 or 2025-02-12)")
	c.String(&to, "", "to", "hold the briefings dated `DATE` or earlier (2025, 2025-02 or 2025-02-12)")
	c.String(&out, "o", "output", "write the dossier to `FILE` (default: dossier-NAME.html in the current folder; - for standard output)")
	if code, stop := c.parse(args); stop {
		return code
	}
	if len(c.args) != 1 {
		return c.usageError("name one person, country, event or tag, in quotes: briefings dossier \"Vladimir Putin\"")
	}
	var bounds [2]content.Date
	for i, v := range []string{from, to} {
		if v == "" {
			continue
		}
		d, err := content.ParseDate(v)
		if err != nil {
			return c.usageError("--%s: %v", []string{"from", "to"}[i], err)
		}
		bounds[i] = d
	}
	if !bounds[0].IsZero() && !bounds[1].IsZero() && bounds[1].Time.Before(bounds[0].Time) {
		return c.usageError("--to %s is before --from %s: swap them", to, from)
	}
	res, err := generator.Dossier(opts, c.args[0], bounds[0], bounds[1])
	if res != nil {
		diag.Print(c.stderr, res.Diagnostics)
	}
	switch {
	case err != nil:
		fmt.Fprintf(c.stderr, "briefings: %v\n", err)
		return 1
	case res.Problem != "":
		fmt.Fprintf(c.stderr, "briefings dossier: %s\n", res.Problem)
		return 1
	case res.Failed:
		fmt.Fprintf(c.stderr, "dossier not made: %s\n", problems(&generator.Result{Errors: countErrors(res.Diagnostics)}))
		return 1
	}
	if out == "-" {
		c.stdout.Write(res.HTML)
		return 0
	}
	if out == "" {
		out = "dossier-" + content.Slug(res.Title) + ".html"
	}
	if old, err := os.ReadFile(out); err == nil && !bytes.Contains(old, []byte(dossierMark)) {
		fmt.Fprintf(c.stderr, "briefings dossier: %s exists and is not a dossier: name another file with -o, or remove it\n", out)
		return 1
	}
	if err := writeFile(out, res.HTML); err != nil {
		fmt.Fprintf(c.stderr, "briefings dossier: %v\n", err)
		return 1
	}
	fmt.Fprintf(c.stdout, "wrote %s: the dossier of %s, %s (%s)\n", out, res.Title, generator.Plural(res.Briefings, "briefing", "briefings"), sizeOf(len(res.HTML)))
	return 0
}

// writeFile writes data to path through a temporary file beside it,
// renamed into place, so that a reader never sees half a file.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".dossier-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	os.Chmod(tmp.Name(), 0o644)
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func countErrors(ds []diag.Diagnostic) int {
	n := 0
	for _, d := range ds {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}

// sizeOf says a size in kB or MB.
func sizeOf(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d kB", (n+1023)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
