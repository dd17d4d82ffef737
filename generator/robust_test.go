package generator_test

// Robustness and security (issue 7): bad input gets a clear error and
// leaves the previous output as it was; nothing a note says can put
// script into the site. The command-line side of the same promises is in
// testdata/script/build_bad_*.txtar and publish_*.txtar.

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"briefings/generator"
	"briefings/generator/cli"
	"briefings/generator/publish"
	"briefings/generator/sitetest"
)

// run runs the briefings command line in process and returns its exit
// code and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// files returns every file under dir (relative, slash-separated) with its
// bytes.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		if rel == publish.Marker {
			b = []byte("(the list of files written, with their inodes)")
		}
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// unchanged fails the test unless folder dir holds exactly before.
func unchanged(t *testing.T, dir string, before map[string]string) {
	t.Helper()
	after := files(t, dir)
	for p, b := range before {
		if a, ok := after[p]; !ok {
			t.Errorf("%s was removed", p)
		} else if a != b {
			t.Errorf("%s was changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s was added", p)
		}
	}
}

const smallSite = `
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/briefings/2025-01-01-ok.md --
+++
title = "Fine"
date = 2025-01-01
people = "Vladimir Putin"
+++
Fine.
-- content/people/vladimir-putin.md --
+++
name = "Vladimir Putin"
aliases = ["Putin"]
+++
President.
`

// TestByteOrderMarkAndCRLFJustWork: a note saved by a Windows editor
// builds like any other, and problems in it keep their line numbers.
func TestByteOrderMarkAndCRLFJustWork(t *testing.T) {
	dir := sitetest.Write(t, smallSite)
	note := "\ufeff+++\r\ntitle = \"From Windows\"\r\ndate = 2025-01-02\r\npeople = [\"Putin\"]\r\n+++\r\nPutin spoke.\r\n\r\nSee [[Nobody]].\r\n"
	os.WriteFile(filepath.Join(dir, "content/briefings/windows.md"), []byte(note), 0o644)
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("\ufefftitle = \"T\"\r\nbase_url = \"https://example.org/\"\r\n"), 0o644)
	code, stdout, stderr := run(t, "build", "-s", dir)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}
	if want := "content/briefings/windows.md:8: warning: unknown link target \"Nobody\""; !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want it to hold %q", stderr, want)
	}
	if !strings.HasPrefix(stdout, "built 2 briefings, 1 person,") {
		t.Errorf("stdout = %q", stdout)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public/briefings/windows/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>From Windows</h1>", `href="../../people/vladimir-putin/index.html"`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page does not hold %q", want)
		}
	}
	if bytes.Contains(page, []byte("\r")) || bytes.Contains(page, []byte("\ufeff")) {
		t.Errorf("page holds a carriage return or a byte order mark")
	}
}

// TestBadEncodingIsAnErrorWithFileAndLine: invalid UTF-8 (a note saved as
// Latin-1, or UTF-16) is an error naming the file and the line, and the
// previous output is untouched.
func TestBadEncodingIsAnErrorWithFileAndLine(t *testing.T) {
	dir := sitetest.Write(t, smallSite)
	if code, _, stderr := run(t, "build", "-s", dir); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	before := files(t, filepath.Join(dir, "public"))
	os.WriteFile(filepath.Join(dir, "content/briefings/latin1.md"), []byte("+++\ntitle = \"Caf\xe9\"\ndate = 2025-01-02\n+++\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/briefings/body.md"), []byte("+++\ntitle = \"B\"\ndate = 2025-01-02\n+++\nok\n\nna\xefve\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/people/utf16.md"), []byte("\xff\xfe+\x00+\x00+\x00\n\x00"), 0o644)
	code, stdout, stderr := run(t, "build", "-s", dir)
	want := `content/briefings/body.md:7: invalid UTF-8: save the file as UTF-8 (the text here is in another encoding)
content/briefings/latin1.md:2: invalid UTF-8: save the file as UTF-8 (the text here is in another encoding)
content/people/utf16.md:1: invalid UTF-8: save the file as UTF-8 (the text here is in another encoding)
build failed: 3 errors, 0 warnings; the output folder was not changed
`
	if code != 1 || stderr != want || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1 and stderr:\n%s", code, stdout, stderr, want)
	}
	unchanged(t, filepath.Join(dir, "public"), before)
}

