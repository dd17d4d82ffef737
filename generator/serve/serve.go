// Package serve is the web server of `briefings serve`: it serves a built
// site from its output folder, the way a static host would, and keeps the
// browser tabs showing it up to date.
//
//   - Files are served from an os.Root, so no path (../, %2e%2e, a
//     backslash, a symbolic link) reaches outside the output folder.
//   - The site lives under the path of its base_url (/repo/ for
//     https://user.github.io/repo/), so links behave as when published.
//   - Only requests for this machine are answered: the Host header must
//     name localhost, 127.0.0.1, [::1], the address it listens on or a
//     name the user allowed, else 403. A web page the editor visits
//     cannot read the draft site through DNS rebinding (a name of the
//     attacker's that resolves to 127.0.0.1 after the page loaded).
//   - Hidden files (a path segment starting with ".", such as
//     .git/config of a gh-pages worktree) are never served, except
//     under .well-known/; GitHub Pages does not serve them either.
//   - Missing paths get the site's 404.html with status 404.
//   - Every HTML response gets a small script, added on the way out and
//     never written to disk, that listens to an event stream (Server-Sent
//     Events) at EventsPath: a "reload" event reloads the tab, a
//     "problems" event shows an overlay listing what broke the build,
//     until the next good build, and a "warnings" event a small panel in
//     a corner listing the last good build's warnings, which the reader
//     can dismiss. A tab on another machine (with --bind beyond
//     localhost) is told only how many there are: they may name notes
//     the build withholds, and the terminal lists them.
//
// The key type is Server; Reload, Fail and Warn are what the rebuild loop
// calls.
package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"briefings/generator/content"
)

// EventsPath is the event stream's path under the site's base path.
const EventsPath = "__briefings/events"

// Server serves one output folder. Its methods are safe for concurrent
// use.
type Server struct {
	// dir is the output folder. It is opened as an os.Root for each
	// request, since a full publish swaps a new folder into its place.
	dir   string
	base  string // "/" or "/repo/"
	hosts hosts

	mu       sync.Mutex
	gen      int      // counts good builds, so a tab that reconnects knows it missed one
	problems []string // the failed build's diagnostics, or nil
	warnings []string // the last good build's warnings
	clients  map[chan event]bool
	closed   bool
}

type event struct {
	name string
	data string
}

// New serves the output folder dir under basePath ("/" or "/repo/").
// bind is the address the server listens on, and allowed the other host
// names it answers to: a name, or with a leading dot (.example.org) a
// domain and its subdomains; a port is ignored.
func New(dir, basePath, bind string, allowed []string) (*Server, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", dir, err)
	}
	root.Close()
	return &Server{dir: dir, base: normalBase(basePath), hosts: newHosts(bind, allowed), clients: map[chan event]bool{}}, nil
}

// hosts are the names of this machine that a request's Host may give.
type hosts struct {
	names   map[string]bool
	domains []string // ".example.org": the domain and its subdomains
	anyIP   bool     // listening on every address: any IP address
}

// newHosts returns the host names a server listening on bind answers
// to: localhost, 127.0.0.1 and [::1]; bind itself, or any IP address when
// bind is every address (0.0.0.0 or ::), since an IP address cannot be
// rebound; and allowed.
func newHosts(bind string, allowed []string) hosts {
	h := hosts{names: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}}
	if ip := net.ParseIP(bind); ip != nil && ip.IsUnspecified() {
		h.anyIP = true
	} else if bind != "" {
		h.names[hostName(bind)] = true
	}
	for _, a := range allowed {
		name := hostName(a)
		if strings.HasPrefix(name, ".") {
			h.domains = append(h.domains, name)
			continue
		}
		if name != "" {
			h.names[name] = true
		}
	}
	return h
}

// allows reports whether a request's Host (with or without a port)
// names this machine.
func (h hosts) allows(host string) bool {
	name := hostName(host)
	if h.names[name] || h.anyIP && net.ParseIP(name) != nil {
		return true
	}
	for _, d := range h.domains {
		if name == d[1:] || strings.HasSuffix(name, d) {
			return true
		}
	}
	return false
}

