// Command edits measures how long an editor waits on `briefings serve`
// for each kind of edit to content: from the moment a file is saved to
// the moment the open tabs are told to reload (the server's reload
// event), through the real watcher, rebuild and server, as issue 27
// measures it. It copies the site to a temporary folder, adds a page
// bundle, starts `briefings serve` on it (a binary it is given, on a free
// port of 127.0.0.1), and makes rounds of edits, one of each kind per
// round, waiting for each rebuild to finish and pausing as a writer does
// before the next. It prints the startup time and a table of the median
// and 95th percentile of each kind, and stops the server it started.
//
//	go build -o /tmp/briefings . && go run ./bench/edits -bin /tmp/briefings -s /tmp/corpus-10k -r 20
//
// The kinds are a briefing's body; its front matter (people, countries,
// events, tags, title, date, draft, tlp); a new, a deleted and a renamed
// briefing; an entity note's name and its aliases; a page bundle's file.
// bench/run runs it after the full builds.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	bin := flag.String("bin", "", "the briefings `binary` to run")
	site := flag.String("s", "", "the site `folder` (the shared corpus), copied before it is edited")
	rounds := flag.Int("r", 20, "`rounds` of edits, one of each kind a round")
	pause := flag.Duration("pause", 300*time.Millisecond, "the `pause` after each rebuild, as a writer makes between saves")
	flag.Parse()
	if *bin == "" || *site == "" {
		fmt.Fprintln(os.Stderr, "usage: edits -bin BRIEFINGS -s SITE [-r ROUNDS]")
		os.Exit(2)
	}
	if err := run(*bin, *site, *rounds, *pause); err != nil {
		fmt.Fprintln(os.Stderr, "edits:", err)
		os.Exit(1)
	}
}

// output gathers what the server prints, for the test of a rebuild's end.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// done counts the rebuilds that ended, well or not.
func (o *output) done() int {
	s := o.String()
	return strings.Count(s, "rebuilt in ") + strings.Count(s, "build failed after")
}