// TestVeryLargeNoteBuilds: a note of tens of megabytes (a pasted
// transcript) builds in about a second, with its mentions linked and its
// problems at the right line.
func TestVeryLargeNoteBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 20 MB note")
	}
	size := 20 << 20
	if raceEnabled {
		size = 2 << 20 // the race detector makes rendering ten times slower
	}
	dir := sitetest.Write(t, smallSite)
	var b bytes.Buffer
	b.Grow(size + 1<<20)
	b.WriteString("+++\ntitle = \"Transcript\"\ndate = 2025-01-03\n+++\n")
	para := "The minister said that talks in Riyadh would continue next week, and that Putin had agreed to send a delegation of twelve. "
	for i := 0; b.Len() < size; i++ {
		b.WriteString(para)
		if i%8 == 7 {
			b.WriteString("\n\n")
		}
	}
	b.WriteString("\n\nLast line [[Nobody]].\n")
	os.WriteFile(filepath.Join(dir, "content/briefings/transcript.md"), b.Bytes(), 0o644)
	lines := bytes.Count(b.Bytes(), []byte("\n")) + 1
	start := time.Now()
	r := sitetest.BuildDir(t, dir, generator.Options{Future: true})
	t.Logf("built a %d MB note in %s", b.Len()>>20, time.Since(start).Round(time.Millisecond))
	if r.Failed {
		t.Fatalf("build failed:\n%s", r.Problems())
	}
	r.HasProblem("content/briefings/transcript.md:" + strconv.Itoa(lines-1) + ": warning: unknown link target \"Nobody\"")
	r.Contains("briefings/transcript/index.html", `<a class="mention" href="../../people/vladimir-putin/index.html">Putin</a>`, "Last line")
}

// evil is what a careless paste or a hostile note might hold, in every
// place a note can put text or a link.
const evil = `
-- site.toml --
title = "T"
description = "<script>alert('description')</script>"
-- content/briefings/2025-01-01-evil.md --
+++
title = "</script><script>alert('title')</script>"
date = 2025-01-01
summary = "<img src=x onerror=alert('summary')>"
tags = ["<script>alert('tag')</script>"]
people = ["<script>alert('person')</script>"]
[[sources]]
title = "<b onmouseover=alert('source')>s</b>"
url = "javascript:alert('source url')"
[[sources]]
title = "data"
url = " DATA:text/html,<script>alert('data source')</script>"
+++
[link](javascript:alert('link')) [upper](JaVaScRiPt:alert('upper'))
[entity](&#106;avascript:alert('entity')) [vb](vbscript:msgbox('vb'))
![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
[ref] and <javascript:alert('autolink')>

[ref]: javascript:alert('ref')

[[Vladimir Putin|<script>alert('label')</script>]] and [[javascript:alert('wikilink')]]

<script>alert('raw block')</script>

Inline <img src=x onerror=alert('raw inline')> and <a href="javascript:alert('raw a')">a</a>.
-- content/people/vladimir-putin.md --
+++
name = "Vladimir Putin"
role = "<script>alert('role')</script>"
+++
Body.
`

// alertRE finds live markup the test's evil input tried to smuggle in:
// a script element, an event handler inside a tag, or a link or source
// with a script or data URL. Escaped text (&lt;script&gt;) does not match.
var alertRE = regexp.MustCompile(`(?i)<script>alert|<[a-z]+(\s+[a-z:-]+(\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?)*\s+on[a-z]+\s*=|<[a-z]+(\s+[a-z:-]+(\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?)*\s+(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):`)

