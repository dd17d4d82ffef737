package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"briefings/generator/config"
	"briefings/generator/diag"
)

// addDemoNotes seeds a fuzz target with every note of the demo site's
// content/, besides the committed corpus in testdata/fuzz.
func addDemoNotes(f *testing.F, add func(path string, src []byte)) {
	root := filepath.Join("..", "..", "content")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err == nil {
			rel, _ := filepath.Rel(root, p)
			add(filepath.ToSlash(rel), src)
		}
		return nil
	})
}

var fuzzSeeds = []string{
	"",
	"+++\n+++\n",
	"+++\ntitle = \"A\"\ndate = 2025-02-12\n+++\nBody [[Putin]].\n",
	"\ufeff+++\r\ntitle = \"CRLF\"\r\n+++\r\n",
	"+++\ntitle = \"never closed\"\n",
	"---\ntitle: YAML\npeople:\n  - Putin\ntags: [a, b]\n---\n",
	"+++\ntitle = \"Graded\"\ndate = 2025-02-12\nauthors = [\"Jane Roe\"]\nupdated = 2025-02-13\n[[sources]]\ntitle = \"S\"\nurl = \"https://x.org/\"\noutlet = \"UPI\"\nreliability = \"B\"\ncredibility = 2\naccessed = 2025-02-12\narchive = \"https://web.archive.org/x\"\n[[corrections]]\ndate = 2025-02-14\ntext = \"T\"\n+++\n",
	"---\ntitle: Graded\ndate: 2025-02-12\nsources:\n- title: S\n  outlet: UPI\n  reliability: z\n  credibility: 9\ncorrections:\n- {date: 2025-02-14, text: T}\n- date: 2025\n---\n",
	"+++\nname = \"Georgia\"\nwikidata = \"https://www.wikidata.org/wiki/Q230\"\nreliability = \"c\"\nurl = \"https://ge.example/\"\n+++\n",
	"---\ntitle: never closed\n",
	"+++ \t\ntitle = 3\ndraft = \"yes\"\npeople = 3\n+++",
	"+++\n[[sources]]\ntitle = \"S\"\nurl = \"javascript:alert(1)\"\nlink = 2\n+++\n",
	"+++\ndate = \"2014\"\nend_date = \"2013-13\"\n+++\n",
	"\xff\xfe+\x00+\x00+\x00",
	"---\ntitle: 'A: \"b\"'\ndate: 2025-02-12\ncountries: [NO, off]\ntags: solo\ncssclasses: [x]\nsources:\n  - title: T # c\n    url: https://example.org/\n  - {title: U, url: javascript:x, link: 2}\n---\nBody.\n",
	"---\nname: E\ndate: 2014\nend_date: 2014-03\naliases: &a [x, y]\npeople: *a\ncode: !!str 12\nsummary: |-\n  a\n  b\nlocation: >\n  c\n  d\n---\n",
	"---\na: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\nd: *zz\n<<: {x: 1}\ne: !foo x\n? [k]\n: v\n---\n",
	"---\n- a\n---\n",
	"---\ntitle: a\n...\nx: y\n---\n",
	"---\ntitle: [a, b\ndraft: yes\n\tdate: x\n---\n",
	"+++\ntitle = \"Caf\xe9\"\n+++\n",
}

// FuzzSplitFrontMatter: Split never panics; on success the front matter
// and the body are the file's own bytes, and the body starts at
// bodyOffset, so body positions are file positions; a failure names a
// line of the file.
func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	addDemoNotes(f, func(_ string, src []byte) { f.Add(src) })
	f.Fuzz(func(t *testing.T, raw []byte) {
		src, bad := Normalize(bytes.Clone(raw))
		if bad < 0 || bad > bytes.Count(src, []byte("\n"))+1 {
			t.Fatalf("Normalize reports line %d of a %d-line file", bad, bytes.Count(src, []byte("\n"))+1)
		}
		if bytes.Contains(src, []byte("\r")) || bytes.HasPrefix(src, []byte("\ufeff")) {
			t.Fatalf("Normalize left CR or a byte order mark: %q", src)
		}
		// Lines as an editor counts them: CRLF, CR and LF each end one.
		if want := bytes.Count(raw, []byte("\n")) + bytes.Count(raw, []byte("\r")) - bytes.Count(raw, []byte("\r\n")); bytes.Count(src, []byte("\n")) != want {
			t.Fatalf("Normalize made %d lines of %d", bytes.Count(src, []byte("\n")), want)
		}
		front, body, off, _, err := Split(src)
		if err != nil {
			se, ok := err.(*SplitError)
			if !ok {
				t.Fatalf("error %T, want *SplitError", err)
			}
			if se.Line < 1 || se.Msg == "" {
				t.Fatalf("SplitError{Line: %d, Msg: %q}", se.Line, se.Msg)
			}
			return
		}
		if off < 0 || off > len(src) || !bytes.Equal(src[off:], body) {
			t.Fatalf("body is not src[%d:]", off)
		}
		if !bytes.Contains(src[:off], front) {
			t.Fatalf("front matter %q is not in the head of the file %q", front, src[:off])
		}
	})
}

