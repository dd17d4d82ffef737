package content

import (
	"strings"
	"testing"
)

// TestCoordinatesPlaceAnEvent: an event's coordinates are read from
// either format as [latitude, longitude], whole numbers too, and a value
// that is not two numbers in range is an error at its line that shows
// the form.
func TestCoordinatesPlaceAnEvent(t *testing.T) {
	good := []struct{ name, src string }{
		{"toml", "+++\nname = \"UDCG\"\ncoordinates = [50.85, 4.35]\n+++\n"},
		{"toml whole", "+++\nname = \"UDCG\"\ncoordinates = [50.85, 4]\n+++\n"},
		{"yaml", "---\nname: UDCG\ncoordinates: [50.85, 4.35]\n---\n"},
		{"yaml block", "---\nname: UDCG\ncoordinates:\n  - 50.85\n  - 4.35\n---\n"},
	}
	for _, tc := range good {
		t.Run(tc.name, func(t *testing.T) {
			n, problems := decode(t, "events", tc.src)
			if n == nil || len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			c := n.Entity.Coordinates
			if !c.Set || c.Lat != 50.85 || (c.Lon != 4.35 && c.Lon != 4) {
				t.Errorf("got %+v, want 50.85, 4.35", c)
			}
		})
	}
	bad := []string{
		"coordinates = [4.35]",
		"coordinates = [95.0, 4.35]",
		"coordinates = [50.85, 190]",
		"coordinates = \"50.85, 4.35\"",
		"coordinates = [\"50.85\", \"4.35\"]",
	}
	for _, line := range bad {
		t.Run(line, func(t *testing.T) {
			_, problems := decode(t, "events", "+++\nname = \"UDCG\"\n"+line+"\n+++\n")
			if len(problems) != 1 || !strings.Contains(problems[0], "content/x.md:3:") || !strings.Contains(problems[0], "[latitude, longitude]") {
				t.Errorf("got %q, want one error at line 3 that shows [latitude, longitude]", problems)
			}
		})
	}
}

// TestConvertKeepsCoordinates: coordinates come back the same from a
// conversion to YAML and back.
func TestConvertKeepsCoordinates(t *testing.T) {
	src := "+++\nname = \"UDCG\"\ncoordinates = [50.85, 4.35]\n+++\nBody.\n"
	yaml := convert(t, "events", src, YAML)
	if !strings.Contains(yaml, "50.85") || !strings.Contains(yaml, "4.35") {
		t.Fatalf("YAML lost the coordinates:\n%s", yaml)
	}
	if back := convert(t, "events", yaml, TOML); back != src {
		t.Errorf("back to TOML:\n%s\nwant\n%s", back, src)
	}
}
