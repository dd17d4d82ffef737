package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindWikilink is the ast.NodeKind of Wikilink.
var KindWikilink = ast.NewNodeKind("Wikilink")

// Wikilink is a link to a page by name: [[Name]], [[Name|label]],
// [[kind:Name]], [[Name#Heading]], [[#Heading]] or the embed ![[Name]] in
// the source, or a name found by automatic mentions.
type Wikilink struct {
	ast.BaseInline
	// Section and Name are what the source wrote: [[countries:Georgia]]
	// has Section "countries" and Name "Georgia"; [[#Heading]] has no
	// Name.
	Section, Name string
	// Heading is the text after #, or "".
	Heading string
	// Label is the text after |, or "".
	Label string
	// Offset is the byte offset of the link's [[ in the source.
	Offset int
	// Target is the resolved page, nil when the name is unknown or
	// ambiguous, and for a link to a heading of the page itself.
	Target *Target
	// Href is where the link goes, relative to the rendered page; "" when
	// it goes nowhere.
	Href string
	// Auto marks an automatic mention; its Label is the matched text.
	// A mention that spans several text nodes (a line break, an
	// apostrophe) has them as children, and shows them.
	Auto bool
	// Embed marks ![[Name]]. Card is what it shows when the embed stands
	// alone in its paragraph; otherwise it is an ordinary link.
	Embed bool
	Card  *Card
	// Withheld is set when the name is a page this build withholds
	// (ErrWithheld): the link is written as its text alone (Plain).
	Withheld bool
	// Plain marks a link inside the text of another link (or an image's
	// alt text), where it is shown as text: HTML has no link in a link.
	Plain bool
	// Ambiguous describes the pages an ambiguous name could mean, when
	// Target is nil because several have it.
	Ambiguous []string
}

// Kind implements ast.Node.
func (n *Wikilink) Kind() ast.NodeKind { return KindWikilink }

// Dump implements ast.Node.
func (n *Wikilink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Section": n.Section, "Name": n.Name, "Heading": n.Heading, "Label": n.Label}, nil)
}

// Shown returns what the link shows: the label, else the target's title
// (with the heading, for a link to one), else the name as written.
func (n *Wikilink) Shown() string {
	switch {
	case n.Label != "":
		return n.Label
	case n.Name == "":
		return n.Heading
	case n.Target != nil && n.Target.Title != "":
		if n.Heading != "" {
			return n.Target.Title + " › " + n.Heading
		}
		return n.Target.Title
	case n.Heading != "":
		return n.Name + " › " + n.Heading
	}
	return n.Name
}

type wikilinkParser struct{}

// Trigger implements parser.InlineParser: [ for [[Name]], ! for the
// embed ![[Name]], which goldmark's link parser would otherwise take for
// an image.
func (wikilinkParser) Trigger() []byte { return []byte{'[', '!'} }

// Parse implements parser.InlineParser: it reads [[...]] up to the first
// ]] on the same line, and leaves anything else to goldmark's own
// parsers. As in CommonMark, a backslash escapes the punctuation after it:
// [[a\]]] is not a link and \# is no heading; \| separates the label all
// the same, as a table's cells need it to.
func (wikilinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	n, size := parseWikilink(line)
	if n == nil {
		return nil
	}
	n.Offset += seg.Start
	block.Advance(size)
	return n
}

// parseWikilink reads the wikilink or embed at the start of line and
// returns it with its length, or nil. Its Offset is that of the [[ in
// line.
func parseWikilink(line []byte) (*Wikilink, int) {
	start := 0
	if len(line) > 0 && line[0] == '!' {
		start = 1
	}
	if len(line) < start+5 || line[start] != '[' || line[start+1] != '[' {
		return nil, 0
	}
	// The text cannot hold an unescaped [ or ], so look no further than
	// the first of them: searching the whole line for "]]" from every [
	// is quadratic.
	end := -1
	escaped := false
	for i := start + 2; i < len(line); i++ {
		c := line[i]
		if c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]) {
			escaped = true
			i++
			continue
		}
		if c == '[' || c == '\n' {
			return nil, 0
		}
		if c == ']' {
			if i+1 >= len(line) || line[i+1] != ']' {
				return nil, 0
			}
			end = i
			break
		}
	}
	if end < 0 {
		return nil, 0
	}
	inner := string(line[start+2 : end])
	target, label := splitUnescaped(inner, '|', escaped)
	name, heading := splitUnescaped(target, '#', escaped)
	if escaped {
		name, heading, label = unescape(name), unescape(heading), unescape(label)
	}
	name, heading, label = strings.TrimSpace(name), strings.TrimSpace(heading), strings.TrimSpace(label)
	kind := ""
	if k, rest, ok := strings.Cut(name, ":"); ok && isKindName(k) {
		kind, name = k, strings.TrimSpace(rest)
	}
	if name == "" && (heading == "" || kind != "") {
		return nil, 0
	}
	return &Wikilink{Section: kind, Name: name, Heading: heading, Label: label, Offset: start, Embed: start == 1}, end + 2
}

