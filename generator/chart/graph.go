package chart

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"

	"briefings/generator/config"
	"briefings/generator/site"
)

// maxNeighbours is the most entities a neighbourhood draws around its
// entity: a dozen names stay readable on a phone.
const maxNeighbours = 12

// Neighbours returns the entities e appears with most often, of every
// kind, the most shared briefings first (then by kind and name): what
// Site.Link keeps in Together.
func Neighbours(s *site.Site, e *site.Entity) []site.Count {
	var all []site.Count
	for _, k := range s.Kinds {
		all = append(all, e.Together[k.Name]...)
	}
	kindAt := map[string]int{}
	for i, k := range s.Kinds {
		kindAt[k.Name] = i
	}
	slices.SortStableFunc(all, func(a, b site.Count) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(kindAt[a.Entity.Kind.Name], kindAt[b.Entity.Kind.Name]))
	})
	return all[:min(len(all), maxNeighbours)]
}

// node is an entity placed on a graph.
type node struct {
	e    *site.Entity
	x, y float64
	n    int // briefings: shared with the centre, or its own
	// label, when placed, is where the name goes; noLabel says there
	// was no room for it (the title and the list name it).
	label   *placedLabel
	noLabel bool
}

// placedLabel is a name placed beside its node.
type placedLabel struct {
	text, anchor string
	x, y         float64
}

// edge joins two nodes by the number of briefings they share.
type edge struct {
	a, b int
	n    int
}

// Neighbourhood draws e among the entities it appears with most often,
// each a link, joined to it by a line as thick as the briefings they
// share, from the page at from. It returns "" when e appears with none.
func Neighbourhood(link func(string) string, s *site.Site, e *site.Entity) template.HTML {
	near := Neighbours(s, e)
	if len(near) == 0 {
		return ""
	}
	const width, height = 400.0, 330.0
	cx, cy := width/2, height/2
	nodes := []node{{e: e, x: cx, y: cy}}
	var edges []edge
	most := near[0].N
	for i, c := range near {
		// Around the centre, clockwise from the top, the most shared
		// first: the same input, the same picture.
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(len(near))
		nodes = append(nodes, node{e: c.Entity, x: cx + 96*math.Cos(a), y: cy + 128*math.Sin(a), n: c.N})
		edges = append(edges, edge{a: 0, b: i + 1, n: c.N})
	}
	all := []*site.Entity{e}
	for _, c := range near {
		all = append(all, c.Entity)
	}
	w := &svg{key: kindsOf(s, all)}
	w.open("drawing-graph", width, height)
	w.edges(nodes, edges, most)
	for i, n := range nodes {
		title := n.e.Name
		if i > 0 {
			title = fmt.Sprintf("%s: %s with %s", n.e.Name, plural(n.n, "briefing", "briefings"), e.Name)
		}
		w.node(link, n, i == 0, title, width)
	}
	caption := fmt.Sprintf("%s and the %s %s appears with most often; a line is as thick as the briefings they share.", e.Name, plural(len(near), "entity", "entities"), e.Name)
	return w.close(caption, func(w *svg) {
		w.s("<ul>")
		for _, c := range near {
			w.s(`<li>`)
			w.anchor(link(c.Entity.URL), c.Entity.Name)
			w.s(" (")
			w.text(c.Entity.Kind.Singular)
			w.s("): ")
			w.text(plural(c.N, "briefing", "briefings"))
			w.s(" together</li>")
		}
		w.s("</ul>")
	})
}

// edges writes the lines of a graph, the thickest last.
func (w *svg) edges(nodes []node, edges []edge, most int) {
	order := slices.Clone(edges)
	slices.SortStableFunc(order, func(a, b edge) int { return cmp.Compare(a.n, b.n) })
	w.s(`<g class="edges">`)
	for _, ed := range order {
		a, b := nodes[ed.a], nodes[ed.b]
		w.s("<line")
		w.numAttr("x1", a.x)
		w.numAttr("y1", a.y)
		w.numAttr("x2", b.x)
		w.numAttr("y2", b.y)
		w.numAttr("stroke-width", 1+6*float64(ed.n)/float64(max(1, most)))
		w.s("/>")
	}
	w.s("</g>")
}

// kindsOf returns the kinds of the site that list has entities of, in
// the site's order: a graph's key to the colours of its dots.
func kindsOf(s *site.Site, list []*site.Entity) []config.Kind {
	var out []config.Kind
	for _, k := range s.Kinds {
		if slices.ContainsFunc(list, func(e *site.Entity) bool { return e.Kind.Name == k.Name }) {
			out = append(out, k)
		}
	}
	return out
}

