package generator_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"briefings/generator"
	"briefings/generator/content"
	"briefings/generator/sitetest"
	"briefings/layouts"
)

// TestAPartialThatCallsItselfIsAnError: a partial that calls itself,
// directly or through another, ran until the stack was exhausted, which
// crashed build and killed serve with a Go stack (issue 20). Partials
// nest at most 100 deep, and the error names the call in the partial;
// a partial that calls itself with a condition that ends it still works.
func TestAPartialThatCallsItselfIsAnError(t *testing.T) {
	note := `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/about.md --
+++
title = "About"
+++
-- layouts/page.html --
{{ define "main" }}
{{ partial "x" . }}
{{ end }}
`
	for _, tc := range []struct{ name, partials, want string }{
		{"itself", `
-- layouts/_x.html --
{{ define "x" }}
<p>{{ partial "x" . }}</p>{{ end }}
`, `layouts/_x.html:2: partial "x" calls itself, directly or through other partials, more than 100 deep`},
		{"through another", `
-- layouts/_x.html --
{{ define "x" }}{{ partial "y" . }}{{ end }}
-- layouts/_y.html --
{{ define "y" }}

{{ partial "x" . }}{{ end }}
`, `layouts/_y.html:3: partial "x" calls itself`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, dryRun := range []bool{true, false} {
				r := sitetest.Build(t, note+tc.partials, generator.Options{DryRun: dryRun})
				if !r.Failed {
					t.Fatal("the build did not fail")
				}
				r.HasProblem(tc.want, "(rendering /about/)")
			}
		})
	}

	r := sitetest.Build(t, note+`
-- layouts/_x.html --
{{ define "x" }}{{ partial "count" 0 }}{{ end }}
{{ define "count" }}{{ if lt . 50 }}{{ . }},{{ partial "count" (add . 1) }}{{ end }}{{ end }}
`)
	r.NoProblems()
	var want strings.Builder
	for i := range 50 {
		want.WriteString(strconv.Itoa(i) + ",")
	}
	r.Contains("about/index.html", want.String())
}

// xmlFiles decodes every .xml file of the output with encoding/xml,
// which refuses what XML 1.0 forbids, and returns how many there were.
func xmlFiles(t *testing.T, dest string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".xml") {
			return nil
		}
		n++
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s is not XML: %v", p, err)
				break
			}
		}
		return nil
	})
	return n
}

// TestFeedsAndSitemapAreXMLWhateverTheText: control characters in a
// title (valid TOML, like "\u0007") made the Atom feeds invalid XML
// (issue 20). The characters XML 1.0 forbids are left out of every feed
// and the sitemap, by the built-in feed and by a site's own atom.xml.
func TestFeedsAndSitemapAreXMLWhateverTheText(t *testing.T) {
	site := `
-- site.toml --
title = "Desk\u0008"
description = "Notes\u0000 and \u001b[31mmore"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "Bell\u0007 rings"
date = 2025-01-01
summary = "Escape\u001b and \uFFFE and \uFFFF"
people = ["Ana\u0001 Lima"]
tags = ["urgent\u0002"]
+++
Body.
-- content/briefings/b.md --
+++
title = "Tab\there, and é, 日本, 🙂"
date = 2025-01-02
+++
A bell in the body: ` + "\a\f" + `.
`
	for _, tc := range []struct{ name, layouts string }{
		{"built-in feed", ""},
		{"the site's own atom.xml", "-- layouts/atom.xml --\n" + builtinFile(t, "atom.xml")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sitetest.Build(t, site+tc.layouts)
			if r.Failed {
				t.Fatalf("build failed:\n%s", r.Problems())
			}
			if n := xmlFiles(t, r.Dest); n < 4 {
				t.Errorf("checked %d XML files, want the feeds of the site, the briefing's person and tag, and the sitemap", n)
			}
			r.Contains("index.xml", "<title>Bell rings</title>", "Tab\there, and é, 日本, 🙂", "<summary>Escape and  and </summary>")
		})
	}
}

