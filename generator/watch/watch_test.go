package watch_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefings/generator/watch"
)

// site makes a site folder and a running Watcher on it; sets delivers its
// change sets.
func site(t *testing.T, quiet time.Duration) (dir string, sets <-chan []string) {
	t.Helper()
	dir = t.TempDir()
	for _, f := range []string{"site.toml", "content/briefings/a.md", "content/about.md", "layouts/home.html", "static/robots.txt"} {
		write(t, dir, f, "x")
	}
	w, err := watch.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Quiet = quiet
	w.MaxWait = 10 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan []string, 100)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx, func(paths []string) { out <- paths })
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return dir, out
}

func write(t *testing.T, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// collect gathers change sets until every wanted path has been reported,
// or fails after five seconds.
func collect(t *testing.T, sets <-chan []string, want ...string) (all []string, n int) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		missing := false
		for _, w := range want {
			missing = missing || !slices.Contains(all, w)
		}
		if !missing {
			return all, n
		}
		select {
		case set := <-sets:
			all = append(all, set...)
			n++
		case <-deadline:
			t.Fatalf("got change sets %q, want them to hold %q", all, want)
		}
	}
}

// quiet fails if a change set comes within d.
func quiet(t *testing.T, sets <-chan []string, d time.Duration) {
	t.Helper()
	select {
	case set := <-sets:
		t.Errorf("unexpected change set %q", set)
	case <-time.After(d):
	}
}

// TestWatchReportsWhatEditorsDo makes the changes editors and tools make
// and checks what the watcher reports for each. Issue 4.
func TestWatchReportsWhatEditorsDo(t *testing.T) {
	dir, sets := site(t, 30*time.Millisecond)
	p := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }

	t.Run("plain write", func(t *testing.T) {
		write(t, dir, "content/briefings/a.md", "plain")
		collect(t, sets, "content/briefings/a.md")
	})
	t.Run("vim save: swap file, 4913 probe, rename to backup, new file", func(t *testing.T) {
		write(t, dir, "content/briefings/.a.md.swp", "swap")
		write(t, dir, "content/briefings/4913", "")
		os.Remove(p("content/briefings/4913"))
		os.Rename(p("content/briefings/a.md"), p("content/briefings/a.md~"))
		write(t, dir, "content/briefings/a.md", "saved by vim")
		os.Remove(p("content/briefings/a.md~"))
		os.Remove(p("content/briefings/.a.md.swp"))
		all, _ := collect(t, sets, "content/briefings/a.md")
		for _, got := range all {
			if strings.Contains(got, "swp") || strings.Contains(got, "4913") || strings.HasSuffix(got, "~") {
				t.Errorf("reported the editor's file %s", got)
			}
		}
	})
	t.Run("IDE save: write a temporary file, rename it over the note", func(t *testing.T) {
		write(t, dir, "content/.a.md.tmp", "new")
		os.Rename(p("content/.a.md.tmp"), p("content/about.md"))
		collect(t, sets, "content/about.md")
	})
	t.Run("emacs lock and autosave files are ignored", func(t *testing.T) {
		write(t, dir, "content/briefings/#a.md#", "autosave")
		write(t, dir, "content/briefings/b.md~", "backup")
		quiet(t, sets, 200*time.Millisecond)
	})
	t.Run("delete then create", func(t *testing.T) {
		os.Remove(p("content/briefings/a.md"))
		write(t, dir, "content/briefings/a.md", "again")
		collect(t, sets, "content/briefings/a.md")
	})
	t.Run("new folder with a file, then a file in a folder made later", func(t *testing.T) {
		write(t, dir, "content/people/ana.md", "ana")
		collect(t, sets, "content/people/ana.md")
		os.Mkdir(p("content/events"), 0o755)
		collect(t, sets, "content/events")
		write(t, dir, "content/events/summit.md", "summit")
		collect(t, sets, "content/events/summit.md")
	})
	t.Run("a folder moved in with files already in it", func(t *testing.T) {
		write(t, dir, "elsewhere/countries/chile.md", "chile")
		os.Rename(p("elsewhere/countries"), p("content/countries"))
		collect(t, sets, "content/countries")
		write(t, dir, "content/countries/peru.md", "peru")
		collect(t, sets, "content/countries/peru.md")
	})
	t.Run("delete and rename notes", func(t *testing.T) {
		os.Remove(p("content/people/ana.md"))
		collect(t, sets, "content/people/ana.md")
		os.Rename(p("content/events/summit.md"), p("content/events/rio-summit.md"))
		collect(t, sets, "content/events/summit.md", "content/events/rio-summit.md")
	})
	t.Run("site.toml, layouts and static", func(t *testing.T) {
		write(t, dir, "site.toml", "title = \"y\"")
		write(t, dir, "layouts/home.html", "home")
		write(t, dir, "static/robots.txt", "robots")
		collect(t, sets, "site.toml", "layouts/home.html", "static/robots.txt")
	})
	t.Run("static/.well-known, which a build publishes, is watched; other hidden folders are not", func(t *testing.T) {
		write(t, dir, "static/.well-known/security.txt", "Contact: x")
		collect(t, sets, "static/.well-known/security.txt")
		write(t, dir, "static/.well-known/security.txt", "Contact: y")
		collect(t, sets, "static/.well-known/security.txt")
		write(t, dir, "static/.hidden/x.txt", "x")
		write(t, dir, "content/.well-known/x.txt", "x")
		quiet(t, sets, 200*time.Millisecond)
	})
	t.Run("files the site does not read are ignored", func(t *testing.T) {
		write(t, dir, "public/index.html", "output")
		write(t, dir, "README.md", "readme")
		write(t, dir, ".git/HEAD", "ref")
		quiet(t, sets, 200*time.Millisecond)
	})
}