// Ref is a page a wikilink names: [[countries:Georgia]] has Section
// "countries" and Name "Georgia".
type Ref struct{ Section, Name string }

// Embeds returns the pages body embeds (![[Name]]), read without
// rendering it, so that what a card shows can be known before the bodies
// are rendered. An embed in code counts too.
func Embeds(body []byte) []Ref {
	var out []Ref
	for i := 0; ; {
		j := bytes.Index(body[i:], []byte("![["))
		if j < 0 {
			return out
		}
		i += j
		if n, size := parseWikilink(body[i:]); n != nil && n.Name != "" {
			out = append(out, Ref{n.Section, n.Name})
			i += size
		} else {
			i += 3
		}
	}
}

// splitUnescaped cuts s at the first sep that no backslash escapes; \|
// counts as | (see Parse). escaped tells whether s holds any backslash
// escape at all.
func splitUnescaped(s string, sep byte, escaped bool) (before, after string) {
	if !escaped {
		before, after, _ = strings.Cut(s, string(sep))
		return before, after
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == sep:
			return s[:i], s[i+1:]
		case s[i] == '\\' && i+1 < len(s) && util.IsPunct(s[i+1]):
			if sep == '|' && s[i+1] == '|' {
				return s[:i], s[i+2:]
			}
			i++
		}
	}
	return s, ""
}

// unescape removes the backslashes that escape punctuation in s.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && util.IsPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isKindName reports whether s can be a kind prefix: lower-case letters,
// digits and hyphens, so that [[Ukraine: a timeline]] stays a name.
func isKindName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

type wikilinkRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (wikilinkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindWikilink, renderWikilink)
	reg.Register(KindEmbed, renderEmbed)
	reg.Register(KindCallout, renderCallout)
	reg.Register(KindCalloutTitle, renderCalloutTitle)
}

func renderWikilink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Wikilink)
	if !entering {
		if n.Auto && n.HasChildren() {
			w.WriteString("</a>")
		}
		return ast.WalkContinue, nil
	}
	switch {
	case n.Plain:
		escapeHTML(w, n.Shown())
		return ast.WalkSkipChildren, nil
	case n.Href == "" && len(n.Ambiguous) > 0:
		w.WriteString(`<span class="ambiguous-link" title="`)
		escapeHTML(w, "ambiguous: "+strings.Join(n.Ambiguous, " or "))
		w.WriteString(`">`)
		escapeHTML(w, n.Shown())
		w.WriteString(`</span>`)
		return ast.WalkSkipChildren, nil
	case n.Href == "":
		w.WriteString(`<span class="broken-link" title="no page has this name">`)
		escapeHTML(w, n.Shown())
		w.WriteString(`</span>`)
		return ast.WalkSkipChildren, nil
	}
	if n.Auto {
		w.WriteString(`<a class="mention" href="`)
	} else {
		w.WriteString(`<a class="wikilink" href="`)
	}
	writeHref(w, n.Href)
	w.WriteString(`">`)
	if n.Auto && n.HasChildren() {
		// A mention over several nodes holds them.
		return ast.WalkContinue, nil
	}
	escapeHTML(w, n.Shown())
	w.WriteString(`</a>`)
	return ast.WalkSkipChildren, nil
}

// writeHref writes a link's href, escaped.
func writeHref(w util.BufWriter, href string) {
	// Neither function writes to its argument, so the bytes of the
	// string can be lent rather than copied.
	w.Write(util.EscapeHTML(util.URLEscape(util.StringToReadOnlyBytes(href), false)))
}

// escapeHTML writes s as util.EscapeHTML escapes it, without copying it
// to bytes first.
func escapeHTML(w util.BufWriter, s string) {
	from := 0
	for i := 0; i < len(s); i++ {
		if esc := util.EscapeHTMLByte(s[i]); esc != nil {
			w.WriteString(s[from:i])
			w.Write(esc)
			from = i + 1
		}
	}
	w.WriteString(s[from:])
}

// wikilinks is the goldmark extension: the inline parser, registered
// before goldmark's link parser (priority 200), the renderer, and the
// transformer that resolves links and finds mentions.
type wikilinks struct {
	linker *linker
}

// Extend implements goldmark.Extender.
func (e *wikilinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(wikilinkParser{}, 199)),
		parser.WithASTTransformers(util.Prioritized(e.linker, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(wikilinkRenderer{}, 100)))
}
