package markdown

import (
	"slices"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Card is what an embed (![[Name]]) shows of the page it names: an
// entity's card, a briefing's summary box. The Resolver makes it from the
// page's front matter.
type Card struct {
	// Kind is what the page is, shown above its title: "Person",
	// "Briefing".
	Kind string
	// Class names the kind in the markup's class: "people", "briefings".
	Class string
	// Flag is an emoji shown before the title and hidden from screen
	// readers, as on the page itself.
	Flag string
	// Date is the page's date as YYYY-MM-DD and DateText as shown
	// ("12 February 2025"); both "" when it has none.
	Date, DateText string
	// Facts are shown as a list of terms and values: a person's role, a
	// country's capital, an event's place.
	Facts []Fact
	// Summary is the summary the page's front matter gives.
	Summary string
}

// Fact is a line of a Card: "Role", "President of Russia".
type Fact struct{ Term, Value string }

// equal reports whether c and d show the same.
func (c *Card) equal(d *Card) bool {
	if c == nil || d == nil {
		return c == d
	}
	return c.Kind == d.Kind && c.Class == d.Class && c.Flag == d.Flag && c.Date == d.Date &&
		c.DateText == d.DateText && c.Summary == d.Summary && slices.Equal(c.Facts, d.Facts)
}

// KindEmbed is the ast.NodeKind of Embed.
var KindEmbed = ast.NewNodeKind("Embed")

// Embed is a block made of a paragraph that holds nothing but an embed
// (![[Name]]): its one child is the Wikilink, which renders the card.
type Embed struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *Embed) Kind() ast.NodeKind { return KindEmbed }

// Dump implements ast.Node.
func (n *Embed) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// renderEmbed writes the card of the page an Embed names, or its link
// in a paragraph when there is no card (the name is broken, or the page
// has nothing to show).
func renderEmbed(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n, _ := node.FirstChild().(*Wikilink)
	if n == nil {
		return ast.WalkSkipChildren, nil
	}
	c := n.Card
	if c == nil || n.Href == "" {
		w.WriteString("<p>")
		renderWikilink(w, source, n, true)
		w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	}
	w.WriteString(`<div class="embed embed-`)
	escapeHTML(w, c.Class)
	w.WriteString("\">\n<p class=\"embed-kind\">")
	escapeHTML(w, c.Kind)
	w.WriteString("</p>\n<p class=\"embed-title\"><a href=\"")
	writeHref(w, n.Href)
	w.WriteString(`">`)
	if c.Flag != "" {
		w.WriteString(`<span aria-hidden="true">`)
		escapeHTML(w, c.Flag)
		w.WriteString(`</span> `)
	}
	escapeHTML(w, n.Shown())
	w.WriteString("</a>")
	if c.Date != "" {
		w.WriteString(` <time datetime="`)
		escapeHTML(w, c.Date)
		w.WriteString(`">`)
		escapeHTML(w, c.DateText)
		w.WriteString("</time>")
	}
	w.WriteString("</p>\n")
	if len(c.Facts) > 0 {
		w.WriteString(`<dl class="facts">`)
		for _, f := range c.Facts {
			w.WriteString("<dt>")
			escapeHTML(w, f.Term)
			w.WriteString("</dt><dd>")
			escapeHTML(w, f.Value)
			w.WriteString("</dd>")
		}
		w.WriteString("</dl>\n")
	}
	if c.Summary != "" {
		w.WriteString(`<p class="summary">`)
		escapeHTML(w, c.Summary)
		w.WriteString("</p>\n")
	}
	w.WriteString("</div>\n")
	return ast.WalkSkipChildren, nil
}

// embedsOnly reports whether the inline children of paragraph p are
// embeds and the spaces between them, and none is inside a link: such a
// paragraph becomes one Embed block for each.
func embedsOnly(p ast.Node, src []byte) bool {
	found := false
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *Wikilink:
			if !c.Embed {
				return false
			}
			found = true
		case *ast.Text:
			if len(util.TrimLeftSpace(c.Segment.Value(src))) > 0 || c.HardLineBreak() {
				return false
			}
		default:
			return false
		}
	}
	return found
}

// splitEmbeds replaces paragraph p, made of embeds only, by an Embed
// block for each.
func splitEmbeds(p ast.Node) {
	parent := p.Parent()
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		if l, ok := c.(*Wikilink); ok {
			e := &Embed{}
			e.AppendChild(e, l)
			parent.InsertBefore(parent, p, e)
		}
		c = next
	}
	parent.RemoveChild(parent, p)
}
