package generator_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"briefings/generator"
	"briefings/generator/sitetest"
)

// markdownIn lists the Markdown files (any spelling) under dir.
func markdownIn(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		name := strings.ToLower(filepath.Base(p))
		if err == nil && !d.IsDir() && (strings.Contains(name, ".md") || strings.HasSuffix(name, ".markdown")) {
			found = append(found, p)
		}
		return nil
	})
	return found
}

// TestIndexInAFolderOfNotesIsAnError: an index.md in a kind's folder or
// in a folder that holds other notes made it a page bundle, and every
// other note in it, drafts and embargoed ones included, was copied to
// the output as raw Markdown while check said nothing (issue 20). A
// folder of notes is never a bundle: the index.md is an error naming it.
func TestIndexInAFolderOfNotesIsAnError(t *testing.T) {
	notes := `
-- site.toml --
title = "T"
-- content/briefings/public.md --
+++
title = "Public"
date = 2025-01-01
+++
-- content/briefings/secret.md --
+++
title = "Secret"
date = 2025-01-02
draft = true
+++
Our source in the ministry.
-- content/briefings/2025/embargoed.md --
+++
title = "Embargoed"
date = 2030-01-01
+++
Not yet.
-- content/people/vladimir-putin.md --
+++
name = "Vladimir Putin"
+++
`
	index := "+++\ntitle = \"Index\"\ndate = 2025-01-01\n+++\n"
	for _, tc := range []struct {
		file, want string
	}{
		{"content/briefings/index.md", "a kind's folder holds notes"},
		{"content/briefings/2025/index.md", "holds other notes (content/briefings/2025/embargoed.md)"},
		{"content/people/index.md", "a kind's folder holds notes"},
		{"content/briefings/_index.md", "_index.md (a section page in Hugo) is not read"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			archive := notes + "-- " + tc.file + " --\n" + index
			r := sitetest.Build(t, archive)
			if !r.Failed {
				t.Errorf("the build did not fail")
			}
			r.HasProblem(tc.file+": ", tc.want)
			if found := markdownIn(t, r.Dest); len(found) > 0 {
				t.Errorf("Markdown published as it is: %q", found)
			}
			check := sitetest.Build(t, archive, generator.Options{DryRun: true})
			check.HasProblem(tc.file+": ", tc.want)
		})
	}
}

// TestABundleHoldingMarkdownIsAnError: a page bundle's files are
// published as they are, so a Markdown file in it is an error at the
// index.md, and never copied.
func TestABundleHoldingMarkdownIsAnError(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/about/index.md --
+++
title = "About"
+++
-- content/about/draft.md --
+++
title = "Draft"
+++
-- content/briefings/call/index.md --
+++
title = "Call"
date = 2025-01-01
+++
-- content/briefings/call/notes/raw.markdown --
raw notes
`)
	if !r.Failed {
		t.Errorf("the build did not fail")
	}
	r.HasProblem("content/about/index.md: ", "another Markdown file (content/about/draft.md)")
	r.HasProblem("content/briefings/call/index.md: ", "holds other notes (content/briefings/call/notes/raw.markdown)")
}

// TestMarkdownIsNeverCopiedAsItIs: a file that is Markdown by another
// spelling (.MD, .markdown) or a copy of a note (x.md.bak) is neither a
// note nor an attachment: a warning names it and it is not published,
// while other files of content/ and of bundles still are.
func TestMarkdownIsNeverCopiedAsItIs(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "T"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
+++
-- content/briefings/b.MD --
secret
-- content/briefings/a.md.bak --
secret
-- content/notes.markdown --
secret
-- content/briefings/map.png --
png
-- content/briefings/call/index.md --
+++
title = "Call"
date = 2025-01-01
+++
-- content/briefings/call/chart.svg --
<svg/>
`)
	for _, f := range []string{"content/briefings/b.MD", "content/briefings/a.md.bak", "content/notes.markdown"} {
		r.HasProblem(f + ": warning: not published")
	}
	if found := markdownIn(t, r.Dest); len(found) > 0 {
		t.Errorf("Markdown published as it is: %q", found)
	}
	r.Contains("briefings/map.png", "png")
	r.Contains("briefings/call/chart.svg", "<svg/>")
	r.Contains("briefings/call/index.html", "Call")
}
