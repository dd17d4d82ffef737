// Package markdown renders note bodies to HTML with one goldmark instance
// per build: GitHub Flavored Markdown, footnotes, typographer, heading ids
// in the heading's own script, wikilinks ([[Name]], [[Name|label]],
// [[kind:Name]], [[Name#Heading]], [[#Heading]]), embeds (![[Name]]),
// callouts (> [!NOTE], > [!ASSESSMENT] high confidence) and automatic
// mentions of known names. It reports every link to an entity or briefing
// it made, with the sentence around it, so the site can list backlinks.
//
// The key types are Markdown (built once with New), Resolver (what the
// renderer asks to turn a name into a link) and Result.
package markdown

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	xast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Resolver turns link targets into pages. The site implements it once per
// rendered note, so relative links come out right for that note's page.
type Resolver interface {
	// Resolve returns the page a wikilink [[kind:name]] points to; kind is
	// "" when the link names none. A nil Target and a nil error mean that
	// nothing has that name. An error means the name cannot be settled:
	// several pages have it (an *Ambiguous), or none has it but the error
	// says which come close. Its text is shown to the user as it is.
	// ErrWithheld means that the name is a page this build does not
	// publish: the link becomes its text, without a word. The answer
	// does not depend on the page being rendered.
	Resolve(kind, name string) (*Target, error)
	// Href writes url, a path from the site root such as "/people/putin/",
	// relative to the page being rendered; "" when url is a page this
	// build does not publish, which makes a Markdown link to it its text.
	Href(url string) string
	// Card returns what an embed (![[Name]]) of the page t shows; nil
	// shows a link instead.
	Card(t *Target) *Card
}

// ErrWithheld is what Resolver.Resolve returns for the name of a page
// that this build withholds (a draft, an embargoed briefing, a note
// marked above the audience): the wikilink is written as its text, as
// if it were no link at all, so that nothing shows that the page exists.
var ErrWithheld = errors.New("withheld")

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

// Ambiguous is the error a Resolver returns for a name that several pages
// have: the link is marked as ambiguous in the page, with the candidates
// in its tooltip.
type Ambiguous struct {
	// Candidates describe the pages, such as "the country Jordan".
	Candidates []string
	// Msg is the warning, which names the candidates and how to choose.
	Msg string
}

// Error returns Msg.
func (e *Ambiguous) Error() string { return e.Msg }

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
	// states holds *state for Render to reuse with its buffers.
	states sync.Pool
}

// New builds the renderer for one build.
func New(opts Options) *Markdown {
	m := &Markdown{mentions: NewMatcher(opts.Names)}
	l := &linker{mentions: m.mentions, unsafe: opts.Unsafe, sentences: newSentencer(opts.Names)}
	rendererOpts := []renderer.Option{}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	m.md = goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
			&wikilinks{linker: l},
		),
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
	// Mark is where the link's text is in Context, start and end bytes;
	// both 0 when it is not in it (a link cut off a long sentence).
	Mark [2]int
	// Auto is set for automatic mentions, clear for wikilinks.
	Auto bool
	// Heading is the heading of the page the link goes to, as written in
	// [[Name#Heading]], or "".
	Heading string
}

// Heading is a heading of a body, as a table of contents lists it.
type Heading struct {
	// Level is 2 for ##, 3 for ###.
	Level int
	// ID is the heading's id, the fragment that links to it.
	ID string
	// Text is the heading as plain text, as the reader sees it.
	Text string
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
	// Words is the number of words of Text.
	Words int
	// Headings are the ids of the body's headings, in order, which
	// [[Name#Heading]] elsewhere may link to.
	Headings []string
	// Contents lists the body's second- and third-level headings, in
	// order, for a table of contents.
	Contents []Heading
	// Cards lists the cards the body shows, one for each embed, so that
	// a body kept from an earlier build can be checked against the pages
	// of now (see Fresh).
	Cards []ShownCard
	// asked lists what the body asked its Resolver besides the cards,
	// with the answers it got: the wikilinks that resolved or named a
	// withheld page, and the paths from the site root of its Markdown
	// links and images (see Change.Keeps).
	asked []asked
}

