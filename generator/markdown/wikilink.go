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

// Wikilink is a link to a page by name: [[Name]], [[Name|label]] or
// [[kind:Name]] in the source, or a name found by automatic mentions.
type Wikilink struct {
	ast.BaseInline
	// Kind and Name are what the source wrote: [[countries:Georgia]] has
	// Kind "countries" and Name "Georgia".
	Section, Name string
	// Label is the text after |, or "".
	Label string
	// Offset is the byte offset of the link in the source.
	Offset int
	// Target is the resolved page, nil when the name is unknown or
	// ambiguous.
	Target *Target
	// Href is Target.URL relative to the rendered page.
	Href string
	// Auto marks an automatic mention; its Label is the matched text.
	Auto bool
	// Ambiguous describes the pages an ambiguous name could mean, when
	// Target is nil because several have it.
	Ambiguous []string
	// Withheld is set when the name is a page this build withholds
	// (ErrWithheld): the link is written as its text alone.
	Withheld bool
}

// Kind implements ast.Node.
func (n *Wikilink) Kind() ast.NodeKind { return KindWikilink }

// Dump implements ast.Node.
func (n *Wikilink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Section": n.Section, "Name": n.Name, "Label": n.Label}, nil)
}

// Shown returns what the link shows: the label, else the target's title,
// else the name as written.
func (n *Wikilink) Shown() string {
	switch {
	case n.Label != "":
		return n.Label
	case n.Target != nil && n.Target.Title != "":
		return n.Target.Title
	}
	return n.Name
}

type wikilinkParser struct{}

// Trigger implements parser.InlineParser.
func (wikilinkParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser: it reads [[...]] up to the first
// ]] on the same line, and leaves anything else to goldmark's own parsers.
func (wikilinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 5 || line[1] != '[' {
		return nil
	}
	// The name cannot hold [ or ], so look no further than the first of
	// them: searching the whole line for "]]" from every [ is quadratic.
	end := bytes.IndexAny(line[2:], "[]\n")
	if end <= 0 || line[2+end] != ']' || 3+end >= len(line) || line[3+end] != ']' {
		return nil
	}
	inner := string(line[2 : 2+end])
	target, label, _ := strings.Cut(inner, "|")
	target, label = strings.TrimSpace(target), strings.TrimSpace(label)
	kind := ""
	if k, name, ok := strings.Cut(target, ":"); ok && isKindName(k) {
		kind, target = k, strings.TrimSpace(name)
	}
	if target == "" {
		return nil
	}
	block.Advance(end + 4)
	return &Wikilink{Section: kind, Name: target, Label: label, Offset: seg.Start}
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
}

func renderWikilink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Wikilink)
	if n.Target == nil && len(n.Ambiguous) > 0 {
		w.WriteString(`<span class="ambiguous-link" title="`)
		escapeHTML(w, "ambiguous: "+strings.Join(n.Ambiguous, " or "))
		w.WriteString(`">`)
		escapeHTML(w, n.Shown())
		w.WriteString(`</span>`)
		return ast.WalkSkipChildren, nil
	}
	if n.Withheld {
		escapeHTML(w, n.Shown())
		return ast.WalkSkipChildren, nil
	}
	if n.Target == nil {
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
	// Neither function writes to its argument, so the bytes of the
	// string can be lent rather than copied.
	w.Write(util.EscapeHTML(util.URLEscape(util.StringToReadOnlyBytes(n.Href), false)))
	w.WriteString(`">`)
	escapeHTML(w, n.Shown())
	w.WriteString(`</a>`)
	return ast.WalkSkipChildren, nil
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
	mentions *Matcher
}

// Extend implements goldmark.Extender.
func (e *wikilinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(wikilinkParser{}, 199)),
		parser.WithASTTransformers(util.Prioritized(&linker{mentions: e.mentions}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(wikilinkRenderer{}, 100)))
}
