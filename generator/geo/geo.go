// Package geo holds the world the maps draw: the outline of every
// country from Natural Earth (public domain), embedded in the binary as
// countries.bin (natural-earth/ has the script that made it and where the
// data comes from), the Equal Earth projection that flattens it, and the
// answer to "where is this?" for a site's countries and events.
//
// The key types are Country, Point and Place; Countries lists the map,
// CountryOf and Locate find a site's entities on it, and Project turns a
// place into the plane.
package geo

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"

	"briefings/generator/content"
)

//go:embed countries.bin
var countriesBin []byte

// Point is a place on Earth in degrees: longitude east, latitude north.
type Point struct{ Lon, Lat float64 }

// Box is a range of longitudes and latitudes, in degrees.
type Box struct{ West, South, East, North float64 }

// Country is one country of the map.
type Country struct {
	// Code and Code3 are its ISO 3166-1 alpha-2 and alpha-3 codes, and
	// Numeric its numeric one; "" and 0 for a place without (Natural
	// Earth draws Northern Cyprus and Somaliland apart).
	Code, Code3 string
	Numeric     int
	// Name is Natural Earth's short name ("Dem. Rep. Congo"), and Names
	// every English name, official and common ("United States of
	// America", "United States", "USA"), Name first.
	Name  string
	Names []string
	// Rings are its outlines, each closed: the first point again last.
	Rings [][]Point
	// Box bounds every ring.
	Box Box
	// Center is a point of its largest ring, where a marker for the
	// country as a whole goes.
	Center Point
}

var world struct {
	once      sync.Once
	countries []*Country
	byKey     map[string]*Country // code, code3 and the slug of every name
	err       error
}

// Countries returns every country of the map, by Natural Earth's name.
func Countries() []*Country {
	load()
	return world.countries
}

// Find returns the country whose ISO code (alpha-2 or alpha-3, any case)
// or English name (any case and accents) is key, or nil.
func Find(key string) *Country {
	load()
	if c := world.byKey[strings.ToUpper(strings.TrimSpace(key))]; c != nil {
		return c
	}
	if slug := content.Slug(key); slug != "" {
		return world.byKey[slug]
	}
	return nil
}

func load() {
	world.once.Do(func() {
		world.countries, world.err = decode(countriesBin)
		world.byKey = map[string]*Country{}
		for _, c := range world.countries {
			for _, k := range []string{c.Code, c.Code3} {
				if k != "" {
					world.byKey[k] = c
				}
			}
			for _, n := range c.Names {
				if slug := content.Slug(n); slug != "" && world.byKey[slug] == nil {
					world.byKey[slug] = c
				}
			}
		}
	})
	if world.err != nil {
		panic("geo: countries.bin: " + world.err.Error()) // the embedded file is ours: a broken one is a bug
	}
}

// decode reads the form natural-earth/make.mjs writes.
func decode(b []byte) ([]*Country, error) {
	bad := errors.New("not a countries file of version 1")
	if len(b) < 4 || string(b[:4]) != "NE50" {
		return nil, bad
	}
	b = b[4:]
	var err error
	uvarint := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			err = bad
			return 0
		}
		b = b[n:]
		return int(v)
	}
	svarint := func() int {
		v, n := binary.Varint(b)
		if n <= 0 {
			err = bad
			return 0
		}
		b = b[n:]
		return int(v)
	}
	take := func(n int) string {
		if n > len(b) {
			err = bad
			return ""
		}
		s := string(b[:n])
		b = b[n:]
		return s
	}
	if uvarint() != 1 {
		return nil, bad
	}
	out := make([]*Country, uvarint())
	for i := range out {
		c := &Country{Code: take(2)}
		c.Numeric = uvarint()
		c.Code3 = take(3)
		if c.Code == "--" {
			c.Code = ""
		}
		if c.Code3 == "---" {
			c.Code3 = ""
		}
		c.Names = make([]string, uvarint())
		for j := range c.Names {
			c.Names[j] = take(uvarint())
		}
		// Natural Earth's rings as world-atlas stitches them may cross
		// the antimeridian (Russia's mainland reaches past 180° to
		// Chukotka, Antarctica goes round the pole): they are cut there,
		// so that every ring of the map runs within -180° to 180°.
		rings := uvarint()
		c.Box = Box{West: 180, South: 90, East: -180, North: -90}
		for range rings {
			ring := make([]Point, uvarint())
			x, y := 0, 0
			for k := range ring {
				x += svarint()
				y += svarint()
				p := Point{Lon: float64(x) / 100, Lat: float64(y) / 100}
				ring[k] = p
			}
			c.Rings = append(c.Rings, Cut(ring, 0)...)
		}
		for _, r := range c.Rings {
			for _, p := range r {
				c.Box.West, c.Box.East = min(c.Box.West, p.Lon), max(c.Box.East, p.Lon)
				c.Box.South, c.Box.North = min(c.Box.South, p.Lat), max(c.Box.North, p.Lat)
			}
		}
		if err != nil || len(c.Names) == 0 || len(c.Rings) == 0 {
			return nil, bad
		}
		c.Name = c.Names[0]
		c.Center = center(c.Rings)
		out[i] = c
	}
	return out, err
}