func run(bin, site string, rounds int, pause time.Duration) error {
	dir, err := os.MkdirTemp("", "briefings-edits-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.CopyFS(dir, os.DirFS(site)); err != nil {
		return err
	}
	os.Remove(filepath.Join(dir, ".complete"))
	e, err := newEditor(dir)
	if err != nil {
		return err
	}

	var out output
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "-s", dir, "--port", "0", "--future")
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Wait()
	defer cancel()

	urlRE := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/\S*) `)
	var base string
	for base == "" {
		if m := urlRE.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		} else if time.Since(start) > 10*time.Minute || cmd.ProcessState != nil {
			return fmt.Errorf("serve printed no address:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	for {
		resp, err := http.Get(base)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	startup := time.Since(start)

	resp, err := http.Get(base + "__briefings/events")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	events := make(chan time.Time, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: ") {
				events <- time.Now()
			}
		}
	}()

	lat := map[string][]time.Duration{}
	save := func(kind string, edit func() error, keep bool) error {
		before := out.done()
		// Events left from the last rebuild (its warnings) are not
		// this save's.
		for len(events) > 0 {
			<-events
		}
		t0 := time.Now()
		if err := edit(); err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		select {
		case t := <-events:
			if keep {
				lat[kind] = append(lat[kind], t.Sub(t0))
				fmt.Fprintf(os.Stderr, "%s: %s\n", kind, ms(t.Sub(t0)))
			}
		case <-time.After(5 * time.Minute):
			return fmt.Errorf("%s: no reload event in 5 minutes:\n%s", kind, tail(out.String(), 20))
		}
		for deadline := time.Now().Add(5 * time.Minute); out.done() == before; {
			if time.Now().After(deadline) {
				return fmt.Errorf("%s: the rebuild did not end in 5 minutes", kind)
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(pause)
		return nil
	}
	// Two saves warm up.
	for i := range 2 {
		if err := save("warm-up", func() error { return e.body(i) }, false); err != nil {
			return err
		}
	}
	for r := range rounds {
		for _, k := range e.kinds() {
			if err := save(k.name, func() error { return k.edit(r) }, true); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "round %d of %d done\n", r+1, rounds)
	}
	if s := out.String(); strings.Contains(s, "build failed after") {
		return fmt.Errorf("a rebuild failed, so the edits measure nothing:\n%s", tail(s, 20))
	}

	fmt.Printf("Startup (serve until / answers): %.2f s\n\n", startup.Seconds())
	fmt.Printf("Save to reload, %d saves of each kind:\n\n", rounds)
	fmt.Println("| edit | p50 | p95 | max |")
	fmt.Println("|---|---:|---:|---:|")
	for _, k := range e.kinds() {
		l := lat[k.name]
		slices.Sort(l)
		pct := func(p float64) time.Duration { return l[min(len(l)-1, int(p*float64(len(l))))] }
		fmt.Printf("| %s | %s | %s | %s |\n", k.name, ms(pct(0.5)), ms(pct(0.95)), ms(l[len(l)-1]))
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000) }

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// editor makes the edits, each on another note of the site.
type editor struct {
	dir       string
	briefings []string // paths from dir, of briefings with TOML front matter
	people    []string
	event     string // the name of an event note
	n         int
}

// A kind is one kind of edit; edit makes it for round r.
type kind struct {
	name string
	edit func(r int) error
}

func newEditor(dir string) (*editor, error) {
	e := &editor{dir: dir}
	for _, sub := range []string{"briefings", "people"} {
		entries, err := os.ReadDir(filepath.Join(dir, "content", sub))
		if err != nil {
			return nil, err
		}
		for _, en := range entries {
			if strings.HasSuffix(en.Name(), ".md") {
				p := filepath.Join("content", sub, en.Name())
				if sub == "briefings" {
					e.briefings = append(e.briefings, p)
				} else {
					e.people = append(e.people, p)
				}
			}
		}
	}
	if len(e.briefings) < 100 || len(e.people) < 10 {
		return nil, errors.New("the site needs 100 briefings and 10 people notes at least (the shared corpus has them)")
	}
	events, _ := filepath.Glob(filepath.Join(dir, "content/events/*.md"))
	for _, p := range events {
		if b, err := os.ReadFile(p); err == nil {
			if m := regexp.MustCompile(`(?m)^name = (".*")$`).FindSubmatch(b); m != nil {
				e.event = strings.Trim(string(m[1]), `"`)
				break
			}
		}
	}
	if e.event == "" {
		return nil, errors.New("the site has no event note")
	}
	// A page bundle: a briefing with a chart beside it.
	bundle := filepath.Join(dir, "content/briefings/2026-12-31-bench-bundle")
	if err := os.MkdirAll(bundle, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(bundle, "index.md"), []byte("+++\ntitle = \"A briefing with a chart\"\ndate = 2026-12-31\n+++\nThe chart shows it.\n\n![The chart](chart.svg)\n"), 0o644); err != nil {
		return nil, err
	}
	return e, e.chart(0)
}

func (e *editor) kinds() []kind {
	fm := func(key string, value func(r int) string) func(r int) error {
		return func(r int) error { return e.field(e.pick(r, key), key, value(r)) }
	}
	return []kind{
		{"body text", e.body},
		{"front matter: people", fm("people", func(r int) string { return fmt.Sprintf(`["Vera Benchmark %d"]`, r) })},
		{"front matter: countries", fm("countries", func(r int) string { return `["Chile", "Peru"]` })},
		{"front matter: events", fm("events", func(r int) string { return fmt.Sprintf("[%q]", e.event) })},
		{"front matter: tags", fm("tags", func(r int) string { return fmt.Sprintf(`["bench tag %d"]`, r) })},
		{"front matter: title", fm("title", func(r int) string { return fmt.Sprintf(`"A title retyped on save %d"`, r) })},
		{"front matter: date", fm("date", func(r int) string { return fmt.Sprintf("2019-%02d-%02d", 1+r%12, 1+r%28) })},
		{"front matter: draft", fm("draft", func(r int) string { return "true" })},
		{"front matter: tlp", fm("tlp", func(r int) string { return `"AMBER"` })},
		{"new briefing", e.add},
		{"deleted briefing", e.remove},
		{"renamed briefing", e.rename},
		{"entity note: name", e.name},
		{"entity note: aliases", e.aliases},
		{"page bundle file", e.chart},
	}
}