// hostName returns the name of a host, lower case, without its port,
// the brackets of an IPv6 address or a final dot.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// BasePath is the path the site is served under: "/" or "/repo/".
func (s *Server) BasePath() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base
}

// SetBasePath moves the site to another path, when site.toml's base_url
// changes.
func (s *Server) SetBasePath(basePath string) {
	s.mu.Lock()
	s.base = normalBase(basePath)
	s.mu.Unlock()
}

// normalBase makes a base path start and end with one slash.
func normalBase(p string) string {
	p = strings.Trim(p, "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// Close ends every event stream, so that http.Server.Shutdown does not
// wait for them.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		for c := range s.clients {
			close(c)
		}
		clear(s.clients)
	}
	return nil
}

// Reload tells every open tab that a build succeeded: the overlay goes and
// the page reloads.
func (s *Server) Reload() {
	s.mu.Lock()
	s.gen++
	s.problems = nil
	s.send(event{"reload", fmt.Sprint(s.gen)})
	s.mu.Unlock()
}

// Fail tells every open tab, and every tab opened later until the next
// Reload, that a build failed with these problems (each "path:line:
// message"); the tabs keep showing the last good site under an overlay.
func (s *Server) Fail(problems []string) {
	if problems == nil {
		problems = []string{}
	}
	data, _ := json.Marshal(problems)
	s.mu.Lock()
	s.problems = problems
	s.send(event{"problems", string(data)})
	s.mu.Unlock()
}

// Warn tells every open tab, and every tab opened later until the next
// Warn, the warnings of the last good build (each "path:line: message"),
// which it lists in a panel the reader can dismiss; none hides the panel.
// The tabs hear of a list only when it changes, and at hello when it is
// not empty.
func (s *Server) Warn(warnings []string) {
	if warnings == nil {
		warnings = []string{}
	}
	data, _ := json.Marshal(warnings)
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.Equal(s.warnings, warnings) && s.warnings != nil {
		return // the tabs have them, or will at hello
	}
	s.warnings = warnings
	s.send(event{"warnings", string(data)})
}

// Clients returns the number of open event streams.
func (s *Server) Clients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

// send queues ev for every client; s.mu is held. A client that does not
// keep up loses events rather than holding the build loop.
func (s *Server) send(ev event) {
	for c := range s.clients {
		select {
		case c <- ev:
		default:
		}
	}
}

// ServeHTTP serves the event stream, the site's files, and the 404 page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hosts.allows(r.Host) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "403 forbidden: briefings serve answers only to localhost, 127.0.0.1, [::1] and the address it listens on, not to the host %q; to allow it, restart with --allowed-hosts %s\n", r.Host, hostName(r.Host))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	base := s.BasePath()
	if base != "/" && (p == "/" || p+"/" == base) {
		http.Redirect(w, r, base, http.StatusFound)
		return
	}
	rel, under := strings.CutPrefix(p, base)
	if under && rel == EventsPath {
		s.events(w, r)
		return
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		http.Error(w, "the output folder is gone: restart briefings serve", http.StatusInternalServerError)
		return
	}
	defer root.Close()
	name, ok := clean(rel)
	if !under || !ok {
		s.notFound(w, r, root)
		return
	}
	s.file(w, r, root, name, strings.HasSuffix(rel, "/") || rel == "")
}

// clean turns the path after the base into a name within the output
// folder, refusing any ".." or "." segment, hidden files (a segment
// starting with ".", but for a first one of .well-known), backslashes
// and NUL bytes however they were written in the URL (r.URL.Path is
// already decoded).
func clean(rel string) (string, bool) {
	if strings.ContainsAny(rel, "\\\x00") {
		return "", false
	}
	rel = strings.TrimSuffix(rel, "/")
	if rel == "" {
		return "index.html", true
	}
	for i, seg := range strings.Split(rel, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") && (i > 0 || seg != content.WellKnown) {
			return "", false
		}
	}
	return rel, true
}