// Cut returns the closed ring r cut along the meridian opposite center
// (center+180°): closed rings whose longitudes each lie within 180° of
// center, so that a map turned to center draws them without a line
// across the world. A ring that does not cross that meridian comes back
// as it is; one that goes round a pole (Antarctica) is closed along the
// pole. The cut runs along the meridian with a point every two degrees
// of latitude, as a projection curves it.
func Cut(r []Point, center float64) [][]Point {
	if len(r) < 2 {
		return [][]Point{r}
	}
	// Longitudes relative to center, each within 180° of the one
	// before: a ring that crosses the far meridian runs past ±180.
	rel := make([]Point, len(r))
	crosses := false
	for i, p := range r {
		lon := math.Remainder(p.Lon-center, 360)
		if i > 0 {
			prev := rel[i-1].Lon
			for lon-prev > 180 {
				lon -= 360
			}
			for lon-prev < -180 {
				lon += 360
			}
		}
		rel[i] = Point{Lon: lon, Lat: p.Lat}
		crosses = crosses || lon < -180 || lon > 180
	}
	first, last := rel[0], rel[len(rel)-1]
	if d := last.Lon - first.Lon; math.Abs(d) > 180 {
		// Round a pole: the ring ends 360° from where it began. Close
		// it along the pole on its side of the equator.
		pole := 90.0
		if first.Lat < 0 {
			pole = -90
		}
		rel = append(rel, Point{Lon: last.Lon, Lat: pole}, Point{Lon: first.Lon, Lat: pole}, first)
		crosses = true
	}
	if !crosses {
		return [][]Point{r}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range rel {
		lo, hi = min(lo, p.Lon), max(hi, p.Lon)
	}
	var out [][]Point
	for _, shift := range []float64{-720, -360, 0, 360, 720} {
		if hi+shift <= -180 || lo+shift >= 180 {
			continue
		}
		part := make([]Point, len(rel))
		for i, p := range rel {
			part[i] = Point{Lon: p.Lon + shift, Lat: p.Lat}
		}
		part = clipLon(clipLon(part, -180, true), 180, false)
		if len(part) < 3 {
			continue
		}
		var ring []Point
		for i, p := range part {
			ring = append(ring, p)
			q := part[(i+1)%len(part)]
			if p.Lon == q.Lon && math.Abs(p.Lon) == 180 {
				// Along the cut: a point every two degrees.
				n := int(math.Abs(q.Lat-p.Lat) / 2)
				for k := 1; k < n; k++ {
					ring = append(ring, Point{Lon: p.Lon, Lat: p.Lat + (q.Lat-p.Lat)*float64(k)/float64(n)})
				}
			}
		}
		for i := range ring {
			ring[i].Lon += center
		}
		out = append(out, append(ring, ring[0]))
	}
	return out
}

// clipLon clips the polygon pts (its last point joined to its first) to
// the longitudes east of lon (west of it when east is false), the
// Sutherland–Hodgman way: where it leaves and comes back, the
// meridian joins the two points.
func clipLon(pts []Point, lon float64, east bool) []Point {
	in := func(p Point) bool { return (p.Lon >= lon) == east || p.Lon == lon }
	cross := func(a, b Point) Point {
		t := (lon - a.Lon) / (b.Lon - a.Lon)
		return Point{Lon: lon, Lat: a.Lat + (b.Lat-a.Lat)*t}
	}
	var out []Point
	if len(pts) == 0 {
		return nil
	}
	prev := pts[len(pts)-1]
	for _, cur := range pts {
		switch {
		case in(cur):
			if !in(prev) {
				out = append(out, cross(prev, cur))
			}
			out = append(out, cur)
		case in(prev):
			out = append(out, cross(prev, cur))
		}
		prev = cur
	}
	return out
}

// center returns the centroid of the largest ring, or, when that falls
// outside it (a crescent), the middle of the ring's widest crossing of
// the centroid's latitude.
func center(rings [][]Point) Point {
	var best []Point
	bestArea := -1.0
	for _, r := range rings {
		if a := math.Abs(area(r)); a > bestArea {
			best, bestArea = r, a
		}
	}
	var cx, cy, a float64
	for i := 0; i+1 < len(best); i++ {
		p, q := best[i], best[i+1]
		f := p.Lon*q.Lat - q.Lon*p.Lat
		cx += (p.Lon + q.Lon) * f
		cy += (p.Lat + q.Lat) * f
		a += f
	}
	if a == 0 {
		return best[0]
	}
	c := Point{Lon: cx / (3 * a), Lat: cy / (3 * a)}
	if inside(best, c) {
		return c
	}
	// The widest span of the ring along the centroid's latitude.
	var xs []float64
	for i := 0; i+1 < len(best); i++ {
		p, q := best[i], best[i+1]
		if (p.Lat > c.Lat) != (q.Lat > c.Lat) {
			xs = append(xs, p.Lon+(c.Lat-p.Lat)/(q.Lat-p.Lat)*(q.Lon-p.Lon))
		}
	}
	slices.Sort(xs)
	width := -1.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > width {
			width, c.Lon = w, (xs[i]+xs[i+1])/2
		}
	}
	return c
}