// TestControlCharactersReachNoFile: a control character in front matter
// text or in site.toml's title, description or author (valid TOML and
// YAML: "\u0007") was stripped from the feeds but still reached the HTML
// pages, search and data files (issue 20). It is left out of every file,
// and a warning at the field's line says which character it was.
func TestControlCharactersReachNoFile(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Desk\u0008"
description = "Notes\u0000 and \u001b[31mmore"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "Bell\u0007 rings"
date = 2025-01-01
summary = "Escape\u001b, delete\u007f and C1\u0085 and \uFFFF here"
people = ["Ana\u0001 Lima"]
tags = ["urgent\u0002"]
authors = ["Rui\u0003 Costa"]
[[sources]]
title = "Wire\u0004 story"
url = "https://example.org/s"
[[corrections]]
date = 2025-01-02
text = "Fixed\u0005 a name"
+++
The bell rings for Ana Lima.
-- content/people/ana-lima.md --
---
name: "Ana Lima"
role: "Minister\x06 of \u0091defence"
---
A minister.
-- content/about.md --
+++
title = "About\u0008 us"
+++
Tab	kept.
`)
	if r.Failed {
		t.Fatalf("build failed:\n%s", r.Problems())
	}
	for _, want := range []string{
		"content/briefings/a.md:2: warning: title holds the control character U+0007",
		"content/briefings/a.md:4: warning: summary holds the control character U+001B",
		"content/briefings/a.md:5: warning: people holds the control character U+0001",
		"content/briefings/a.md:6: warning: tags holds the control character U+0002",
		"content/briefings/a.md:7: warning: authors holds the control character U+0003",
		"content/briefings/a.md:8: warning: sources holds the control character U+0004",
		"content/briefings/a.md:11: warning: corrections holds the control character U+0005",
		"content/people/ana-lima.md:3: warning: role holds the control character U+0006",
		"content/about.md:2: warning: title holds the control character U+0008",
		"site.toml:1: warning: title holds the control character U+0008",
		"site.toml:2: warning: description holds the control character U+0000",
	} {
		r.HasProblem(want)
	}
	files := 0
	filepath.WalkDir(r.Dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".png", ".jpg", ".ico", ".woff2", ".pdf":
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files++
		for i, c := range string(b) {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || 0x7F <= c && c <= 0x9F || c == 0xFFFF {
				rel, _ := filepath.Rel(r.Dest, p)
				t.Errorf("%s holds %U at byte %d: %q", rel, c, i, b[max(0, i-40):min(len(b), i+40)])
				break
			}
		}
		return nil
	})
	if files < 10 {
		t.Errorf("checked %d files", files)
	}
	r.Contains("briefings/a/index.html", "Bell rings", "Escape, delete and C1 and  here", "Wire story", "Fixed a name")
	r.Contains("people/ana-lima/index.html", "Minister of defence")
	r.Contains("about/index.html", "About us")
}

// builtinFile returns a file of the built-in theme.
func builtinFile(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(layouts.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNamesTooLongForAFileNameAreShortened: a name whose slug is longer
// than a file name may be failed the build with a raw mkdir error (issue
// 20). Its slug is shortened to its start and a hash of the whole, so
// two long names that begin alike keep pages of their own, the same name
// in another case is still the same page, and a warning names it.
func TestNamesTooLongForAFileNameAreShortened(t *testing.T) {
	long := strings.Repeat("Verylongname ", 25)
	longFile := strings.Repeat("x", 226) + ".md"
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
people = ["`+long+`One", "`+long+`Two"]
tags = ["`+long+`"]
+++
Met [[`+strings.ToUpper(long)+`One]].
-- content/briefings/`+longFile+` --
+++
title = "Long file"
date = 2025-01-02
+++
`)
	if r.Failed {
		t.Fatalf("the build failed:\n%s", r.Problems())
	}
	one, two, tag := content.Slug(long+"One"), content.Slug(long+"Two"), content.Slug(long)
	if one == two || len(one) > content.MaxSlug || len(tag) > content.MaxSlug {
		t.Fatalf("slugs %q and %q", one, two)
	}
	r.Contains("people/"+one+"/index.html", "Verylongname")
	r.Contains("people/"+two+"/index.html", "Verylongname")
	r.Contains("tags/"+tag+"/index.html", "Verylongname")
	r.Contains("briefings/a/index.html", "people/"+one+"/index.html")
	r.Contains("briefings/"+content.Slug(strings.TrimSuffix(longFile, ".md"))+"/index.html", "Long file")
	r.HasProblem("content/briefings/a.md:4: warning: person \"Verylongname", "is too long for the folder of its page", "/people/"+one+"/")
	r.HasProblem("content/briefings/a.md:5: warning: tag \"Verylongname", "/tags/"+tag+"/")
	r.HasProblem("content/briefings/" + longFile + ": warning: the file name is too long for the folder of its page")
}
