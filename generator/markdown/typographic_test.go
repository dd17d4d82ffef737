package markdown

import "testing"

// TestTypographicQuotesAsInABody: a title or summary from front matter
// gets the quotes, apostrophes and dashes a body gets, and nothing it
// holds is read as Markdown (issue 23).
func TestTypographicQuotesAsInABody(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`Britain unveils a new "firepower" package`, "Britain unveils a new “firepower” package"},
		{`Hegseth tells Ukraine's allies NATO membership is not "realistic"`, "Hegseth tells Ukraine’s allies NATO membership is not “realistic”"},
		{`'Quoted' at the start`, "‘Quoted’ at the start"},
		{"Talks -- and then more...", "Talks – and then more…"},
		{"No quotes here", "No quotes here"},
		{`*Not* emphasis, [not](a link), <b>not</b> HTML, "still" quoted`, "*Not* emphasis, [not](a link), <b>not</b> HTML, “still” quoted"},
		{`# "not" a heading`, "# “not” a heading"},
		{`- "not" a list`, "- “not” a list"},
		{`&amp; "stays" &amp;`, "&amp; “stays” &amp;"},
		{`back\slash "kept"`, `back\slash “kept”`},
		{"2025. \"Read\" as text", "2025. “Read” as text"},
		{"<<Guillemets>>", "«Guillemets»"},
		{"a line\nbreak \"here\"", "a line break “here”"},
	} {
		if got := Typographic(tc.in); got != tc.want {
			t.Errorf("Typographic(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// FuzzTypographic: never panics, and changes nothing but quotes,
// apostrophes, dashes, dots and white space: the letters stay.
func FuzzTypographic(f *testing.F) {
	f.Add(`Britain unveils a new "firepower" package`)
	f.Add("*a* [b](c) <d> `e` \\f")
	f.Fuzz(func(t *testing.T, s string) {
		got := Typographic(s)
		if letters(got) != letters(s) {
			t.Errorf("Typographic(%q) = %q: letters changed", s, got)
		}
	})
}

func letters(s string) string {
	var b []rune
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b = append(b, r)
		}
	}
	return string(b)
}
