package dossier

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"net/url"
	"path"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"briefings/generator/site"
)

// Place says where a briefing's body goes and how its links are written
// there.
type Place struct {
	// Page is the URL of the dossier's page ("/people/x/dossier/"),
	// which links to the site's pages and files are written relative
	// to; "" for a file of its own (briefings dossier), whose links to
	// the site's pages are written from Base.
	Page string
	// Base is the site's address ("https://example.org/"), for a file of
	// its own; its links to the site's pages are absolute from it, or,
	// when the site has none ("/"), plain text.
	Base string
	// Inline, for a file of its own, returns the bytes and media type of
	// a file of the site (a path from the site root) that an image
	// shows, to put in the page as a data: URL; ok is false for one it
	// cannot read, which then links like any other.
	Inline func(sitePath string) (data []byte, mediaType string, ok bool)
}

// Body returns the rendered body of b, the n-th briefing of a dossier,
// as the dossier shows it: every id prefixed "bN-" and every link to one
// of them likewise, so that the footnotes and headings of two briefings
// do not clash; headings two levels down (the briefing's title is the
// dossier's h3); links and images that pointed within the site rewritten
// to work from the dossier's place. The body is read as HTML by a real
// tokenizer, never matched with patterns.
func Body(b *site.Briefing, n int, at Place) (template.HTML, error) {
	src, err := b.HTML()
	if err != nil {
		return "", err
	}
	prefix := "b" + strconv.Itoa(n) + "-"
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/16)
	z := html.NewTokenizer(bytes.NewReader(src))
	// dropped counts the open <a> whose tag was dropped (a link to a
	// page of a site with no address), so their ends go too.
	var dropped []bool
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return template.HTML(out.String()), nil
		case html.StartTagToken, html.SelfClosingTagToken:
			raw := z.Raw()
			if !needsRewrite(raw) {
				out.Write(raw)
				continue
			}
			t := z.Token()
			keep := true
			attrs := t.Attr[:0]
			for _, a := range t.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					continue // raw HTML's event handlers (unsafe_html): a dossier runs nothing
				}
				switch a.Key {
				case "id":
					a.Val = prefix + a.Val
				case "href", "src":
					v, ok := rewrite(a.Val, b.URL, prefix, at, t.DataAtom == atom.Img && a.Key == "src")
					if !ok {
						// A link's tag goes, its text stays; an
						// image keeps its description.
						keep = false
						continue
					}
					a.Val = v
				}
				attrs = append(attrs, a)
			}
			t.Attr = attrs
			if level := heading(t.DataAtom); level > 0 {
				t.DataAtom = headingAtoms[min(level+2, 6)]
				t.Data = t.DataAtom.String()
			}
			if t.DataAtom == atom.A && tt == html.StartTagToken {
				dropped = append(dropped, !keep)
			}
			if !keep && t.DataAtom == atom.A {
				continue
			}
			out.WriteString(t.String())
		case html.EndTagToken:
			t := z.Token()
			if t.DataAtom == atom.A && len(dropped) > 0 {
				drop := dropped[len(dropped)-1]
				dropped = dropped[:len(dropped)-1]
				if drop {
					continue
				}
			}
			if level := heading(t.DataAtom); level > 0 {
				t.DataAtom = headingAtoms[min(level+2, 6)]
				t.Data = t.DataAtom.String()
				out.WriteString(t.String())
				continue
			}
			out.Write(z.Raw())
		default:
			out.Write(z.Raw())
		}
	}
}

// needsRewrite reports whether a start tag, as written, may hold
// something Body changes: an id, a link or image address, an event
// handler, or a heading's level. Most tags of a body (p, li, em) hold
// none, and are copied as they are without being parsed further.
func needsRewrite(raw []byte) bool {
	if len(raw) > 2 && (raw[1] == 'h' || raw[1] == 'H') && raw[2] >= '1' && raw[2] <= '6' {
		return true
	}
	for i := 1; i+1 < len(raw); i++ {
		if raw[i-1] != ' ' && raw[i-1] != '\t' && raw[i-1] != '\n' {
			continue
		}
		switch raw[i] | 0x20 {
		case 'i', 'h', 's', 'o':
			return true
		}
	}
	return false
}

var headingAtoms = [...]atom.Atom{0, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6}

// heading returns a heading tag's level, 0 for another tag.
func heading(a atom.Atom) int {
	for i, h := range headingAtoms[1:] {
		if a == h {
			return i + 1
		}
	}
	return 0
}

// rewrite returns the value of a link or image address of a body
// rendered for the page at from, for the dossier at at. ok is false for
// a link to leave out (its text stays).
func rewrite(v, from, prefix string, at Place, image bool) (string, bool) {
	if strings.HasPrefix(v, "#") {
		return "#" + prefix + v[1:], true
	}
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "javascript", "vbscript", "data":
		// Only raw HTML (unsafe_html) has these: a dossier runs nothing.
		return "", false
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(v, "//") {
		return v, true // another site's: as it is
	}
	// A path relative to the briefing's page, as bodies are rendered:
	// from the site root, for the dossier.
	target := u.Path
	if !strings.HasPrefix(target, "/") {
		target = path.Join(from, target)
		if strings.HasSuffix(u.Path, "/") || u.Path == "" {
			target += "/"
		}
	}
	if u.Path == "" {
		target = from
	}
	if at.Page != "" {
		rel := site.Rel(at.Page, strings.TrimSuffix(target, "index.html"))
		if u.Fragment != "" {
			rel += "#" + u.Fragment
		}
		return rel, true
	}
	if image && at.Inline != nil {
		if data, mediaType, ok := at.Inline(target); ok {
			return "data:" + mediaType + ";base64," + base64.StdEncoding.EncodeToString(data), true
		}
	}
	if at.Base == "" || at.Base == "/" {
		return "", false
	}
	abs := strings.TrimSuffix(at.Base, "/") + target
	if strings.HasSuffix(abs, "/index.html") {
		abs = strings.TrimSuffix(abs, "index.html")
	}
	if u.Fragment != "" {
		abs += "#" + u.Fragment
	}
	return abs, true
}
