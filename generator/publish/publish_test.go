package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// tree returns every file and folder under dir with its content ("/" for a
// folder, "-> target" for a symbolic link), to compare a folder before and
// after.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return out
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "-> " + target
		case d.IsDir():
			out[rel] = "/"
		case rel == Marker:
			out[rel] = "(manifest)" // its inodes and mtimes change
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// write creates files under dir; a name ending in / is a folder.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func sameTree(t *testing.T, got, want map[string]string) {
	t.Helper()
	if !maps.Equal(got, want) {
		keys := slices.Sorted(maps.Keys(got))
		wkeys := slices.Sorted(maps.Keys(want))
		t.Errorf("folder changed:\ngot  %q\nwant %q", keys, wkeys)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: got %q, want %q", k, got[k], v)
			}
		}
	}
}

// site makes a site folder with a previous build in public/ (with a
// gh-pages .git, a CNAME and a kept file), and returns the site folder
// and the output folder.
func site(t *testing.T) (src, dest string) {
	t.Helper()
	src = t.TempDir()
	write(t, src, map[string]string{
		"site.toml":           "title = \"T\"\n",
		"content/about.md":    "+++\ntitle = \"About\"\n+++\n",
		"static/logo.svg":     "<svg/>",
		"public/.briefings":   "marker\n",
		"public/index.html":   "old home",
		"public/a/index.html": "old a",
		"public/.git/HEAD":    "ref: refs/heads/gh-pages\n",
		"public/CNAME":        "example.org\n",
		"public/google1.html": "verification",
		"public/docs/x.pdf":   "pdf",
		"sibling.txt":         "outside the output folder",
	})
	return src, filepath.Join(src, "public")
}

func TestCheckRefusesDangerousDestinations(t *testing.T) {
	src, _ := site(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	other := t.TempDir()
	write(t, other, map[string]string{"notes/todo.txt": "mine", "site.toml": ""})
	foreign := t.TempDir()
	write(t, foreign, map[string]string{"thesis.tex": "years of work"})
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(src, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dest, want string
	}{
		{"the source folder", src, "its own source folder"},
		{"the source folder, relative", src + "/content/..", "its own source folder"},
		{"a link to the source folder", link, "its own source folder"},
		{"a folder holding the source", filepath.Dir(src), "holds the source folder"},
		{"a folder with site.toml", other, "it holds site.toml"},
		{"content/", filepath.Join(src, "content"), "inside the site's content/ folder"},
		{"a folder in content/", filepath.Join(src, "content", "out"), "inside the site's content/ folder"},
		{"static/", filepath.Join(src, "static"), "inside the site's static/ folder"},
		{"the root", "/", "refusing to write the site to /"},
		{"the home folder", home, "the home folder"},
		{"a folder briefings did not write", foreign, "refusing to replace"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.dest, src, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check(%s) = %v, want an error with %q", tc.dest, err, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name, dest string
		keep       []string
	}{
		{"a new folder", filepath.Join(other, "public"), nil},
		{"a previous output", filepath.Join(src, "public"), nil},
		{"a folder holding only .git and CNAME", filepath.Join(home, "gh-pages"), nil},
		{"a folder holding kept files", foreign, []string{"thesis.tex"}},
	} {
		write(t, home, map[string]string{"gh-pages/.git/HEAD": "x", "gh-pages/CNAME": "x"})
		t.Run(tc.name, func(t *testing.T) {
			if err := Check(tc.dest, src, tc.keep); err != nil {
				t.Errorf("Check(%s) = %v, want nil", tc.dest, err)
			}
		})
	}
}

func TestWriteReplacesOutputAndKeepsGitCNAMEAndKeep(t *testing.T) {
	src, dest := site(t)
	p := &Plan{Dest: dest, Source: src, Keep: []string{"google1.html", "/docs/"},
		Files:  []File{{Path: "index.html", Data: []byte("new home")}, {Path: "b/index.html", Data: []byte("new b")}},
		Copies: map[string]string{"logo.svg": filepath.Join(src, "static/logo.svg")}}
	for range 2 { // the second build must find and keep the same
		if err := Write(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		sameTree(t, tree(t, dest), map[string]string{
			".":            "/",
			".briefings":   "(manifest)",
			"index.html":   "new home",
			"b":            "/",
			"b/index.html": "new b",
			"logo.svg":     "<svg/>",
			".git":         "/",
			".git/HEAD":    "ref: refs/heads/gh-pages\n",
			"CNAME":        "example.org\n",
			"google1.html": "verification",
			"docs":         "/",
			"docs/x.pdf":   "pdf",
		})
	}
	if got := leftovers(t, dest); len(got) > 0 {
		t.Errorf("staging folders left beside the output: %q", got)
	}
}

// TestWriteStreamsMadePages: a page made as it is written, in many small
// writes and larger than a writer's buffer, arrives whole, beside pages
// given as bytes.
func TestWriteStreamsMadePages(t *testing.T) {
	src, dest := site(t)
	var want strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&want, "<li>briefing %d</li>\n", i)
	}
	made := func(w io.Writer) error {
		for line := range strings.Lines(want.String()) {
			if _, err := io.WriteString(w, line); err != nil {
				return err
			}
		}
		return nil
	}
	files := append(many(20), File{Path: "countries/mali/index.html", Make: made}, File{Path: "small.html", Make: func(w io.Writer) error {
		_, err := io.WriteString(w, "small")
		return err
	}})
	if err := Write(context.Background(), &Plan{Dest: dest, Source: src, Files: files}); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"countries/mali/index.html": want.String(), "small.html": "small", "p/a/.html": "page"} {
		if got, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(path))); err != nil || string(got) != want {
			t.Errorf("%s: %d bytes (%v), want %d", path, len(got), err, len(want))
		}
	}
}

