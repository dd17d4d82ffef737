// Package chart draws what pages show as pictures: timelines, entity
// graphs and maps, as inline SVG computed at build time. Every drawing is
// a <figure> that works from disk with no script: each mark is a link,
// the SVG is for eyes and pointers (hidden from assistive technology,
// its links out of the tab order), and a list after it in <details>
// holds the same links and facts in words for screen readers and the
// keyboard (after the figure, not in it: a figure's caption is its first
// or last child). The same input always draws the same picture.
//
// The key functions are Timeline, Neighbourhood, Network, Locator and
// World; each returns HTML to print as it is.
package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"

	"briefings/generator/config"
)

// svg writes an SVG document into a buffer, with numbers kept short.
type svg struct {
	b strings.Builder
	// key, when set, is what the colours of a graph's dots mean, written
	// in the caption before its text.
	key []config.Kind
}

// num writes a coordinate with at most one decimal.
func (w *svg) num(v float64) {
	v = math.Round(v*10) / 10
	if v == math.Trunc(v) {
		w.b.WriteString(strconv.FormatInt(int64(v), 10))
		return
	}
	w.b.WriteString(strconv.FormatFloat(v, 'f', 1, 64))
}

func (w *svg) s(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

// text writes s escaped for HTML and XML.
func (w *svg) text(s string) { template.HTMLEscape(&w.b, []byte(s)) }

// attr writes ` name="value"` with the value escaped.
func (w *svg) attr(name, value string) {
	w.s(" ", name, `="`)
	w.text(value)
	w.s(`"`)
}

// numAttr writes ` name="v"`.
func (w *svg) numAttr(name string, v float64) {
	w.s(" ", name, `="`)
	w.num(v)
	w.s(`"`)
}

// link opens a mark's link: href as the page writes it, out of the tab
// order (the list beside the drawing is the keyboard's way), with the
// title a pointer shows; with no href, the mark is no link.
func (w *svg) link(href, title string) {
	w.s("<a")
	if href != "" {
		w.attr("href", href)
		w.s(` tabindex="-1"`)
	}
	w.s("><title>")
	w.text(title)
	w.s("</title>")
}

// open starts the figure and its SVG of width × height pixels; class
// names the kind of drawing.
func (w *svg) open(class string, width, height float64) {
	w.s(`<div class="drawing `, class, `"><figure><div class="drawing-frame"><svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false" viewBox="0 0 `)
	w.num(width)
	w.s(" ")
	w.num(height)
	w.s(`"`)
	w.numAttr("width", width)
	w.numAttr("height", height)
	w.s(">")
}

// close ends the SVG and the figure with its caption, then its list.
func (w *svg) close(caption string, list func(w *svg)) template.HTML {
	w.s("</svg></div><figcaption>")
	if len(w.key) > 0 {
		w.s(`<span class="drawing-key">`)
		for _, k := range w.key {
			w.s(`<span class="key key-`)
			w.text(k.Name)
			w.s(`">`)
			w.text(k.Singular)
			w.s("</span> ")
		}
		w.s("</span>")
	}
	w.text(caption)
	w.s("</figcaption></figure>")
	if list != nil {
		w.s(`<details class="drawing-list"><summary>The same in words</summary>`)
		list(w)
		w.s("</details>")
	}
	w.s("</div>")
	return template.HTML(w.b.String())
}

// textWidth estimates the width in pixels of s at the drawings' 12px
// sans-serif: wide enough that labels placed by it do not overlap.
func textWidth(s string) float64 {
	n := 0.0
	for _, r := range s {
		switch {
		case r == ' ' || r == '.' || r == ',' || r == '\'' || r == 'i' || r == 'l' || r == 'j' || r == 't' || r == 'f' || r == 'I':
			n += 3.6
		case r == 'm' || r == 'w' || r == 'M' || r == 'W':
			n += 10
		case r >= 'A' && r <= 'Z':
			n += 8
		default:
			n += 6.9
		}
	}
	return n
}

// clip shortens s to at most max pixels of textWidth, with an ellipsis.
func clip(s string, max float64) string {
	if textWidth(s) <= max {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && textWidth(string(r))+6.6 > max {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// anchor writes a link in the list beside a drawing, or its text alone
// when href is "".
func (w *svg) anchor(href, text string) {
	if href == "" {
		w.text(text)
		return
	}
	w.s(`<a href="`)
	w.text(href)
	w.s(`">`)
	w.text(text)
	w.s("</a>")
}
