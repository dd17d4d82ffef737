// Package linkcheck asks the web whether the addresses a site cites still
// answer: `briefings check --sources` hands it every source's url and
// archive, and it says which are dead (an error status, no answer in
// time, a TLS or network failure) and which have moved (a permanent
// redirect). Nothing else in briefings touches the network: a build
// never needs it.
//
// Requests run concurrently, at most PerHost at once to any one host so
// that a site citing a hundred stories of one outlet does not hammer it,
// and each URL is asked once however many sources cite it: HEAD first,
// then GET when the server refuses HEAD or answers it with an error (many
// do, while serving the page to readers).
//
// The key types are Link (an address and where it is cited), Options and
// Result.
package linkcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Link is an address to check, with where the site cites it.
type Link struct {
	URL string
	// File and Line place the citation; What names it for messages:
	// "source", "archive".
	File string
	Line int
	What string
}

// Options say how politely and how long to ask.
type Options struct {
	// Timeout bounds each request, redirects included; 15 s when zero.
	Timeout time.Duration
	// Workers is the number of requests in flight at once, 8 when zero;
	// PerHost bounds those to one host, 2 when zero.
	Workers, PerHost int
	// Client makes the requests; nil means one of this package's own,
	// which does not follow redirects (they are reported).
	Client *http.Client
	// UserAgent names briefings to the servers asked.
	UserAgent string
}

// Status says how an address answered.
type Status int

// The answers an address can give.
const (
	// OK: a 2xx answer, possibly after temporary redirects.
	OK Status = iota
	// Moved: a permanent redirect (301, 308) to an address that answers.
	Moved
	// Dead: an error status, no answer in time, a TLS or network failure.
	Dead
)

// Result is what one address answered. Every Link citing the address
// gets its own Result.
type Result struct {
	Link
	Status Status
	// Code is the last HTTP status (0 when none came); Location is where
	// a moved address now is.
	Code     int
	Location string
	// Problem says what was wrong in words: "answered 404 Not Found",
	// "did not answer within 15s", "failed TLS: ...".
	Problem string
}

// maxRedirects is how many redirects are followed before an address is
// taken for dead.
const maxRedirects = 10

// Check asks every address of links and returns a Result for each link,
// in the order given. It returns when all are answered or ctx is done
// (the rest are then Dead with the context's error).
func Check(ctx context.Context, links []Link, opts Options) []Result {
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.Workers <= 0 {
		opts.Workers = 8
	}
	if opts.PerHost <= 0 {
		opts.PerHost = 2
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "briefings-check/1 (checks the sources a briefings site cites)"
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	// Each address once, however many links cite it.
	var addrs []string
	for _, l := range links {
		if !slices.Contains(addrs, l.URL) {
			addrs = append(addrs, l.URL)
		}
	}
	answers := make([]answer, len(addrs))
	hosts := map[string]chan struct{}{}
	for _, a := range addrs {
		h := hostOf(a)
		if hosts[h] == nil {
			hosts[h] = make(chan struct{}, opts.PerHost)
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(opts.Workers, len(addrs)) {
		wg.Go(func() {
			for i := range next {
				slot := hosts[hostOf(addrs[i])]
				select {
				case slot <- struct{}{}:
				case <-ctx.Done():
					answers[i] = answer{status: Dead, problem: "not asked: " + ctx.Err().Error()}
					continue
				}
				answers[i] = ask(ctx, client, addrs[i], opts)
				<-slot
			}
		})
	}
	for i := range addrs {
		next <- i
	}
	close(next)
	wg.Wait()
	out := make([]Result, len(links))
	for i, l := range links {
		a := answers[slices.Index(addrs, l.URL)]
		out[i] = Result{Link: l, Status: a.status, Code: a.code, Location: a.location, Problem: a.problem}
	}
	return out
}

// answer is what an address answered.
type answer struct {
	status   Status
	code     int
	location string
	problem  string
}

// hostOf returns the host an address is asked at, for the per-host limit.
func hostOf(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// ask asks one address, following its redirects itself so that a
// permanent one is seen: HEAD, then GET when HEAD is refused or errs.
func ask(ctx context.Context, client *http.Client, addr string, opts Options) answer {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	moved := ""
	firstCode := 0
	at := addr
	for range maxRedirects + 1 {
		code, location, err := request(ctx, client, http.MethodHead, at, opts.UserAgent)
		if err == nil && (code >= 400 || code == 0) || err != nil && !isTimeout(ctx, err) {
			// Servers refuse HEAD (405, 403, 501) or fail it where GET
			// works; ask as a reader's browser does.
			code, location, err = request(ctx, client, http.MethodGet, at, opts.UserAgent)
		}
		if err != nil {
			return answer{status: Dead, problem: describe(ctx, err, opts.Timeout)}
		}
		if firstCode == 0 {
			firstCode = code
		}
		switch {
		case code >= 300 && code < 400 && location != "":
			next, err := url.Parse(at)
			if err == nil {
				var loc *url.URL
				loc, err = next.Parse(location)
				if err == nil {
					if (code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect) && moved == "" && at == addr {
						moved = loc.String()
					}
					at = loc.String()
					continue
				}
			}
			return answer{status: Dead, code: code, problem: fmt.Sprintf("answered %s with a redirect to %q, which is no address", statusText(code), location)}
		case code >= 200 && code < 300:
			if moved != "" {
				return answer{status: Moved, code: firstCode, location: moved, problem: fmt.Sprintf("moved: answered %s, to %s", statusText(firstCode), moved)}
			}
			return answer{status: OK, code: code}
		default:
			if at != addr {
				return answer{status: Dead, code: code, problem: fmt.Sprintf("redirects to %s, which answered %s", at, statusText(code))}
			}
			return answer{status: Dead, code: code, problem: "answered " + statusText(code)}
		}
	}
	return answer{status: Dead, code: firstCode, problem: fmt.Sprintf("redirects more than %d times", maxRedirects)}
}

// request makes one request and returns the status and Location.
func request(ctx context.Context, client *http.Client, method, addr, agent string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, addr, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("User-Agent", agent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location"), nil
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}

// isTimeout reports whether err is the request's time running out.
func isTimeout(ctx context.Context, err error) bool {
	var ne net.Error
	return errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// describe says in words why a request failed.
func describe(ctx context.Context, err error, timeout time.Duration) string {
	var (
		dns     *net.DNSError
		unknown x509.UnknownAuthorityError
		invalid x509.CertificateInvalidError
		host    x509.HostnameError
		record  tls.RecordHeaderError
		certErr *tls.CertificateVerificationError
	)
	switch {
	case isTimeout(ctx, err):
		return fmt.Sprintf("did not answer within %s (timeout)", timeout)
	case errors.As(err, &certErr), errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &host), errors.As(err, &record):
		return "failed TLS: " + innermost(err)
	case errors.As(err, &dns):
		return fmt.Sprintf("has no such host: %s (DNS)", dns.Name)
	}
	return "could not be reached: " + innermost(err)
}

// innermost returns the message of the error that err wraps last: the
// cause, without "Head \"https://...\": " before it.
func innermost(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}
