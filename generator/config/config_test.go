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
	if got := strings.Join(s.KindNames(), ","); got != "people,countries,events" {
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
	k := s.AllKinds()[3]
	if k.Name != "organisations" || k.Singular != "organisation" || k.Title != "Organisations" {
		t.Errorf("declared kind = %+v", k)
	}
}

func TestProblemsCarryTheirLine(t *testing.T) {
	tests := []struct{ src, want string }{
		{"title = \"T\"\ntitel = \"x\"\n", `site.toml:2: warning: unknown setting "titel"; did you mean "title"?`},
		{"[[kinds]]\nname = \"people\"\n", `site.toml:2: kind "people" is declared twice`},
		{"[[kinds]]\nname = \"tags\"\n", `site.toml:2: kind "tags" would clash`},
		{"[[kinds]]\nname = \"Big Things\"\n", `site.toml:2: kind name "Big Things" must be lower case`},
		{"base_url = \"ftp://x/\"\n", `site.toml:1: base_url "ftp://x/" is not an http or https URL`},
		{"title = \"T\"\npaginate = 0\n", `site.toml:2: paginate must be a positive number`},
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
