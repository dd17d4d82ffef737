package generator_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"briefings/generator"
	"briefings/generator/search"
	"briefings/generator/sitetest"
)

// TestSavingABundleFileCopiesItAlone: saving a file that is published as
// it is, a drawing in a briefing's page bundle or a file of static/,
// copies that file and makes the save files of offline reading again,
// and nothing else: no note is read, no page rendered. The tabs are told
// once. The file still goes through the leak scan: one that quotes a
// withheld briefing fails the rebuild as a fresh build fails, and the
// output keeps the last good copy. A file new to the bundle takes the
// full way. After each save the output is what a fresh build writes.
// Issue 27.
func TestSavingABundleFileCopiesItAlone(t *testing.T) {
	archive, err := os.ReadFile("testdata/markings.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := sitetest.Write(t, string(archive))
	bundle := "content/briefings/2025-02-01-open-summary"
	os.MkdirAll(filepath.Join(dir, bundle), 0o755)
	os.Rename(filepath.Join(dir, bundle+".md"), filepath.Join(dir, bundle, "index.md"))
	sitetest.WriteInto(t, dir, "-- "+bundle+"/route.svg --\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>The route</text></svg>\n-- static/notes.txt --\nNotes.\n")

	opts := generator.Options{Source: dir, Dest: filepath.Join(t.TempDir(), "inc"), Now: sitetest.Now}
	b := generator.NewBuilder(opts)
	told := 0
	b.Pages = func() { told++ }
	if res, err := b.Rebuild(nil); err != nil || res.Failed {
		t.Fatalf("first build: %v %s", err, diagText(res))
	}
	outRoute := filepath.Join(opts.Dest, "briefings/2025-02-01-open-summary/route.svg")
	save := func(rel, data string) *generator.Result {
		t.Helper()
		sitetest.WriteInto(t, dir, "-- "+rel+" --\n"+data)
		told = 0
		res, err := b.Rebuild([]string{rel})
		if err != nil {
			t.Fatalf("save %s: %v", rel, err)
		}
		want, err := generator.Build(generator.Options{Source: dir, Dest: filepath.Join(t.TempDir(), "full"), Now: sitetest.Now})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := diagText(res), diagText(want); got != want {
			t.Fatalf("save %s: problems differ\nrebuild:\n%s\nbuild:\n%s", rel, got, want)
		}
		if !want.Failed {
			if diff := compareTrees(opts.Dest, want.Dest); diff != "" {
				t.Fatalf("save %s: the output differs from a fresh build:\n%s", rel, diff)
			}
		}
		return res
	}
	quick := func(rel string, res *generator.Result, wantChanged string) {
		t.Helper()
		if !b.Stats.Patched || b.Stats.Bodies != 0 || b.Stats.Pages != 0 {
			t.Errorf("save %s took the full way: %s", rel, b.Stats)
		}
		if !slices.Contains(b.Stats.Changed, wantChanged) {
			t.Errorf("save %s: written %v, want %s among them", rel, b.Stats.Changed, wantChanged)
		}
		for _, p := range b.Stats.Changed {
			if p != wantChanged && p != search.SaveList && p != search.SaveSummary {
				t.Errorf("save %s wrote %s too", rel, p)
			}
		}
		if told != 1 {
			t.Errorf("save %s: the tabs were told %d times, want once", rel, told)
		}
	}

	drawn := "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>The route by sea</text></svg>\n"
	res := save(bundle+"/route.svg", drawn)
	quick(bundle+"/route.svg", res, "briefings/2025-02-01-open-summary/route.svg")
	res = save("static/notes.txt", "Notes, longer now.\n")
	quick("static/notes.txt", res, "notes.txt")

	// A leak in the drawing: the rebuild fails as a build does, and the
	// output keeps the drawing as it was.
	res = save(bundle+"/route.svg", `<svg xmlns="http://www.w3.org/2000/svg"><text>Amberwatch note for partner organisations</text></svg>`)
	if !res.Failed {
		t.Fatal("a drawing quoting a withheld title was published")
	}
	if got, _ := os.ReadFile(outRoute); string(got) != drawn {
		t.Errorf("after a failed rebuild the drawing is %q, want the last good one", got)
	}
	res = save(bundle+"/route.svg", drawn)
	if res.Failed {
		t.Fatalf("mended drawing: %s", diagText(res))
	}

	// A new file in the bundle takes the full way.
	save(bundle+"/legend.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
	if b.Stats.Patched {
		t.Errorf("a new file took the quick way")
	}
}
