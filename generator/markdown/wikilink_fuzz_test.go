package markdown

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fuzzResolver knows two pages, finds "Georgia" ambiguous and every
// other name unknown, the three answers a Resolver can give.
type fuzzResolver struct{}

var fuzzPages = map[string]*Target{
	"putin":   {Key: "people/vladimir-putin", URL: "/people/vladimir-putin/", Title: "Vladimir <Putin> & \"co\""},
	"ukraine": {Key: "countries/ukraine", URL: "/countries/ukraine/#a b", Title: "Ukraine"},
}

func (fuzzResolver) Resolve(kind, name string) (*Target, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if key == "georgia" {
		return nil, errors.New("ambiguous link target")
	}
	return fuzzPages[key], nil
}

func (fuzzResolver) Href(url string) string { return "../.." + url }

// unsafeHTML finds what must never come out of a note when raw HTML is
// off: a script element, an event handler in a tag, a script or data URL
// in a link or image.
var unsafeHTML = regexp.MustCompile(`(?i)<script|<[a-z]+(\s+[a-z:-]+(\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?)*\s+on[a-z]+\s*=|<[a-z]+(\s+[a-z:-]+(\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?)*\s+(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):`)

// FuzzWikilink renders any body with wikilinks and automatic mentions on:
// it never panics or fails, every link and problem it reports points into
// the body (a wikilink at its "[["), and with raw HTML off no script gets
// into the HTML.
func FuzzWikilink(f *testing.F) {
	for _, s := range []string{
		"[[Putin]] and [[Putin|the president]] and [[people:Putin]]",
		"[[Georgia]] [[Nobody]] [[countries:Ukraine]] [[Ukraine: a timeline]]",
		"`[[Putin]]` and ``[[x]]`` and\n\n    [[indented code]]\n\n```\n[[fenced]]\n```",
		"[[a|b|c]] [[]] [[|x]] [[ ]] [[[Putin]]] [[Put\nin]] [x](y) [[x](y)]]",
		"Putin met Vladimir Putin in Ukraine. ukraine. UKRAINE.",
		"# Putin heading\n\n> Putin quoted [[Putin]]\n\n- Putin in a list",
		"<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) <javascript:alert(1)>",
		"[a](&#106;avascript:alert(1)) ![i](data:image/svg+xml,x) [r]\n\n[r]: vbscript:x",
		"[[Putin|<script>alert(1)</script>]] [[javascript:alert(1)]]",
		"Text.[^1]\n\n[^1]: Putin in a footnote [[Putin]].",
		"| a | b |\n|---|---|\n| [[Putin]] | Putin |",
		"\x00 \xff [[\xff]] Put\u0301in",
	} {
		f.Add(s)
	}
	root := filepath.Join("..", "..", "content")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
		return nil
	})
	md := New(Options{Names: []Pattern{
		{Text: "Vladimir Putin", Target: fuzzPages["putin"]},
		{Text: "Putin", Target: fuzzPages["putin"], CaseSensitive: true},
		{Text: "Ukraine", Target: fuzzPages["ukraine"]},
	}})
	f.Fuzz(func(t *testing.T, body string) {
		src := []byte(body)
		res, err := md.Render(src, fuzzResolver{}, true)
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		if !bytes.Equal(src, []byte(body)) {
			t.Fatalf("Render changed its input")
		}
		for _, l := range res.Links {
			if l.Offset < 0 || l.Offset > len(body) {
				t.Fatalf("link offset %d outside a %d-byte body", l.Offset, len(body))
			}
			if !l.Auto && !strings.HasPrefix(body[l.Offset:], "[[") {
				t.Fatalf("wikilink offset %d points at %q, not at [[", l.Offset, body[l.Offset:min(len(body), l.Offset+10)])
			}
			if l.Target == nil {
				t.Fatalf("link without a target")
			}
		}
		for _, p := range res.Problems {
			if p.Offset < 0 || p.Offset > len(body) || !strings.HasPrefix(body[p.Offset:], "[[") {
				t.Fatalf("problem %q at offset %d, not at a [[", p.Msg, p.Offset)
			}
		}
		if m := unsafeHTML.Find(res.HTML); m != nil {
			t.Fatalf("unsafe HTML %q in:\n%s", m, res.HTML)
		}
	})
}
