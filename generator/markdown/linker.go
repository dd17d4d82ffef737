package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"briefings/generator/content"
)

// linker is the AST transformer that resolves wikilinks, turns the first
// plain-text mention of each known name into a link, writes site-absolute
// links relative to the page, drops unsafe link targets, makes callouts,
// embeds and heading ids, and records every link with the sentence around
// it.
type linker struct {
	mentions *Matcher
	// unsafe is set when raw HTML is let through: a raw <a> then holds
	// text that must not get a link of its own.
	unsafe bool
	// sentences knows where a backlink's sentence ends.
	sentences *sentencer
}

// callout is a block quote to turn into a Callout.
type callout struct {
	quote *ast.Blockquote
	c     *Callout
}

// Transform implements parser.ASTTransformer.
func (l *linker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	st := pc.Get(stateKey).(*state)
	r, res := st.resolver, st.res

	if st.linked == nil {
		st.linked = map[string]bool{}
	}
	linked := st.linked
	clear(linked)
	texts := st.texts[:0]
	var unsafeAuto []*ast.AutoLink
	var callouts []callout
	var embeds []ast.Node
	var here []*Wikilink    // links to a heading of this page: [[#Heading]]
	var unlinked []ast.Node // links to pages this build withholds, images in their folders
	// Where the walk is: inside the text of a link (or a raw <a>), an
	// image's description, or a heading or callout title (no mentions
	// there). The walk visits a node's children between its entering and
	// leaving, so these count.
	inLink, inAlt, inHeading, rawA := 0, 0, 0, 0
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Link:
			if entering {
				if withheld(n.Destination, r, res) {
					unlinked = append(unlinked, n)
				}
				n.Destination = l.destination(n.Destination, r, res)
				inLink++
			} else {
				inLink--
			}
			return ast.WalkContinue, nil
		case *ast.Image:
			if entering {
				if withheld(n.Destination, r, res) {
					unlinked = append(unlinked, n)
				}
				n.Destination = l.destination(n.Destination, r, res)
				inAlt++
			} else {
				inAlt--
			}
			return ast.WalkContinue, nil
		case *ast.Heading, *CalloutTitle:
			if entering {
				inHeading++
			} else {
				inHeading--
			}
			return ast.WalkContinue, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *Wikilink:
			if inAlt > 0 {
				// An image's description is text: the link is shown
				// as written, and names nothing.
				s := ast.NewString([]byte(n.Shown()))
				s.SetRaw(true)
				n.AppendChild(n, s)
				return ast.WalkSkipChildren, nil
			}
			if n.Name == "" {
				n.Href = "#" + HeadingID(n.Heading)
				here = append(here, n)
			} else {
				l.resolve(n, r, res, linked)
			}
			n.Plain = n.Withheld || inLink > 0 || rawA > 0
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			if !content.SafeURL(string(n.URL(src))) {
				unsafeAuto = append(unsafeAuto, n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if l.unsafe {
				for i := range n.Segments.Len() {
					seg := n.Segments.At(i)
					rawA = max(0, rawA+anchorDepth(seg.Value(src)))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if l.unsafe {
				for i := range n.Lines().Len() {
					seg := n.Lines().At(i)
					rawA = max(0, rawA+anchorDepth(seg.Value(src)))
				}
				if n.HasClosure() {
					rawA = max(0, rawA+anchorDepth(n.ClosureLine.Value(src)))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if inLink == 0 && inAlt == 0 && inHeading == 0 && rawA == 0 && !n.IsRaw() {
				texts = append(texts, n)
			}
		case *ast.Paragraph, *ast.TextBlock:
			if rawA == 0 && embedsOnly(n, src) {
				embeds = append(embeds, n)
			}
		case *ast.Blockquote:
			kind, rest, at, end, ok := calloutMarker(n, src)
			if !ok {
				break
			}
			c, msg := newCallout(kind, rest)
			if c == nil {
				res.Problems = append(res.Problems, Problem{Offset: at, Msg: msg})
				break
			}
			// Before the walk goes into the quote, so that it walks
			// the title where it will be.
			if title := takeMarkerLine(n.FirstChild(), end, src); title != nil {
				n.InsertBefore(n, n.FirstChild(), title)
			}
			callouts = append(callouts, callout{n, c})
		}
		return ast.WalkContinue, nil
	})

	// A link to a withheld page becomes its text, and an image of a
	// withheld note's bundle its description.
	for _, n := range unlinked {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	// <javascript:...> is an autolink to CommonMark; keep its text only.
	for _, n := range unsafeAuto {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(src)))
	}
	for _, c := range callouts {
		toCallout(c.quote, c.c)
	}
	// A paragraph of embeds becomes a block for each, which shows the
	// card of the page it names.
	for _, p := range embeds {
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			if e, ok := c.(*Wikilink); ok && e.Target != nil {
				e.Card = r.Card(e.Target)
				res.Cards = append(res.Cards, ShownCard{e.Target, e.Card})
			}
		}
		splitEmbeds(p)
	}
	st.texts = texts
	if st.auto && l.mentions != nil {
		l.mentionAll(st, src, r, linked)
	}
	l.collect(doc, src, st)
	for _, n := range here {
		if _, ok := st.ids[n.Href[1:]]; !ok {
			n.Href = ""
			res.Problems = append(res.Problems, Problem{Offset: n.Offset, Msg: fmt.Sprintf("no heading %q in this note: [[#Heading]] links to a heading of the same note; check its text", n.Heading)})
		}
	}
}

// resolve asks r for the page of wikilink n, and records a problem when
// there is none.
func (l *linker) resolve(n *Wikilink, r Resolver, res *Result, linked map[string]bool) {
	t, err := r.Resolve(n.Section, n.Name)
	switch {
	case err == ErrWithheld:
		n.Withheld = true
		res.asked = append(res.asked, asked{kind: n.Section, name: n.Name})
	case err != nil:
		if amb, ok := err.(*Ambiguous); ok {
			n.Ambiguous = amb.Candidates
		}
		res.Problems = append(res.Problems, Problem{Offset: n.Offset, Msg: err.Error()})
	case t == nil:
		name := n.Name
		if n.Section != "" {
			name = n.Section + ":" + name
		}
		res.Problems = append(res.Problems, Problem{Offset: n.Offset, Msg: fmt.Sprintf("unknown link target %q: no note, alias or briefing has this name; check the spelling or add a note for it", name)})
	default:
		url := t.URL
		if n.Heading != "" {
			url += "#" + HeadingID(n.Heading)
		}
		// The link's href is Rel of the target's URL: the page of a name
		// is published, so Href has no other answer for it.
		n.Target, n.Href = t, r.Href(url)
		linked[t.Key] = true
		res.asked = append(res.asked, asked{kind: n.Section, name: n.Name, target: t})
	}
}

// anchorDepth returns the number of <a> start tags in raw HTML b less the
// number of </a> end tags, outside comments.
func anchorDepth(b []byte) int {
	d := 0
	for i := bytes.IndexByte(b, '<'); i >= 0 && i+2 < len(b); {
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			end := bytes.Index(b[i+4:], []byte("-->"))
			if end < 0 {
				break
			}
			i += 4 + end
		}
		rest := b[i+1:]
		closing := rest[0] == '/'
		if closing {
			rest = rest[1:]
		}
		if len(rest) >= 2 && (rest[0] == 'a' || rest[0] == 'A') && (util.IsSpace(rest[1]) || rest[1] == '>' || rest[1] == '/') {
			if closing {
				d--
			} else {
				d++
			}
		}
		j := bytes.IndexByte(b[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return d
}

// withheld reports whether a Markdown link's target is a page of the
// site that this build withholds: a path from the site root for which
// the resolver has no link.
func withheld(dest []byte, r Resolver, res *Result) bool {
	d := string(dest)
	if !strings.HasPrefix(d, "/") || strings.HasPrefix(d, "//") {
		return false
	}
	path, _, _ := strings.Cut(d, "#")
	return href(path, r, res) == ""
}

// href returns r.Href(path) and records the answer in res.
func href(path string, r Resolver, res *Result) string {
	out := r.Href(path)
	if n := len(res.asked); n == 0 || res.asked[n-1].path != path {
		res.asked = append(res.asked, asked{path: path, href: out})
	}
	return out
}

// destination makes a Markdown link target safe and, when it is a path
// from the site root, relative to the page.
func (l *linker) destination(dest []byte, r Resolver, res *Result) []byte {
	d := string(dest)
	// The renderer resolves character references, so judge the target
	// as the browser will read it: &#106;avascript: is javascript:.
	if !content.SafeURL(d) || !content.SafeURL(string(util.ResolveEntityNames(util.ResolveNumericReferences(dest)))) {
		return nil
	}
	if strings.HasPrefix(d, "/") && !strings.HasPrefix(d, "//") {
		path, frag, _ := strings.Cut(d, "#")
		out := href(path, r, res)
		if frag != "" {
			out += "#" + frag
		}
		return []byte(out)
	}
	return dest
}

// piece is a node of a run of text that mentions may span, where its
// text starts in the run's bytes (from) and in the source (at).
type piece struct {
	node     ast.Node
	from, at int
}

// mentionAll links the first mention of each name not linked yet in the
// texts the walk collected (st.texts). A name may span the nodes of one
// run of text: the lines of a paragraph ("Vladimir⏎Putin") and the
// pieces the typographer cut at an apostrophe ("Côte d’Ivoire").
func (l *linker) mentionAll(st *state, src []byte, r Resolver, linked map[string]bool) {
	texts := st.texts
	for i := 0; i < len(texts); i++ {
		t := texts[i]
		if t.Parent() == nil {
			continue
		}
		if !continues(t) {
			// A run of one node: match its bytes where they are.
			seg := t.Segment
			st.matches = l.mentions.appendMatches(st.matches[:0], seg.Value(src))
			for _, m := range st.matches {
				if !linked[m.Pattern.Target.Key] {
					linked[m.Pattern.Target.Key] = true
					l.link(t, seg.Start+m.Start, seg.Start+m.End, src, m.Pattern, r)
				}
			}
			continue
		}
		// Copy the run's text, with a newline at each soft line break
		// and the typographer's apostrophes as the character they show.
		buf := st.run[:0]
		pieces := st.pieces[:0]
		texts := 0
		for n := ast.Node(t); n != nil; n = n.NextSibling() {
			if s, ok := n.(*ast.String); ok {
				pieces = append(pieces, piece{n, len(buf), 0})
				buf = append(buf, "’"...)
				if !continues(s) {
					break
				}
				continue
			}
			tn := n.(*ast.Text)
			pieces = append(pieces, piece{n, len(buf), tn.Segment.Start})
			texts++
			buf = append(buf, tn.Segment.Value(src)...)
			if tn.SoftLineBreak() {
				buf = append(buf, '\n')
			}
			if !continues(n) {
				break
			}
		}
		i += texts - 1 // the run's other texts are done with it
		st.run, st.pieces = buf, pieces
		st.matches = l.mentions.appendMatches(st.matches[:0], buf)
		for _, m := range st.matches {
			key := m.Pattern.Target.Key
			if linked[key] {
				continue
			}
			linked[key] = true
			first, last := pieceAt(pieces, m.Start), pieceAt(pieces, m.End-1)
			t0 := pieces[first].node.(*ast.Text)
			start := pieces[first].at + m.Start - pieces[first].from
			if first == last {
				l.link(t0, start, start+m.End-m.Start, src, m.Pattern, r)
				continue
			}
			// The link holds the nodes of the name, so that it shows
			// them as they were: line breaks and the typographer's
			// apostrophes.
			link := &Wikilink{Name: m.Pattern.Text, Label: string(buf[m.Start:m.End]), Offset: start, Target: m.Pattern.Target, Href: r.Href(m.Pattern.Target.URL), Auto: true}
			parent := t0.Parent()
			if start > t0.Segment.Start {
				parent.InsertBefore(parent, t0, ast.NewTextSegment(text.NewSegment(t0.Segment.Start, start)))
			}
			parent.InsertBefore(parent, t0, link)
			t0.Segment = t0.Segment.WithStart(start)
			for _, p := range pieces[first:last] {
				link.AppendChild(link, p.node)
			}
			// The last node keeps what follows the name, and its
			// line break.
			switch n := pieces[last].node.(type) {
			case *ast.Text:
				end := pieces[last].at + m.End - pieces[last].from
				link.AppendChild(link, ast.NewTextSegment(text.NewSegment(n.Segment.Start, end)))
				n.Segment = n.Segment.WithStart(end)
			default:
				link.AppendChild(link, n)
			}
		}
	}
}

// continues reports whether a run of text that a name may span goes on
// after node n: n is a text with no hard line break, or a typographer's
// apostrophe, and so is the node after it.
func continues(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.Text:
		if n.IsRaw() || n.HardLineBreak() {
			return false
		}
	case *ast.String:
		if !isApostrophe(n) {
			return false
		}
	default:
		return false
	}
	switch next := n.NextSibling().(type) {
	case *ast.Text:
		return !next.IsRaw()
	case *ast.String:
		return isApostrophe(next)
	}
	return false
}

// isApostrophe reports whether s is the typographer's apostrophe.
func isApostrophe(s *ast.String) bool {
	return s.IsCode() && string(s.Value) == "&rsquo;"
}

// pieceAt returns the index of the piece that holds byte i of a run.
func pieceAt(pieces []piece, i int) int {
	k, _ := slices.BinarySearchFunc(pieces, i+1, func(p piece, i int) int { return cmp.Compare(p.from, i) })
	return k - 1
}

// link cuts text node t around the mention src[start:end] of pattern p:
// the text before, the link, and the text after, which is t itself so
// that it keeps its line break.
func (l *linker) link(t *ast.Text, start, end int, src []byte, p *Pattern, r Resolver) {
	parent := t.Parent()
	link := &Wikilink{Name: p.Text, Label: string(src[start:end]), Offset: start, Target: p.Target, Href: r.Href(p.Target.URL), Auto: true}
	if start > t.Segment.Start {
		parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(t.Segment.Start, start)))
	}
	parent.InsertBefore(parent, t, link)
	t.Segment = text.NewSegment(end, t.Segment.Stop)
}