// FuzzDecodeNote: Decode never panics, whatever the kind or the format
// (TOML or YAML); every problem names the file and a line that exists; a
// note it returns has its body at BodyOffset and exactly the part for its
// kind.
func FuzzDecodeNote(f *testing.F) {
	kinds := append(config.BuiltinKinds, config.Kind{Name: "organisations", Singular: "organisation", Title: "Organisations"})
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(1))
		f.Add([]byte(s), uint8(2))
	}
	addDemoNotes(f, func(path string, src []byte) {
		kind := uint8(0)
		switch {
		case strings.HasPrefix(path, "briefings/"):
			kind = 1
		case strings.Contains(path, "/"):
			kind = 2
		}
		f.Add(src, kind)
	})
	f.Fuzz(func(t *testing.T, raw []byte, k uint8) {
		kind := []string{KindPage, KindBriefing, "people", "countries", "events", "organisations"}[int(k)%6]
		src, bad := Normalize(raw)
		if bad > 0 {
			return // Load reports the encoding and never decodes
		}
		var diags diag.List
		n := Decode("content/x.md", kind, src, kinds, &diags)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range diags.Items() {
			if d.Pos.File != "content/x.md" || d.Pos.Line < 0 || d.Pos.Line > lines || d.Msg == "" {
				t.Errorf("diagnostic %q: want content/x.md, a line from 0 to %d and a message", d, lines)
			}
		}
		errs, _ := diags.Count()
		if n == nil {
			if errs == 0 {
				t.Fatalf("Decode returned no note and no error")
			}
			return
		}
		if !bytes.Equal(n.Src[n.BodyOffset:], n.Body) {
			t.Fatalf("Body is not Src[BodyOffset:]")
		}
		set := 0
		for _, p := range []bool{n.Briefing != nil, n.Entity != nil, n.Page != nil} {
			if p {
				set++
			}
		}
		if set != 1 {
			t.Fatalf("%d of Briefing, Entity and Page are set, want 1", set)
		}
		if n.Briefing != nil {
			for _, s := range n.Briefing.Sources {
				if s.URL != "" && !SafeURL(s.URL) {
					t.Fatalf("unsafe source url %q kept", s.URL)
				}
			}
		}
	})
}

// FuzzSlug: a slug is its own slug, never holds '/' (it names a folder),
// is at most MaxSlug bytes long, never starts or ends with a hyphen or
// holds two in a row, is valid UTF-8, and is empty only for input
// without letters or digits.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"United Kingdom", "Côte d'Ivoire", "Володимир Зеленський", "  U.S.  ", "Rishi Nguyễn",
		"Ștefan Şahin", "!!!", "a/b\\c", "ǅemal", "İstanbul", "ﬁnance", "Straße", "e\u0301", "\u0301", "Ⅻ", "x\xffy", "日本", "١٢٣",
		strings.Repeat("Verylongname ", 20), strings.Repeat("й", 150), strings.Repeat("日本", 40) + "e\u0301"} {
		f.Add(s)
	}
	addDemoNotes(f, func(path string, src []byte) {
		f.Add(path)
		for _, l := range strings.Split(string(src), "\n") {
			if k, v, ok := strings.Cut(l, " = "); ok && (k == "name" || k == "title" || k == "aliases") {
				f.Add(strings.Trim(v, `[]"`))
			}
		}
	})
	f.Fuzz(func(t *testing.T, s string) {
		slug := Slug(s)
		if again := Slug(slug); again != slug {
			t.Fatalf("Slug(%q) = %q, but Slug(%q) = %q", s, slug, slug, again)
		}
		if len(slug) > MaxSlug {
			t.Fatalf("Slug(%q) = %q is %d bytes long, more than %d", s, slug, len(slug), MaxSlug)
		}
		if strings.Contains(slug, "/") || strings.Contains(slug, "\\") {
			t.Fatalf("Slug(%q) = %q holds a slash", s, slug)
		}
		if strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") || strings.Contains(slug, "--") {
			t.Fatalf("Slug(%q) = %q has a stray hyphen", s, slug)
		}
		if !utf8.ValidString(slug) {
			t.Fatalf("Slug(%q) = %q is not UTF-8", s, slug)
		}
		if slug == "" && strings.ContainsFunc(s, func(r rune) bool { return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isApostrophe(r) }) {
			t.Fatalf("Slug(%q) is empty, but the input has letters or digits", s)
		}
	})
}

