// Package markdown renders note bodies to HTML with one goldmark instance
// per build: GitHub Flavored Markdown, footnotes, typographer, heading ids,
// wikilinks ([[Name]], [[Name|label]], [[kind:Name]]) and automatic
// mentions of known names. It reports every link to an entity or briefing
// it made, with the sentence around it, so the site can list backlinks.
//
// The key types are Markdown (built once with New), Resolver (what the
// renderer asks to turn a name into a link) and Result.
package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	xast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Resolver turns link targets into pages. The site implements it once per
// rendered note, so relative links come out right for that note's page.
type Resolver interface {
	// Resolve returns the page a wikilink [[kind:name]] points to; kind is
	// "" when the link names none. A nil Target and a nil error mean that
	// nothing has that name. An error means the name cannot be settled
	// (several pages have it); its text is shown to the user as it is.
	Resolve(kind, name string) (*Target, error)
	// Href writes url, a path from the site root such as "/people/putin/",
	// relative to the page being rendered.
	Href(url string) string
}

// Target is a page a link can point to.
type Target struct {
	// Key identifies the page for backlinks: "people/vladimir-putin",
	// "briefings/2025-02-12-x".
	Key string
	// URL is the page's path from the site root: "/people/vladimir-putin/".
	URL string
	// Title is the page's name, shown as the link text when the wikilink
	// gives no label.
	Title string
}

// Pattern is a name that automatic mentions look for in running text.
type Pattern struct {
	Text string
	// CaseSensitive is set for aliases: "US" must not match "us".
	CaseSensitive bool
	Target        *Target
}

// Options configure a Markdown.
type Options struct {
	// Unsafe lets raw HTML through (site.toml unsafe_html = true).
	Unsafe bool
	// Names are matched by automatic mentions; none when nil.
	Names []Pattern
}

// Markdown renders note bodies. It is safe for concurrent use.
type Markdown struct {
	md       goldmark.Markdown
	mentions *Matcher
}

// New builds the renderer for one build.
func New(opts Options) *Markdown {
	m := &Markdown{mentions: NewMatcher(opts.Names)}
	rendererOpts := []renderer.Option{}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	m.md = goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
			&wikilinks{mentions: m.mentions},
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return m
}

// Link is one link from a note to a page another page may list as a
// backlink.
type Link struct {
	Target *Target
	// Offset is the byte offset of the link in the body.
	Offset int
	// Context is the sentence around the link, as plain text.
	Context string
	// Auto is set for automatic mentions, clear for wikilinks.
	Auto bool
}

// Problem is a broken or ambiguous wikilink.
type Problem struct {
	// Offset is the byte offset of the wikilink in the body.
	Offset int
	Msg    string
}

// Result is a rendered body.
type Result struct {
	HTML []byte
	// Links lists the wikilinks and automatic mentions that resolved, in
	// the order they appear.
	Links []Link
	// Problems lists the wikilinks that did not resolve.
	Problems []Problem
	// FirstParagraph is the plain text of the first paragraph, for a
	// summary when the front matter gives none.
	FirstParagraph string
	// Text is the plain text of the body, for search.
	Text string
}

var (
	resolverKey = parser.NewContextKey()
	resultKey   = parser.NewContextKey()
	autoKey     = parser.NewContextKey()
)

// Render converts a note body. With auto set, the first plain-text mention
// of each known name becomes a link.
func (m *Markdown) Render(body []byte, r Resolver, auto bool) (*Result, error) {
	res := &Result{}
	pc := parser.NewContext()
	pc.Set(resolverKey, r)
	pc.Set(resultKey, res)
	pc.Set(autoKey, auto)
	var buf bytes.Buffer
	buf.Grow(len(body) + len(body)/4)
	if err := m.md.Convert(body, &buf, parser.WithContext(pc)); err != nil {
		return nil, err
	}
	// A copy of the right size: the site keeps every body's HTML until
	// its page is written, and the buffer may be twice as large.
	res.HTML = bytes.Clone(buf.Bytes())
	return res, nil
}

// plainText writes the text under n to b, with wikilinks as the text they
// show; onLink, when set, is told where each resolved wikilink starts.
func plainText(n ast.Node, src []byte, b *strings.Builder, onLink func(*Wikilink, int)) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() {
				b.WriteString(typographic(c.Value))
			} else {
				b.Write(c.Value)
			}
		case *Wikilink:
			if onLink != nil && c.Target != nil {
				onLink(c, b.Len())
			}
			b.WriteString(c.Shown())
		case *ast.RawHTML, *xast.FootnoteLink:
		default:
			plainText(c, src, b, onLink)
		}
	}
}

// typographic turns the HTML entities the typographer writes back into
// characters for plain text.
func typographic(v []byte) string {
	return string(util.ResolveEntityNames(v))
}