// collect gives each heading its id, records every resolved link with
// the sentence around it, and leaves the plain text of the body in
// st.text and its first paragraph in the Result.
func (l *linker) collect(doc *ast.Document, src []byte, st *state) {
	res := st.res
	all := &st.text
	all.Reset()
	if st.ids == nil {
		st.ids = map[string]int{}
	}
	clear(st.ids)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if !hasInline(n) {
			if h, ok := n.(*ast.Heading); ok { // an empty one
				id := uniqueID(HeadingID(""), st.ids)
				h.SetAttributeString("id", []byte(id))
				res.Headings = append(res.Headings, id)
			}
			return ast.WalkContinue, nil
		}
		from := all.Len()
		st.links = st.links[:0]
		plainText(n, src, all, &st.links)
		text := all.Bytes()[from:]
		h, isHeading := n.(*ast.Heading)
		switch {
		case isHeading:
			id := uniqueID(HeadingID(string(text)), st.ids)
			h.SetAttributeString("id", []byte(id))
			res.Headings = append(res.Headings, id)
			if (h.Level == 2 || h.Level == 3) && h.Parent() == doc {
				res.Contents = append(res.Contents, Heading{Level: h.Level, ID: id, Text: string(bytes.TrimSpace(text))})
			}
		case res.FirstParagraph == "" && n.Kind() == ast.KindParagraph && n.Parent() == doc:
			res.FirstParagraph = string(bytes.TrimSpace(text))
		}
		if len(st.links) > 0 {
			_, isEmbed := n.(*Embed)
			// Links in one sentence share its copy, unless it is long
			// enough to be cut around each link.
			var last string
			var shift int // where last starts in text, less the "…" it starts with
			var prev *span
			var sp span
			for _, a := range st.links {
				ctx := ""
				var mark [2]int
				if !isHeading && !isEmbed {
					next := l.sentences.bounds(text, a.pos-from, a.end-from, prev)
					if prev == nil || next.start != sp.start || next.end != sp.end || next.end-next.start > 300 {
						var at int
						last, at = clipSentence(text[next.start:next.end], next.from-next.start)
						shift = next.start + at
					}
					sp, prev = next, &sp
					ctx = last
					if m0, m1 := a.pos-from-shift, a.end-from-shift; m0 >= 0 && m1 <= len(ctx) && m0 < m1 {
						mark = [2]int{m0, m1}
					}
				}
				res.Links = append(res.Links, Link{Target: a.link.Target, Offset: a.link.Offset, Context: ctx, Mark: mark, Auto: a.link.Auto, Heading: a.link.Heading})
			}
		}
		all.WriteByte('\n')
		return ast.WalkSkipChildren, nil
	})
}

// hasInline reports whether block n holds inline content directly.
func hasInline(n ast.Node) bool {
	c := n.FirstChild()
	return c != nil && c.Type() == ast.TypeInline
}

// HeadingID makes the id of a heading from its text, the way slugs are
// made: "Путін і НАТО" → "путін-і-нато", "Côte d'Ivoire" → "cote-divoire".
// [[Name#Heading]] links with the same function. A second heading with
// the same text gets "-1" after it, a third "-2".
func HeadingID(text string) string {
	if id := content.Slug(text); id != "" {
		return id
	}
	return "heading"
}

// uniqueID returns id, or id-1, id-2... when ids has it already, and adds
// what it returns to ids. ids holds for each id the next number to try
// after it, so that many equal headings cost no more than different ones.
func uniqueID(id string, ids map[string]int) string {
	out := id
	if n, ok := ids[id]; ok {
		for i := max(n, 1); ; i++ {
			out = id + "-" + strconv.Itoa(i)
			if _, taken := ids[out]; !taken {
				ids[id] = i + 1
				break
			}
		}
	}
	ids[out] = 0
	return out
}
