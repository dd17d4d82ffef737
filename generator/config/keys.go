package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"briefings/generator/diag"
	"briefings/generator/marking"
)

// tables are the tables of site.toml that take settings of their own:
// their name and a value of the struct each decodes into. [params] is
// free data, and takes anything.
var tables = map[string]any{"kinds": Kind{}, "markings": marking.Declared{}}

// settingsInParams are the settings that hold nothing a template would
// want under their name: one under [params] is most likely the setting
// written below the table by mistake.
var settingsInParams = []string{"base_url", "cname", "keep", "paginate", "dossier_limit", "auto_link", "unsafe_html", "language", "timezone", "default_tlp", "audience", "article_type"}

// unknownKeys warns, with its line, about each key of site.toml that no
// setting reads: at the top, in a table such as [[kinds]] (where a
// setting written after the table's header lands by mistake), and the
// settings that landed in [params] that way.
func (s *Site) unknownKeys(md toml.MetaData, text, rel string, diags *diag.List) {
	known := tomlKeys(Site{})
	lines := keyLines(text)
	line := func(path []string) int {
		for n := len(path); n > 0; n-- {
			p := strings.Join(path[:n], ".")
			if ls := lines[p]; len(ls) > 0 {
				if n == len(path) {
					lines[p] = ls[1:] // the next table of an array has the next one
				}
				return ls[0]
			}
		}
		return 0
	}
	undecoded := map[string]bool{}
	for _, key := range md.Undecoded() {
		path := []string(key)
		undecoded[strings.Join(path, ".")] = true
		parentUnknown := false
		for n := 1; n < len(path); n++ {
			parentUnknown = parentUnknown || undecoded[strings.Join(path[:n], ".")]
		}
		if parentUnknown || path[0] == "params" {
			continue // reported with its table, or free data
		}
		at := diag.Pos{File: rel, Line: line(path)}
		if len(path) == 1 {
			k := path[0]
			msg := fmt.Sprintf("unknown setting %q", k)
			if c := diag.Closest(k, known); c != "" {
				msg += fmt.Sprintf("; did you mean %q?", c)
				// One warning for a misspelt base_url, not a second
				// for its absence too.
				s.baseURLTypo = s.baseURLTypo || c == "base_url"
			} else {
				msg += "; put site-specific values under [params]"
			}
			diags.Warnf(at, "%s", msg)
			continue
		}
		table, k := path[0], path[len(path)-1]
		header := "[" + table + "]"
		fields := known
		if t, ok := tables[table]; ok {
			header = "[[" + table + "]]"
			fields = tomlKeys(t)
		}
		if len(path) == 2 && slices.Contains(known, k) {
			diags.Warnf(at, "%q is read as a key of the %s table above it, which has none: a key belongs to the last [table] before it, so to set %s, move it above the first [table] of site.toml", k, header, k)
			continue
		}
		msg := fmt.Sprintf("unknown key %q in %s", strings.Join(path[1:], "."), header)
		if c := diag.Closest(k, fields); c != "" {
			msg += fmt.Sprintf("; did you mean %q?", c)
		} else {
			msg += fmt.Sprintf(", which takes %s and %s", strings.Join(fields[:len(fields)-1], ", "), fields[len(fields)-1])
		}
		diags.Warnf(at, "%s", msg)
	}
	for _, k := range settingsInParams {
		if _, ok := s.Params[k]; ok && !md.IsDefined(k) {
			diags.Warnf(diag.Pos{File: rel, Line: line([]string{"params", k})}, "%q is under [params], free data for templates, so it does not set %s: a key belongs to the last [table] before it, so to set %s, move it above [params]", k, k, k)
		}
	}
}

// tomlKeys returns the TOML keys of the fields of the struct v.
func tomlKeys(v any) []string {
	var keys []string
	t := reflect.TypeOf(v)
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// keyLines returns the lines of the keys of site.toml's text, by their
// dotted path from the top ("kinds.cname"), in order: a key of an array
// of tables has a line for each table that sets it. A table's header
// gives the line of the table itself. It reads TOML line by line, which
// is enough to place a warning: a value that spans lines (a multi-line
// string or array) is skipped over.
func keyLines(text string) map[string][]int {
	lines := map[string][]int{}
	table := ""
	inString := ""
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if inString != "" {
			if strings.Count(l, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
			continue
		case strings.HasPrefix(l, "["):
			name := strings.Trim(l, "[] \t")
			if j := strings.Index(name, "]"); j >= 0 {
				name = name[:j] // a comment after the header
			}
			table = dotted(name)
			lines[table] = append(lines[table], i+1)
			continue
		}
		key, value, ok := strings.Cut(l, "=")
		if !ok || strings.ContainsAny(strings.TrimSpace(key), " \t") && !strings.ContainsAny(key, `"'`) {
			continue
		}
		path := dotted(key)
		if table != "" {
			path = table + "." + path
		}
		lines[path] = append(lines[path], i+1)
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(value, q)%2 == 1 {
				inString = q
			}
		}
	}
	return lines
}

// dotted returns a TOML key as written (a.b, "a b".c) as its parts
// joined by dots, without quotes or spaces.
func dotted(key string) string {
	parts := strings.Split(key, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
