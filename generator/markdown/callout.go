package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// KindCallout is the ast.NodeKind of Callout.
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a block quote that starts with a line such as [!NOTE] or
// [!ASSESSMENT] high confidence: GitHub's alerts and the analytic
// callouts of briefings. Its children are the quote's, without that line.
type Callout struct {
	ast.BaseBlock
	// Name is the callout's kind in lower case with hyphens, for the
	// markup's class: "note", "key-judgement".
	Name string
	// Title is the kind as shown: "Note", "Key judgement".
	Title string
	// Qualifier is the text after the marker, such as "high confidence".
	Qualifier string
	// Confidence is "high", "moderate" or "low" when the qualifier says
	// so, for the markup's class.
	Confidence string
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name, "Qualifier": n.Qualifier}, nil)
}

// calloutKinds are the callouts a marker may name, upper case, with the
// title shown.
var calloutKinds = map[string]string{
	// GitHub's alerts.
	"NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution",
	// Analytic callouts, as intelligence writing marks them.
	"ASSESSMENT": "Assessment", "KEY JUDGEMENT": "Key judgement", "KEY JUDGMENT": "Key judgment", "GAP": "Gap",
}

// calloutNames lists the kinds in the order docs and messages give them.
var calloutNames = []string{"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION", "ASSESSMENT", "KEY JUDGEMENT", "GAP"}

// calloutMarker reads the marker at the start of a block quote: q's first
// child must be a paragraph whose first line is [!KIND] and, optionally,
// more words. It returns the kind as written, the rest of the line, and
// where the marker starts and ends in src; ok is false when q is no
// callout.
func calloutMarker(q *ast.Blockquote, src []byte) (kind, rest string, at, end int, ok bool) {
	p, isPara := q.FirstChild().(*ast.Paragraph)
	if !isPara || p.Lines().Len() == 0 {
		return "", "", 0, 0, false
	}
	seg := p.Lines().At(0)
	line := seg.Value(src)
	if !bytes.HasPrefix(line, []byte("[!")) {
		return "", "", 0, 0, false
	}
	close := bytes.IndexByte(line, ']')
	if close < 3 || bytes.ContainsAny(line[2:close], "[\\`*_<&") {
		return "", "", 0, 0, false
	}
	return string(line[2:close]), string(bytes.TrimSpace(line[close+1:])), seg.Start, seg.Start + close + 1, true
}

// newCallout makes the Callout for the marker [!kind] rest, or returns a
// message saying why the kind is not one.
func newCallout(kind, rest string) (*Callout, string) {
	upper := strings.ToUpper(strings.Join(strings.Fields(kind), " "))
	title, ok := calloutKinds[upper]
	if !ok {
		return nil, fmt.Sprintf("unknown callout [!%s]: the kinds are %s; the quote is shown as it is", kind, strings.Join(calloutNames, ", "))
	}
	c := &Callout{Name: strings.ToLower(strings.ReplaceAll(upper, " ", "-")), Title: title, Qualifier: rest}
	lower := strings.ToLower(rest)
	for _, level := range [...]string{"high", "moderate", "medium", "low"} {
		if strings.HasPrefix(lower, level) {
			c.Confidence = level
			if level == "medium" {
				c.Confidence = "moderate"
			}
			break
		}
	}
	return c, ""
}

// takeMarkerLine takes the first line of paragraph p, which starts with
// a callout's marker ending at byte end of the source: the marker is
// dropped, the rest of the line becomes the callout's title (nil when
// there is none), and p is removed when nothing else is left of it.
func takeMarkerLine(p ast.Node, end int, src []byte) *CalloutTitle {
	title := &CalloutTitle{}
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, isText := c.(*ast.Text)
		brk := isText && (t.SoftLineBreak() || t.HardLineBreak())
		switch {
		case isText && t.Segment.Stop <= end:
			// The marker: goldmark cut it at its [.
			p.RemoveChild(p, c)
		default:
			if isText && t.Segment.Start < end {
				t.Segment = t.Segment.WithStart(end)
			}
			if title.FirstChild() == nil && isText {
				t.Segment = t.Segment.TrimLeftSpace(src)
			}
			title.AppendChild(title, c)
			if brk {
				t.SetSoftLineBreak(false)
				t.SetHardLineBreak(false)
			}
		}
		if brk {
			break
		}
		c = next
	}
	if p.FirstChild() == nil {
		p.Parent().RemoveChild(p.Parent(), p)
	}
	if title.FirstChild() == nil {
		return nil
	}
	return title
}

// toCallout puts callout c in block quote q's place, with q's children.
func toCallout(q *ast.Blockquote, c *Callout) {
	for child := q.FirstChild(); child != nil; {
		next := child.NextSibling()
		c.AppendChild(c, child)
		child = next
	}
	q.Parent().ReplaceChild(q.Parent(), q, c)
}

// KindCalloutTitle is the ast.NodeKind of CalloutTitle.
var KindCalloutTitle = ast.NewNodeKind("CalloutTitle")

// CalloutTitle is the text after a callout's marker, [!ASSESSMENT] high
// confidence, which the callout shows after its kind.
type CalloutTitle struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *CalloutTitle) Kind() ast.NodeKind { return KindCalloutTitle }

// Dump implements ast.Node.
func (n *CalloutTitle) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// renderCallout writes a callout as a div whose first line names its
// kind in words, so that no reader depends on its colour.
func renderCallout(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Callout)
	if !entering {
		w.WriteString("</div>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<div class="callout callout-`)
	w.WriteString(n.Name)
	if n.Confidence != "" {
		w.WriteString(" confidence-")
		w.WriteString(n.Confidence)
	}
	w.WriteString("\">\n")
	if _, titled := n.FirstChild().(*CalloutTitle); !titled {
		w.WriteString(`<p class="callout-title">`)
		w.WriteString(n.Title)
		w.WriteString("</p>\n")
	}
	return ast.WalkContinue, nil
}

// renderCalloutTitle writes the first line of a callout with a title.
func renderCalloutTitle(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</span></p>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<p class="callout-title">`)
	if c, ok := node.Parent().(*Callout); ok {
		w.WriteString(c.Title)
	}
	w.WriteString(`<span class="callout-qualifier">: `)
	return ast.WalkContinue, nil
}
