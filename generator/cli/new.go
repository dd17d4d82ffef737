package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
)

func newCommand(c *call, args []string) int {
	source := "."
	c.sourceFlag(&source, "add the note to the site in `DIR` (default: the current folder)")
	if code, stop := c.parse(args); stop {
		return code
	}
	stdout, stderr := c.stdout, c.stderr
	pos := c.args
	if len(pos) == 0 {
		return c.usageError("say what to make: a site, a briefing, or a person, country or event")
	}
	what := pos[0]
	if what == "content" || strings.ContainsAny(what, "/\\") || strings.HasSuffix(what, ".md") {
		// Hugo's `hugo new content/posts/x.md`: here a note is named by
		// its kind and title, and its file name follows.
		return c.usageError("name the kind and the title, not a file: briefings new briefing \"Title\" writes content/briefings/YYYY-MM-DD-title.md (or new person|country|event \"Name\")")
	}
	noun, field := "the "+what, "Name"
	if what == "briefing" {
		noun, field = "the briefing", "Title"
	}
	switch {
	case what == "site" && len(pos) == 1:
		return c.usageError("name the folder to start the site in: briefings new site DIR")
	case what == "site" && len(pos) > 2:
		return c.usageError("one folder only, not %d: briefings new site DIR (put a name with spaces in quotes)", len(pos)-1)
	case len(pos) == 1:
		return c.usageError("give %s a %s: briefings new %s \"%s\"", noun, strings.ToLower(field), what, field)
	case len(pos) > 2:
		return c.usageError("put the %s in quotes: briefings new %s %q", strings.ToLower(field), what, strings.Join(pos[1:], " "))
	}
	name := pos[1]
	if what == "site" {
		return newSite(name, stdout, stderr)
	}
	diags := &diag.List{}
	cfg := config.Load(filepath.Join(source, "site.toml"), "site.toml", diags)
	if items := diags.Items(); len(items) > 0 {
		diag.Print(stderr, items)
		if e, _ := diags.Count(); e > 0 {
			return 1
		}
	}
	slug := content.Slug(name)
	if slug == "" {
		fmt.Fprintf(stderr, "briefings new: %q has no letters or digits to make a file name from\n", name)
		return 2
	}
	var rel, text string
	if what == "briefing" {
		today := time.Now().Format("2006-01-02")
		rel = filepath.Join("content", "briefings", today+"-"+slug+".md")
		text = fmt.Sprintf(`+++
title = %s
date = %s
summary = ""
people = []
countries = []
events = []
tags = []
draft = true
# [[sources]]
# title = ""
# url = ""
+++
Write the briefing here. Link to a person, country or event with [[Name]].
`, strconv.Quote(name), today)
	} else {
		var kind *config.Kind
		for _, k := range cfg.AllKinds() {
			if what == k.Name || what == k.Singular {
				kind = &k
				break
			}
		}
		if kind == nil {
			fmt.Fprintf(stderr, "briefings new: unknown kind %q: use site, briefing, or one of %s\n", what, strings.Join(singulars(cfg), ", "))
			return 2
		}
		rel = filepath.Join("content", kind.Name, slug+".md")
		fields := "aliases = []\n"
		switch kind.Name {
		case "people":
			fields += "role = \"\"\ncountries = []\n"
		case "countries":
			fields += "code = \"\"    # ISO 3166-1 alpha-2, e.g. \"UA\"\ncapital = \"\"\n"
		case "events":
			fields += fmt.Sprintf("date = %s    # or \"2014\", \"2022-02\" when only the year or month is known\n# end_date = %s\nlocation = \"\"\ncountries = []\npeople = []\n", time.Now().Format("2006-01-02"), time.Now().Format("2006-01-02"))
		}
		text = fmt.Sprintf("+++\nname = %s\n%s+++\nWrite about %s here.\n", strconv.Quote(name), fields, name)
	}
	path := filepath.Join(source, rel)
	if _, err := os.Stat(path); err == nil {
		fmt.Fprintf(stderr, "briefings new: %s already exists; nothing was changed\n", rel)
		return 1
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintf(stderr, "briefings new: %v\n", err)
		return 1
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		fmt.Fprintf(stderr, "briefings new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s\n", filepath.ToSlash(rel))
	if what == "briefing" {
		fmt.Fprintln(stdout, "it is a draft: set draft = false to publish it, or build with --drafts to preview it")
	}
	return 0
}

func singulars(cfg *config.Site) []string {
	var out []string
	for _, k := range cfg.AllKinds() {
		out = append(out, k.Singular)
	}
	return out
}

// newSite writes the skeleton of a site: site.toml, content/ with an about
// page and a first briefing.
func newSite(dir string, stdout, stderr io.Writer) int {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "briefings new site: %s is not empty; choose a new folder, nothing was changed\n", dir)
		return 1
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "briefings new site: %v\n", err)
		return 1
	}
	today := time.Now().Format("2006-01-02")
	files := map[string]string{
		"site.toml": `title = "My briefings"
base_url = "https://example.org/"
language = "en"
description = "Briefing notes."
# auto_link = true       # link the first mention of a known name in each briefing
# unsafe_html = false    # let raw HTML in notes through
# cname = "briefs.example.org"
# keep = ["robots.txt"]  # output files every build leaves in place
`,
		"content/about.md": "+++\ntitle = \"About\"\n+++\nWhat this site is, and who writes it.\n",
		"content/briefings/" + today + "-first-briefing.md": "+++\ntitle = \"First briefing\"\ndate = " + today + "\nsummary = \"What a briefing looks like.\"\ncountries = [\"Ukraine\"]\ntags = [\"example\"]\n+++\nA briefing names people, countries and events in its front matter, or links them in the text: [[Ukraine]].\n",
		"content/people/.keep":                              "",
		"content/countries/.keep":                           "",
		"content/events/.keep":                              "",
		"layouts/.keep":                                     "",
		"static/.keep":                                      "",
	}
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(stderr, "briefings new site: %v\n", err)
			return 1
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			fmt.Fprintf(stderr, "briefings new site: %v\n", err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "created a site in %s\nnext: cd %s && briefings serve\n", dir, dir)
	return 0
}
