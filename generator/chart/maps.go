package chart

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"sync"

	"briefings/generator/geo"
	"briefings/generator/site"
)

// Pin is a located event on a map.
type Pin struct {
	Event *site.Entity
	Place geo.Place
}

// Pins returns the events of list that Locate places, in the order given.
func Pins(s *site.Site, list []*site.Entity) []Pin {
	var out []Pin
	for _, e := range list {
		if p, ok := geo.Locate(s, e); ok && e.Kind.Name != "countries" {
			out = append(out, Pin{Event: e, Place: p})
		}
	}
	return out
}

// projection maps places to the pixels of one map: Equal Earth turned
// to a central meridian, scaled and moved to fit.
type projection struct {
	lon0          float64
	scale, dx, dy float64
}

func (p projection) at(pt geo.Point) (x, y float64, ok bool) {
	lon := pt.Lon - p.lon0
	// A point on the far meridian that geo.Cut put there stays on its
	// side, whatever the rounding of the subtraction.
	for lon < -180-1e-9 {
		lon += 360
	}
	for lon > 180+1e-9 {
		lon -= 360
	}
	px, py := geo.Project(geo.Point{Lon: lon, Lat: pt.Lat})
	return px*p.scale + p.dx, py*p.scale + p.dy, true
}

// fit returns the projection that shows box, turned to its middle
// meridian, width pixels wide, and the height that takes.
func fit(box geo.Box, width, minH, maxH float64) (projection, float64) {
	p := projection{lon0: (box.West + box.East) / 2, scale: 1}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := 0; i <= 8; i++ {
		for j := 0; j <= 8; j++ {
			x, y, _ := p.at(geo.Point{Lon: box.West + (box.East-box.West)*float64(i)/8, Lat: box.South + (box.North-box.South)*float64(j)/8})
			x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
		}
	}
	p.scale = width / (x1 - x0)
	height := (y1 - y0) * p.scale
	if height > maxH {
		// Too tall for the width: fit the height, centre the width.
		p.scale = maxH / (y1 - y0)
		height = maxH
	}
	height = max(height, minH)
	p.dx = width/2 - (x0+x1)/2*p.scale
	p.dy = height/2 - (y0+y1)/2*p.scale
	return p, height
}

// viewOf returns the box a locator shows around a country: its largest
// part (so that Alaska does not stretch the United States across the
// Pacific), widened to at least 28° by 18° and by a third around.
func viewOf(c *geo.Country) geo.Box {
	var best []geo.Point
	bestN := -1.0
	for _, r := range c.Rings {
		b := boxOf(r)
		if a := (b.East - b.West) * (b.North - b.South); a > bestN {
			best, bestN = r, a
		}
	}
	return widen(boxOf(best))
}

// widen grows a box by a third on each side (at most 12° east and west
// and 8° north and south, so that Russia is not lost in half the world)
// and to at least 28° by 18°, kept within the poles.
func widen(b geo.Box) geo.Box {
	w, h := b.East-b.West, b.North-b.South
	cx, cy := (b.East+b.West)/2, (b.North+b.South)/2
	w, h = max(28, w+2*min(w/3, 12)), max(18, h+2*min(h/3, 8))
	out := geo.Box{West: cx - w/2, East: cx + w/2, South: cy - h/2, North: cy + h/2}
	if out.North > 84 {
		out.South -= out.North - 84
		out.North = 84
	}
	if out.South < -80 {
		out.North += -80 - out.South
		out.South = -80
	}
	return out
}

func boxOf(r []geo.Point) geo.Box {
	b := geo.Box{West: 180, South: 90, East: -180, North: -90}
	for _, p := range r {
		b.West, b.East = min(b.West, p.Lon), max(b.East, p.Lon)
		b.South, b.North = min(b.South, p.Lat), max(b.North, p.Lat)
	}
	return b
}

// overlaps reports whether a country's box comes near the view, the
// longitudes taken around the view's middle.
func overlaps(c geo.Box, view geo.Box) bool {
	if c.North < view.South-5 || c.South > view.North+5 {
		return false
	}
	if c.East-c.West > 300 {
		return true // across the antimeridian: look at the rings
	}
	mid := (view.West + view.East) / 2
	shift := func(lon float64) float64 {
		for lon-mid < -180 {
			lon += 360
		}
		for lon-mid > 180 {
			lon -= 360
		}
		return lon
	}
	w, e := shift(c.West), shift(c.East)
	if e < w {
		return true
	}
	return e >= view.West-5 && w <= view.East+5
}

