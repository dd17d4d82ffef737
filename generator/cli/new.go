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
	force := false
	c.sourceFlag(&source, "add the note to the site in `DIR` (default: the current folder)")
	c.Bool(&force, "", "force", "make a person's, country's or event's note even when its name is already a name or alias of another note of the kind (an existing file is never replaced)")
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
	var entityKind *config.Kind
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
		entityKind = kind
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
	if entityKind != nil {
		if code, stop := checkNewName(source, *entityKind, cfg.AllKinds(), name, force, stdout, stderr); stop {
			return code
		}
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

// checkNewName refuses a note of kind k named name when a note of that
// kind already has the name as its name, alias or slug (`new person
// "Putin"` when Putin is an alias of Vladimir Putin): the new note would
// make the name ambiguous, and the briefings naming it would no longer
// find the note they meant. force makes the note anyway. A note of
// another kind with the name is only mentioned. It returns the exit code
// when the command should stop.
func checkNewName(source string, k config.Kind, kinds []config.Kind, name string, force bool, stdout, stderr io.Writer) (int, bool) {
	key := content.Slug(name)
	for _, other := range kinds {
		for _, n := range entityNotes(source, other, kinds) {
			how := ""
			switch {
			case content.Slug(n.Entity.Name) == key:
				how = "the name"
			case n.Slug == key:
				how = "the file name"
			default:
				for _, a := range n.Entity.Aliases {
					if content.Slug(a) == key {
						how = "an alias"
					}
				}
			}
			switch {
			case how == "":
			case other.Name != k.Name:
				fmt.Fprintf(stdout, "note: %q is also %s of the %s %s (%s): link to each with [[%s:%s]] or [[%s:%s]]\n",
					name, how, other.Singular, n.Entity.Name, n.Path, k.Name, name, other.Name, n.Entity.Name)
			case force:
				fmt.Fprintf(stderr, "warning: %q is already %s of %s (%s): the name now names two %s, and builds will warn until one of them drops it\n",
					name, how, n.Entity.Name, n.Path, k.Name)
			default:
				fmt.Fprintf(stderr, "briefings new: %q is already %s of %s (%s), so [[%s]] and %s = [%q] mean that %s; nothing was changed. If this is another %s, run the command again with --force\n",
					name, how, n.Entity.Name, n.Path, name, k.Name, name, k.Singular, k.Singular)
				return 1, true
			}
		}
	}
	return 0, false
}

// entityNotes reads the notes of kind k in the site at source: its
// content/<kind>/ folder, each file or bundle, without their problems
// (the build reports those).
func entityNotes(source string, k config.Kind, kinds []config.Kind) []*content.Note {
	dir := filepath.Join(source, "content", k.Name)
	var notes []*content.Note
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || content.Ignored(d.Name()) || !strings.HasSuffix(p, ".md") {
			return nil
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		src, bad := content.Normalize(raw)
		if bad > 0 {
			return nil
		}
		rel, _ := filepath.Rel(source, p)
		n := content.Decode(filepath.ToSlash(rel), k.Name, src, kinds, &diag.List{})
		if n == nil || n.Entity == nil {
			return nil
		}
		slug := strings.TrimSuffix(d.Name(), ".md")
		if d.Name() == "index.md" {
			slug = filepath.Base(filepath.Dir(p))
		}
		n.Slug = content.Slug(slug)
		notes = append(notes, n)
		return nil
	})
	return notes
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
