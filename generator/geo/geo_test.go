package geo

import (
	"math"
	"testing"
)

// TestEveryCountryIsFoundByCodeAndName: the embedded map holds the
// world's countries, each found by its ISO codes and its names, with a
// center inside it.
func TestEveryCountryIsFoundByCodeAndName(t *testing.T) {
	list := Countries()
	if len(list) < 230 {
		t.Fatalf("got %d countries, want the world's", len(list))
	}
	for _, key := range []string{"UA", "ukr", "Ukraine", "United States", "USA", "U.S.", "GB", "United Kingdom", "Côte d'Ivoire", "Kosovo", "Singapore", "Vatican"} {
		if Find(key) == nil {
			t.Errorf("Find(%q) = nil", key)
		}
	}
	if c := Find("Great Britain"); c == nil || c.Code != "GB" {
		t.Errorf("Find(Great Britain) = %v, want GB", c)
	}
	for _, c := range list {
		if !c.Contains(c.Center) && len(c.Rings) > 0 {
			// A center on a border point of a tiny island is fine;
			// one far away is not.
			b := c.Box
			if c.Center.Lon < b.West || c.Center.Lon > b.East || c.Center.Lat < b.South || c.Center.Lat > b.North {
				t.Errorf("%s: center %v outside its box %v", c.Name, c.Center, b)
			}
		}
	}
	if ua := Find("UA"); !ua.Contains(Point{Lon: 30.52, Lat: 50.45}) || ua.Contains(Point{Lon: 37.62, Lat: 55.75}) {
		t.Errorf("Ukraine holds Kyiv and not Moscow: got %v, %v", ua.Contains(Point{Lon: 30.52, Lat: 50.45}), ua.Contains(Point{Lon: 37.62, Lat: 55.75}))
	}
}

// TestEqualEarthProjection: the projection's corners and its equal
// areas.
func TestEqualEarthProjection(t *testing.T) {
	x, y := Project(Point{Lon: 180, Lat: 0})
	if math.Abs(x-2.7064) > 1e-3 || y != 0 {
		t.Errorf("180°E on the equator at %v,%v, want 2.7064,0", x, y)
	}
	_, y = Project(Point{Lon: 0, Lat: 90})
	if math.Abs(y+1.3173) > 1e-3 {
		t.Errorf("the North Pole at y=%v, want -1.3173", y)
	}
	// One degree square at the equator and at 60°N cover the same area.
	cell := func(lat float64) float64 {
		var ring []Point
		for _, c := range [][2]float64{{10, lat}, {11, lat}, {11, lat + 1}, {10, lat + 1}, {10, lat}} {
			x, y := Project(Point{Lon: c[0], Lat: c[1]})
			ring = append(ring, Point{Lon: x, Lat: y})
		}
		return math.Abs(area(ring))
	}
	cosine := math.Sin(61*math.Pi/180) - math.Sin(60*math.Pi/180)
	equator := math.Sin(1 * math.Pi / 180)
	if r := cell(60) / cell(0); math.Abs(r-cosine/equator) > 0.02 {
		t.Errorf("area ratio %v, want %v", r, cosine/equator)
	}
}

// TestRingsAcrossTheAntimeridianAreCut: world-atlas stitches Russia's
// mainland across 180° to Chukotka and Antarctica round the pole; the
// map cuts them there, so that each ring runs within -180° to 180° with
// no step of half the world, and Russia holds Moscow and Chukotka (a map
// that dropped the crossing ring drew Russia as its islands alone).
func TestRingsAcrossTheAntimeridianAreCut(t *testing.T) {
	for _, c := range Countries() {
		for _, r := range c.Rings {
			for i, p := range r {
				if p.Lon < -180 || p.Lon > 180 {
					t.Fatalf("%s: a ring reaches %v", c.Name, p)
				}
				// (Along a pole, from one side of the map to the other,
				// is the pole's line.)
				if i > 0 && math.Abs(p.Lon-r[i-1].Lon) > 180 && math.Abs(p.Lat) != 90 {
					t.Fatalf("%s: a ring steps from %v to %v", c.Name, r[i-1], p)
				}
			}
		}
	}
	ru := Find("RU")
	for _, p := range []Point{{Lon: 37.62, Lat: 55.75}, {Lon: 104.3, Lat: 52.3}, {Lon: 159, Lat: 56}, {Lon: -175, Lat: 67}} {
		if !ru.Contains(p) {
			t.Errorf("Russia does not hold %v", p)
		}
		if got := At(p); got != ru {
			t.Errorf("At(%v) = %v, want Russia", p, got)
		}
	}
	if ru.Center.Lon < 40 || ru.Center.Lon > 140 || ru.Center.Lat < 50 {
		t.Errorf("Russia's center is %v, want in Siberia", ru.Center)
	}
	if aq := Find("Antarctica"); aq == nil || !aq.Contains(Point{Lon: 106.8, Lat: -78.5}) || !aq.Contains(Point{Lon: 0, Lat: -88}) {
		t.Errorf("Antarctica does not hold the land round the pole")
	}
	// A map turned to 100°E cuts at 80°W instead: the United States'
	// mainland crosses it no more than a ring stepping half the world.
	for _, r := range Cut([]Point{{170, 60}, {-170, 60}, {-170, 70}, {170, 70}, {170, 60}}, 0) {
		for _, p := range r {
			if p.Lon < -180 || p.Lon > 180 {
				t.Errorf("Cut: a point at %v", p)
			}
		}
	}
	if n := len(Cut([]Point{{170, 60}, {-170, 60}, {-170, 70}, {170, 70}, {170, 60}}, 0)); n != 2 {
		t.Errorf("a square across 180° is cut into %d rings, want 2", n)
	}
	if n := len(Cut([]Point{{170, 60}, {-170, 60}, {-170, 70}, {170, 70}, {170, 60}}, 180)); n != 1 {
		t.Errorf("a square across 180° on a map turned to it is cut into %d rings, want 1", n)
	}
}
