package serve_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefings/generator/serve"
)

// output writes a small output folder beside a secret file that must never
// be served, and a symbolic link inside that points at it.
func output(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "secret.txt"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "public")
	files := map[string]string{
		"index.html":             "<!DOCTYPE html><html><body><h1>Home</h1></body></html>\n",
		"404.html":               "<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>\n",
		"briefings/a/index.html": "<html><body>A</body></html>",
		"assets/style.css":       "body{}",
		"index.xml":              "<feed/>",
		"search/meta.js":         "x()",
		"icon.svg":               "<svg/>",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Symlink(filepath.Join(root, "secret.txt"), filepath.Join(dir, "leak.txt"))
	os.Symlink(root, filepath.Join(dir, "up"))
	return dir
}

func start(t *testing.T, base string) (*serve.Server, string) {
	t.Helper()
	srv, err := serve.New(output(t), base, "127.0.0.1", nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { srv.Close(); ts.Close() })
	return srv, ts.URL
}

// rawGet sends the request line as written, so that no client cleans the
// path first, and returns the status code and body.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(addr, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestNoPathLeavesTheOutputFolder tries the ways out of a folder that
// URLs allow: dot segments, encoded and double-encoded dots and slashes,
// backslashes, NUL, and symbolic links to outside. Issue 4.
func TestNoPathLeavesTheOutputFolder(t *testing.T) {
	_, url := start(t, "/")
	for _, target := range []string{
		"/../secret.txt",
		"/../../secret.txt",
		"/briefings/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/..%2fsecret.txt",
		"/%2e%2e%2fsecret.txt",
		"/%252e%252e/secret.txt",
		"/..\\secret.txt",
		"/%5c..%5csecret.txt",
		"/.%2e/secret.txt",
		"/briefings/%2e%2e/%2e%2e/secret.txt",
		"/secret.txt%00.html",
		"/leak.txt",
		"/up/secret.txt",
		"//secret.txt",
		"/./secret.txt",
	} {
		code, body := rawGet(t, url, target)
		if strings.Contains(body, "SECRET") {
			t.Errorf("GET %s served the file outside the output folder", target)
		}
		if code == http.StatusOK {
			t.Errorf("GET %s: got status %d, want an error", target, code)
		}
	}
}

// TestServesFilesWithTheirTypes checks content types, folder index pages,
// the redirect that adds a folder's slash, and the site's 404 page.
func TestServesFilesWithTheirTypes(t *testing.T) {
	_, url := start(t, "/")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		path, ctype string
		code        int
		body        string
	}{
		{"/", "text/html; charset=utf-8", 200, "<h1>Home</h1>"},
		{"/index.html", "text/html; charset=utf-8", 200, "<h1>Home</h1>"},
		{"/briefings/a/", "text/html; charset=utf-8", 200, "A"},
		{"/briefings/a", "", 301, ""},
		{"/assets/style.css", "text/css; charset=utf-8", 200, "body{}"},
		{"/index.xml", "application/xml; charset=utf-8", 200, "<feed/>"},
		{"/search/meta.js", "text/javascript; charset=utf-8", 200, "x()"},
		{"/icon.svg", "image/svg+xml", 200, "<svg/>"},
		{"/no/such/page/", "text/html; charset=utf-8", 404, "Page not found"},
	} {
		resp, err := client.Get(url + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("GET %s: got status %d, want %d", tc.path, resp.StatusCode, tc.code)
		}
		if tc.ctype != "" && resp.Header.Get("Content-Type") != tc.ctype {
			t.Errorf("GET %s: got Content-Type %q, want %q", tc.path, resp.Header.Get("Content-Type"), tc.ctype)
		}
		if !strings.Contains(string(body), tc.body) {
			t.Errorf("GET %s: body %q does not contain %q", tc.path, body, tc.body)
		}
		if tc.code == 301 && resp.Header.Get("Location") != tc.path+"/" {
			t.Errorf("GET %s: redirected to %q, want %q", tc.path, resp.Header.Get("Location"), tc.path+"/")
		}
		isHTML := strings.HasPrefix(tc.ctype, "text/html")
		if got := strings.Contains(string(body), "data-briefings-serve"); got != isHTML {
			t.Errorf("GET %s: reload script present = %v, want %v", tc.path, got, isHTML)
		}
	}
}

