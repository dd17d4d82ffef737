package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"briefings/layouts"
)

// newLayout is `briefings new layout [NAME...]`: it copies the built-in
// theme's files NAME (briefing, _frame.html, briefing-item,
// assets/style.css...) into the site's layouts/, where the copy replaces
// the built-in file and can be edited. With no NAME it lists the theme's
// files. An existing file is never replaced.
func newLayout(c *call, source string, names []string) int {
	all := themeFiles()
	if len(names) == 0 {
		fmt.Fprintln(c.stdout, "the built-in theme's files; copy one into layouts/ with briefings new layout NAME:")
		for _, n := range all {
			fmt.Fprintf(c.stdout, "  %s\n", n)
		}
		return 0
	}
	code := 0
	for _, name := range names {
		file := themeFile(all, name)
		if file == "" {
			fmt.Fprintf(c.stderr, "briefings new layout: the theme has no %q; run briefings new layout to list its files\n", name)
			code = 2
			continue
		}
		rel := filepath.Join("layouts", filepath.FromSlash(file))
		path := filepath.Join(source, rel)
		if _, err := os.Lstat(path); err == nil {
			fmt.Fprintf(c.stderr, "briefings new layout: %s already exists; nothing was changed\n", filepath.ToSlash(rel))
			code = max(code, 1)
			continue
		}
		data, err := fs.ReadFile(layouts.FS, file)
		if err == nil {
			err = os.MkdirAll(filepath.Dir(path), 0o755)
		}
		if err == nil {
			err = os.WriteFile(path, data, 0o644)
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "briefings new layout: %v\n", err)
			code = max(code, 1)
			continue
		}
		fmt.Fprintf(c.stdout, "created %s: edit it, and it replaces the built-in %s\n", filepath.ToSlash(rel), file)
	}
	return code
}

// themeFiles lists the built-in theme's files by their path in layouts/.
func themeFiles() []string {
	var out []string
	fs.WalkDir(layouts.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".go") {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// themeFile finds name among the theme's files: a file's path, a
// template's name without .html ("briefing"), or the name of a partial
// ("briefing-item", in _briefing-item.html, or "site-footer", defined in
// _frame.html).
func themeFile(all []string, name string) string {
	name = strings.TrimPrefix(filepath.ToSlash(name), "layouts/")
	for _, try := range []string{name, name + ".html", "_" + name + ".html", "_" + name} {
		if slices.Contains(all, try) {
			return try
		}
	}
	// A template defined in a partials file.
	for _, f := range all {
		if !strings.HasPrefix(f, "_") {
			continue
		}
		data, _ := fs.ReadFile(layouts.FS, f)
		if strings.Contains(string(data), `{{ define "`+name+`" }}`) {
			return f
		}
	}
	return ""
}
