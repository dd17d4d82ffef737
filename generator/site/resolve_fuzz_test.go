package site

import (
	"briefings/generator/edition"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
)

// fuzzSite assembles a site from lines of "name|alias|alias...": line i
// is a note of the i%3-th built-in kind, and one briefing, titled title,
// names the first field of every line under every kind, so that names
// without a note become stubs.
func fuzzSite(lines, title string) (*Site, *diag.List) {
	cfg := config.Default()
	kinds := cfg.AllKinds()
	tree := &content.Tree{}
	mentions := map[string]content.Names{}
	for i, line := range strings.Split(lines, "\n") {
		if i >= 40 {
			break
		}
		fields := strings.Split(line, "|")
		k := kinds[i%3]
		slug := content.Slug(fields[0])
		if slug == "" {
			slug = "n" + strconv.Itoa(i)
		}
		tree.Notes = append(tree.Notes, &content.Note{
			Path: "content/" + k.Name + "/" + slug + ".md", Kind: k.Name, Slug: slug,
			Entity: &content.Entity{Name: strings.TrimSpace(fields[0]), Aliases: fields[1:]},
		})
		for _, kk := range kinds {
			mentions[kk.Name] = append(mentions[kk.Name], fields[0])
		}
	}
	date := content.Date{Time: time.Date(2025, 2, 12, 0, 0, 0, 0, time.UTC), Prec: content.Day}
	tree.Notes = append(tree.Notes, &content.Note{
		Path: "content/briefings/b.md", Kind: content.KindBriefing, Slug: "b",
		Briefing: &content.Briefing{Title: title, Date: date, Mentions: mentions},
	})
	diags := &diag.List{}
	return Assemble(cfg, tree, edition.Select(cfg, tree, edition.Rules{Now: date.Time}, diags), diags), diags
}

// FuzzResolve assembles sites from arbitrary names and aliases and
// resolves arbitrary names against them: nothing panics; every page has
// its own URL; every entity is found by its slug and by its name (or the
// name is reported ambiguous); an answer is a page of the kind asked for.
func FuzzResolve(f *testing.F) {
	f.Add("Vladimir Putin|Putin\nUnited Kingdom|Britain|UK\nInvasion of Ukraine", "Talks", "Britain", uint8(0))
	f.Add("Georgia\nGeorgia\nGeorgia", "Georgia", "georgia", uint8(0))
	f.Add("Côte d'Ivoire|Cote dIvoire\nВолодимир Зеленський|Zelensky\n日本", "Côte d’Ivoire", "COTE D'IVOIRE", uint8(2))
	f.Add("!!!|???\n|\n  \n-", "---", "!!!", uint8(1))
	f.Add("a|b\nb|a\na-b|a b", "a", "a b", uint8(4))
	f.Add("x|x|x\nX\nx", "x", "x", uint8(3))
	f.Add("Talks|talks\n", "talks", "talks", uint8(5))
	f.Add("İstanbul|ǅemal|ﬁnance|Straße\ne\u0301|\u0301", "ß", "istanbul", uint8(0))
	kinds := []string{"", "people", "countries", "events", "briefings", "planets"}
	f.Fuzz(func(t *testing.T, lines, title, query string, k uint8) {
		s, _ := fuzzSite(lines, title)
		r := s.ResolverFor("/briefings/b/")
		kind := kinds[int(k)%len(kinds)]
		got, err := r.Resolve(kind, query)
		switch {
		case err != nil:
			if err.Error() == "" || got != nil {
				t.Fatalf("Resolve(%q, %q) = %v, %q", kind, query, got, err)
			}
		case got != nil:
			if !strings.HasPrefix(got.URL, "/") || !strings.HasSuffix(got.URL, "/") || strings.Contains(got.URL, "//") {
				t.Fatalf("Resolve(%q, %q) has URL %q", kind, query, got.URL)
			}
			if kind != "" && !strings.HasPrefix(got.Key, kind+"/") {
				t.Fatalf("Resolve(%q, %q) = %s, of another kind", kind, query, got.Key)
			}
		}

		urls := map[string]string{}
		claim := func(url, what string) {
			if other, ok := urls[url]; ok {
				t.Fatalf("%s and %s are both published at %s", what, other, url)
			}
			urls[url] = what
		}
		for _, b := range s.Briefings {
			claim(b.URL, "briefing "+b.Slug)
		}
		for _, kk := range s.Kinds {
			for _, e := range s.Entities[kk.Name] {
				claim(e.URL, e.Key())
				if strings.Count(e.URL, "/") != 3 || e.Slug == "" {
					t.Fatalf("%s has URL %q", e.Key(), e.URL)
				}
				for _, name := range []string{e.Slug, e.Name} {
					if content.Slug(name) == "" {
						continue
					}
					got, err := r.Resolve(kk.Name, name)
					if err == nil && (got == nil || got.Key != e.Key()) {
						t.Fatalf("Resolve(%q, %q) = %v, want %s", kk.Name, name, got, e.Key())
					}
				}
			}
		}
	})
}