// TestServesUnderTheBasePath serves a site whose base_url is a GitHub
// Pages project URL under /repo/, as it will be published.
func TestServesUnderTheBasePath(t *testing.T) {
	_, url := start(t, "/repo/")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		path     string
		code     int
		location string
	}{
		{"/", 302, "/repo/"},
		{"/repo", 302, "/repo/"},
		{"/repo/", 200, ""},
		{"/repo/briefings/a/", 200, ""},
		{"/briefings/a/", 404, ""},
		{"/repo/__briefings/nothing", 404, ""},
	} {
		resp, err := client.Get(url + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("GET %s: got status %d, want %d", tc.path, resp.StatusCode, tc.code)
		}
		if tc.location != "" && resp.Header.Get("Location") != tc.location {
			t.Errorf("GET %s: redirected to %q, want %q", tc.path, resp.Header.Get("Location"), tc.location)
		}
		if tc.code == 200 && !strings.Contains(string(body), `"/repo/__briefings/events"`) {
			t.Errorf("GET %s: the reload script does not listen under /repo/", tc.path)
		}
	}
}

// TestEventStreamReportsBuilds follows the event stream as a tab does:
// hello on connect, reload after a good build, the problems of a failed
// build (also to a tab that connects later), reload when it is fixed.
func TestEventStreamReportsBuilds(t *testing.T) {
	srv, url := start(t, "/")
	events := func() (<-chan string, func()) { return follow(t, url) }
	next := func(c <-chan string) string { t.Helper(); return nextEvent(t, c) }
	tab, closeTab := events()
	defer closeTab()
	if got := next(tab); got != "hello 0" {
		t.Fatalf("got %q, want hello 0", got)
	}
	for srv.Clients() != 1 {
		time.Sleep(time.Millisecond)
	}
	srv.Reload()
	if got := next(tab); got != "reload 1" {
		t.Errorf("got %q, want reload 1", got)
	}
	srv.Fail([]string{`content/briefings/x.md:3: unknown key "titel"; did you mean "title"?`})
	want := `problems ["content/briefings/x.md:3: unknown key \"titel\"; did you mean \"title\"?"]`
	if got := next(tab); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	late, closeLate := events()
	defer closeLate()
	if got := next(late); got != "hello 1" {
		t.Errorf("late tab: got %q, want hello 1", got)
	}
	if got := next(late); got != want {
		t.Errorf("late tab: got %q, want the problems", got)
	}
	srv.Reload()
	if got := next(tab); got != "reload 2" {
		t.Errorf("got %q, want reload 2", got)
	}
}

