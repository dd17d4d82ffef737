package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"briefings/generator"
	"briefings/generator/config"
	"briefings/generator/diag"
	"briefings/generator/publish"
	serving "briefings/generator/serve"
	"briefings/generator/watch"
)

// serve runs `briefings serve` until Ctrl-C.
func serve(c *call, args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first Ctrl-C, a second ends the process at once, as
	// it would any program: serve may still be removing its output.
	go func() {
		<-ctx.Done()
		stop()
	}()
	return serveCall(ctx, c, args)
}

// watchBuild runs `briefings build --watch` until Ctrl-C.
func watchBuild(opts generator.Options, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return watchUntil(ctx, opts, stdout, stderr)
}

// serveUntil builds the site, serves it and rebuilds it on every change
// until ctx ends. The output goes to -d, or to a temporary folder that is
// removed at the end: never into the site folder.
func serveUntil(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return serveCall(ctx, newCall(lookup("serve"), stdout, stderr), args)
}

func serveCall(ctx context.Context, c *call, args []string) int {
	var opts generator.Options
	bind, port := "127.0.0.1", 1313
	c.siteFlags(&opts)
	c.String(&opts.Dest, "d", "destination", "write the site to `DIR` too (default: a temporary folder, removed on exit)")
	c.String(&bind, "", "bind", "listen on `ADDRESS` (default 127.0.0.1; 0.0.0.0 is every network)")
	c.Int(&port, "p", "port", "listen on `PORT` (default 1313; 0 picks a free one)")
	var allowed []string
	c.StringList(&allowed, "", "allowed-hosts", "answer requests for `NAMES` too, besides localhost, 127.0.0.1, [::1] and --bind (.example.org: the domain and its subdomains)")
	if code, stop := c.parse(args); stop {
		return code
	}
	stdout, stderr := c.stdout, c.stderr
	temporary := opts.Dest == ""
	if temporary {
		tmp, err := newServeTemp()
		if err != nil {
			fmt.Fprintf(stderr, "briefings serve: %v\n", err)
			return 1
		}
		defer removeServeTempTelling(tmp, stderr)
		opts.Dest = filepath.Join(tmp, "public")
	}
	// A refused output folder (inside content/, say) is reported before
	// anything is made there.
	cfg := config.Load(filepath.Join(opts.Source, "site.toml"), "site.toml", &diag.List{})
	if err := publish.Check(opts.Dest, opts.Source, cfg.Keep); err != nil {
		fmt.Fprintf(stderr, "briefings serve: %v\n", err)
		return 1
	}
	if err := os.MkdirAll(opts.Dest, 0o755); err != nil {
		fmt.Fprintf(stderr, "briefings serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err != nil {
		fmt.Fprintf(stderr, "briefings serve: cannot listen on %s (%v): check --bind, or choose another port with --port (0 picks a free one)\n", net.JoinHostPort(bind, strconv.Itoa(port)), errors.Unwrap(errors.Unwrap(err)))
		return 1
	}
	defer ln.Close()
	if ip := net.ParseIP(bind); bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "warning: serving on %s: other machines on the network can read the site (drafts too, with --drafts)\n", bind)
	}

	// Pages are built for the local server (canonical links and feeds
	// point at it), under base_url's path, so links behave as published.
	host := ln.Addr().String()
	basePath := sitePath(opts.Source)
	opts.BaseURL = "http://" + host + basePath
	srv, err := serving.New(opts.Dest, basePath, bind, allowed)
	if err != nil {
		fmt.Fprintf(stderr, "briefings serve: %v\n", err)
		return 1
	}
	// The site is served as soon as the first build has written its
	// pages, before its search index and data exports; until then a
	// request waits in the listener's queue.
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	var serving sync.Once
	serve := func() { serving.Do(func() { go func() { served <- httpSrv.Serve(ln) }() }) }
	// A quick rebuild tells the tabs to reload as soon as the pages are
	// written, before the search index is.
	reloaded := false
	newBuilder := func() *generator.Builder {
		b := generator.NewBuilder(opts)
		b.Pages = func() { srv.Reload(); reloaded = true; serve() }
		return b
	}
	// Watch before the first build, so that a save made while it runs
	// is built too.
	w, err := watch.New(opts.Source)
	if err != nil {
		fmt.Fprintf(stderr, "briefings: %v\n", err)
		srv.Close()
		return 1
	}
	defer w.Close()
	b := newBuilder()
	res, err := b.Rebuild(nil)
	if report(res, err, stdout, stderr); err != nil {
		srv.Close()
		return 1
	}
	if res.Failed {
		srv.Fail(lines(res.Diagnostics))
	} else {
		srv.Warn(warnings(res.Diagnostics))
	}
	if temporary {
		// What earlier serves left, once this one is up.
		go removeStaleServeTemps(os.TempDir())
	}
	serve()
	fmt.Fprintf(stdout, "Serving %s at http://%s%s (Ctrl-C to stop)\n", displayDir(opts.Source), host, basePath)
	go freeMemory()

	code := loop(ctx, w, stdout, stderr, "still serving the last good site", func(changed []string) (*generator.Result, error) {
		if p := sitePath(opts.Source); p != basePath && containsConfig(changed) {
			// base_url's path moved: serve under the new one.
			basePath = p
			opts.BaseURL = "http://" + host + basePath
			b = newBuilder()
			srv.SetBasePath(basePath)
			fmt.Fprintf(stdout, "Serving at http://%s%s\n", host, basePath)
		}
		reloaded = false
		res, err := b.Rebuild(changed)
		switch {
		case err != nil:
			srv.Fail([]string{err.Error()})
		case res.Failed:
			srv.Fail(lines(res.Diagnostics))
		case !reloaded:
			srv.Reload()
		}
		if err == nil && !res.Failed {
			srv.Warn(warnings(res.Diagnostics))
		}
		return res, err
	})
	srv.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	httpSrv.Shutdown(shutdown)
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "briefings serve: %v\n", err)
		return 1
	}
	return code
}

