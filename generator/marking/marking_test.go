package marking

import (
	"strings"
	"testing"
)

func TestParseReadsLabelsAsEditorsWriteThem(t *testing.T) {
	s := TLP()
	for _, tc := range []struct {
		in, want string
	}{
		{"RED", "RED"},
		{"red", "RED"},
		{" Amber ", "AMBER"},
		{"TLP:AMBER+STRICT", "AMBER+STRICT"},
		{"tlp:clear", "CLEAR"},
		{"TLP: green", "GREEN"},
		{"amber+strict", "AMBER+STRICT"},
	} {
		got, err := s.Parse(tc.in)
		if err != nil || got.Name != tc.want {
			t.Errorf("Parse(%q) = %q, %v; want %q", tc.in, got.Name, err, tc.want)
		}
	}
	for _, bad := range []string{"WHITE", "TLP:", "AMBER STRICT", "amber+", "TLP:TLP:RED", ""} {
		_, err := s.Parse(bad)
		if err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
			continue
		}
		if !strings.Contains(err.Error(), "CLEAR, GREEN, AMBER, AMBER+STRICT and RED (lowest first)") {
			t.Errorf("Parse(%q): %v, want the list of labels", bad, err)
		}
	}
}

func TestTLPIsFIRSTs(t *testing.T) {
	s := TLP()
	want := []struct{ text, color string }{
		{"TLP:CLEAR", "#FFFFFF"}, {"TLP:GREEN", "#33FF00"}, {"TLP:AMBER", "#FFC000"},
		{"TLP:AMBER+STRICT", "#FFC000"}, {"TLP:RED", "#FF2B2B"},
	}
	for i, w := range want {
		l := s.Labels[i]
		if l.Text != w.text || l.Color != w.color || l.Background != "#000000" || l.Rank != i {
			t.Errorf("label %d = %+v, want %s in %s on black", i, l, w.text, w.color)
		}
	}
	if got := s.Labels[3].Class(); got != "amber-strict" {
		t.Errorf("Class = %q", got)
	}
}

func TestMaxPrefersTheHigherAndAMarkedOne(t *testing.T) {
	s := TLP()
	clear, red := s.Labels[0], s.Labels[4]
	if Max(clear, red) != red || Max(red, clear) != red {
		t.Errorf("Max of CLEAR and RED is not RED")
	}
	if Max(Label{}, clear) != clear || Max(clear, Label{}) != clear {
		t.Errorf("Max of unmarked and CLEAR is not CLEAR")
	}
	if !Max(Label{}, Label{}).IsZero() {
		t.Errorf("Max of two unmarked is marked")
	}
}

func TestDeclareMakesASchemeAndSaysWhatIsWrong(t *testing.T) {
	s, problems := Declare([]Declared{
		{Name: "PUBLIC", Color: "#000000", Background: "#FFFFFF"},
		{Name: "Internal"},
		{Name: "partners", Color: "orange"},
		{Name: "INTERNAL"},
		{Name: ""},
		{Name: "top/secret"},
	})
	var names []string
	for _, l := range s.Labels {
		names = append(names, l.Text)
	}
	if got := strings.Join(names, " < "); got != "PUBLIC < Internal < partners" {
		t.Errorf("labels = %s", got)
	}
	if l, err := s.Parse("internal"); err != nil || l.Rank != 1 {
		t.Errorf("Parse(internal) = %+v, %v", l, err)
	}
	if s.Labels[2].Color != "#FFFFFF" {
		t.Errorf("a bad colour was kept: %+v", s.Labels[2])
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Msg)
	}
	want := []string{`color "orange" is not a colour`, `"INTERNAL" is declared twice`, "needs a name", `"top/secret" may hold letters`}
	if len(got) != len(want) {
		t.Fatalf("problems = %q", got)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("problem %d = %q, want %q", i, got[i], want[i])
		}
	}
}
