package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"briefings/generator"
	"briefings/generator/sitetest"
)

// syncBuffer is a bytes.Buffer the server's goroutines can write to while
// the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const serveSite = `
-- site.toml --
title = "Desk"
base_url = "https://user.github.io/repo/"
-- content/people/ana-lima.md --
+++
name = "Ana Lima"
+++
Minister.
-- content/briefings/2025-01-10-first.md --
+++
title = "First talks"
date = 2025-01-10
people = ["Ana Lima"]
+++
Ana Lima opened the talks.
-- static/robots.txt --
User-agent: *
`

// TestServeRebuildsAndReloadsOnEveryKindOfEdit starts `briefings serve`
// on a free loopback port and edits the site the ways editors and tools
// do, checking after each the page served and the event the tab gets; a
// broken note shows the problems and keeps the last good site, and the
// fix clears them. Issue 4.
func TestServeRebuildsAndReloadsOnEveryKindOfEdit(t *testing.T) {
	dir := sitetest.Write(t, serveSite)
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- serveUntil(ctx, []string{"-s", dir, "-d", out, "--port", "0"}, &stdout, &stderr) }()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited with %d; stderr:\n%s", code, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop within 10s of being cancelled")
		}
	}()

	urlRE := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/repo/) `)
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

	// The event stream, as the injected script follows it.
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
	next := func(what string) string {
		t.Helper()
		for {
			select {
			case ev := <-events:
				// A file caught between its creation and its write (a
				// busy machine can put a build there) is an empty note
				// for a moment: the write's build follows.
				if strings.HasPrefix(ev, "problems ") && strings.Contains(ev, "empty note") {
					continue
				}
				return ev
			case <-time.After(30 * time.Second):
				t.Fatalf("%s: no event within 30s; stderr:\n%s", what, stderr.String())
				return ""
			}
		}
	}
	if ev := next("connect"); !strings.HasPrefix(ev, "hello ") {
		t.Fatalf("got %q, want hello", ev)
	}
	waitFor := func(what, path, want string) {
		t.Helper()
		ev := next(what)
		// On a loaded machine the watcher may see a file between its
		// creation and its writing, empty: a transient problem. And
		// the warnings of the save before are sent once its rebuild
		// ends, after its reload: when its page was already right at
		// the first look, they are still to come, before this reload.
		for strings.HasPrefix(ev, "problems ") && strings.Contains(ev, "empty note") || strings.HasPrefix(ev, "warnings ") {
			ev = next(what)
		}
		if !strings.HasPrefix(ev, "reload ") {
			t.Fatalf("%s: got event %q, want reload", what, ev)
		}
		// One save may come as two change sets (create, then write):
		// the page must say what was saved once the events settle.
		// A busy machine (2 cores shared by many builds) can take
		// seconds over the second change set.
		for deadline := time.Now().Add(20 * time.Second); ; {
			code, body := get(path)
			if code == 200 && strings.Contains(body, want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: GET %s: status %d, body does not contain %q:\n%s", what, path, code, want, body)
			}
			select {
			case <-events:
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	p := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	put := func(rel, data string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(p(rel)), 0o755)
		if err := os.WriteFile(p(rel), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	note := func(title, body string) string {
		return "+++\ntitle = \"" + title + "\"\ndate = 2025-01-10\npeople = [\"Ana Lima\"]\n+++\n" + body + "\n"
	}

	// The first build is served under /repo/, with the script injected.
	if code, body := get("briefings/2025-01-10-first/"); code != 200 || !strings.Contains(body, "opened the talks") || !strings.Contains(body, "data-briefings-serve") {
		t.Fatalf("first page: status %d\n%s", code, body)
	}
	if code, body := get("static/missing/"); code != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("missing page: status %d, want the site's 404 page", code)
	}
	if code, body := get("robots.txt"); code != 200 || !strings.Contains(body, "User-agent") {
		t.Errorf("robots.txt: status %d", code)
	}

	put("content/briefings/2025-01-10-first.md", note("First talks", "Plain write."))
	waitFor("plain write", "briefings/2025-01-10-first/", "Plain write.")

	put("content/briefings/.first.tmp", note("First talks", "Saved by rename."))
	os.Rename(p("content/briefings/.first.tmp"), p("content/briefings/2025-01-10-first.md"))
	waitFor("rename save", "briefings/2025-01-10-first/", "Saved by rename.")

	os.Remove(p("content/briefings/2025-01-10-first.md"))
	put("content/briefings/2025-01-10-first.md", note("First talks", "Deleted and created."))
	waitFor("delete then create", "briefings/2025-01-10-first/", "Deleted and created.")

	put("content/events/rio-summit.md", "+++\nname = \"Rio Summit\"\ndate = 2025-01-20\n+++\nThe summit.\n")
	waitFor("new folder", "events/rio-summit/", "The summit.")

	os.Rename(p("content/briefings/2025-01-10-first.md"), p("content/briefings/2025-01-10-renamed.md"))
	waitFor("rename note", "briefings/2025-01-10-renamed/", "Deleted and created.")
	if code, _ := get("briefings/2025-01-10-first/"); code != 404 {
		t.Errorf("after the rename the old page answers %d, want 404", code)
	}

	put("content/briefings/2025-01-11-broken.md", "+++\ntitle = \"Broken\ndate = 2025-01-11\n+++\n")
	ev := next("broken note")
	for strings.HasPrefix(ev, "reload ") || strings.HasPrefix(ev, "warnings ") { // the create may come before the write
		ev = next("broken note")
	}
	if !strings.HasPrefix(ev, "problems ") || !strings.Contains(ev, "content/briefings/2025-01-11-broken.md:2: ") {
		t.Fatalf("broken note: got event %q, want the problems with path:line", ev)
	}
	if code, body := get("briefings/2025-01-10-renamed/"); code != 200 || !strings.Contains(body, "Deleted and created.") {
		t.Errorf("after a broken save the last good site is not served: %d", code)
	}
	if !strings.Contains(stderr.String(), "content/briefings/2025-01-11-broken.md:2: ") {
		t.Errorf("the terminal does not show the problem; stderr:\n%s", stderr.String())
	}
	put("content/briefings/2025-01-11-broken.md", note("Mended", "Mended note."))
	waitFor("fixed note", "briefings/2025-01-11-broken/", "Mended note.")

	os.Remove(p("content/briefings/2025-01-11-broken.md"))
	waitFor("delete note", "briefings/", "Deleted and created.")
	if code, _ := get("briefings/2025-01-11-broken/"); code != 404 {
		t.Errorf("a deleted note's page answers %d, want 404", code)
	}

	// A burst, as from git checkout: many files, few rebuilds.
	for i := range 20 {
		put("content/briefings/2025-02-"+string(rune('a'+i))+".md", note("Burst "+string(rune('A'+i)), "Burst."))
	}
	waitFor("burst", "briefings/2025-02-t/", "Burst.")

	put("layouts/404.html", `{{ define "main" }}<h1>Lost here</h1>{{ end }}`)
	waitFor("layout", "404.html", "Lost here")
	if code, body := get("no/such/"); code != 404 || !strings.Contains(body, "Lost here") {
		t.Errorf("missing page after a layout change: %d", code)
	}
	put("static/robots.txt", "User-agent: changed\n")
	waitFor("static", "robots.txt", "changed")

	// The site folder holds nothing serve wrote, and the files it wrote
	// have no reload script: only its responses do.
	if _, err := os.Stat(p("public")); err == nil {
		t.Error("serve wrote public/ into the site folder")
	}
	if data, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || strings.Contains(string(data), "data-briefings-serve") {
		t.Errorf("-d %s/index.html: %v, or it holds the reload script", out, err)
	}
}

// TestWatchBuildsASaveMadeDuringTheFirstBuild: a note saved before
// `build --watch` has finished its first build (here, between writing it
// and the loop starting) is built too. Watching began after the first
// build, once, and such a save waited for the next one.
func TestWatchBuildsASaveMadeDuringTheFirstBuild(t *testing.T) {
	dir := sitetest.Write(t, serveSite)
	note := filepath.Join(dir, "content", "briefings", "2025-01-10-first.md")
	afterFirstBuild = func() {
		if err := os.WriteFile(note, []byte("+++\ntitle = \"First talks\"\ndate = 2025-01-10\n+++\nAna Lima closed the talks.\n"), 0o644); err != nil {
			t.Error(err)
		}
	}
	t.Cleanup(func() { afterFirstBuild = nil })
	out := filepath.Join(t.TempDir(), "public")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- watchUntil(ctx, generator.Options{Source: dir, Dest: out}, &stdout, &stderr)
	}()
	page := filepath.Join(out, "briefings", "2025-01-10-first", "index.html")
	deadline := time.Now().Add(15 * time.Second)
	for {
		b, _ := os.ReadFile(page)
		if strings.Contains(string(b), "closed the talks") {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("the save made during the first build was not built in 15 s; page:\n%s\nstdout:\n%s\nstderr:\n%s", b, stdout.String(), stderr.String())
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("watch ended with %d: %s", code, stderr.String())
	}
}

// TestServeSendsTheBuildsWarningsToTheTabs: the warnings of a good build
// reach the tabs as path:line: message, at once to a tab that connects,
// and go when they are fixed (issue 22).
func TestServeSendsTheBuildsWarningsToTheTabs(t *testing.T) {
	dir := sitetest.Write(t, serveSite+`
-- content/briefings/2025-01-11-typo.md --
+++
title = "Typo"
date = 2025-01-11
+++
Talks with [[Ana Lmia]].
`)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- serveUntil(ctx, []string{"-s", dir, "--port", "0"}, &stdout, &stderr) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop within 10s of being cancelled")
		}
	}()
	urlRE := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/repo/) `)
	var base string
	for start := time.Now(); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		} else if time.Since(start) > 10*time.Second {
			t.Fatalf("serve printed no URL; stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
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
	next := func(what, prefix string) string {
		t.Helper()
		for deadline := time.After(10 * time.Second); ; {
			select {
			case ev := <-events:
				if strings.HasPrefix(ev, prefix) {
					return ev
				}
			case <-deadline:
				t.Fatalf("%s: no %s event within 10s; stderr:\n%s", what, prefix, stderr.String())
				return ""
			}
		}
	}
	want := `warnings ["content/briefings/2025-01-11-typo.md:5: unknown link target \"Ana Lmia\": no note, alias or briefing has this name; did you mean \"Ana Lima\"?"]`
	if ev := next("connect", "warnings "); ev != want {
		t.Errorf("got %q, want %q", ev, want)
	}
	os.WriteFile(filepath.Join(dir, "content/briefings/2025-01-11-typo.md"), []byte("+++\ntitle = \"Typo\"\ndate = 2025-01-11\n+++\nTalks with [[Ana Lima]].\n"), 0o644)
	if ev := next("fix", "warnings "); ev != "warnings []" {
		t.Errorf("after the fix: got %q, want no warnings", ev)
	}
}

// TestServeAnswersTheAllowedHostsOnly: `briefings serve` answers the
// names of this machine and those given with --allowed-hosts, and refuses
// others with 403 (DNS rebinding, issue 20).
func TestServeAnswersTheAllowedHostsOnly(t *testing.T) {
	dir := sitetest.Write(t, serveSite)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- serveUntil(ctx, []string{"-s", dir, "--port", "0", "--allowed-hosts", "desk.test,.example.org"}, &stdout, &stderr)
	}()
	defer func() {
		cancel()
		<-done
	}()
	urlRE := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)/repo/ `)
	var url string
	for start := time.Now(); url == ""; time.Sleep(10 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
		} else if time.Since(start) > 10*time.Second {
			t.Fatalf("serve printed no URL; stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	}
	for host, want := range map[string]int{
		"localhost:1313":        http.StatusOK,
		"desk.test:1313":        http.StatusOK,
		"news.example.org":      http.StatusOK,
		"attacker.test:1313":    http.StatusForbidden,
		"desk.test.example.com": http.StatusForbidden,
	} {
		req, _ := http.NewRequest("GET", url+"/repo/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: got %d %q, want %d", host, resp.StatusCode, body, want)
		}
	}
}
