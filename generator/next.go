package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/edition"
	"briefings/generator/site"
)

// Embargo is what `briefings next` reports: the next embargo to lift and
// what the build after it will publish that the build before it does
// not.
type Embargo struct {
	// At is the instant the embargo lifts; zero when none is pending.
	At time.Time
	// Location is the site's timezone.
	Location *time.Location
	// Briefings are the briefings it publishes.
	Briefings []edition.Withheld
	// Pages are the URLs of the pages that appear with them: the
	// briefings', and the entities and tags that only they name.
	Pages []string
	// Later counts the embargoes pending after it, and Last is when the
	// last of them lifts.
	Later int
	Last  time.Time
	// Held counts the briefings dated in the future that time alone
	// does not publish: drafts, and those marked above the audience.
	Held int
	// Audience is the edition's audience.
	Audience string
}

// Next reads the site as Build does (Source, Audience, Drafts and Now
// of opts) and returns its next embargo. Problems with the site are in
// the diagnostics; the embargo is nil when the site cannot be read.
func Next(opts Options) (*Embargo, []diag.Diagnostic) {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	diags := &diag.List{}
	if _, err := os.Stat(filepath.Join(opts.Source, "site.toml")); errors.Is(err, fs.ErrNotExist) && !isDir(filepath.Join(opts.Source, "content")) {
		diags.Errorf(diag.Pos{File: "site.toml"}, "no site here: %s holds neither site.toml nor content/: pass -s with the site's folder", displayDir(opts.Source))
		return nil, diags.Items()
	}
	cfg := config.Load(filepath.Join(opts.Source, "site.toml"), "site.toml", diags)
	if opts.Audience != "" {
		if err := cfg.SetAudience(opts.Audience); err != nil {
			diags.Errorf(diag.Pos{}, "--audience: %v", err)
			return nil, diags.Items()
		}
	}
	tree := content.Load(content.Dir(filepath.Join(opts.Source, "content"), opts.Source), cfg.AllKinds(), diags)
	rules := edition.Rules{Drafts: opts.Drafts, Now: opts.Now}
	ed := edition.Select(cfg, tree, rules, diags)
	e := &Embargo{Location: cfg.Location(), Audience: ed.Audience.Text}
	for _, w := range ed.Withheld {
		if w.Note.Briefing != nil && w.Reason != edition.Embargoed && w.Note.Briefing.Date.In(ed.Location).Time.After(opts.Now) {
			e.Held++
		}
	}
	var pending []edition.Withheld
	e.At, e.Briefings = ed.Next()
	pending = ed.Pending()
	if e.At.IsZero() {
		return e, diags.Items()
	}
	e.Later = len(pending) - len(e.Briefings)
	e.Last = pending[len(pending)-1].Until
	// What the build at the instant publishes that the build now does
	// not: the two sites, assembled (which is quick: nothing is
	// rendered), compared page by page.
	quiet := &diag.List{}
	before := pages(site.Assemble(cfg, tree, ed, quiet))
	rules.Now = e.At
	after := pages(site.Assemble(cfg, tree, edition.Select(cfg, tree, rules, quiet), quiet))
	for _, url := range after {
		if !slices.Contains(before, url) {
			e.Pages = append(e.Pages, url)
		}
	}
	return e, diags.Items()
}

// pages lists the URLs of a site's briefings, entities and tags.
func pages(s *site.Site) []string {
	var out []string
	for _, b := range s.Briefings {
		out = append(out, b.URL)
	}
	for _, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			out = append(out, e.URL)
		}
	}
	for _, t := range s.Tags {
		out = append(out, t.URL)
	}
	slices.Sort(out)
	return out
}