// node writes a node: a dot in its kind's colour and its name, beside
// it on the side away from the middle, within the drawing.
func (w *svg) node(link func(string) string, n node, centre bool, title string, width float64) {
	w.link(link(n.e.URL), title)
	class := "node kind-" + n.e.Kind.Name
	r := 7.0
	if centre {
		class += " centre"
		r = 11
	}
	w.s(`<circle class="`)
	w.text(class)
	w.s(`"`)
	w.numAttr("cx", n.x)
	w.numAttr("cy", n.y)
	w.numAttr("r", r)
	w.s("/>")
	if n.noLabel {
		w.s("</a>")
		return
	}
	label, anchor, lx, ly := "", "middle", n.x, n.y+r+13
	switch {
	case n.label != nil:
		label, anchor, lx, ly = n.label.text, n.label.anchor, n.label.x, n.label.y
	case centre:
		// Bold and a size up: 124 pixels of the estimate are some 150
		// drawn, clear of the dots at three and nine o'clock.
		label = clip(n.e.Name, 124)
	case n.x > width/2+20:
		anchor, lx, ly = "start", n.x+r+4, n.y+4
		label = clip(n.e.Name, (width-lx)*0.9)
	case n.x < width/2-20:
		anchor, lx, ly = "end", n.x-r-4, n.y+4
		label = clip(n.e.Name, lx*0.9)
	default:
		if n.y < 60 {
			ly = n.y - r - 5
		}
		label = clip(n.e.Name, 150)
	}
	w.s(`<text text-anchor="`, anchor, `"`)
	w.numAttr("x", lx)
	w.numAttr("y", ly)
	if centre {
		w.s(` class="centre"`)
	}
	w.s(">")
	w.text(label)
	w.s("</text></a>")
}

// networkSize is how many entities of each kind the site's graph draws
// at most, and networkMax how many in all.
const (
	networkSize = 10
	networkMax  = 30
)

