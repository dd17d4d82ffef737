package generator

import (
	"fmt"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/layout"
	"briefings/generator/site"
	"briefings/layouts"
)

// DossierResult is what Dossier made.
type DossierResult struct {
	// HTML is the dossier: one file with its style sheet and images
	// inside, nil when it could not be made.
	HTML []byte
	// Title names what it is on, and Briefings counts what it holds.
	Title     string
	Briefings int
	// Diagnostics are the site's problems, sorted; Failed is set when
	// there were errors (or the name named nothing), and Problem then
	// says why in one line when it is not the site's.
	Diagnostics []diag.Diagnostic
	Failed      bool
	Problem     string
}

// Dossier makes the dossier of the entity or tag name (a name, an alias
// or a slug, "kind:Name" to choose among several, "tags:Name" for a
// tag) with the published briefings dated from from to to (zero for no
// bound), as a single HTML file: the same page as the site's dossier
// pages, from the same template, with every briefing in full whatever
// their number, its style sheet and images inside, and links to the
// site's pages absolute from its base_url. The site goes through the
// same edition as a build (drafts, embargoes, markings); nothing is
// written.
func Dossier(opts Options, name string, from, to content.Date) (*DossierResult, error) {
	opts.DryRun = true
	opts.linkOnly = true
	if opts.Theme == nil {
		opts.Theme = layouts.FS
	}
	res, err := Render(opts)
	out := &DossierResult{}
	if res != nil {
		out.Diagnostics = res.Diagnostics
		out.Failed = res.Errors > 0
	}
	if err != nil || out.Failed || res.Site == nil {
		out.Failed = true
		return out, err
	}
	s := res.Site
	e, t, problem := findSubject(s, name)
	if problem != "" {
		out.Failed, out.Problem = true, problem
		return out, nil
	}
	siteLayouts := layoutsOf(opts.Source)
	diags := &diag.List{}
	set := layout.Load(opts.Theme, siteLayouts, diags)
	if set == nil {
		out.Diagnostics = append(out.Diagnostics, diags.Items()...)
		out.Failed = true
		return out, nil
	}
	read := func(sitePath string) ([]byte, string, bool) {
		rel := strings.TrimPrefix(sitePath, "/")
		src, ok := s.Files[rel]
		if !ok {
			src = path.Join("static", rel)
		}
		if !filepath.IsLocal(filepath.FromSlash(src)) {
			return nil, "", false
		}
		b, err := os.ReadFile(filepath.Join(opts.Source, filepath.FromSlash(src)))
		if err != nil {
			return nil, "", false
		}
		mediaType := mime.TypeByExtension(path.Ext(rel))
		if mediaType == "" {
			return nil, "", false
		}
		return b, mediaType, true
	}
	html, d, err := set.Standalone(s, e, t, from, to, read)
	if err != nil {
		out.Failed, out.Problem = true, err.Error()
		return out, nil
	}
	// The leak scan reads the file as it reads a build's pages: a
	// withheld note's text that reached it (through a layout of the
	// site's, say) fails the dossier, and nothing is written.
	if x := res.leaks; x != nil {
		x.Scan(content.Slug(d.Title)+".html", html)
		if diags := (&diag.List{}); leaksFound(x, diags, nothingPublished) {
			out.Diagnostics = append(out.Diagnostics, diags.Items()...)
			out.Failed = true
			return out, nil
		}
	}
	out.HTML, out.Title, out.Briefings = html, d.Title, len(d.Briefings)
	return out, nil
}

// layoutsOf returns the site's layouts/ folder as an fs.FS, or nil.
func layoutsOf(source string) fs.FS {
	if dir, err := siteFolder(source, "layouts"); err == nil && dir != "" {
		return content.Dir(dir, source)
	}
	return nil
}

// findSubject finds the entity or tag a dossier is asked for; problem
// says why there is none, with the names it might have meant.
func findSubject(s *site.Site, name string) (*site.Entity, *site.Tag, string) {
	kind, bare, hasKind := strings.Cut(name, ":")
	isKind := kind == "tags" || kind == "tag" || slices.ContainsFunc(s.Kinds, func(k config.Kind) bool { return k.Name == kind || k.Singular == kind })
	if !hasKind || !isKind {
		// No kind, or a colon that is part of the name.
		kind, bare, hasKind = "", name, false
	}
	var found []*site.Entity
	var tag *site.Tag
	for _, k := range s.Kinds {
		if !hasKind || k.Name == kind || k.Singular == kind {
			found = append(found, s.Find(k.Name, bare)...)
		}
	}
	if !hasKind || kind == "tags" || kind == "tag" {
		tag = s.FindTag(bare)
	}
	switch {
	case len(found) == 1 && tag == nil:
		return found[0], nil, ""
	case len(found) == 0 && tag != nil:
		return nil, tag, ""
	case len(found)+btoi(tag != nil) > 1:
		var forms []string
		for _, e := range found {
			forms = append(forms, fmt.Sprintf("%s:%s (the %s %s)", e.Kind.Name, e.Name, e.Kind.Singular, e.Name))
		}
		if tag != nil {
			forms = append(forms, fmt.Sprintf("tags:%s (the tag)", tag.Name))
		}
		return nil, nil, fmt.Sprintf("%q names more than one thing: say which, as %s", name, strings.Join(forms, " or "))
	}
	var names []string
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			names = append(names, e.Name)
			names = append(names, e.Aliases...)
		}
	}
	for _, t := range s.Tags {
		names = append(names, t.Name)
	}
	msg := fmt.Sprintf("no person, country, event or tag the site publishes is called %q", name)
	if best := diag.Closest(bare, names); best != "" {
		msg += fmt.Sprintf("; did you mean %q?", best)
	}
	return nil, nil, msg
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
