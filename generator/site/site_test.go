package site

import (
	"briefings/generator/edition"
	"strings"
	"testing"
	"time"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
)

// assemble builds a Site from notes given as path -> source.
func assemble(t *testing.T, files map[string]string) (*Site, *diag.List) {
	t.Helper()
	cfg := config.Default()
	diags := &diag.List{}
	tree := &content.Tree{}
	for path, src := range files {
		kind, _, _ := strings.Cut(strings.TrimPrefix(path, "content/"), "/")
		n := content.Decode(path, kind, []byte(src), cfg.AllKinds(), diags)
		if n == nil {
			t.Fatalf("%s does not decode: %v", path, diags.Items())
		}
		n.Slug = content.Slug(strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".md"))
		tree.Notes = append(tree.Notes, n)
	}
	return Assemble(cfg, tree, edition.Select(cfg, tree, edition.Rules{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, diags), diags), diags
}

func TestResolve(t *testing.T) {
	s, _ := assemble(t, map[string]string{
		"content/countries/united-kingdom.md": "+++\nname = \"United Kingdom\"\naliases = [\"Britain\", \"UK\"]\n+++\n",
		"content/countries/georgia.md":        "+++\nname = \"Georgia\"\n+++\n",
		"content/people/georgia-p.md":         "+++\nname = \"Georgia\"\n+++\n",
		"content/people/zelensky.md":          "+++\nname = \"Володимир Зеленський\"\naliases = [\"Volodymyr Zelensky\"]\n+++\n",
		"content/briefings/2025-01-01-a.md":   "+++\ntitle = \"Côte d'Ivoire votes\"\ndate = 2025-01-01\ncountries = [\"Côte d'Ivoire\"]\n+++\n",
	})
	r := s.ResolverFor("/briefings/x/")
	tests := []struct {
		kind, name, wantKey, wantErr string
	}{
		{"", "Britain", "countries/united-kingdom", ""},
		{"", "uk", "countries/united-kingdom", ""},
		{"", "united-kingdom", "countries/united-kingdom", ""},
		{"", "UNITED KINGDOM", "countries/united-kingdom", ""},
		{"", "володимир зеленський", "people/zelensky", ""},
		{"", "volodymyr-zelensky", "people/zelensky", ""},
		{"", "cote divoire", "countries/cote-divoire", ""},
		{"", "Cote d'Ivoire votes", "briefings/2025-01-01-a", ""},
		{"briefings", "2025-01-01-a", "briefings/2025-01-01-a", ""},
		{"countries", "Georgia", "countries/georgia", ""},
		{"people", "georgia", "people/georgia-p", ""},
		{"", "Georgia", "", "ambiguous link target"},
		{"planets", "Mars", "", `unknown kind "planets"`},
		{"", "Nowhere", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.kind+":"+tc.name, func(t *testing.T) {
			got, err := r.Resolve(tc.kind, tc.name)
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("got %v, %v; want error %q", got, err, tc.wantErr)
				}
			case tc.wantKey == "":
				if got != nil || err != nil {
					t.Errorf("got %v, %v; want nothing", got, err)
				}
			case err != nil || got == nil || got.Key != tc.wantKey:
				t.Errorf("got %v, %v; want %s", got, err, tc.wantKey)
			}
		})
	}
}