// file serves name, or name/index.html when it is a folder.
func (s *Server) file(w http.ResponseWriter, r *http.Request, root *os.Root, name string, slash bool) {
	info, err := root.Stat(name)
	if err == nil && info.IsDir() {
		if !slash {
			// Relative links in the page need the trailing slash.
			target := r.URL.EscapedPath() + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		info, err = root.Stat(name)
	}
	if err != nil || !info.Mode().IsRegular() {
		s.notFound(w, r, root)
		return
	}
	s.serveFile(w, r, root, name, info, http.StatusOK)
}

// notFound serves the site's 404.html with status 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, root *os.Root) {
	info, err := root.Stat("404.html")
	if err != nil || !info.Mode().IsRegular() {
		// No site yet (the first build failed): a bare page, so that the
		// overlay shows and the tab reloads when the build works.
		page := Inject([]byte(noSite), s.BasePath()+EventsPath)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		w.Write(page)
		return
	}
	s.serveFile(w, r, root, "404.html", info, http.StatusNotFound)
}

// serveFile writes a file with its content type; HTML gets the reload
// script. status is 200, or 404 for the site's 404 page.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, root *os.Root, name string, info fs.FileInfo, status int) {
	f, err := root.Open(name)
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	ctype := contentType(name)
	if !strings.HasPrefix(ctype, "text/html") {
		if ctype != "" {
			h.Set("Content-Type", ctype)
		}
		if status == http.StatusOK {
			http.ServeContent(w, r, name, info.ModTime(), f)
			return
		}
		w.WriteHeader(status)
		io.Copy(w, f)
		return
	}
	data, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, "cannot read "+name, http.StatusInternalServerError)
		return
	}
	data = Inject(data, s.BasePath()+EventsPath)
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// contentType returns the type of a file by its extension, with a
// charset for text.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".txt", ".md", "":
		return "text/plain; charset=utf-8"
	}
	return mime.TypeByExtension(path.Ext(name))
}

// Inject adds the live-reload script to an HTML page, before its last
// </body>, or at the end when it has none. events is the event stream's
// URL path.
func Inject(page []byte, events string) []byte {
	q, _ := json.Marshal(events)
	script := []byte(strings.Replace(reloadScript, "EVENTS", string(q), 1))
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page[:len(page):len(page)], script...)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