// Network draws the site's most named entities, up to ten of each kind
// and thirty in all, joined by lines as thick as the briefings they
// share, placed by a force layout computed at build (the same site, the
// same picture), from the page at from. It returns "" for a site whose
// entities share no briefing.
func Network(link func(string) string, s *site.Site) template.HTML {
	var picked []*site.Entity
	for _, k := range s.Kinds {
		list := slices.Clone(s.Entities[k.Name])
		slices.SortStableFunc(list, func(a, b *site.Entity) int { return cmp.Compare(len(b.Backlinks), len(a.Backlinks)) })
		for _, e := range list[:min(networkSize, len(list))] {
			if len(e.Backlinks) > 0 {
				picked = append(picked, e)
			}
		}
	}
	slices.SortStableFunc(picked, func(a, b *site.Entity) int { return cmp.Compare(len(b.Backlinks), len(a.Backlinks)) })
	picked = picked[:min(networkMax, len(picked))]
	index := map[*site.Entity]int{}
	for i, e := range picked {
		index[e] = i
	}
	// The briefings each pair shares, counted over the briefings that
	// name two of them.
	shared := map[[2]int]int{}
	var in []int
	for _, b := range s.Briefings {
		in = in[:0]
		for k := range s.Kinds {
			for _, e := range b.MentionedIn(k) {
				if i, ok := index[e]; ok {
					in = append(in, i)
				}
			}
		}
		for x := 0; x < len(in); x++ {
			for y := x + 1; y < len(in); y++ {
				a, c := min(in[x], in[y]), max(in[x], in[y])
				if a != c {
					shared[[2]int{a, c}]++
				}
			}
		}
	}
	// Each entity keeps its four strongest ties, so the drawing stays
	// legible.
	var all []edge
	for k, n := range shared {
		all = append(all, edge{a: k[0], b: k[1], n: n})
	}
	slices.SortFunc(all, func(x, y edge) int {
		return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	ties := make([]int, len(picked))
	var edges []edge
	for _, ed := range all {
		if ties[ed.a] < 4 || ties[ed.b] < 4 {
			edges = append(edges, ed)
			ties[ed.a]++
			ties[ed.b]++
		}
	}
	if len(edges) == 0 {
		return ""
	}
	const width, height = 400.0, 520.0
	nodes := layout(picked, edges, width, height)
	placeLabels(nodes, width, height)
	w := &svg{key: kindsOf(s, picked)}
	w.open("drawing-graph drawing-network", width, height)
	w.edges(nodes, edges, edges[0].n)
	for _, n := range nodes {
		w.node(link, n, false, fmt.Sprintf("%s: %s", n.e.Name, plural(len(n.e.Backlinks), "briefing", "briefings")), width)
	}
	caption := fmt.Sprintf("The %s the most briefings name, and the briefings they share: a line is as thick as the briefings two of them have in common.", plural(len(picked), "entity", "entities"))
	return w.close(caption, func(w *svg) {
		w.s("<ul>")
		for i, e := range picked {
			w.s(`<li>`)
			w.anchor(link(e.URL), e.Name)
			w.s(" (")
			w.text(e.Kind.Singular)
			w.s(", ")
			w.text(plural(len(e.Backlinks), "briefing", "briefings"))
			w.s(")")
			first := true
			for _, ed := range edges {
				o := -1
				switch i {
				case ed.a:
					o = ed.b
				case ed.b:
					o = ed.a
				}
				if o < 0 {
					continue
				}
				if first {
					w.s(": with ")
				} else {
					w.s(", ")
				}
				first = false
				w.text(fmt.Sprintf("%s %d", picked[o].Name, ed.n))
			}
			w.s("</li>")
		}
		w.s("</ul>")
	})
}

// layout places nodes with a force layout (Fruchterman and Reingold):
// every pair pushes apart, every edge pulls together by its weight, for
// a fixed number of steps from a circle in the given order, with a
// cooling step size: deterministic, so the same graph always gets the
// same picture. Names need room, so nodes keep 60 pixels from the sides.
func layout(es []*site.Entity, edges []edge, width, height float64) []node {
	n := len(es)
	nodes := make([]node, n)
	cx, cy := width/2, height/2
	for i, e := range es {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		nodes[i] = node{e: e, x: cx + 120*math.Cos(a), y: cy + 160*math.Sin(a), n: len(e.Backlinks)}
	}
	most := 1
	for _, ed := range edges {
		most = max(most, ed.n)
	}
	k := math.Sqrt((width - 120) * (height - 60) / float64(n))
	dx := make([]float64, n)
	dy := make([]float64, n)
	const steps = 300
	for step := range steps {
		clear(dx)
		clear(dy)
		for i := range nodes {
			for j := i + 1; j < n; j++ {
				ddx, ddy := nodes[i].x-nodes[j].x, nodes[i].y-nodes[j].y
				d2 := max(ddx*ddx+ddy*ddy, 1)
				f := k * k / d2
				dx[i] += ddx * f
				dy[i] += ddy * f
				dx[j] -= ddx * f
				dy[j] -= ddy * f
			}
		}
		for _, ed := range edges {
			a, b := &nodes[ed.a], &nodes[ed.b]
			ddx, ddy := a.x-b.x, a.y-b.y
			d := math.Sqrt(ddx*ddx + ddy*ddy)
			f := d / k * (0.5 + float64(ed.n)/float64(most))
			dx[ed.a] -= ddx * f
			dy[ed.a] -= ddy * f
			dx[ed.b] += ddx * f
			dy[ed.b] += ddy * f
		}
		t := 40 * (1 - float64(step)/steps)
		for i := range nodes {
			// A weak pull to the middle keeps parts that share nothing
			// in view.
			dx[i] += (cx - nodes[i].x) * 0.02
			dy[i] += (cy - nodes[i].y) * 0.02
			d := math.Sqrt(dx[i]*dx[i] + dy[i]*dy[i])
			if d > 0 {
				nodes[i].x += dx[i] / d * min(d, t)
				nodes[i].y += dy[i] / d * min(d, t)
			}
		}
	}
	// Stretched to fill the drawing, names kept clear of its sides.
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, n := range nodes {
		x0, x1, y0, y1 = min(x0, n.x), max(x1, n.x), min(y0, n.y), max(y1, n.y)
	}
	for i := range nodes {
		if x1 > x0 {
			nodes[i].x = 80 + (nodes[i].x-x0)/(x1-x0)*(width-160)
		}
		if y1 > y0 {
			nodes[i].y = 24 + (nodes[i].y-y0)/(y1-y0)*(height-48)
		}
	}
	return nodes
}

// placeLabels gives each node of a graph a place for its name, the most
// named first: right of the dot, left, below or above, the first that
// stays in the drawing and clear of the names and dots already there;
// a name with no room is left out of the drawing.
func placeLabels(nodes []node, width, height float64) {
	type box struct{ x0, y0, x1, y1 float64 }
	var taken []box
	for _, n := range nodes {
		taken = append(taken, box{n.x - 8, n.y - 8, n.x + 8, n.y + 8})
	}
	order := make([]int, len(nodes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(nodes[b].n, nodes[a].n) })
	for _, i := range order {
		n := &nodes[i]
		text := clip(n.e.Name, 130)
		tw := textWidth(text)
		tries := []struct {
			anchor string
			x, y   float64
			b      box
		}{
			{"start", n.x + 11, n.y + 4, box{n.x + 10, n.y - 8, n.x + 12 + tw, n.y + 6}},
			{"end", n.x - 11, n.y + 4, box{n.x - 12 - tw, n.y - 8, n.x - 10, n.y + 6}},
			{"middle", n.x, n.y + 21, box{n.x - tw/2, n.y + 9, n.x + tw/2, n.y + 24}},
			{"middle", n.x, n.y - 13, box{n.x - tw/2, n.y - 25, n.x + tw/2, n.y - 10}},
		}
		n.noLabel = true
	next:
		for _, t := range tries {
			if t.b.x0 < 2 || t.b.x1 > width-2 || t.b.y0 < 2 || t.b.y1 > height-2 {
				continue
			}
			for j, o := range taken {
				if j == i {
					continue
				}
				if t.b.x0 < o.x1 && o.x0 < t.b.x1 && t.b.y0 < o.y1 && o.y0 < t.b.y1 {
					continue next
				}
			}
			n.label = &placedLabel{text: text, anchor: t.anchor, x: t.x, y: t.y}
			n.noLabel = false
			taken = append(taken, t.b)
			break
		}
	}
}