func TestRel(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"/", "/people/x/", "people/x/index.html"},
		{"/briefings/a/", "/people/x/", "../../people/x/index.html"},
		{"/briefings/page/2/", "/briefings/", "../../../briefings/index.html"},
		{"/briefings/a/", "/assets/style.css", "../../assets/style.css"},
		{"/briefings/a/", "/people/x/#top", "../../people/x/index.html#top"},
		{"/briefings/a/", "https://example.org/", "https://example.org/"},
	}
	for _, tc := range tests {
		if got := Rel(tc.from, tc.to); got != tc.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestStubTakesTheBestSpelling(t *testing.T) {
	s, _ := assemble(t, map[string]string{
		"content/briefings/a.md": "+++\ntitle = \"A\"\ndate = 2025-01-01\npeople = [\"paulo-rodriguez\"]\n+++\n",
		"content/briefings/b.md": "+++\ntitle = \"B\"\ndate = 2025-01-02\npeople = [\"Paulo Rodríguez\"]\n+++\n",
		"content/briefings/c.md": "+++\ntitle = \"C\"\ndate = 2025-01-03\npeople = [\"paulo rodriguez\"]\n+++\n",
	})
	people := s.Entities["people"]
	if len(people) != 1 || people[0].Name != "Paulo Rodríguez" || people[0].Slug != "paulo-rodriguez" {
		t.Fatalf("got %d people, first %+v; want one Paulo Rodríguez", len(people), people[0])
	}
}

// TestRelatedWeighsRareEntitiesMore: two briefings that share a rare
// person are more related than two that share a common country.
func TestRelatedWeighsRareEntitiesMore(t *testing.T) {
	files := map[string]string{
		"content/briefings/a.md": "+++\ntitle = \"A\"\ndate = 2025-01-01\npeople = [\"Rare\"]\ncountries = [\"Common\"]\n+++\n",
		"content/briefings/b.md": "+++\ntitle = \"B\"\ndate = 2025-01-02\npeople = [\"Rare\"]\n+++\n",
		"content/briefings/c.md": "+++\ntitle = \"C\"\ndate = 2025-01-03\ncountries = [\"Common\"]\n+++\n",
	}
	for _, n := range []string{"d", "e", "f", "g"} {
		files["content/briefings/"+n+".md"] = "+++\ntitle = \"" + n + "\"\ndate = 2024-01-01\ncountries = [\"Common\"]\n+++\n"
	}
	s, _ := assemble(t, files)
	s.Link()
	for _, b := range s.Briefings {
		if b.Slug == "a" {
			if len(b.Related) == 0 || b.Related[0].Slug != "b" {
				t.Errorf("A's first related briefing is %v, want B", b.Related)
			}
			if len(b.Related) != 5 {
				t.Errorf("A has %d related briefings, want 5", len(b.Related))
			}
		}
	}
}

// TestAssembleCountsWhatItLeavesOut: drafts (of every kind of note) and
// briefings dated after Now are counted by reason, with the earliest
// embargo, so that the summary line can say what was left out (issue 21).
func TestAssembleCountsWhatItLeavesOut(t *testing.T) {
	s, _ := assemble(t, map[string]string{
		"content/briefings/a.md":     "+++\ntitle = \"Out\"\ndate = 2025-01-01\n+++\n",
		"content/briefings/b.md":     "+++\ntitle = \"Draft\"\ndate = 2025-01-02\ndraft = true\n+++\n",
		"content/briefings/c.md":     "+++\ntitle = \"Later\"\ndate = 2031-06-01\n+++\n",
		"content/briefings/d.md":     "+++\ntitle = \"Sooner\"\ndate = 2030-02-03\n+++\n",
		"content/briefings/e.md":     "+++\ntitle = \"Future draft\"\ndate = 2030-01-02\ndraft = true\n+++\n",
		"content/people/ana-lima.md": "+++\nname = \"Ana Lima\"\ndraft = true\n+++\n",
		"content/about.md":           "+++\ntitle = \"About\"\ndraft = true\n+++\n",
	})
	got := s.LeftOut
	if got.Drafts != 4 || got.Future != 2 || got.Next.ISO() != "2030-02-03" {
		t.Errorf("got %d drafts, %d in the future, next %s; want 4, 2, 2030-02-03", got.Drafts, got.Future, got.Next.ISO())
	}
	if len(s.Briefings) != 1 {
		t.Errorf("got %d briefings published, want 1", len(s.Briefings))
	}
}