// pathData returns the outline of a country as path data, each ring
// clipped to the map (with a margin) and thinned to a point every so
// many pixels; "" when none of it is on the map.
func pathData(c *geo.Country, p projection, width, height, step float64) string {
	w := &svg{}
	clipBox := [4]float64{-4, -4, width + 4, height + 4}
	var pts [][2]float64
	var rings [][]geo.Point
	for _, ring := range c.Rings {
		// A ring across the map's back meridian is cut there, each part
		// drawn on its side of the map.
		rings = append(rings, geo.Cut(ring, p.lon0)...)
	}
	for _, ring := range rings {
		pts = pts[:0]
		for _, pt := range ring {
			x, y, _ := p.at(pt)
			pts = append(pts, [2]float64{x, y})
		}
		pts = clipPolygon(pts, clipBox)
		if len(pts) < 3 {
			continue
		}
		// Thin: keep a point when it is step pixels from the last kept.
		kept := pts[:1]
		for _, q := range pts[1:] {
			last := kept[len(kept)-1]
			if math.Abs(q[0]-last[0]) >= step || math.Abs(q[1]-last[1]) >= step {
				kept = append(kept, q)
			}
		}
		if len(kept) < 3 {
			continue
		}
		for i, q := range kept {
			if i == 0 {
				w.s("M")
			} else {
				w.s("L")
			}
			w.num(q[0])
			w.s(" ")
			w.num(q[1])
		}
		w.s("Z")
	}
	return w.b.String()
}

