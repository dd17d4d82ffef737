package generator_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// symlink makes a symbolic link at name (slash-separated, in dir) to
// target, skipping the test where links cannot be made.
func symlink(t *testing.T, dir, name, target string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
}

// outsideSite writes a site into a folder of its own beside a file and
// a folder that are not the site's: the builder's secrets.
func outsideSite(t *testing.T) (site, secret, secrets string) {
	t.Helper()
	root := t.TempDir()
	secret, secrets = filepath.Join(root, "id_rsa"), filepath.Join(root, "etc")
	if err := os.WriteFile(secret, []byte("PRIVATE KEY"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(secrets, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(secrets, "passwd"), []byte("root:PRIVATE"), 0o644); err != nil {
		t.Fatal(err)
	}
	site = filepath.Join(root, "site")
	sitetest.WriteInto(t, site, `
-- site.toml --
title = "T"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-01-01
+++
Body.
-- shared/kept.md --
+++
title = "Kept elsewhere in the site"
date = 2025-01-02
+++
-- shared/logo.svg --
<svg>logo</svg>
-- shared/img/map.svg --
<svg>map</svg>
`)
	return site, secret, secrets
}

// assertNothingOf fails if any output file holds "PRIVATE".
func assertNothingOf(t *testing.T, dest string) {
	t.Helper()
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "PRIVATE") {
				t.Errorf("%s holds a file from outside the site", p)
			}
		}
		return nil
	})
}

// TestLinksOutsideTheSiteAreNotFollowed: a site may come from someone
// else's repository, and git keeps symbolic links, so a link in
// content/, static/ or layouts/ whose target is outside the site folder
// published the builder's files (issue 20). Such a link is not followed,
// and a warning names it; links that stay inside the site still work.
func TestLinksOutsideTheSiteAreNotFollowed(t *testing.T) {
	site, secret, secrets := outsideSite(t)
	symlink(t, site, "content/briefings/key.md", secret)
	symlink(t, site, "content/key.txt", "../../id_rsa")
	symlink(t, site, "static/y", secrets)
	symlink(t, site, "static/key.txt", secret)
	symlink(t, site, "layouts/page.html", secret)
	symlink(t, site, "layouts/assets/etc", secrets)
	symlink(t, site, "content/briefings/kept.md", "../../shared/kept.md")
	symlink(t, site, "static/logo.svg", "../shared/logo.svg")
	r := sitetest.BuildDir(t, site)
	for _, link := range []string{"content/briefings/key.md", "content/key.txt", "static/y", "static/key.txt", "layouts/page.html", "layouts/assets/etc"} {
		r.HasProblem(link+": warning: symbolic link to ", "outside the site folder, is not followed")
	}
	assertNothingOf(t, r.Dest)
	r.Contains("briefings/kept/index.html", "Kept elsewhere in the site")
	r.Contains("logo.svg", "<svg>logo</svg>")
}

// TestSiteFoldersLinkedOutsideAreNotFollowed: content/, static/ and
// layouts/ themselves may be links too, and so may site.toml.
func TestSiteFoldersLinkedOutsideAreNotFollowed(t *testing.T) {
	site, _, secrets := outsideSite(t)
	if err := os.Rename(filepath.Join(site, "site.toml"), filepath.Join(secrets, "site.toml")); err != nil {
		t.Fatal(err)
	}
	symlink(t, site, "site.toml", filepath.Join(secrets, "site.toml"))
	r := sitetest.BuildDir(t, site)
	r.HasProblem("site.toml: symbolic link to ", "outside the site folder, is not followed")
	if !r.Failed {
		t.Errorf("a site whose site.toml is outside it built")
	}
	os.Remove(filepath.Join(site, "site.toml"))
	if err := os.Rename(filepath.Join(secrets, "site.toml"), filepath.Join(site, "site.toml")); err != nil {
		t.Fatal(err)
	}

	symlink(t, site, "static", secrets)
	symlink(t, site, "layouts", secrets)
	r = sitetest.BuildDir(t, site)
	r.HasProblem("static/: warning: symbolic link to ", "outside the site folder, is not followed")
	r.HasProblem("layouts/: warning: symbolic link to ", "outside the site folder, is not followed")
	assertNothingOf(t, r.Dest)

	if err := os.Rename(filepath.Join(site, "content"), filepath.Join(secrets, "content")); err != nil {
		t.Fatal(err)
	}
	symlink(t, site, "content", filepath.Join(secrets, "content"))
	r = sitetest.BuildDir(t, site)
	if !r.Failed {
		t.Errorf("a site whose content/ is outside it built")
	}
	r.HasProblem("content/: symbolic link to ", "outside the site folder, is not followed")
}