// FuzzQuickFields: whenever quickFields reads front matter, the TOML
// decoder reads it too, without a problem, into the same fields with the
// same values, which make the same note with the same messages.
func FuzzQuickFields(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(1))
	}
	for _, s := range []string{
		"title = \"A\"\ndate = 2025-02-12 # c\ndraft = true\ntags = [\"x\", 'y',\n  # z\n]\npeople = [\"P\"]\ncountries = \"C\"\nx = false\n[[sources]]\ntitle = \"S\"\nurl = 'u'\n[[sources]]\n",
		"name = \"N\"\naliases = []\nend_date = \"2014\"\ndate = 2014-02-29\ncode = \"ua\"\n",
		"title = \"\"\ndate = \"2022-02\"\nsummary = 'C:\\x'\n",
		"title = \"a\\\"b\"\n", "title = \"\\\\ \\t\\n\\b\\f\\r\"\n", "title = \"\\\\ \\t\\n\\b\\f\\r \\u00e9 \\e \\x41\"\ntags = [\"\\\"q\\\"\"]\n", "title = \"\"\"x\"\"\"\n", "Title = \"x\"\n", "title = \"a\"\ntitle = \"b\"\n", "d = 2025-02-12\n",
		"date = 2025-02-12T10:00:00\n", "date = 2026-12-31T09:24:00-05:00\nend_date = 2026-12-29T08:53:00Z\n", "when = 2026-12-29T08:53:00+01:00\n",
		"date = 2026-12-29T25:53:00Z\n", "date = 2026-12-29T08:53:00.5Z\n", "date = 2026-12-29t08:53:00\n", "date = 2025-02-12 10:00:00\n", "tags = [\"a\",,]\n", "x-1 = \"y\"\n",
		"title = \"A\"\n[[sources]]\ntitle = \"S\"\noutlet = \"UPI\"\nreliability = \"b\"\ncredibility = 2\naccessed = 2025-02-12\narchive = \"https://web.archive.org/x\"\n[[corrections]]\ndate = 2025-02-14\ntext = \"T\"\n[[sources]]\ncredibility = 7\n",
		"[[sources]]\ncredibility = 02\n", "[[sources]]\ncredibility = 1_0\n", "[[sources]]\ncredibility = -1\n", "[[sources]]\ncredibility = 3 # c\n", "n = 1234567890123\n",
		"[[corrections]]\ndate = 2025-02-14\n[[sources]]\n[[corrections]]\n", "sources = []\n[[sources]]\n", "[[sources]]\ntitle = \"a\"\ntitle = \"b\"\n", "[[ sources ]]\n", "[sources]\n",
	} {
		for k := range uint8(3) {
			f.Add([]byte(s), k)
		}
	}
	addDemoNotes(f, func(path string, src []byte) {
		if front, _, _, format, err := Split(src); err == nil && format == TOML {
			f.Add(front, uint8(0))
			f.Add(front, uint8(1))
			f.Add(front, uint8(2))
		}
	})
	f.Fuzz(func(t *testing.T, front []byte, k uint8) {
		kind := []string{KindBriefing, "people", KindPage}[k%3]
		fields, ok := quickFields(front)
		if !ok {
			return
		}
		var diags diag.List
		want, wantOK := readTOML("content/x.md", front, &diags)
		if !wantOK || len(diags.Items()) > 0 {
			t.Fatalf("quickFields read what the decoder rejects: %v", diags.Items())
		}
		if len(fields) != len(want) {
			t.Fatalf("quickFields read %d fields, the decoder %d", len(fields), len(want))
		}
		for i := range fields {
			if fields[i].key != want[i].key || !sameValue(fields[i].value, want[i].value) {
				t.Fatalf("quickFields read %s = %#v, the decoder %s = %#v", fields[i].key, fields[i].value, want[i].key, want[i].value)
			}
		}
		// And what the fields make of a note, with every message.
		assigned := func(fields []field) (any, []field, []string) {
			var msgs []string
			target, slots := slotsOf(kind)
			unknown, _ := assign(slots, fields, TOML, func(key string, warn bool, msg string) {
				msgs = append(msgs, fmt.Sprint(key, warn, msg))
			})
			return target, unknown, msgs
		}
		got, gotUnknown, gotMsgs := assigned(fields)
		wantTarget, wantUnknown, wantMsgs := assigned(want)
		if !reflect.DeepEqual(got, wantTarget) || !reflect.DeepEqual(gotMsgs, wantMsgs) || len(gotUnknown) != len(wantUnknown) {
			t.Fatalf("quickFields made %+v %q, the decoder %+v %q", got, gotMsgs, wantTarget, wantMsgs)
		}
	})
}