// watchUntil builds the site to its output folder and again on every
// change, until ctx ends.
func watchUntil(ctx context.Context, opts generator.Options, stdout, stderr io.Writer) int {
	// Watch before the first build, so that a save made while it runs
	// is built too.
	w, err := watch.New(opts.Source)
	if err != nil {
		fmt.Fprintf(stderr, "briefings: %v\n", err)
		return 1
	}
	defer w.Close()
	b := generator.NewBuilder(opts)
	res, err := b.Rebuild(nil)
	if report(res, err, stdout, stderr); err != nil {
		return 1
	}
	go freeMemory()
	if afterFirstBuild != nil {
		afterFirstBuild()
	}
	fmt.Fprintf(stdout, "Watching %s for changes (Ctrl-C to stop)\n", displayDir(opts.Source))
	return loop(ctx, w, stdout, stderr, "the output folder keeps the last good build", b.Rebuild)
}

// freeMemory gives back to the system the memory the first build used
// and no longer needs (the pages it wrote, some 1.4 GB at 10,000
// briefings), which Go would otherwise return over minutes: a server's
// resident size is then what its Builder keeps.
func freeMemory() { debug.FreeOSMemory() }

// afterFirstBuild, when set by a test, is called once the first build of
// `build --watch` is written, before its loop starts.
var afterFirstBuild func()

// loop calls rebuild with each change set w sees, printing what
// happened, until ctx ends. Problems in the site are printed, with kept
// saying what the user still has, and the loop goes on: it ends only
// with ctx.
func loop(ctx context.Context, w *watch.Watcher, stdout, stderr io.Writer, kept string, rebuild func([]string) (*generator.Result, error)) int {
	var mu sync.Mutex // the output writers are not ours to share
	w.Run(ctx, func(changed []string) {
		res, err := rebuild(changed)
		mu.Lock()
		defer mu.Unlock()
		what := strings.Join(changed, ", ")
		if len(changed) > 3 {
			what = fmt.Sprintf("%s and %d more", strings.Join(changed[:3], ", "), len(changed)-3)
		}
		switch {
		case err != nil:
			if res != nil {
				diag.Print(stderr, res.Diagnostics)
			}
			fmt.Fprintf(stderr, "briefings: %v\n", err)
		case res.Failed:
			diag.Print(stderr, res.Diagnostics)
			fmt.Fprintf(stderr, "build failed after a change to %s: %s; %s\n", what, problems(res), kept)
		default:
			diag.Print(stderr, res.Diagnostics)
			fmt.Fprintf(stdout, "rebuilt in %s after a change to %s\n", res.Duration.Round(time.Millisecond/10), what)
		}
	})
	return 0
}

// lines formats diagnostics as path:line: message.
func lines(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

// warnings formats the warnings among diagnostics as path:line: message,
// for the panel of `serve`.
func warnings(ds []diag.Diagnostic) []string {
	out := []string{}
	for _, d := range ds {
		if d.Severity == diag.Warning {
			if d.Pos.File == "" {
				out = append(out, d.Msg)
			} else {
				out = append(out, d.Pos.String()+": "+d.Msg)
			}
		}
	}
	return out
}

// sitePath returns the path of the site's base_url, "/" when site.toml
// cannot be read (the build reports why).
func sitePath(source string) string {
	cfg := config.Load(filepath.Join(source, "site.toml"), "site.toml", &diag.List{})
	if cfg == nil {
		return "/"
	}
	return cfg.BasePath()
}

func containsConfig(changed []string) bool {
	for _, p := range changed {
		if p == watch.Config || p == watch.Everything {
			return true
		}
	}
	return false
}

func displayDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
