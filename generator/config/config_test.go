package config

import (
	"strings"
	"testing"

	"briefings/generator/diag"
)

func parse(t *testing.T, src string) (*Site, string) {
	t.Helper()
	s := Default()
	var diags diag.List
	Parse([]byte(src), "site.toml", s, &diags)
	var b strings.Builder
	diag.Print(&b, diags.Items())
	return s, b.String()
}

func TestDefaults(t *testing.T) {
	s, problems := parse(t, "title = \"T\"\n")
	if problems != "" {
		t.Fatal(problems)
	}
	if !s.AutoLink || s.UnsafeHTML || s.Paginate != 50 || s.BaseURL != "/" || s.BasePath() != "/" {
		t.Errorf("defaults are wrong: %+v", s)
	}
	if got := strings.Join(s.KindNames(), ","); got != "people,countries,events,outlets" {
		t.Errorf("kinds = %s", got)
	}
}

func TestBasePathAndDeclaredKinds(t *testing.T) {
	s, problems := parse(t, `base_url = "https://user.github.io/repo"
auto_link = false
[[kinds]]
name = "organisations"
`)
	if problems != "" {
		t.Fatal(problems)
	}
	if s.BaseURL != "https://user.github.io/repo/" || s.BasePath() != "/repo/" || s.AutoLink {
		t.Errorf("got base %q path %q auto %v", s.BaseURL, s.BasePath(), s.AutoLink)
	}
	k := s.AllKinds()[4]
	if k.Name != "organisations" || k.Singular != "organisation" || k.Title != "Organisations" {
		t.Errorf("declared kind = %+v", k)
	}
}

func TestProblemsCarryTheirLine(t *testing.T) {
	tests := []struct{ src, want string }{
		{"title = \"T\"\ntitel = \"x\"\n", `site.toml:2: warning: unknown setting "titel"; did you mean "title"?`},
		{"[[kinds]]\nname = \"people\"\n", `site.toml:2: kind "people" is declared twice (people, countries, events and outlets are built in): remove this [[kinds]] block`},
		// Outlets were built in later (issue 25): a site that declared
		// them keeps building, with a warning.
		{"[[kinds]]\nname = \"outlets\"\nsingular = \"outlet\"\n", `site.toml:2: warning: kind "outlets" is built in, for the outlets sources name: remove this [[kinds]] block; content/outlets/ is read as outlets all the same`},
		{"[[kinds]]\nname = \"tags\"\n", `site.toml:2: kind "tags" would clash`},
		{"[[kinds]]\nname = \"Big Things\"\n", `site.toml:2: kind name "Big Things" must be lower case`},
		{"[[kinds]]\nname = \"" + strings.Repeat("a", 101) + "\"\n", `site.toml:2: kind name "aaa`},
		{"base_url = \"ftp://x/\"\n", `site.toml:1: base_url "ftp://x/" is not an absolute http or https URL`},
		{"title = \"T\"\npaginate = 0\n", `site.toml:2: paginate must be a positive number`},
		// A list of tables written as one table, or as a list of strings.
		{"title = \"T\"\n[markings]\nname = \"PUBLIC\"\n", `site.toml:2: "markings" is a list of tables: write each under a [[markings]] header of its own (two brackets), followed by its keys, like [[markings]] then name = "INTERNAL"`},
		{"title = \"T\"\nmarkings = [\"PUBLIC\", \"INTERNAL\"]\n", `site.toml:2: "markings" is a list of tables: write each under a [[markings]] header`},
		{"title = \"T\"\n[kinds]\nname = \"units\"\n", `site.toml:2: "kinds" is a list of tables: write each under a [[kinds]] header`},
		{"title = \"T\"\nkeep = \"x\"\n", `site.toml:2: "keep" must be a list in [brackets], not a string (in quotes)`},
	}
	for _, tc := range tests {
		_, problems := parse(t, tc.src)
		if !strings.Contains(problems, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.src, problems, tc.want)
		}
	}
}

// TestKeepEntriesStayInsideTheOutput: every keep entry names a path inside
// the output folder (issue 20: keep = ["."] deleted the output's .git and
// CNAME); anything else is an error on its line.
func TestKeepEntriesStayInsideTheOutput(t *testing.T) {
	for _, tc := range []struct{ entry, want string }{
		{".", `site.toml:3: keep entry "." is the output folder itself`},
		{"./", `site.toml:3: keep entry "./" is the output folder itself`},
		{"docs/..", `site.toml:3: keep entry "docs/.." climbs out with ".."`},
		{"docs/../../x", `climbs out with ".."`},
		{"..", `climbs out with ".."`},
		{"/", `site.toml:3: keep entry "/" is an absolute path`},
		{"/etc/passwd", `is an absolute path`},
		{"", `is the output folder itself`},
		{".briefings", `is briefings' own record`},
	} {
		s, problems := parse(t, "title = \"T\"\nkeep = [\"google1.html\",\n  \""+tc.entry+"\"]\n")
		if !strings.Contains(problems, tc.want) {
			t.Errorf("keep %q: got %q, want %q", tc.entry, problems, tc.want)
		}
		if strings.Join(s.Keep, ",") != "google1.html" {
			t.Errorf("keep %q: kept %q, want only google1.html", tc.entry, s.Keep)
		}
	}
	s, problems := parse(t, "keep = [\"docs/\", \"./verify\", \"a\\\\b.html\", \".well-known/x\"]\n")
	if problems != "" {
		t.Fatal(problems)
	}
	if got := strings.Join(s.Keep, ","); got != "docs,verify,a/b.html,.well-known/x" {
		t.Errorf("keep = %s", got)
	}
}

