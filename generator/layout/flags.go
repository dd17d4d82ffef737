package layout

import (
	"io/fs"
	"path"
	"strings"

	"briefings/generator/site"
)

// loadFlags reads the flags of the theme and then of the site (flags/xx.svg,
// one per lower-case ISO 3166-1 alpha-2 code) into s.flags; a site's flag
// replaces the theme's.
func (s *Set) loadFlags(fsyss ...fs.FS) {
	s.flags = map[string][]byte{}
	for _, fsys := range fsyss {
		if fsys == nil {
			continue
		}
		names, _ := fs.Glob(fsys, "flags/*.svg")
		for _, name := range names {
			code := strings.TrimSuffix(path.Base(name), ".svg")
			if len(code) != 2 {
				continue
			}
			if b, err := fs.ReadFile(fsys, name); err == nil {
				s.flags[code] = b
			}
		}
	}
}

// flag returns the address, from the site root, of the flag of a
// country code ("UA"), or "" when the theme has no flag for it (the page
// then shows the code).
func (s *Set) flag(code string) string {
	if len(code) != 2 {
		return ""
	}
	c := strings.ToLower(code)
	if _, ok := s.flags[c]; !ok {
		return ""
	}
	return "/assets/flags/" + c + ".svg"
}

// flagFiles are the flags of the countries of the site, published under
// assets/flags/: only those a page shows, not the whole set.
func (s *Set) flagFiles(st *site.Site) []File {
	var out []File
	seen := map[string]bool{}
	for _, list := range st.Entities {
		for _, e := range list {
			u := s.flag(e.Code)
			if u == "" || seen[u] {
				continue
			}
			seen[u] = true
			out = append(out, File{Path: strings.TrimPrefix(u, "/"), Data: s.flags[strings.ToLower(e.Code)]})
		}
	}
	return out
}