// area returns twice the signed area of a closed ring, in square degrees.
func area(r []Point) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i].Lon*r[i+1].Lat - r[i+1].Lon*r[i].Lat
	}
	return a
}

// inside reports whether p is inside the closed ring r (even-odd rule).
func inside(r []Point, p Point) bool {
	in := false
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) && p.Lon < a.Lon+(p.Lat-a.Lat)/(b.Lat-a.Lat)*(b.Lon-a.Lon) {
			in = !in
		}
	}
	return in
}

// Contains reports whether p is inside one of the country's rings.
func (c *Country) Contains(p Point) bool {
	if p.Lon < c.Box.West || p.Lon > c.Box.East || p.Lat < c.Box.South || p.Lat > c.Box.North {
		return false
	}
	n := 0
	for _, r := range c.Rings {
		if inside(r, p) {
			n++
		}
	}
	return n%2 == 1
}

// The Equal Earth projection (Šavrič, Patterson and Jenny, 2018): equal
// areas, straight parallels, and a world that looks like the world.
const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

var eeM = math.Sqrt(3) / 2

// Project returns p in the Equal Earth projection of a sphere of radius
// 1, with y growing southward as on a screen: x runs from about -2.71 to
// 2.71, y from about -1.32 (the North Pole) to 1.32.
func Project(p Point) (x, y float64) {
	lambda := p.Lon * math.Pi / 180
	phi := p.Lat * math.Pi / 180
	theta := math.Asin(eeM * math.Sin(phi))
	t2 := theta * theta
	t6 := t2 * t2 * t2
	x = lambda * math.Cos(theta) / (eeM * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y = theta * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return x, -y
}