// pick returns a briefing for the edit key of round r: each kind edits
// other briefings than the others.
func (e *editor) pick(r int, key string) string {
	h := 0
	for _, c := range key {
		h = h*31 + int(c)
	}
	return e.briefings[(r*7919+h*104729)%len(e.briefings)]
}

func (e *editor) read(p string) (string, error) {
	b, err := os.ReadFile(filepath.Join(e.dir, p))
	return string(b), err
}

func (e *editor) write(p, s string) error {
	return os.WriteFile(filepath.Join(e.dir, p), []byte(s), 0o644)
}

func (e *editor) body(r int) error {
	p := e.pick(r, "body")
	src, err := e.read(p)
	if err != nil {
		return err
	}
	return e.write(p, src+fmt.Sprintf("\nA sentence added on save %d.\n", r))
}

// field sets the front matter key of the note p to value.
func (e *editor) field(p, key, value string) error {
	src, err := e.read(p)
	if err != nil {
		return err
	}
	head, body, ok := strings.Cut(strings.TrimPrefix(src, "+++\n"), "\n+++\n")
	if !ok {
		return fmt.Errorf("%s: no TOML front matter", p)
	}
	lines := strings.Split(head, "\n")
	set := false
	for i, l := range lines {
		if strings.HasPrefix(l, "[") {
			// Tables ([[sources]]) end the top-level keys.
			if !set {
				lines = slices.Insert(lines, i, key+" = "+value)
				set = true
			}
			break
		}
		if k, _, ok := strings.Cut(l, " = "); ok && k == key {
			lines[i] = key + " = " + value
			set = true
			break
		}
	}
	if !set {
		lines = append(lines, key+" = "+value)
	}
	return e.write(p, "+++\n"+strings.Join(lines, "\n")+"\n+++\n"+body)
}

func (e *editor) add(r int) error {
	e.n++
	p := fmt.Sprintf("content/briefings/2026-12-30-bench-new-%d.md", e.n)
	e.briefings = append(e.briefings, p)
	return e.write(p, fmt.Sprintf("+++\ntitle = \"A new briefing, number %d\"\ndate = 2026-12-30\npeople = [\"Vladimir Putin\"]\ncountries = [\"Russia\", \"Ukraine\"]\ntags = [\"energy\"]\n+++\nA new briefing about Russia and Ukraine, number %d.\n", e.n, e.n))
}

func (e *editor) remove(r int) error {
	p := e.pick(r, "remove")
	e.briefings = slices.DeleteFunc(e.briefings, func(q string) bool { return q == p })
	return os.Remove(filepath.Join(e.dir, p))
}

func (e *editor) rename(r int) error {
	p := e.pick(r, "rename")
	to := strings.TrimSuffix(p, ".md") + "-renamed.md"
	i := slices.Index(e.briefings, p)
	e.briefings[i] = to
	return os.Rename(filepath.Join(e.dir, p), filepath.Join(e.dir, to))
}

func (e *editor) person(r int, what string) (string, string, error) {
	p := e.people[(r*7919+len(what))%len(e.people)]
	src, err := e.read(p)
	return p, src, err
}

func (e *editor) name(r int) error {
	p, src, err := e.person(r, "name")
	if err != nil {
		return err
	}
	re := regexp.MustCompile(`(?m)^name = "(.*)"$`)
	if !re.MatchString(src) {
		return fmt.Errorf("%s: no name", p)
	}
	return e.write(p, re.ReplaceAllString(src, `name = "$1 Jr."`))
}

func (e *editor) aliases(r int) error {
	p, _, err := e.person(r, "aliases")
	if err != nil {
		return err
	}
	return e.field(p, "aliases", fmt.Sprintf(`["Bench Alias %d"]`, r))
}

func (e *editor) chart(r int) error {
	return e.write("content/briefings/2026-12-31-bench-bundle/chart.svg", fmt.Sprintf("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 20\"><text y=\"15\">Saved %d times</text></svg>\n", r))
}