// TestFilesAfterAreMadeOnceTheOthersAreMade: a file with After is made
// once every other file is made, by Write and by an Output's Update, so
// that it can list them with their sizes.
func TestFilesAfterAreMadeOnceTheOthersAreMade(t *testing.T) {
	src, dest := site(t)
	var mu sync.Mutex
	sizes := map[string]int{}
	list := File{Path: "list.txt", After: true, Make: func(w io.Writer) error {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range slices.Sorted(maps.Keys(sizes)) {
			fmt.Fprintf(w, "%s %d\n", p, sizes[p])
		}
		return nil
	}}
	files := []File{list}
	for i := range 30 {
		path := fmt.Sprintf("p%d.html", i)
		files = append(files, File{Path: path, Make: func(w io.Writer) error {
			time.Sleep(time.Duration(i%5) * time.Millisecond)
			n, err := io.WriteString(w, strings.Repeat("x", i))
			mu.Lock()
			sizes[path] = n
			mu.Unlock()
			return err
		}})
	}
	for _, how := range []string{"Write", "Update"} {
		clear(sizes)
		var err error
		if how == "Write" {
			err = Write(context.Background(), &Plan{Dest: dest, Source: src, Files: files})
		} else {
			var o *Output
			if o, err = Open(dest, src, nil); err == nil {
				_, err = o.Update(context.Background(), files, nil, nil)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dest, "list.txt"))
		if err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		for i := range 30 {
			if line := fmt.Sprintf("p%d.html %d\n", i, i); !strings.Contains(string(got), line) {
				t.Errorf("%s: the list has no line %q: the file was made after the list", how, line)
			}
		}
	}
}

// TestWriteOwnCNAMEReplacesOld: site.toml's cname wins over the old file.
func TestWriteOwnCNAMEReplacesOld(t *testing.T) {
	src, dest := site(t)
	if err := Write(context.Background(), &Plan{Dest: dest, Source: src, Files: []File{{Path: "CNAME", Data: []byte("new.example.org\n")}}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "CNAME")); string(b) != "new.example.org\n" {
		t.Errorf("CNAME = %q, want the build's own", b)
	}
}

func leftovers(t *testing.T, dest string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".staging-*"))
	return m
}

// TestFailedWriteLeavesEverythingAsItWas makes Write fail while it
// writes, and checks that the site folder, the old
// output (with .git, CNAME and kept files) and everything beside it are
// byte for byte as they were, and that no staging folder is left.
func TestFailedWriteLeavesEverythingAsItWas(t *testing.T) {
	keep := []string{"google1.html", "docs"}
	for _, tc := range []struct {
		name string
		plan func(src string) *Plan
	}{
		{name: "a copied file vanished midway", plan: func(src string) *Plan {
			return &Plan{Files: many(200), Copies: map[string]string{"gone.png": filepath.Join(src, "static/gone.png")}, Keep: keep}
		}},
		{name: "a file and a folder with one name", plan: func(src string) *Plan {
			return &Plan{Files: append(many(200), File{Path: "logo.svg", Data: []byte("x")}),
				Copies: map[string]string{"logo.svg/x": filepath.Join(src, "static/logo.svg")}, Keep: keep}
		}},
		{name: "a page fails halfway through", plan: func(string) *Plan {
			half := func(w io.Writer) error {
				w.Write(bytes.Repeat([]byte("<p>half a page</p>\n"), 10000))
				return errors.New("template failed")
			}
			return &Plan{Files: append(many(50), File{Path: "big/index.html", Make: half}), Keep: keep}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, dest := site(t)
			before := tree(t, src)
			p := tc.plan(src)
			p.Dest, p.Source = dest, src
			if err := Write(context.Background(), p); err == nil {
				t.Fatal("Write succeeded, want an error")
			}
			sameTree(t, tree(t, src), before)
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("staging folders left beside the output: %q", got)
			}
		})
	}
}