// follow opens the event stream of the server at url as a tab does, and
// returns its events as "name data", and how to close it.
func follow(t *testing.T, url string) (<-chan string, func()) {
	t.Helper()
	resp, err := http.Get(url + "/" + serve.EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	out := make(chan string, 16)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				out <- ev + " " + strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return out, func() { resp.Body.Close() }
}

// nextEvent waits for the next event of a stream follow opened.
func nextEvent(t *testing.T, c <-chan string) string {
	t.Helper()
	select {
	case ev := <-c:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
		return ""
	}
}

// TestEventStreamSendsWarnings: the warnings of a good build go to every
// tab, and to a tab that connects later, right after hello; an empty list
// clears them (issue 22).
func TestEventStreamSendsWarnings(t *testing.T) {
	srv, url := start(t, "/")
	tab, closeTab := follow(t, url)
	defer closeTab()
	if got := nextEvent(t, tab); got != "hello 0" {
		t.Fatalf("got %q, want hello 0", got)
	}
	for srv.Clients() != 1 {
		time.Sleep(time.Millisecond)
	}
	srv.Warn([]string{`content/briefings/x.md:7: unknown link target "Putn"; did you mean "Putin"?`})
	want := `warnings ["content/briefings/x.md:7: unknown link target \"Putn\"; did you mean \"Putin\"?"]`
	if got := nextEvent(t, tab); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	late, closeLate := follow(t, url)
	defer closeLate()
	if got := nextEvent(t, late); got != "hello 0" {
		t.Errorf("late tab: got %q, want hello 0", got)
	}
	if got := nextEvent(t, late); got != want {
		t.Errorf("late tab: got %q, want the warnings", got)
	}
	srv.Warn(nil)
	if got := nextEvent(t, tab); got != "warnings []" {
		t.Errorf("got %q, want no warnings", got)
	}
}

// TestOtherMachinesHearOnlyHowManyProblems: served with --bind beyond
// localhost, a tab on another machine learns how many warnings and
// problems the build has, never their text, which may name notes the
// build withholds; a tab on this machine gets them in full (issue 24).
// The requests are made in process, with the remote address a tab on the
// network would have.
func TestOtherMachinesHearOnlyHowManyProblems(t *testing.T) {
	srv, err := serve.New(output(t), "/", "0.0.0.0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	secret := `content/briefings/x.md:7: "Operation Nightfall" is withheld from this edition (RED)`
	// hello replays the last state; a closed request ends the stream
	// right after it.
	stream := func(remote string) string {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req := httptest.NewRequest("GET", "http://192.168.1.5:1313/"+serve.EventsPath, nil).WithContext(ctx)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", remote, rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	srv.Warn([]string{secret, "content/briefings/y.md:3: another warning"})
	for _, tc := range []struct{ remote, want, unwanted string }{
		{"192.168.1.9:50000", "event: warnings\ndata: {\"hidden\":2}\n", "Nightfall"},
		{"[fd00::9]:50000", "event: warnings\ndata: {\"hidden\":2}\n", "Nightfall"},
		{"127.0.0.1:50000", "Operation Nightfall", "hidden"},
		{"[::1]:50000", "Operation Nightfall", "hidden"},
	} {
		got := stream(tc.remote)
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.unwanted) {
			t.Errorf("warnings to a tab at %s: got %q, want %q and no %q", tc.remote, got, tc.want, tc.unwanted)
		}
	}
	srv.Fail([]string{secret})
	if got := stream("192.168.1.9:50000"); !strings.Contains(got, "event: problems\ndata: {\"hidden\":1}\n") || strings.Contains(got, "Nightfall") {
		t.Errorf("problems to another machine: got %q", got)
	}
	if got := stream("127.0.0.1:50000"); !strings.Contains(got, "Operation Nightfall") {
		t.Errorf("problems to this machine: got %q", got)
	}
}

// TestInjectGoesBeforeTheLastBody checks where the script goes.
func TestInjectGoesBeforeTheLastBody(t *testing.T) {
	got := string(serve.Inject([]byte("<p>a</body> b</body></html>"), "/e"))
	if !strings.HasPrefix(got, "<p>a</body> b<script") || !strings.HasSuffix(got, "</script>\n</body></html>") {
		t.Errorf("got %q", got)
	}
	if got := string(serve.Inject([]byte("<p>no body"), "/e")); !strings.HasPrefix(got, "<p>no body<script") {
		t.Errorf("got %q", got)
	}
}

// getHost requests path from the server at url with the Host header
// host, and returns the status code and body.
func getHost(t *testing.T, url, path, host string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	client := &http.Client{Timeout: 5 * time.Second} // an event stream does not end
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestAnswersOnlyHostsOfThisMachine: serve answered any Host, so a web
// page the editor visited could read the draft site through DNS
// rebinding (issue 20). It answers localhost, 127.0.0.1, [::1], the
// address it listens on (any IP address when it listens on all) and the
// names allowed, at any port, and refuses others with 403 and a reason.
func TestAnswersOnlyHostsOfThisMachine(t *testing.T) {
	for _, tc := range []struct {
		bind             string
		allowed          []string
		answers, refuses []string
	}{
		{"127.0.0.1", []string{".example.org", "briefs.test:8080"},
			[]string{"localhost", "localhost:1313", "LocalHost.:1313", "127.0.0.1", "127.0.0.1:80", "[::1]:1313", "[::1]",
				"briefs.test", "briefs.test:1313", "example.org", "desk.example.org:1313"},
			[]string{"evil.test", "evil.test:1313", "127.0.0.1.nip.io", "localhost.evil.test", "sub.localhost", "[::2]:1313",
				"10.0.0.1", "example.org.evil.test", "notexample.org", "briefs.test.evil"}},
		{"192.168.1.5", nil,
			[]string{"192.168.1.5:1313", "localhost"},
			[]string{"192.168.1.6:1313", "my-laptop.local"}},
		{"0.0.0.0", []string{"my-laptop.local"},
			[]string{"192.168.1.5:1313", "[fe80::1]:1313", "my-laptop.local:1313"},
			[]string{"evil.test", "other.local"}},
	} {
		t.Run(tc.bind, func(t *testing.T) {
			srv, err := serve.New(output(t), "/", tc.bind, tc.allowed)
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv)
			t.Cleanup(func() { srv.Close(); ts.Close() })
			for _, host := range tc.answers {
				if code, body := getHost(t, ts.URL, "/", host); code != http.StatusOK || !strings.Contains(body, "Home") {
					t.Errorf("Host %s: got %d, want the home page", host, code)
				}
			}
			for _, host := range tc.refuses {
				for _, path := range []string{"/", "/briefings/a/", "/" + serve.EventsPath} {
					code, body := getHost(t, ts.URL, path, host)
					if code != http.StatusForbidden {
						t.Errorf("Host %s, %s: got %d, want 403", host, path, code)
					}
					if strings.Count(body, "\n") != 1 || !strings.Contains(body, "--allowed-hosts") {
						t.Errorf("Host %s: got %q, want one line saying how to allow it", host, body)
					}
				}
			}
		})
	}
}

// TestNeverServesHiddenFiles: serve served hidden files of the output
// folder, such as .git/config of a gh-pages worktree (issue 20). A path
// with a segment starting with "." is not found, as on GitHub Pages,
// except under .well-known/.
func TestNeverServesHiddenFiles(t *testing.T) {
	for _, base := range []string{"/", "/repo/"} {
		dir := output(t)
		for name, data := range map[string]string{
			".git/config":                 "[remote] SECRET",
			".git/HEAD":                   "ref: SECRET",
			".env":                        "TOKEN=SECRET",
			"briefings/.draft/index.html": "SECRET",
			"assets/.DS_Store":            "SECRET",
			".well-known/security.txt":    "Contact: mailto:desk@example.org",
			".nojekyll":                   "",
		} {
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		srv, err := serve.New(dir, base, "127.0.0.1", nil)
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		defer func() { srv.Close(); ts.Close() }()
		for _, path := range []string{".git/config", ".git/HEAD", ".git/", ".git", ".env", "briefings/.draft/", "assets/.DS_Store", ".nojekyll",
			"%2egit/config", "briefings/%2Edraft/index.html"} {
			code, body := rawGet(t, ts.URL, base+path)
			if code != http.StatusNotFound || strings.Contains(body, "SECRET") {
				t.Errorf("GET %s%s: got %d, want 404 and nothing of the file", base, path, code)
			}
		}
		if code, body := rawGet(t, ts.URL, base+".well-known/security.txt"); code != http.StatusOK || !strings.Contains(body, "Contact:") {
			t.Errorf("GET %s.well-known/security.txt: got %d %q, want the file", base, code, body)
		}
	}
}
