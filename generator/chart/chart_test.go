package chart

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefings/generator/content"
	"briefings/generator/geo"
)

// pathArea returns the area in square pixels of the largest ring of
// path data written by pathData.
func pathArea(d string) float64 {
	best := 0.0
	num := regexp.MustCompile(`-?[\d.]+`)
	for _, sub := range strings.Split(d, "Z") {
		var xs, ys []float64
		for i, n := range num.FindAllString(sub, -1) {
			v, _ := strconv.ParseFloat(n, 64)
			if i%2 == 0 {
				xs = append(xs, v)
			} else {
				ys = append(ys, v)
			}
		}
		a := 0.0
		for i := range ys {
			j := (i + 1) % len(ys)
			a += xs[i]*ys[j] - xs[j]*ys[i]
		}
		best = max(best, math.Abs(a)/2)
	}
	return best
}

// TestRussiaIsDrawnWhole: Russia's mainland, which Natural Earth's
// stitched outline carries past 180° to Chukotka, fills its share of the
// world map and most of its own locator map, and Chukotka is drawn on
// the world map's other edge; before the rings were cut at the
// antimeridian, both maps drew Russia as its islands alone, the locator
// showing the whole world.
func TestRussiaIsDrawnWhole(t *testing.T) {
	ru := geo.Find("RU")
	const width = 800.0
	p, height := fit(geo.Box{West: -180, South: -60, East: 180, North: 84}, width, 200, 600)
	p.lon0 = 0
	d := pathData(ru, p, width, height, 1.2)
	// Russia is some 11% of the land, a twentieth of this map.
	if a := pathArea(d); a < width*height/40 {
		t.Errorf("Russia's largest part on the world map is %.0f px², want at least %.0f", a, width*height/40)
	}
	if !regexp.MustCompile(`M([0-9]|[1-9][0-9]|1[0-4][0-9])(\.\d)? `).MatchString(d) {
		t.Errorf("Chukotka, east of 180°, is not drawn at the map's western edge: %.200s", d)
	}

	view := viewOf(ru)
	if w := view.East - view.West; w > 300 {
		t.Errorf("Russia's locator shows %.0f° of longitude, want its region", w)
	}
	lp, lh := fit(view, 400, 220, 340)
	if a := pathArea(pathData(ru, lp, 400, lh, 0.8)); a < 400*lh/10 {
		t.Errorf("Russia fills %.0f px² of its %.0f px² locator, want a tenth or more", a, 400*lh)
	}
}

// TestLocatorCaptionNamesTheCountryOnce: a site's "United States" is
// Natural Earth's "United States of America"; its map's caption does not
// say it is in itself.
func TestLocatorCaptionNamesTheCountryOnce(t *testing.T) {
	got := string(Locator(func(u string) string { return u }, geo.Find("US"), "United States", nil))
	if want := "<figcaption>Map of United States, in its region"; !strings.Contains(got, want) {
		t.Errorf("caption: got %q, want %q", regexp.MustCompile(`<figcaption>.*?</figcaption>`).FindString(got), want)
	}
}

// TestTimelineCaptionSaysWhatItHolds: a timeline of briefings alone, all
// in one year, says so without "0 events" or "2025 to 2025".
func TestTimelineCaptionSaysWhatItHolds(t *testing.T) {
	d := content.Date{Time: time.Date(2025, 2, 12, 0, 0, 0, 0, time.UTC), Prec: content.Day}
	got := string(Timeline{Link: func(u string) string { return u }, Subject: "Donald Trump", Listed: true,
		Marks: []Mark{{Title: "A", URL: "/a/", Date: d, Briefing: true}, {Title: "B", URL: "/b/", Date: d, Briefing: true}}}.Draw())
	if want := "<figcaption>Timeline of Donald Trump: 2 briefings, in 2025. This page lists them in words.</figcaption>"; !strings.Contains(got, want) {
		t.Errorf("got %q, want %q", regexp.MustCompile(`<figcaption>.*?</figcaption>`).FindString(got), want)
	}
}
