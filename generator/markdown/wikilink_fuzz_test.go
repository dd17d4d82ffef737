package markdown

import (
	"bytes"
	"errors"
	"fmt"
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

func (fuzzResolver) Card(t *Target) *Card {
	return &Card{Kind: "<Kind>", Class: "a b", Flag: "\"", Date: "2025-02-12", DateText: "12 <February>", Facts: []Fact{{"<t>", "<v>"}}, Summary: t.Title}
}

// unsafeHTML finds what must never come out of a note when raw HTML is
// off: a script element, an event handler in a tag, a script or data URL
// in a link or image.
var unsafeHTML = regexp.MustCompile(`(?i)<script|<[a-z]+(\s+[a-z:-]+(\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?)*\s+on[a-z]+\s*=|<[a-z]+(\s+[a-z:-]+(\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?)*\s+(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):`)

// FuzzWikilink renders any body with wikilinks and automatic mentions on:
// it never panics or fails, every link and problem it reports points into
// the body (a wikilink at its "[["), with raw HTML off no script gets into
// the HTML, and no link is ever inside a link.
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
		"![Putin at [[Putin]]](p.jpg) [talks with [[Putin]]](https://x) Vladimir\nPutin",
		"## Talks with [[Putin]]\n\n[[not a link\\]] [[Putin\\|x]] [[a\\#b]] [[Putin#Early life]] [[#Talks with Vladimir Putin]] [[#x]]",
		"![[Putin]]\n\n![[Ukraine|u]]\n![[Georgia]]\n\n- ![[Putin]]\n\nin ![[Putin]] text",
		"> [!NOTE]\n> Putin\n\n> [!ASSESSMENT] high *confidence*\n\n> [!WARN]\n> x\n\n> [!GAP] [[Putin]]",
		"Côte d'Ivoire and Côte d’Ivoire, Ukraine's and \"Putin\"",
		"# Зеленський\n\n# Зеленський\n\n# ***",
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
	names := []Pattern{
		{Text: "Vladimir Putin", Target: fuzzPages["putin"]},
		{Text: "Putin", Target: fuzzPages["putin"], CaseSensitive: true},
		{Text: "Ukraine", Target: fuzzPages["ukraine"]},
		{Text: "Côte d'Ivoire", Target: fuzzPages["ukraine"]},
	}
	md, unsafe := New(Options{Names: names}), New(Options{Names: names, Unsafe: true})
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
			if p.Offset < 0 || p.Offset > len(body) || !strings.HasPrefix(body[p.Offset:], "[[") && !strings.HasPrefix(body[p.Offset:], "[!") {
				t.Fatalf("problem %q at offset %d, not at a [[ or a callout's [!", p.Msg, p.Offset)
			}
		}
		if m := unsafeHTML.Find(res.HTML); m != nil {
			t.Fatalf("unsafe HTML %q in:\n%s", m, res.HTML)
		}
		if msg := nestedLink(res.HTML); msg != "" {
			t.Fatalf("%s in:\n%s", msg, res.HTML)
		}
		// With raw HTML let through, the writer's own <a> may hold
		// anything but our links.
		res, err = unsafe.Render(src, fuzzResolver{}, true)
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		if msg := nestedLink(res.HTML); msg != "" && strings.Contains(msg, "class=") {
			t.Fatalf("%s in:\n%s", msg, res.HTML)
		}
	})
}

// tagA finds the start and end tags of links in HTML.
var tagA = regexp.MustCompile(`(?i)<a[\s>/][^>]*>|</a\s*>`)

// nestedLink returns a message naming the first link inside a link in
// html, or "": one of our links (a mention or wikilink) in any link, or
// any link in ours.
func nestedLink(html []byte) string {
	var open []string
	for _, m := range tagA.FindAll(html, -1) {
		tag := string(m)
		if strings.HasPrefix(tag, "</") {
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
			continue
		}
		if len(open) > 0 {
			return fmt.Sprintf("link %s inside %s", tag, open[len(open)-1])
		}
		open = append(open, tag)
	}
	return ""
}
