package geo

import (
	"math"

	"briefings/generator/site"
)

// Place is where an entity of a site is on the map.
type Place struct {
	Point Point
	// Exact is set when the note gives coordinates; otherwise Point is
	// the center of Country, which the event's location names.
	Exact bool
	// Country is the country the place is in or is, when known.
	Country *Country
}

// CountryOf returns the country of the map that a site's country is: by
// its code, then its name, then its aliases; nil when none is.
func CountryOf(e *site.Entity) *Country {
	if e == nil || e.Kind.Name != "countries" {
		return nil
	}
	if e.Code != "" {
		if c := Find(e.Code); c != nil {
			return c
		}
	}
	for _, n := range append([]string{e.Name}, e.Aliases...) {
		if c := Find(n); c != nil {
			return c
		}
	}
	return nil
}

// Locate returns where an entity of s is: a country at its center; an
// event at its coordinates, or else at the center of the country its
// location names (a country of the site by name or alias, or any
// country of the map by its English name or code). ok is false when
// neither tells.
func Locate(s *site.Site, e *site.Entity) (p Place, ok bool) {
	switch {
	case e.Kind.Name == "countries":
		if c := CountryOf(e); c != nil {
			return Place{Point: c.Center, Country: c}, true
		}
	case e.Coordinates.Set:
		p = Place{Point: Point{Lon: e.Coordinates.Lon, Lat: e.Coordinates.Lat}, Exact: true}
		p.Country = At(p.Point)
		return p, true
	case e.Location != "":
		var c *Country
		if found := s.Find("countries", e.Location); len(found) == 1 {
			c = CountryOf(found[0])
		}
		if c == nil {
			c = Find(e.Location)
		}
		if c != nil {
			return Place{Point: c.Center, Country: c}, true
		}
	}
	return Place{}, false
}

// At returns the country a point is in: the one whose outline holds it,
// or, for a point just off a simplified coast (a port, an estuary), the
// one with a corner nearest to it within a degree; nil at sea.
func At(pt Point) *Country {
	var near *Country
	best := 1.0
	for _, c := range Countries() {
		if c.Contains(pt) {
			return c
		}
		b := c.Box
		if pt.Lon < b.West-1 || pt.Lon > b.East+1 || pt.Lat < b.South-1 || pt.Lat > b.North+1 {
			continue
		}
		for _, r := range c.Rings {
			for _, q := range r {
				if d := math.Hypot(q.Lon-pt.Lon, q.Lat-pt.Lat); d < best {
					best, near = d, c
				}
			}
		}
	}
	return near
}
