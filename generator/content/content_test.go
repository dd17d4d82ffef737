package content

import (
	"cmp"
	"strings"
	"testing"
	"time"

	"briefings/generator/config"
	"briefings/generator/diag"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"United Kingdom", "united-kingdom"},
		{"united-kingdom", "united-kingdom"},
		{"Côte d'Ivoire", "cote-divoire"},
		{"Côte d’Ivoire", "cote-divoire"},
		{"Kamʼianets-Podilskyi", "kamianets-podilskyi"},
		{"ʼ", ""},
		{"Володимир Зеленський", "володимир-зеленський"},
		{"  U.S.  ", "u-s"},
		{"Rishi Nguyễn", "rishi-nguyen"},
		{"Ștefan Şahin", "stefan-sahin"},
		{"26th Ukraine Defense Contact Group", "26th-ukraine-defense-contact-group"},
		{"2025-02-12-trump-putin-call", "2025-02-12-trump-putin-call"},
		{"!!!", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := Slug(tc.in); got != tc.want {
				t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name, src, front, body string
		format                 Format
		errLine                int
		errHas                 string
	}{
		{name: "plain", src: "+++\ntitle = \"A\"\n+++\nBody\n", front: "title = \"A\"\n", body: "Body\n"},
		{name: "no body", src: "+++\ntitle = \"A\"\n+++", front: "title = \"A\"\n", body: ""},
		{name: "trailing spaces on fence", src: "+++  \ntitle = \"A\"\n+++ \nB", front: "title = \"A\"\n", body: "B"},
		{name: "unclosed", src: "+++\ntitle = \"A\"\nBody\n", errLine: 1, errHas: "never closed"},
		{name: "yaml", src: "---\ntitle: A\ntags: [x, y]\n---\nB", front: "title: A\ntags: [x, y]\n", body: "B", format: YAML},
		{name: "yaml unclosed", src: "---\ntitle: A\n+++\n", errLine: 1, errHas: "opened with --- is never closed: add a line of ---"},
		{name: "toml closed by yaml fence", src: "+++\ntitle = \"A\"\n---\n", errLine: 1, errHas: "add a line of +++"},
		{name: "no front matter", src: "# Title\n", errLine: 1, errHas: "must start with a line of +++"},
		{name: "empty", src: "  \n", errLine: 1, errHas: "empty note"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			front, body, off, format, err := Split([]byte(tc.src))
			if tc.errHas != "" {
				se, ok := err.(*SplitError)
				if !ok || se.Line != tc.errLine || !contains(se.Msg, tc.errHas) {
					t.Fatalf("got error %v, want line %d containing %q", err, tc.errLine, tc.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(front) != tc.front || string(body) != tc.body {
				t.Errorf("got front %q body %q, want %q %q", front, body, tc.front, tc.body)
			}
			if want := cmp.Or(tc.format, TOML); format != want {
				t.Errorf("got format %v, want %v", format, want)
			}
			if tc.src[off:] != tc.body {
				t.Errorf("body offset %d does not point at the body", off)
			}
		})
	}
}

func TestNormalizeKeepsLinesAndFindsBadUTF8(t *testing.T) {
	got, bad := Normalize([]byte("\xef\xbb\xbf+++\r\ntitle = \"A\"\r\n+++\r\n"))
	if string(got) != "+++\ntitle = \"A\"\n+++\n" || bad != 0 {
		t.Errorf("got %q, %d", got, bad)
	}
	if _, bad := Normalize([]byte("+++\n\n\nbad \xff here\n")); bad != 4 {
		t.Errorf("invalid UTF-8 reported on line %d, want 4", bad)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		prec Precision
		iso  string
		text string
	}{
		{"2014", Year, "2014", "2014"},
		{"2022-02", Month, "2022-02", "February 2022"},
		{"2022-02-24", Day, "2022-02-24", "24 February 2022"},
		{"2025-02-12T10:30:00Z", Clock, "2025-02-12T10:30:00Z", "12 February 2025"},
	}
	for _, tc := range tests {
		d, err := ParseDate(tc.in)
		if err != nil || d.Prec != tc.prec || d.ISO() != tc.iso || d.Format() != tc.text {
			t.Errorf("ParseDate(%q) = %v %v %q %q, want %v %q %q", tc.in, d.Prec, err, d.ISO(), d.Format(), tc.prec, tc.iso, tc.text)
		}
	}
	for _, bad := range []string{"2022-13", "2022-02-30", "yesterday", "22"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded, want an error", bad)
		}
	}
	if d, ok := dateOf(time.Date(2025, 2, 12, 0, 0, 0, 0, time.FixedZone("date-local", 0))); !ok || d.Prec != Day {
		t.Errorf("a TOML local date gave %v, %v", d, ok)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestATimeOfDayIsNotADate: a TOML local time (date = 09:00:00) was taken
// for 1 January of the year 0 (issue 20); it is an error at its line, in
// every kind of note.
func TestATimeOfDayIsNotADate(t *testing.T) {
	for _, tc := range []struct{ kind, src, want string }{
		{KindBriefing, "+++\ntitle = \"A\"\ndate = 09:00:00\n+++\n", `x.md:3: "date" must be a date like 2025-02-12`},
		{"events", "+++\nname = \"Talks\"\ndate = 2025-03-01\nend_date = 17:30:00\n+++\n", `x.md:4: "end_date" must be a date like 2025-02-12`},
		{KindPage, "+++\ntitle = \"About\"\ndate = 00:00:00.5\n+++\n", `x.md:3: "date" must be a date like 2025-02-12`},
	} {
		var diags diag.List
		Decode("x.md", tc.kind, []byte(tc.src), []config.Kind{{Name: "people"}, {Name: "countries"}, {Name: "events"}}, &diags)
		var got []string
		for _, d := range diags.Items() {
			got = append(got, d.String())
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], tc.want) || !strings.Contains(got[0], "a time of day with no date") {
			t.Errorf("%s: got %q, want one problem %q… a time of day with no date", tc.kind, got, tc.want)
		}
	}
}