// TestBaseURLMustBeAnAbsoluteHTTPURL: site.toml's base_url and
// --base-url go through BaseURL, which takes absolute http and https
// URLs only (issue 20: javascript: reached the sitemap and feeds) and
// says how to write anything else.
func TestBaseURLMustBeAnAbsoluteHTTPURL(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{"https://user.github.io/repo", "https://user.github.io/repo/", ""},
		{"https://user.github.io/repo/", "https://user.github.io/repo/", ""},
		{"http://127.0.0.1:1313/", "http://127.0.0.1:1313/", ""},
		{"HTTPS://Example.org", "HTTPS://Example.org/", ""},
		{"javascript:alert(1)//", "", `"javascript:alert(1)//" is not an absolute http or https URL`},
		{"JavaScript:alert(1)", "", "is not an absolute http or https URL"},
		{"data:text/html,x", "", "is not an absolute http or https URL"},
		{"ftp://example.org/", "", "is not an absolute http or https URL"},
		{"/", "", "is not an absolute http or https URL"},
		{"/repo/", "", "is not an absolute http or https URL"},
		{"//example.org/", "", "is not an absolute http or https URL"},
		{"https:///path", "", "is not an absolute http or https URL"},
		{"https://user:secret@example.org/", "", "is not an absolute http or https URL"},
		{"https://example.org/?q=1", "", "is not an absolute http or https URL"},
		{"example.org", "", `"example.org" has no https://: write it like "https://example.org/"`},
		{"user.github.io/repo/", "", `write it like "https://user.github.io/repo/"`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := BaseURL(tc.in)
			switch {
			case tc.wantErr == "" && (err != nil || got != tc.want):
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("got %q, %v; want an error with %q", got, err, tc.wantErr)
			}
		})
	}
}

// TestNoBaseURLIsOneWarning: a site.toml without base_url, or with the
// example `new site` writes, gets one warning saying what needs it; a
// misspelt base_url gets the "did you mean" warning alone.
func TestNoBaseURLIsOneWarning(t *testing.T) {
	tests := []struct{ src, want string }{
		{"title = \"T\"\n", "site.toml: warning: no base_url: canonical links, feeds and the sitemap need the address the site is published at"},
		{"title = \"T\"\nbase_url = \"\"\n", "site.toml: warning: no base_url: "},
		{"title = \"T\"\nbase_url = \"https://USER.github.io/REPO/\"\n", "site.toml:2: warning: base_url is still the example"},
		{"title = \"T\"\nbase_ulr = \"https://a.test/\"\n", `site.toml:2: warning: unknown setting "base_ulr"; did you mean "base_url"?`},
		{"title = \"T\"\nbase_url = \"https://a.test/\"\n", ""},
	}
	for _, tc := range tests {
		s, problems := parse(t, tc.src)
		diags := &diag.List{}
		s.WarnBaseURL(diags)
		var b strings.Builder
		diag.Print(&b, diags.Items())
		got := problems + b.String()
		if strings.Count(got, "\n") != min(1, len(tc.want)) || !strings.Contains(got, tc.want) {
			t.Errorf("%q: got %q, want one line with %q", tc.src, got, tc.want)
		}
	}
}

// TestArticleType: briefings are NewsArticle in the pages' JSON-LD unless
// site.toml names another article type; a type that is not one is an
// error at its line (issue 25).
func TestArticleType(t *testing.T) {
	s, problems := parse(t, "title = \"T\"\narticle_type = \"Report\"\n")
	if problems != "" || s.ArticleType != "Report" {
		t.Errorf("article_type = %q, problems %q", s.ArticleType, problems)
	}
	s, _ = parse(t, "title = \"T\"\n")
	if s.ArticleType != "NewsArticle" {
		t.Errorf("default article_type = %q", s.ArticleType)
	}
	_, problems = parse(t, "title = \"T\"\narticle_type = \"Blog\"\n")
	if !strings.Contains(problems, `site.toml:2: article_type "Blog" is not a schema.org article type`) {
		t.Errorf("problems %q", problems)
	}
}

// TestUnknownKeysInTablesAreWarnedWithTheirLine: a key that no setting
// reads inside [[kinds]] or [[markings]] was ignored silently, and so was
// a setting written after a table's header by mistake, which belongs to
// the table (issue 20). Each is a warning at its line, with the closest
// key, or how to move the setting; a setting that lands in [params] too.
func TestUnknownKeysInTablesAreWarnedWithTheirLine(t *testing.T) {
	_, problems := parse(t, `title = "T"

[[kinds]]
name = "organisations"
singlar = "organisation"

[[kinds]]
name = "units"
# a comment
colour = "red"
cname = "briefs.example.org"

[[markings]]
name = "OPEN"
colour = "#fff"
[[markings]]
name = "CLOSED"
colour = "#000"

[kinds.extra]
x = 1

[params]
motto = "Notes"
keep = ["a"]
description = "a template's own"
`)
	want := []string{
		`site.toml:5: warning: unknown key "singlar" in [[kinds]]; did you mean "singular"?`,
		`site.toml:10: warning: unknown key "colour" in [[kinds]], which takes name, singular, title and schema`,
		`site.toml:11: warning: "cname" is read as a key of the [[kinds]] table above it, which has none: a key belongs to the last [table] before it, so to set cname, move it above the first [table] of site.toml`,
		`site.toml:15: warning: unknown key "colour" in [[markings]]; did you mean "color"?`,
		`site.toml:18: warning: unknown key "colour" in [[markings]]; did you mean "color"?`,
		`site.toml:20: warning: unknown key "extra" in [[kinds]]`,
		`site.toml:25: warning: "keep" is under [params], free data for templates, so it does not set keep`,
	}
	got := strings.Split(strings.TrimSpace(problems), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), problems)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got  %s\nwant %s", got[i], want[i])
		}
	}
}
