package cli

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

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
	if what == "layout" {
		return newLayout(c, source, pos[1:])
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
	today := time.Now().Format("2006-01-02")
	if what == "briefing" {
		rel = filepath.Join("content", "briefings", today+"-"+slug+".md")
		text = briefingNote(name, today)
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
		text = entityNote(*kind, name, today)
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
		fmt.Fprintln(stdout, "it is a draft: preview it with briefings serve -D, and set draft = false to publish it")
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

// briefingNote is a new briefing: its fields, empty, each explained in a
// TOML comment, so that nothing of the guidance is published.
func briefingNote(title, today string) string {
	return fmt.Sprintf(`+++
title = %s
date = %s
# One or two sentences for lists, feeds and search results.
summary = ""
# Who, where and what, each by a name, an alias or a slug ("Putin" or
# "Vladimir Putin"): every one gets a page that lists this briefing.
people = []
countries = []
events = []
tags = []
# A draft is never published: preview it with briefings serve -D, and
# set draft = false to publish it.
draft = true
# Who wrote it, by name: authors = ["Jane Roe"]
# Where the facts come from, a [[sources]] block each, graded on the
# NATO/Admiralty scale (reliability A to F, credibility 1 to 6):
# [[sources]]
# title = "UPI"
# url = "https://www.upi.com/..."
# outlet = "UPI"
# reliability = "B"
# credibility = 2
# accessed = 2025-02-12
# archive = "https://web.archive.org/web/..."
# A correction, once published: a [[corrections]] block with
# date = 2025-02-14 and text = "What was wrong, and what is right."
#
# Write the briefing below the closing +++, in Markdown. Link a person,
# country or event with [[Name]], or [[Name|other words]].
+++
`, strconv.Quote(title), today)
}

// entityNote is a new note about an entity of kind: its fields, empty,
// each explained in a TOML comment.
func entityNote(kind config.Kind, name, today string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\nname = %s\n", strconv.Quote(name))
	b.WriteString("# Other names briefings use (a surname, an acronym, another spelling):\n# each links here.\naliases = []\n")
	switch kind.Name {
	case "people":
		b.WriteString("# What they do, shown with the name: \"President of Ukraine\".\nrole = \"\"\n")
		b.WriteString("# The countries they belong to, by name.\ncountries = []\n")
	case "countries":
		b.WriteString("# The ISO 3166-1 alpha-2 code, for the flag: \"UA\".\ncode = \"\"\ncapital = \"\"\n")
	case "events":
		fmt.Fprintf(&b, "# When it began: \"2014\" or \"2022-02\" when only the year or month is known.\ndate = %s\n", today)
		fmt.Fprintf(&b, "# end_date = %s    # for an event of several days\nlocation = \"\"\n", today)
		b.WriteString("# The countries and people it involves, by name.\ncountries = []\npeople = []\n")
	case "outlets":
		b.WriteString("# Its usual reliability, a letter from A (completely reliable) to F\n# (cannot be judged): a source citing it without a grade takes it.\nreliability = \"\"\n# Its website.\nurl = \"\"\n")
	}
	b.WriteString("# Its Wikidata item, which tells it from others of the same name,\n# like \"Q212\" (Ukraine): wikidata = \"Q...\"\n")
	fmt.Fprintf(&b, "# One sentence for lists and search results.\nsummary = \"\"\n#\n# What to say about this %s goes below the closing +++, in Markdown.\n+++\n", kind.Singular)
	return b.String()
}

func singulars(cfg *config.Site) []string {
	var out []string
	for _, k := range cfg.AllKinds() {
		out = append(out, k.Singular)
	}
	return out
}

// skeleton is what `new site` writes, as templates: {%.Title%} and the
// like are filled in from siteData.
//
//go:embed all:skeleton
var skeleton embed.FS

// siteData is what the skeleton's templates see.
type siteData struct {
	// Title is made from the folder's name: "Ukraine desk" for
	// ukraine-desk.
	Title string
	// Version is the briefings the site's workflow installs (this
	// binary's, see binary.Pin), from Repository.
	Version, Repository string
	// ExampleBaseURL is the base_url to change (config.ExampleBaseURL).
	ExampleBaseURL string
}

// newSite writes a site that builds, and publishes on GitHub Pages, as it
// is: site.toml, content/ with an about page and a first briefing (drafts
// until the user writes them), a README, a .gitignore and the Pages
// workflow. It refuses a folder that holds anything.
func newSite(dir string, stdout, stderr io.Writer) int {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "briefings new site: %s is not empty; choose a new folder, nothing was changed\n", dir)
		return 1
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "briefings new site: %v\n", err)
		return 1
	}
	data := siteData{
		Title:          siteTitle(dir),
		Version:        thisBinary().Pin(),
		Repository:     Repository,
		ExampleBaseURL: config.ExampleBaseURL,
	}
	today := time.Now().Format("2006-01-02")
	files := map[string][]byte{
		"content/briefings/" + today + "-first-briefing.md": []byte(briefingNote("First briefing", today)),
	}
	err := fs.WalkDir(skeleton, "skeleton", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(skeleton, p)
		if err != nil {
			return err
		}
		t, err := template.New(p).Delims("{%", "%}").Option("missingkey=error").Parse(string(src))
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, data); err != nil {
			return err
		}
		files[strings.TrimPrefix(p, "skeleton/")] = b.Bytes()
		return nil
	})
	if err != nil {
		fmt.Fprintf(stderr, "briefings new site: %v\n", err)
		return 1
	}
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(stderr, "briefings new site: %v\n", err)
			return 1
		}
		if err := os.WriteFile(p, files[rel], 0o644); err != nil {
			fmt.Fprintf(stderr, "briefings new site: %v\n", err)
			return 1
		}
	}
	fmt.Fprintf(stdout, `created a site in %[1]s: site.toml, content/, README.md, .gitignore and .github/workflows/pages.yml
next:
  cd %[1]s
  briefings new briefing "Title"    write a briefing (content/briefings/, a draft)
  briefings serve -D                see the site at http://127.0.0.1:1313/, drafts included
and set base_url in site.toml. README.md says how to publish it on GitHub Pages.
`, dir)
	return 0
}

// siteTitle makes a site's title from its folder's name: "Ukraine desk"
// for ukraine-desk, "Briefings" when the name has no letters.
func siteTitle(dir string) string {
	name := strings.Join(strings.FieldsFunc(filepath.Base(filepath.Clean(dir)), func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || unicode.IsSpace(r)
	}), " ")
	r, size := utf8.DecodeRuneInString(name)
	if size == 0 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return "Briefings"
	}
	return string(unicode.ToUpper(r)) + name[size:]
}