// TestWatchGathersABurstIntoOneChangeSet writes many files at once, as
// `git checkout` does, and gets one change set.
func TestWatchGathersABurstIntoOneChangeSet(t *testing.T) {
	dir, sets := site(t, 500*time.Millisecond)
	var want []string
	for i := range 60 {
		rel := fmt.Sprintf("content/briefings/n%02d.md", i)
		write(t, dir, rel, "burst")
		want = append(want, rel)
	}
	all, n := collect(t, sets, want...)
	if n != 1 {
		t.Errorf("got %d change sets, want 1: %q", n, all)
	}
	if !slices.IsSorted(all) {
		t.Errorf("change set not sorted: %q", all)
	}
}

// TestWatchReportsAWriteInPlaceSoon writes into a note that is there
// already, the save a writer makes most, and gets its change set after
// the short quiet spell, long before the full one; creating a file still
// waits the full spell. Issue 4.
func TestWatchReportsAWriteInPlaceSoon(t *testing.T) {
	dir, sets := site(t, 3*time.Second)
	start := time.Now()
	// An editor saving in place truncates the file, then writes it. The
	// pause keeps inotify from folding the two Write events into one,
	// which it does when the watcher has not read the first yet; then
	// the save waits the full spell, later but still whole.
	f, err := os.OpenFile(filepath.Join(dir, "content", "briefings", "a.md"), os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := f.WriteString("saved in place"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	all, _ := collect(t, sets, "content/briefings/a.md")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("a write in place was reported after %s, want the short spell (%s)", took, watch.DefaultQuietOne)
	}
	if !slices.Equal(all, []string{"content/briefings/a.md"}) {
		t.Errorf("got %q, want the note alone", all)
	}
	start = time.Now()
	write(t, dir, "content/briefings/new.md", "created")
	collect(t, sets, "content/briefings/new.md")
	if took := time.Since(start); took < 3*time.Second {
		t.Errorf("a new file was reported after %s, want the full spell (3s)", took)
	}
}