// TestLinkedFolderInStaticIsCopied: a link to a folder in static/ failed
// with "copy_file_range: is a directory" (issue 20). A folder inside the
// site is copied; one that holds the link, content/ and the output are
// not, with a warning.
func TestLinkedFolderInStaticIsCopied(t *testing.T) {
	site, _, _ := outsideSite(t)
	symlink(t, site, "static/shared", "../shared")
	symlink(t, site, "static/loop", "..")
	symlink(t, site, "static/notes", "../content")
	symlink(t, site, "static/old", "../public")
	if err := os.MkdirAll(filepath.Join(site, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := sitetest.BuildDir(t, site)
	if r.Failed {
		t.Fatalf("build failed:\n%s", r.Problems())
	}
	r.Contains("shared/img/map.svg", "<svg>map</svg>")
	r.Contains("shared/logo.svg", "<svg>logo</svg>")
	r.HasProblem("static/loop: warning: symbolic link to a folder that holds it")
	r.HasProblem("static/notes: warning: symbolic link into ", "is not followed")
	r.HasProblem("static/old: warning: symbolic link into ", "is not followed")
	if found := markdownIn(t, r.Dest); len(found) > 0 {
		t.Errorf("Markdown published as it is: %q", found)
	}
}

// TestNamedPipesAndDevicesDoNotHang: a named pipe in content/ or static/
// hung build, check and serve, and a link to /dev/zero ran out of memory
// (issue 20). Neither is read: a warning names it.
func TestNamedPipesAndDevicesDoNotHang(t *testing.T) {
	site, _, _ := outsideSite(t)
	for _, name := range []string{"content/briefings/pipe.md", "content/pipe.png", "static/pipe.txt", "layouts/page.html", "layouts/assets/pipe.css"} {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := mkfifo(p); err != nil {
			t.Skipf("named pipes: %v", err)
		}
	}
	symlink(t, site, "content/briefings/pipe-link.md", "pipe.md")
	if _, err := os.Stat("/dev/zero"); err == nil {
		symlink(t, site, "content/briefings/zero.md", "/dev/zero")
	}
	for _, dryRun := range []bool{true, false} {
		done := make(chan *sitetest.Result, 1)
		go func() { done <- sitetest.BuildDir(t, site, generator.Options{DryRun: dryRun}) }()
		select {
		case r := <-done:
			for _, name := range []string{"content/briefings/pipe.md", "content/briefings/pipe-link.md", "content/pipe.png", "static/pipe.txt"} {
				r.HasProblem(name + ": warning: a named pipe, not a regular file")
			}
			for _, name := range []string{"layouts/page.html", "layouts/assets/pipe.css"} {
				r.HasProblem(name + ": warning: cannot read (not a regular file)")
			}
			if _, err := os.Stat("/dev/zero"); err == nil {
				r.HasProblem("content/briefings/zero.md: warning: symbolic link to /dev/zero, outside the site folder")
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("a build (check: %v) with named pipes in the site did not end", dryRun)
		}
	}
}

// TestASiteTomlThatIsNotAFileDoesNotHang: site.toml as a named pipe is an
// error, not a build waiting for a writer.
func TestASiteTomlThatIsNotAFileDoesNotHang(t *testing.T) {
	site, _, _ := outsideSite(t)
	os.Remove(filepath.Join(site, "site.toml"))
	if err := mkfifo(filepath.Join(site, "site.toml")); err != nil {
		t.Skipf("named pipes: %v", err)
	}
	done := make(chan *sitetest.Result, 1)
	go func() { done <- sitetest.BuildDir(t, site) }()
	select {
	case r := <-done:
		r.HasProblem("site.toml: site.toml is not a regular file")
	case <-time.After(30 * time.Second):
		t.Fatal("a build with site.toml a named pipe did not end")
	}
}

// TestTitlesBesidePrevNextAreNotOneSentence: the links to the previous
// and the next briefing are two boxes, and the leak scan reads them so.
// At 100,000 briefings of the shared corpus a draft's words "played down
// a joint statement next year's budget" were found on a page whose
// previous briefing's title ended "played down a joint statement" and
// whose next link began "Next briefing", and the build failed on a leak
// that no reader sees.
func TestTitlesBesidePrevNextAreNotOneSentence(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Desk"
-- content/briefings/2025-01-01-first.md --
+++
title = "Rasmus Babic played down a joint statement"
date = 2025-01-01
+++
The first.
-- content/briefings/2025-01-02-second.md --
+++
title = "Second"
date = 2025-01-02
+++
The second.
-- content/briefings/2025-01-03-third.md --
+++
title = "Third"
date = 2025-01-03
+++
The third.
-- content/briefings/2025-01-04-draft.md --
+++
title = "Unfinished"
date = 2025-01-04
draft = true
+++
Opposition figures played down a joint statement next year's budget.
`, generator.Options{})
	if r.Failed {
		t.Fatalf("the build failed:\n%s", r.Problems())
	}
	r.Contains("briefings/2025-01-02-second/index.html", "Rasmus Babic played down a joint statement</a>", `<div class="prev-next-label">Next briefing →</div>`)
}