// clipPolygon clips a polygon to a rectangle (Sutherland–Hodgman).
func clipPolygon(pts [][2]float64, r [4]float64) [][2]float64 {
	type edge struct {
		inside func(p [2]float64) bool
		cross  func(a, b [2]float64) [2]float64
	}
	at := func(a, b [2]float64, t float64) [2]float64 {
		return [2]float64{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
	}
	edges := []edge{
		{func(p [2]float64) bool { return p[0] >= r[0] }, func(a, b [2]float64) [2]float64 { return at(a, b, (r[0]-a[0])/(b[0]-a[0])) }},
		{func(p [2]float64) bool { return p[0] <= r[2] }, func(a, b [2]float64) [2]float64 { return at(a, b, (r[2]-a[0])/(b[0]-a[0])) }},
		{func(p [2]float64) bool { return p[1] >= r[1] }, func(a, b [2]float64) [2]float64 { return at(a, b, (r[1]-a[1])/(b[1]-a[1])) }},
		{func(p [2]float64) bool { return p[1] <= r[3] }, func(a, b [2]float64) [2]float64 { return at(a, b, (r[3]-a[1])/(b[1]-a[1])) }},
	}
	out := slices.Clone(pts)
	for _, e := range edges {
		in := out
		out = nil
		if len(in) == 0 {
			break
		}
		prev := in[len(in)-1]
		for _, cur := range in {
			switch {
			case e.inside(cur):
				if !e.inside(prev) {
					out = append(out, e.cross(prev, cur))
				}
				out = append(out, cur)
			case e.inside(prev):
				out = append(out, e.cross(prev, cur))
			}
			prev = cur
		}
	}
	return out
}

// marker writes a pin's marker: a filled dot for coordinates, a ring
// for a place known only to its country.
func (w *svg) marker(pin Pin, link func(string) string, p projection) {
	x, y, _ := p.at(pin.Place.Point)
	title := pin.Event.Name
	if !pin.Event.Date.IsZero() {
		title += ", " + pin.Event.Date.Format()
	}
	title += ", " + where(pin)
	w.link(link(pin.Event.URL), title)
	if pin.Place.Exact {
		w.s(`<circle class="pin"`)
	} else {
		w.s(`<circle class="pin pin-country"`)
	}
	w.numAttr("cx", x)
	w.numAttr("cy", y)
	w.s(` r="6"/></a>`)
}

// where says in words where a pin is.
func where(pin Pin) string {
	e := pin.Event
	switch {
	case pin.Place.Exact && e.Location != "":
		return fmt.Sprintf("%s (%.2f, %.2f)", e.Location, pin.Place.Point.Lat, pin.Place.Point.Lon)
	case pin.Place.Exact:
		return fmt.Sprintf("%.2f, %.2f", pin.Place.Point.Lat, pin.Place.Point.Lon)
	case pin.Place.Country != nil:
		return pin.Place.Country.Name + " (the country as a whole)"
	}
	return e.Location
}

// Locator draws a map of a place's region, links written by link: the
// country c highlighted among its neighbours (nil for none), and the
// pins that fall on the map. It returns "" when there is nothing to
// show.
func Locator(link func(string) string, c *geo.Country, subject string, pins []Pin) template.HTML {
	var r region
	switch {
	case c != nil:
		r = regionOf(c)
	case len(pins) > 0:
		b := geo.Box{West: 180, South: 90, East: -180, North: -90}
		for _, pin := range pins {
			pt := pin.Place.Point
			b.West, b.East = min(b.West, pt.Lon), max(b.East, pt.Lon)
			b.South, b.North = min(b.South, pt.Lat), max(b.North, pt.Lat)
		}
		r = drawRegion(widen(b), nil)
	default:
		return ""
	}
	w := &svg{}
	w.b.Grow(len(r.svg) + 1024)
	w.s(r.svg)
	var shown []Pin
	for _, pin := range pins {
		if x, y, _ := r.p.at(pin.Place.Point); x >= 0 && x <= locatorWidth && y >= 0 && y <= r.height {
			w.marker(pin, link, r.p)
			shown = append(shown, pin)
		}
	}
	pins = shown
	caption := "Map of " + subject
	if c != nil && !slices.ContainsFunc(c.Names, func(n string) bool { return strings.EqualFold(n, subject) }) {
		caption += ", in " + c.Name
	}
	caption += ", in its region (Natural Earth; Equal Earth projection)."
	if len(pins) > 0 {
		caption = fmt.Sprintf("Map of %s in its region, with %s (Natural Earth; Equal Earth projection).", subject, plural(len(pins), "located event", "located events"))
	}
	return w.close(caption, pinList(link, pins))
}

// locatorWidth is the width of a locator map in pixels.
const locatorWidth = 400.0

// region is a locator map without its pins: the projection that fits the
// view, the height it takes, and the SVG up to the pins (the sea, the
// countries around, the country highlighted), which links nowhere.
type region struct {
	p      projection
	height float64
	svg    string
}

// regions holds the region of each country once drawn: a country's page
// and the pages of the events in it draw the same one, and projecting and
// clipping the outlines around it is most of a locator's work. The
// countries are the embedded Natural Earth geometry, the same in every
// build, so the regions are too; all 195 are some 4 MB.
var regions sync.Map // *geo.Country → region

// regionOf returns the region that shows c highlighted among its
// neighbours.
func regionOf(c *geo.Country) region {
	if r, ok := regions.Load(c); ok {
		return r.(region)
	}
	r := drawRegion(viewOf(c), c)
	regions.Store(c, r)
	return r
}

// drawRegion draws the map of view, with c (nil for none) highlighted.
func drawRegion(view geo.Box, c *geo.Country) region {
	p, height := fit(view, locatorWidth, 220, 340)
	w := &svg{}
	w.open("drawing-map", locatorWidth, height)
	w.s(`<rect class="sea" width="100%" height="100%"/>`)
	for _, other := range geo.Countries() {
		if other == c || !overlaps(other.Box, view) {
			continue
		}
		if d := pathData(other, p, locatorWidth, height, 0.8); d != "" {
			w.s(`<path d="`, d, `"/>`)
		}
	}
	if c != nil {
		w.s(`<path class="here" d="`, pathData(c, p, locatorWidth, height, 0.8), `"/>`)
	}
	return region{p: p, height: height, svg: w.b.String()}
}

// pinList lists pins in words.
func pinList(link func(string) string, pins []Pin) func(w *svg) {
	if len(pins) == 0 {
		return nil
	}
	return func(w *svg) {
		w.s("<ul>")
		for _, pin := range pins {
			w.s(`<li>`)
			w.anchor(link(pin.Event.URL), pin.Event.Name)
			w.s("")
			if !pin.Event.Date.IsZero() {
				w.s(", ")
				w.text(pin.Event.Date.Format())
			}
			w.s(": ")
			w.text(where(pin))
			w.s("</li>")
		}
		w.s("</ul>")
	}
}

// World draws the world from the page at from, the site's countries
// shaded and linked to their pages, and the pins.
func World(link func(string) string, s *site.Site, pins []Pin) template.HTML {
	const width = 800.0
	p, height := fit(geo.Box{West: -180, South: -60, East: 180, North: 84}, width, 200, 600)
	p.lon0 = 0
	linked := map[*geo.Country]*site.Entity{}
	for _, e := range s.Entities["countries"] {
		if c := geo.CountryOf(e); c != nil && linked[c] == nil {
			linked[c] = e
		}
	}
	w := &svg{}
	w.open("drawing-map drawing-world", width, height)
	w.s(`<rect class="sea" width="100%" height="100%"/>`)
	for _, c := range geo.Countries() {
		d := pathData(c, p, width, height, 1.2)
		if d == "" {
			continue
		}
		if e := linked[c]; e != nil {
			w.link(link(e.URL), e.Name)
			w.s(`<path class="site-country" d="`, d, `"/></a>`)
		} else {
			w.s(`<path d="`, d, `"/>`)
		}
	}
	for _, pin := range pins {
		w.marker(pin, link, p)
	}
	caption := fmt.Sprintf("The world (Natural Earth; Equal Earth projection), with %s; the site's countries are shaded.", plural(len(pins), "located event", "located events"))
	return w.close(caption, pinList(link, pins))
}
