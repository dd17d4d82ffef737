package linkcheck

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// server answers as the web does: 200, a permanent and a temporary
// redirect, 404, never, and a page that refuses HEAD but serves GET. It
// counts the requests of each path and the most in flight at once.
type server struct {
	*httptest.Server
	mu             sync.Mutex
	hits           map[string]int
	inFlight, most atomic.Int32
}

func newServer(t *testing.T) *server {
	s := &server{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for {
			m := s.most.Load()
			if n <= m || s.most.CompareAndSwap(m, n) {
				break
			}
		}
		s.mu.Lock()
		s.hits[r.Method+" "+r.URL.Path]++
		s.mu.Unlock()
		switch r.URL.Path {
		case "/ok", "/new":
			time.Sleep(20 * time.Millisecond)
		case "/moved":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case "/temporary":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/moved-dead":
			http.Redirect(w, r, "/gone", http.StatusMovedPermanently)
		case "/never":
			<-r.Context().Done()
		case "/no-head":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// count returns how many requests of method and path the server has
// had; handlers may still be running, so it takes the lock.
func (s *server) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[key]
}

// TestCheckSaysWhatEachAddressAnswered: 200 and a temporary redirect to
// a page that answers are fine; a permanent redirect is moved, with the
// new address; 404, a redirect to a 404 and no answer within the time
// are dead; HEAD refused is asked again with GET. The timeout is long
// enough for a busy machine to answer the others within it.
func TestCheckSaysWhatEachAddressAnswered(t *testing.T) {
	s := newServer(t)
	tests := []struct {
		path    string
		status  Status
		problem string
	}{
		{"/ok", OK, ""},
		{"/temporary", OK, ""},
		{"/no-head", OK, ""},
		{"/moved", Moved, "moved: answered 301 Moved Permanently, to " + s.URL + "/new"},
		{"/missing", Dead, "answered 404 Not Found"},
		{"/moved-dead", Dead, "redirects to " + s.URL + "/gone, which answered 404 Not Found"},
		{"/never", Dead, "did not answer within 2s (timeout)"},
	}
	var links []Link
	for i, tc := range tests {
		links = append(links, Link{URL: s.URL + tc.path, File: "content/briefings/x.md", Line: i + 1, What: "source"})
	}
	res := Check(context.Background(), links, Options{Timeout: 2 * time.Second})
	for i, tc := range tests {
		r := res[i]
		if r.Line != i+1 || r.URL != s.URL+tc.path {
			t.Errorf("result %d is for %s:%d", i, r.URL, r.Line)
		}
		if r.Status != tc.status || r.Problem != tc.problem {
			t.Errorf("%s: got %v %q, want %v %q", tc.path, r.Status, r.Problem, tc.status, tc.problem)
		}
	}
	if s.count("GET /no-head") != 1 {
		t.Errorf("HEAD refused was not asked again with GET: %v", s.hits)
	}
	if s.count("GET /ok") != 0 {
		t.Errorf("a page that answered HEAD was asked with GET too: %v", s.hits)
	}
}

// TestCheckAsksEachAddressOnceAndPolitely: an address cited by many
// sources is asked once, and no host gets more than PerHost requests
// at once.
func TestCheckAsksEachAddressOnceAndPolitely(t *testing.T) {
	s := newServer(t)
	var links []Link
	for i := range 40 {
		links = append(links, Link{URL: s.URL + "/ok?n=" + string(rune('a'+i%20)), Line: i})
	}
	res := Check(context.Background(), links, Options{Workers: 16, PerHost: 2, Timeout: 5 * time.Second})
	if len(res) != 40 {
		t.Fatalf("%d results for 40 links", len(res))
	}
	for _, r := range res {
		if r.Status != OK {
			t.Errorf("%s: %s", r.URL, r.Problem)
		}
	}
	if got := s.count("HEAD /ok"); got != 20 {
		t.Errorf("20 addresses asked %d times", got)
	}
	if most := s.most.Load(); most > 2 {
		t.Errorf("%d requests at once to one host, want at most 2", most)
	} else if most < 2 {
		t.Errorf("the addresses were asked one at a time, want 2 at once")
	}
}

// TestCheckReportsTLSFailures: a certificate the machine does not trust
// is a TLS failure, not a mere error.
func TestCheckReportsTLSFailures(t *testing.T) {
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer ts.Close()
	// The handshake fails at once; the long timeout is for a loaded
	// machine under the race detector, where a handshake took over 5 s.
	res := Check(context.Background(), []Link{{URL: ts.URL + "/"}}, Options{Timeout: time.Minute})
	if res[0].Status != Dead || !strings.HasPrefix(res[0].Problem, "failed TLS: ") {
		t.Errorf("got %v %q", res[0].Status, res[0].Problem)
	}
}