// many returns n small pages, so that writing takes several goroutines.
func many(n int) []File {
	var out []File
	for i := range n {
		out = append(out, File{Path: "p/" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "/" + strings.Repeat("y", i) + ".html", Data: []byte("page")})
	}
	return out
}

// TestWriteRecoversFromInterruptedSwap: a build killed between moving the
// old output aside and moving the new one in leaves the output missing,
// the old output in .public.staging-N.old and the .git in the staging
// folder; the next build puts both back before it publishes.
func TestWriteRecoversFromInterruptedSwap(t *testing.T) {
	src, dest := site(t)
	stage := filepath.Join(src, ".public.staging-123")
	write(t, stage, map[string]string{"index.html": "half-built", ".briefings": "m"})
	if err := os.Rename(filepath.Join(dest, ".git"), filepath.Join(stage, ".git")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(dest, stage+".old"); err != nil {
		t.Fatal(err)
	}
	if err := Write(context.Background(), &Plan{Dest: dest, Source: src, Files: []File{{Path: "index.html", Data: []byte("new home")}}}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	if got[".git/HEAD"] != "ref: refs/heads/gh-pages\n" || got["CNAME"] != "example.org\n" || got["index.html"] != "new home" {
		t.Errorf("after recovery the output holds %q", slices.Sorted(maps.Keys(got)))
	}
	if l := leftovers(t, dest); len(l) > 0 {
		t.Errorf("staging folders left beside the output: %q", l)
	}
}

// TestWriteKeepsOnlyPathsInsideOutput: a keep entry that names the output
// folder itself or climbs out of it is refused before anything is
// written (issue 20: keep = ["."] deleted the output's .git and CNAME).
func TestWriteKeepsOnlyPathsInsideOutput(t *testing.T) {
	for _, keep := range []string{"../sibling.txt", "..", ".", "/", "docs/../../site.toml", "docs/.."} {
		t.Run(keep, func(t *testing.T) {
			src, dest := site(t)
			before := tree(t, src)
			err := Write(context.Background(), &Plan{Dest: dest, Source: src, Keep: []string{keep}, Files: many(3)})
			if err == nil || !strings.Contains(err.Error(), "is not a path inside the output folder") {
				t.Fatalf("Write = %v, want a refusal of the keep entry", err)
			}
			sameTree(t, tree(t, src), before)
		})
	}
}

// TestWriteRefusesCollidingAndOutsidePaths: a path published as a file and
// as a folder, or outside the output folder, is refused before anything
// is written, with the files it comes from.
func TestWriteRefusesCollidingAndOutsidePaths(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan Plan
		want string
	}{
		{"a file and a folder", Plan{Files: []File{{Path: "news/index.html"}}, Copies: map[string]string{"news": "static/news"}},
			"news is published as a file (from static/news) and as a folder holding news/index.html (from a generated page): rename one of the two"},
		{"outside", Plan{Files: []File{{Path: "../x.html"}}}, "refusing to write ../x.html (a generated page): it is not a path inside the output folder"},
		{"absolute", Plan{Copies: map[string]string{"/etc/x": "static/x"}}, "refusing to write /etc/x (static/x)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, dest := site(t)
			before := tree(t, src)
			tc.plan.Dest, tc.plan.Source = dest, src
			err := Write(context.Background(), &tc.plan)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Write = %v, want %q", err, tc.want)
			}
			sameTree(t, tree(t, src), before)
		})
	}
}

// TestUpdateBackToAnOlderVersionStays: a save that makes a file what it
// was two saves before (the spare tree still has those bytes, and they are
// linked in rather than written) is followed by a save of another file;
// the first file must still read as the last save made it, not as the
// save between (the quick way carries only what the last save changed).
func TestUpdateBackToAnOlderVersionStays(t *testing.T) {
	src, dest := site(t)
	o, err := Open(dest, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := func(v string) File { return File{Path: "p/index.html", Data: []byte(v)} }
	other := func(v string) File { return File{Path: "q/index.html", Data: []byte(v)} }
	if _, err := o.Publish(context.Background(), []File{page("one"), other("x")}, nil); err != nil {
		t.Fatal(err)
	}
	for i, files := range [][]File{{page("two")}, {page("one")}, {other("y")}, {other("z")}} {
		changed, err := o.Update(context.Background(), files, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && !slices.Contains(changed, "p/index.html") {
			t.Errorf("save %d changed p/index.html back, but the paths changed are %q", i, changed)
		}
		if got, _ := os.ReadFile(filepath.Join(dest, "p/index.html")); i >= 1 && string(got) != "one" {
			t.Fatalf("after save %d p/index.html reads %q, want %q", i, got, "one")
		}
	}
}