// sameValue reports whether a value of the quick TOML reader is the one
// the decoder makes: the same date, or the same lists and tables of
// the same values.
func sameValue(quick, decoded any) bool {
	switch q := quick.(type) {
	case localDate, localDatetime:
		a, _ := dateOf(q)
		b, ok := dateOf(decoded)
		return ok && a.Prec == b.Prec && a.Time.Equal(b.Time)
	case time.Time:
		d, ok := decoded.(time.Time)
		return ok && q.Equal(d) && q.Location().String() == d.Location().String()
	case []any:
		list, ok := decoded.([]any)
		if !ok || len(list) != len(q) {
			return false
		}
		for i := range q {
			if !sameValue(q[i], list[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		m, ok := decoded.(map[string]any)
		if !ok || len(m) != len(q) {
			return false
		}
		for k, v := range q {
			if w, ok := m[k]; !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(quick, decoded)
}

// FuzzConvert: a note that decodes without an error converts to the
// other format and back, each time into a note that decodes the same
// (Convert checks it, and reports an error if not), with the body kept
// byte for byte; a note with an error is refused.
func FuzzConvert(f *testing.F) {
	kinds := append(config.BuiltinKinds, config.Kind{Name: "organisations", Singular: "organisation", Title: "Organisations"})
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(1))
	}
	for _, s := range convertSeeds {
		f.Add([]byte(s), uint8(0))
	}
	addDemoNotes(f, func(path string, src []byte) {
		kind := uint8(0)
		switch {
		case strings.HasPrefix(path, "briefings/"):
			kind = 1
		case strings.Contains(path, "/"):
			kind = 4
		}
		f.Add(src, kind)
	})
	f.Fuzz(func(t *testing.T, raw []byte, k uint8) {
		kind := []string{KindPage, KindBriefing, "people", "countries", "events", "organisations"}[int(k)%6]
		src, bad := Normalize(bytes.Clone(raw))
		if bad > 0 {
			return
		}
		var diags diag.List
		n := Decode("content/x.md", kind, src, kinds, &diags)
		errs, _ := diags.Count()
		for _, to := range []Format{TOML, YAML} {
			var cd diag.List
			out := Convert("content/x.md", kind, raw, kinds, to, &cd)
			if cerrs, _ := cd.Count(); errs > 0 || n == nil {
				if out != nil || cerrs == 0 {
					t.Fatalf("a note with errors was converted to %v", to)
				}
				continue
			} else if out == nil || cerrs > 0 {
				t.Fatalf("converting to %v failed: %v", to, cd.Items())
			}
			back := Convert("content/x.md", kind, out, kinds, n.Format, &cd)
			if back == nil {
				t.Fatalf("converting back to %v failed: %v\n%s", n.Format, cd.Items(), out)
			}
			if !bytes.HasSuffix(out, skipLines(raw, bytes.Count(src[:n.BodyOffset], []byte("\n")))) && n.BodyOffset < len(src) {
				t.Fatalf("the body was not kept: %q", out)
			}
		}
	})
}

// convertSeeds are notes that exercise Convert's writers.
var convertSeeds = []string{
	"+++\n# head\ntitle = \"A # not\" # trailing\n\ndate = 2025-02-12\ntags = [\n  \"a\", # ta\n  # inner\n  \"b\",\n]\nfoo = 3\nbar = 2025-02-12T10:00:00Z\nbaz = 1.5\nqux = [1, 2]\n[params]\nx = \"y\"\n# before sources\n[[sources]]\ntitle = \"S\" # st\nurl = \"u\"\nextra = 1.5\n# end\n+++\r\nBody\r\n",
	"\ufeff---\r\ntitle: \"NO\"\r\ndate: 2025-02-12 # c\r\nsummary: |\r\n  two\r\n  lines\r\ncountries: [NO, off]\r\nempty:\r\nx: {a: 1, b: [c, d]}\r\nsources:\r\n  - title: T\r\n    url: /u\r\n---\r\nBody\r\n",
	"---\ntitle: 'It''s'\ndate: 2025-02-12T09:00:00+01:00\nsummary: \"tab\\there \\u00e9\\n\"\ntags: solo\n---",
	"+++\ntitle = '''multi\nline'''\ndate = 2025-02-12\nsummary = \"\\\"quoted\\\" \\\\ back\\u0001\"\n+++\n",
}
