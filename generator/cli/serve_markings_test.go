package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"briefings/generator/sitetest"
)

// TestServePublishesOneAudienceAndKeepsItOnEveryRebuild: `briefings
// serve --audience green` serves the GREEN edition (a note marked AMBER
// has no page and is in no list), a note whose marking is raised above
// the audience while serving leaves the site at the next rebuild, and a
// layout saved that would print withheld notes fails the rebuild on the
// leak scan: the tabs show the problem and the last good edition is
// still what is served. So does a file of static/ that quotes a withheld
// note, when it is saved, and when it was saved before and the note it
// quotes is withheld since (issue 24).
func TestServePublishesOneAudienceAndKeepsItOnEveryRebuild(t *testing.T) {
	dir := sitetest.Write(t, `
-- site.toml --
title = "Desk"
base_url = "https://desk.example.org/"
default_tlp = "CLEAR"
-- content/briefings/2025-01-10-open.md --
+++
title = "Open talks"
date = 2025-01-10
+++
The talks opened.
-- content/briefings/2025-01-11-roster.md --
+++
title = "Greenhouse roster"
date = 2025-01-11
tlp = "GREEN"
+++
The roster of the community.
-- content/briefings/2025-01-12-depot.md --
+++
title = "Amberwatch depot reopened"
date = 2025-01-12
tlp = "AMBER"
+++
The depot reopened near the river.
`)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- serveUntil(ctx, []string{"-s", dir, "-d", filepath.Join(t.TempDir(), "out"), "--port", "0", "--audience", "green"}, &stdout, &stderr)
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop within 10s of being cancelled")
		}
	}()
	urlRE := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/) `)
	var base string
	for start := time.Now(); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		} else if time.Since(start) > 10*time.Second {
			t.Fatalf("serve printed no URL; stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	}
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	resp, err := http.Get(base + "__briefings/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				name = v
			} else if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- name + " " + v
			}
		}
	}()
	// until waits for an event starting with prefix and holding each
	// of wants (the problems are JSON: a quote is \").
	until := func(what, prefix string, wants ...string) {
		t.Helper()
		for deadline := time.After(10 * time.Second); ; {
			select {
			case ev := <-events:
				all := strings.HasPrefix(ev, prefix)
				for _, want := range wants {
					all = all && strings.Contains(ev, want)
				}
				if all {
					return
				}
			case <-deadline:
				t.Fatalf("%s: no %s event holding %q within 10s; stderr:\n%s", what, prefix, wants, stderr.String())
			}
		}
	}
	// edition checks what is served: the pages that answer and those
	// that do not, and the list of briefings.
	edition := func(when string, shown, hidden []string) {
		t.Helper()
		_, list := get("briefings/")
		for _, slug := range shown {
			if code, _ := get("briefings/" + slug + "/"); code != 200 {
				t.Errorf("%s: /briefings/%s/ answers %d, want 200", when, slug, code)
			}
			if !strings.Contains(list, slug) {
				t.Errorf("%s: the list of briefings lacks %s", when, slug)
			}
		}
		for _, slug := range hidden {
			if code, _ := get("briefings/" + slug + "/"); code != 404 {
				t.Errorf("%s: /briefings/%s/ answers %d, want 404", when, slug, code)
			}
			if strings.Contains(list, slug) {
				t.Errorf("%s: the list of briefings shows %s", when, slug)
			}
		}
	}
	until("connect", "hello ")
	if !strings.Contains(stdout.String(), "1 marked above TLP:GREEN left out") {
		t.Errorf("the first build's summary does not say what it left out:\n%s", stdout.String())
	}
	edition("first build", []string{"2025-01-10-open", "2025-01-11-roster"}, []string{"2025-01-12-depot"})
	if _, list := get("briefings/"); strings.Contains(list, "Amberwatch") {
		t.Errorf("the list of briefings names the AMBER briefing")
	}

	roster := filepath.Join(dir, "content/briefings/2025-01-11-roster.md")
	os.WriteFile(roster, []byte("+++\ntitle = \"Greenhouse roster\"\ndate = 2025-01-11\ntlp = \"AMBER\"\n+++\nThe roster of the community.\n"), 0o644)
	until("marking raised", "reload ")
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if code, _ := get("briefings/2025-01-11-roster/"); code == 404 || time.Now().After(deadline) {
			break
		}
	}
	edition("marking raised", []string{"2025-01-10-open"}, []string{"2025-01-11-roster", "2025-01-12-depot"})

	os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
	os.WriteFile(filepath.Join(dir, "layouts/_frame.html"), []byte(`{{ define "site-head" }}{{ end }}{{ define "site-header" }}<header></header>{{ end }}{{ define "site-footer" }}<footer>{{ range .Site.Edition.Withheld }}<p>{{ .Note.Title }}</p>{{ end }}</footer>{{ end }}`), 0o644)
	until("leaking layout", "problems ", "content/briefings/2025-01-12-depot.md:2: withheld from this build (marked TLP:AMBER, above the audience TLP:GREEN), but its title")
	edition("after the leak", []string{"2025-01-10-open"}, []string{"2025-01-11-roster", "2025-01-12-depot"})
	for _, path := range []string{"", "briefings/", "briefings/2025-01-10-open/", "404.html"} {
		if _, body := get(path); strings.Contains(body, "Amberwatch") || strings.Contains(body, "Greenhouse") {
			t.Errorf("/%s names a withheld briefing after the rebuild that leaked", path)
		}
	}
	os.Remove(filepath.Join(dir, "layouts/_frame.html"))
	until("layout removed", "reload ")

	// A file of static/ is read by the scan as it is saved...
	os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	notes := filepath.Join(dir, "static/notes.txt")
	os.WriteFile(notes, []byte("Heard today: the depot reopened near the river.\n"), 0o644)
	until("static file quoting a withheld briefing", "problems ", "content/briefings/2025-01-12-depot.md:6: withheld from this build (marked TLP:AMBER, above the audience TLP:GREEN), but its sentence ", "the depot reopened near the", "is in the output, in notes.txt:1")
	if code, _ := get("notes.txt"); code != 404 {
		t.Errorf("the static file that leaked is served: %d", code)
	}
	// ...and again, unchanged, when a note it quotes is withheld.
	os.WriteFile(notes, []byte("Heard today: the talks opened.\n"), 0o644)
	until("static file quoting a published briefing", "reload ")
	if code, body := get("notes.txt"); code != 200 || !strings.Contains(body, "talks opened") {
		t.Errorf("notes.txt: %d %q", code, body)
	}
	os.WriteFile(filepath.Join(dir, "content/briefings/2025-01-10-open.md"), []byte("+++\ntitle = \"Open talks\"\ndate = 2025-01-10\ntlp = \"RED\"\n+++\nThe talks opened.\n"), 0o644)
	until("a note the static file quotes raised to RED", "problems ", "content/briefings/2025-01-10-open.md:6: withheld from this build (marked TLP:RED, above the audience TLP:GREEN), but its sentence ", "the talks opened", "is in the output, in notes.txt:1")
	if code, _ := get("briefings/2025-01-10-open/"); code != 200 {
		t.Errorf("the last good edition is not served after the leak: %d", code)
	}
}