// TestNothingUnsafeGetsOut: raw HTML, javascript:, vbscript: and data:
// links (Markdown links, references, autolinks, images, sources, wikilink
// labels) and every front matter value end up escaped or dropped, in
// every file the build writes: pages, feeds, the sitemap and, once it
// exists, the search index.
func TestNothingUnsafeGetsOut(t *testing.T) {
	for _, unsafeHTML := range []bool{false, true} {
		archive := evil
		if unsafeHTML {
			// unsafe_html lets raw HTML through, by design, but never an
			// unsafe link target.
			archive = strings.Replace(evil, "title = \"T\"", "title = \"T\"\nunsafe_html = true", 1)
		}
		r := sitetest.Build(t, archive)
		if r.Failed {
			t.Fatalf("build failed:\n%s", r.Problems())
		}
		r.HasProblem("content/briefings/2025-01-01-evil.md:", `unsafe url "javascript:alert('source url')"`)
		for path, data := range files(t, r.Dest) {
			if path == "assets/search.js" {
				continue // the theme's own script
			}
			if strings.HasSuffix(path, ".csv") {
				// data/*.csv hold the text as written, which is what
				// a spreadsheet reads: served as text/csv, never read
				// as HTML.
				continue
			}
			for _, m := range alertRE.FindAllStringIndex(data, -1) {
				if unsafeHTML && allowedRaw(data[m[0]:min(len(data), m[1]+20)]) {
					continue
				}
				t.Errorf("unsafe_html = %v: %s holds %q", unsafeHTML, path, data[max(0, m[0]-40):min(len(data), m[1]+40)])
			}
			if strings.HasSuffix(path, ".html") {
				// Every <script> the page has is the theme's own, so
				// each opens and closes once.
				if o, c := strings.Count(data, "<script"), strings.Count(data, "</script"); o != c && !unsafeHTML {
					t.Errorf("%s has %d <script and %d </script", path, o, c)
				}
			}
			if strings.HasSuffix(path, ".js") || strings.HasSuffix(path, ".json") {
				if strings.Contains(strings.ToLower(data), "</script") {
					t.Errorf("%s holds </script, which ends an inline script", path)
				}
			}
		}
		page := r.File("briefings/2025-01-01-evil/index.html")
		if !strings.Contains(page, "&lt;/script&gt;&lt;script&gt;alert(’title’)&lt;/script&gt;") {
			t.Errorf("unsafe_html = %v: the title is not escaped in its page", unsafeHTML)
		}
		if !strings.Contains(page, ">&lt;script&gt;alert('label')&lt;/script&gt;</a>") {
			t.Errorf("unsafe_html = %v: the wikilink label is not escaped", unsafeHTML)
		}
	}
}

// allowedRaw reports whether s, a match of alertRE, is in the raw HTML
// that unsafe_html = true lets through as the note wrote it.
func allowedRaw(s string) bool {
	i := strings.Index(s, "alert('")
	return i >= 0 && strings.HasPrefix(s[i+len("alert('"):], "raw ")
}

// TestBuildWritesOnlyIntoTheOutputFolder: a build, a failed build and a
// build after it never change a file of the site folder outside public/,
// nor anything beside the site folder.
func TestBuildWritesOnlyIntoTheOutputFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	sitetest.WriteInto(t, dir, smallSite+"-- static/robots.txt --\nUser-agent: *\n-- content/robots.txt --\nfrom content\n")
	os.WriteFile(filepath.Join(parent, "beside.txt"), []byte("mine"), 0o644)
	before := files(t, parent)
	if code, _, stderr := run(t, "build", "-s", dir); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	after := files(t, parent)
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok && !strings.HasPrefix(p, "site/public/") {
			t.Errorf("%s was written outside the output folder", p)
		}
	}
}

// TestARefusedOutputFolderGetsNothingBesideIt: an output folder inside
// content/ is refused, and the build writes nothing into content/, not
// even the spill file it would keep beside an output folder for a moment
// (watched with fsnotify, as serve watches it).
func TestARefusedOutputFolderGetsNothingBesideIt(t *testing.T) {
	dir := sitetest.Write(t, ukraineSite)
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Add(filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	_, err = generator.Build(generator.Options{Source: dir, Dest: filepath.Join(dir, "content", "public"), Now: sitetest.Now})
	if err == nil || !strings.Contains(err.Error(), "inside the site's content/ folder") {
		t.Fatalf("an output folder inside content/ was not refused: %v", err)
	}
	select {
	case ev := <-w.Events:
		t.Errorf("the build touched content/: %v", ev)
	case err := <-w.Errors:
		t.Fatal(err)
	case <-time.After(300 * time.Millisecond):
	}
}
