package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"briefings/generator/content"
)

// linker is the AST transformer that resolves wikilinks, turns the first
// plain-text mention of each known name into a link, writes site-absolute
// links relative to the page, drops unsafe link targets, and records every
// link with the sentence around it.
type linker struct {
	mentions *Matcher
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
	var unlinked []*ast.Link // to pages this build withholds
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *Wikilink:
			t, err := r.Resolve(n.Section, n.Name)
			switch {
			case err == ErrWithheld:
				n.Withheld = true
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
				n.Target, n.Href = t, r.Href(t.URL)
				linked[t.Key] = true
			}
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if withheld(n.Destination, r) {
				unlinked = append(unlinked, n)
				return ast.WalkSkipChildren, nil
			}
			n.Destination = l.destination(n.Destination, r)
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			n.Destination = l.destination(n.Destination, r)
		case *ast.AutoLink:
			if !content.SafeURL(string(n.URL(src))) {
				unsafeAuto = append(unsafeAuto, n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan, *ast.Heading, *ast.RawHTML, *ast.HTMLBlock, *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if !n.IsRaw() {
				texts = append(texts, n)
			}
		case *ast.Paragraph:
			if res.FirstParagraph == "" && n.Parent() == doc {
				st.text.Reset()
				plainText(n, src, &st.text, nil)
				res.FirstParagraph = string(bytes.TrimSpace(st.text.Bytes()))
			}
		}
		return ast.WalkContinue, nil
	})

	// A link to a withheld page becomes its text.
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
	st.texts = texts
	if st.auto && l.mentions != nil {
		for _, t := range texts {
			st.matches = l.mention(t, src, r, linked, st.matches[:0])
		}
	}
	collect(doc, src, st)
}

// withheld reports whether a Markdown link's target is a page of the
// site that this build withholds: a path from the site root for which
// the resolver has no link.
func withheld(dest []byte, r Resolver) bool {
	d := string(dest)
	if !strings.HasPrefix(d, "/") || strings.HasPrefix(d, "//") {
		return false
	}
	path, _, _ := strings.Cut(d, "#")
	return r.Href(path) == ""
}

// destination makes a Markdown link target safe and, when it is a path
// from the site root, relative to the page.
func (l *linker) destination(dest []byte, r Resolver) []byte {
	d := string(dest)
	// The renderer resolves character references, so judge the target
	// as the browser will read it: &#106;avascript: is javascript:.
	if !content.SafeURL(d) || !content.SafeURL(string(util.ResolveEntityNames(util.ResolveNumericReferences(dest)))) {
		return nil
	}
	if strings.HasPrefix(d, "/") && !strings.HasPrefix(d, "//") {
		path, frag, _ := strings.Cut(d, "#")
		out := r.Href(path)
		if frag != "" {
			out += "#" + frag
		}
		return []byte(out)
	}
	return dest
}

// mention splits text node t around the first mention of each name not
// linked yet. It returns matches, the room it used for t's matches.
func (l *linker) mention(t *ast.Text, src []byte, r Resolver, linked map[string]bool, matches []Match) []Match {
	seg := t.Segment
	matches = l.mentions.appendMatches(matches, seg.Value(src))
	parent := t.Parent()
	if parent == nil {
		return matches
	}
	for _, m := range matches {
		key := m.Pattern.Target.Key
		if linked[key] {
			continue
		}
		linked[key] = true
		start, end := seg.Start+m.Start, seg.Start+m.End
		// t covers [t.Segment.Start, seg.Stop); cut it into the text
		// before, the mention, and the text after, which is t itself so
		// that it keeps its line break.
		link := &Wikilink{Name: m.Pattern.Text, Label: string(src[start:end]), Offset: start, Target: m.Pattern.Target, Href: r.Href(m.Pattern.Target.URL), Auto: true}
		if start > t.Segment.Start {
			parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(t.Segment.Start, start)))
		}
		parent.InsertBefore(parent, t, link)
		t.Segment = text.NewSegment(end, t.Segment.Stop)
	}
	return matches
}

// collect records every resolved link with the sentence around it, and
// leaves the plain text of the body in st.text.
func collect(doc *ast.Document, src []byte, st *state) {
	res := st.res
	all := &st.text
	all.Reset()
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || !hasInline(n) {
			return ast.WalkContinue, nil
		}
		from := all.Len()
		st.links = st.links[:0]
		plainText(n, src, all, &st.links)
		if len(st.links) > 0 {
			text := all.Bytes()[from:]
			_, isHeading := n.(*ast.Heading)
			// Links in one sentence share its copy, unless it is long
			// enough to be cut around each link.
			var last string
			lastStart, lastEnd := -1, -1
			for _, a := range st.links {
				ctx := ""
				if !isHeading {
					start, end := sentenceBounds(text, a.pos-from)
					if start != lastStart || end != lastEnd || end-start > 300 {
						last, lastStart, lastEnd = clipSentence(text[start:end], a.pos-from-start), start, end
					}
					ctx = last
				}
				res.Links = append(res.Links, Link{Target: a.link.Target, Offset: a.link.Offset, Context: ctx, Auto: a.link.Auto})
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

// Sentence returns the sentence of text that holds byte offset pos,
// trimmed to about 300 bytes around pos.
func Sentence(text string, pos int) string {
	return sentence([]byte(text), pos)
}

// sentence is Sentence on bytes; the string it returns is a copy, so that
// a backlink keeps the sentence and not the whole text.
func sentence(text []byte, pos int) string {
	start, end := sentenceBounds(text, pos)
	return clipSentence(text[start:end], pos-start)
}

// sentenceBounds returns where the sentence of text holding byte offset
// pos starts and ends.
func sentenceBounds(text []byte, pos int) (start, end int) {
	for i := pos - 1; i > 0; i-- {
		if (text[i-1] == '.' || text[i-1] == '!' || text[i-1] == '?') && text[i] == ' ' && i+1 < len(text) && i+1 <= pos && !lowerAt(text, i+1) {
			start = i + 1
			break
		}
	}
	end = len(text)
	for i := pos; i < len(text)-1; i++ {
		if (text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i+1] == ' ' && !lowerAt(text, i+2) {
			end = i + 1
			break
		}
	}
	return start, end
}

// clipSentence copies sentence s, trimmed, cut to about 300 bytes around
// byte offset pos when longer.
func clipSentence(s []byte, pos int) string {
	s = bytes.TrimSpace(s)
	if len(s) > 300 {
		from := max(0, pos-140)
		to := min(len(s), from+300)
		from, to = runeStart(s, from), runeStart(s, to)
		return "…" + string(bytes.TrimSpace(s[from:to])) + "…"
	}
	return string(s)
}

func lowerAt(s []byte, i int) bool {
	return i < len(s) && s[i] >= 'a' && s[i] <= 'z'
}

func runeStart(s []byte, i int) int {
	for i > 0 && i < len(s) && s[i]&0xC0 == 0x80 {
		i--
	}
	return i
}