// asked is a question a rendering asked its Resolver, and the answer: a
// wikilink's Resolve(kind, name), whose target is nil for ErrWithheld,
// or, when path is set, Href(path).
type asked struct {
	kind, name string
	target     *Target
	path, href string
}

// ShownCard is the card of a page that a body shows.
type ShownCard struct {
	Target *Target
	Card   *Card
}

// Fresh reports whether what a body kept from an earlier build shows
// of other pages, beyond the names it links to, is what r gives now: the
// cards of its embeds (a page's role, dates and summary change without
// its name), the links of its Markdown links to paths from the site root,
// and the names it holds of withheld pages (a draft published, deleted
// or withheld since changes these too). What the names resolve to is
// Change.Keeps's to check.
func (res *Result) Fresh(r Resolver) bool {
	for _, c := range res.Cards {
		if !c.Card.equal(r.Card(c.Target)) {
			return false
		}
	}
	for _, a := range res.asked {
		switch {
		case a.path != "":
			if r.Href(a.path) != a.href {
				return false
			}
		case a.target == nil:
			if _, err := r.Resolve(a.kind, a.name); err != ErrWithheld {
				return false
			}
		}
	}
	return true
}

var stateKey = parser.NewContextKey()

// state is what one Render shares with the linker, with the buffers it
// works in. Markdown.states keeps it for the next Render once the results
// are copied out at their size.
type state struct {
	resolver Resolver
	res      *Result
	auto     bool

	html htmlBuffer
	// text receives plain text: the first paragraph, then the body.
	text bytes.Buffer
	// linked holds the keys of the pages linked so far.
	linked map[string]bool
	// texts are the text nodes automatic mentions may split.
	texts []*ast.Text
	// run holds the text of nodes that a mention may span, and pieces
	// where each node's text starts in it.
	run    []byte
	pieces []piece
	// ids holds the ids given to the headings so far (see uniqueID).
	ids map[string]int
	// matches are the mentions found in one text node.
	matches []Match
	// links are the resolved links of one block with their offsets in
	// text.
	links []linkAt
}

// Render converts a note body. With auto set, the first plain-text mention
// of each known name becomes a link.
func (m *Markdown) Render(body []byte, r Resolver, auto bool) (*Result, error) {
	var html []byte
	var text string
	res, err := m.RenderTo(body, r, auto, func(h, t []byte) {
		// Copies of the right size: the site keeps every body's HTML
		// until its page is written.
		html, text = bytes.Clone(h), string(t)
	})
	if err != nil {
		return nil, err
	}
	res.HTML, res.Text = html, text
	return res, nil
}

// RenderTo is Render, but leaves HTML and Text of the Result empty: it
// hands them to keep while they are still in the renderer's own buffers,
// and keep must copy what it keeps before it returns. A build that puts
// them in its spill file copies each once instead of twice (at 100,000
// briefings a copy of every body and its text is 1 GB).
func (m *Markdown) RenderTo(body []byte, r Resolver, auto bool, keep func(html, text []byte)) (*Result, error) {
	st, _ := m.states.Get().(*state)
	if st == nil {
		st = new(state)
	}
	defer m.states.Put(st)
	res := &Result{}
	st.resolver, st.res, st.auto = r, res, auto
	st.html.Reset()
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	err := m.md.Convert(body, &st.html, parser.WithContext(pc))
	st.resolver, st.res = nil, nil
	clear(st.texts) // let the tree go
	clear(st.links)
	clear(st.pieces)
	if err != nil {
		return nil, err
	}
	res.Words = Words(st.text.Bytes())
	keep(st.html.Bytes(), st.text.Bytes())
	return res, nil
}

// FirstParagraph returns the plain text of the first paragraph of body,
// as the Result of Render gives it, without rendering the HTML. An embed
// shows it as the summary of a page whose front matter has none.
func (m *Markdown) FirstParagraph(body []byte, r Resolver) string {
	st, _ := m.states.Get().(*state)
	if st == nil {
		st = new(state)
	}
	defer m.states.Put(st)
	res := &Result{}
	st.resolver, st.res, st.auto = r, res, false
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	m.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	st.resolver, st.res = nil, nil
	clear(st.texts)
	clear(st.links)
	clear(st.pieces)
	return res.FirstParagraph
}