const noSite = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1><p>There is nothing at this address, or the site has not been built yet.</p></body></html>
`

// reloadScript follows the event stream: "hello" says which good build
// the server is at (a tab that reconnects after missing one reloads),
// "reload" reloads, "problems" shows the overlay, "warnings" the panel
// of warnings. Both are built with textContent, so a message cannot
// inject markup. A panel the reader dismissed stays hidden, across
// reloads, until the list of warnings changes; neither is printed.
const reloadScript = `<script data-briefings-serve>(function () {
  var gen = null, box = null, panel = null, key = "briefings-warnings-dismissed";
  var style = document.createElement("style");
  style.textContent = "@media print { #briefings-problems, #briefings-warnings { display: none !important; } }";
  document.head.appendChild(style);
  /* A tab on another machine gets {hidden: N}, not the list: the
     messages may name notes this build withholds. */
  function hidden(list, what) {
    return [list.hidden + " " + what + (list.hidden === 1 ? "" : "s") + ", listed on the terminal where briefings serve runs: they are not sent to other machines, since they may name notes that are not published."];
  }
  function overlay(list) {
    if (box) { box.remove(); box = null; }
    if (list && list.hidden) list = hidden(list, "problem");
    if (!list || !list.length) return;
    box = document.createElement("div");
    box.id = "briefings-problems";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2em";
    var h = document.createElement("h2");
    h.textContent = "The build failed: the last good site is shown under this overlay. Save a fix and it goes away.";
    h.style.cssText = "font:bold 16px sans-serif;margin:0 0 1em";
    box.appendChild(h);
    list.forEach(function (line) {
      var p = document.createElement("pre");
      p.textContent = line;
      p.style.cssText = "margin:0 0 .5em;white-space:pre-wrap;color:#ffb4a8";
      box.appendChild(p);
    });
    document.body.appendChild(box);
  }
  function dismissed(list) {
    try { return sessionStorage.getItem(key) === JSON.stringify(list); } catch (e) { return false; }
  }
  function warnings(list) {
    if (panel) { panel.remove(); panel = null; }
    var count = list && list.hidden;
    if (count) list = hidden(list, "warning");
    if (!list || !list.length || dismissed(list)) return;
    panel = document.createElement("section");
    panel.id = "briefings-warnings";
    panel.setAttribute("role", "status");
    panel.setAttribute("aria-label", "Warnings of the last build");
    panel.style.cssText = "position:fixed;right:1em;bottom:1em;z-index:2147483646;max-width:min(40em,calc(100vw - 2em));max-height:40vh;overflow:auto;background:#fff8e1;color:#1a1a1a;border:2px solid #8a6d00;border-radius:6px;box-shadow:0 2px 12px rgba(0,0,0,.3);font:13px/1.45 ui-monospace,monospace;padding:.6em .8em";
    var head = document.createElement("div");
    head.style.cssText = "display:flex;align-items:center;gap:1em;margin:0 0 .4em;font:bold 14px sans-serif";
    var title = document.createElement("span");
    var n = count || list.length;
    title.textContent = n === 1 ? "1 warning" : n + " warnings";
    title.style.cssText = "flex:1";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.setAttribute("aria-label", "Dismiss the warnings");
    close.style.cssText = "font:13px sans-serif;padding:.2em .7em;border:1px solid #8a6d00;border-radius:4px;background:#fff;color:#1a1a1a;cursor:pointer";
    close.addEventListener("click", function () {
      try { sessionStorage.setItem(key, JSON.stringify(list)); } catch (e) {}
      panel.remove(); panel = null;
    });
    head.appendChild(title);
    head.appendChild(close);
    panel.appendChild(head);
    list.forEach(function (line) {
      var p = document.createElement("pre");
      p.textContent = line;
      p.style.cssText = "margin:0 0 .3em;white-space:pre-wrap;overflow-wrap:anywhere";
      panel.appendChild(p);
    });
    document.body.appendChild(panel);
  }
  var es = new EventSource(EVENTS);
  es.addEventListener("hello", function (e) {
    if (gen !== null && e.data !== gen) location.reload();
    gen = e.data;
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("problems", function (e) { overlay(JSON.parse(e.data)); });
  es.addEventListener("warnings", function (e) { warnings(JSON.parse(e.data)); });
})();</script>
`

// loopback reports whether a request's remote address is this machine.
func loopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redact returns a "problems" or "warnings" event with its list replaced
// by its length, {"hidden":N}, for a tab on another machine; other events
// as they are.
func redact(ev event) event {
	if ev.name != "problems" && ev.name != "warnings" {
		return ev
	}
	var list []string
	json.Unmarshal([]byte(ev.data), &list)
	if len(list) == 0 {
		return ev
	}
	return event{ev.name, fmt.Sprintf(`{"hidden":%d}`, len(list))}
}

// events streams reload and problem events to one tab until it goes or
// the server closes.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming not supported", http.StatusInternalServerError)
		return
	}
	// A tab on another machine (a server bound beyond localhost) hears
	// how many problems or warnings there are, not what they say: they
	// may name notes this build withholds (a withheld mention, the leak
	// scan), and the terminal has them in full.
	local := loopback(r.RemoteAddr)
	c := make(chan event, 16)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "server closing", http.StatusServiceUnavailable)
		return
	}
	s.clients[c] = true
	hello := []event{{"hello", fmt.Sprint(s.gen)}}
	if len(s.warnings) > 0 {
		data, _ := json.Marshal(s.warnings)
		hello = append(hello, event{"warnings", string(data)})
	}
	if s.problems != nil {
		data, _ := json.Marshal(s.problems)
		hello = append(hello, event{"problems", string(data)})
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.clients[c] {
			delete(s.clients, c)
			close(c)
		}
		s.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	for _, ev := range hello {
		if !local {
			ev = redact(ev)
		}
		writeEvent(w, ev)
	}
	flusher.Flush()
	keepalive := time.NewTicker(30 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return
			}
			if !local {
				ev = redact(ev)
			}
			if writeEvent(w, ev) != nil {
				return
			}
			flusher.Flush()
		case <-keepalive.C:
			if _, err := io.WriteString(w, ": keepalive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// writeEvent writes one Server-Sent Event; data holds no newline (it is
// a number or JSON).
func writeEvent(w io.Writer, ev event) error {
	_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
	return err
}