// htmlBuffer is a bytes.Buffer that goldmark's renderer writes to
// directly: as a util.BufWriter it needs no bufio.Writer in between.
type htmlBuffer struct{ bytes.Buffer }

var _ util.BufWriter = (*htmlBuffer)(nil)

// Buffered implements util.BufWriter.
func (b *htmlBuffer) Buffered() int { return b.Len() }

// Flush implements util.BufWriter; the bytes are already in place.
func (b *htmlBuffer) Flush() error { return nil }

// plainText writes the text under n to b, with wikilinks as the text they
// show; when links is not nil, the resolved wikilinks are appended to it
// with the length of b where each starts.
func plainText(n ast.Node, src []byte, b *bytes.Buffer, links *[]linkAt) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if !c.IsRaw() && (bytes.IndexByte(v, '\\') >= 0 || bytes.IndexByte(v, '&') >= 0) {
				// As the reader sees it: \] is ], &amp; is &.
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() {
				// The typographer's HTML entities, back into characters.
				b.Write(util.ResolveEntityNames(c.Value))
			} else {
				b.Write(c.Value)
			}
		case *Wikilink:
			from := b.Len()
			if c.Auto {
				// A mention over a line break shows the break.
				for _, r := range []byte(c.Label) {
					if r == '\n' {
						r = ' '
					}
					b.WriteByte(r)
				}
			} else {
				b.WriteString(c.Shown())
			}
			if links != nil && c.Target != nil {
				*links = append(*links, linkAt{c, from, b.Len()})
			}
		case *ast.RawHTML, *xast.FootnoteLink:
		default:
			plainText(c, src, b, links)
		}
	}
}

// linkAt is a link and where its text starts and ends in a plain text.
type linkAt struct {
	link     *Wikilink
	pos, end int
}

// Words counts the words of text as len(strings.Fields(text)) does,
// without making the list. An ASCII byte counts without a branch on
// whether it starts a word: a word starts every few bytes, too often to
// guess, and the count ran at 480 MB/s with the branch, 1,240 MB/s
// without (briefing sources, 2,000 of the corpus).
func Words(text []byte) int {
	n := 0
	var in uint8 // 1 inside a word, 0 in the spaces between
	for i := 0; i < len(text); {
		var word uint8 // 1 when the rune at i is not a space
		size := 1
		if c := text[i]; c < utf8.RuneSelf {
			word = asciiSpace[c] ^ 1
		} else {
			var r rune
			r, size = utf8.DecodeRune(text[i:])
			if !unicode.IsSpace(r) {
				word = 1
			}
		}
		n += int(word &^ in)
		in = word
		i += size
	}
	return n
}

var asciiSpace = [256]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

// typographer parses text into one paragraph of plain text and the
// typographer's quotes, dashes and ellipses, for Typographic: it knows no
// other block or inline syntax, so nothing in the text reads as Markdown.
// It holds no state between parses.
var typographer = parser.NewParser(
	parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 100)),
	parser.WithInlineParsers(util.Prioritized(extension.NewTypographerParser(), 100)),
)

// Typographic returns s, plain text from front matter (a title, a
// summary), with the quotes, apostrophes, dashes and ellipses the
// typographer gives the same words in a body: "firepower" becomes
// “firepower”, Ukraine's becomes Ukraine’s. Everything else stays as
// written: s is read as text, not as Markdown.
func Typographic(s string) string {
	if !strings.ContainsAny(s, `'"`) && !strings.Contains(s, "--") && !strings.Contains(s, "...") && !strings.Contains(s, "<<") && !strings.Contains(s, ">>") {
		return s
	}
	src := []byte(strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)))
	doc := typographer.Parse(text.NewReader(src))
	p := doc.FirstChild()
	if p == nil || p.NextSibling() != nil {
		return s
	}
	var out strings.Builder
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			out.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				out.WriteByte(' ')
			}
		case *ast.String:
			// The typographer's HTML entities, as characters.
			out.Write(util.ResolveEntityNames(c.Value))
		}
	}
	return out.String()
}
