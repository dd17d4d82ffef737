// Package marking holds the handling markings a note can carry: an
// ordered Scheme of Labels, from the one that may go anywhere to the one
// that may go nowhere. The Traffic Light Protocol as FIRST's TLP 2.0
// defines it (CLEAR < GREEN < AMBER < AMBER+STRICT < RED) is the built-in
// scheme; a site may declare its own in site.toml (PUBLIC < INTERNAL <
// PARTNERS, say), used the same way.
//
// The key types are Scheme and Label; Scheme.Parse reads a label as an
// editor writes it, in any case and with the scheme's prefix or without.
package marking

import (
	"fmt"
	"regexp"
	"strings"
)

// Label is one marking of a scheme. The zero Label is "unmarked": no
// note that carries it shows a banner, and it ranks with the lowest
// label (Rank 0) for what an audience may see.
type Label struct {
	// Name is the label as the scheme writes it: "AMBER+STRICT".
	Name string
	// Text is what banners and lists show: "TLP:AMBER+STRICT", or Name
	// for a scheme without a prefix.
	Text string
	// Rank orders the labels of a scheme: 0 for the lowest, which may go
	// anywhere.
	Rank int
	// Color and Background are the banner's text and background
	// colours, as CSS hex colours ("#FFC000", "#000000").
	Color, Background string
	// Meaning is one line that says who may see what carries the label,
	// for readers and for `briefings help`.
	Meaning string
}

// IsZero reports whether l is the unmarked label.
func (l Label) IsZero() bool { return l.Name == "" }

// Class is the label's name as a CSS class and page name: "amber-strict".
func (l Label) Class() string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(l.Name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// Max returns the higher of two labels; a marked label is higher than
// the unmarked one of the same rank.
func Max(a, b Label) Label {
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	case b.Rank > a.Rank:
		return b
	}
	return a
}

// Scheme is an ordered list of labels, lowest first.
type Scheme struct {
	// Name is what the scheme is called in messages: "TLP".
	Name string
	// Prefix is written before a label's name on banners, and may be
	// written before it in front matter: "TLP:".
	Prefix string
	// Labels are lowest first.
	Labels []Label
}

// TLP returns the Traffic Light Protocol 2.0 (https://www.first.org/tlp/):
// its labels, written as FIRST writes them (TLP:AMBER+STRICT), in FIRST's
// colours on black, each with a line that says who may see it.
func TLP() *Scheme {
	s := &Scheme{Name: "TLP", Prefix: "TLP:"}
	for _, l := range []struct{ name, color, meaning string }{
		{"CLEAR", "#FFFFFF", "May be shared with anyone: disclosure is not limited."},
		{"GREEN", "#33FF00", "May be shared within the recipients' community, but not published."},
		{"AMBER", "#FFC000", "May be shared on a need-to-know basis within the recipients' organisations and their clients."},
		{"AMBER+STRICT", "#FFC000", "May be shared on a need-to-know basis within the recipients' own organisation only."},
		{"RED", "#FF2B2B", "For the named recipients only: not to be shared any further."},
	} {
		s.add(l.name, l.color, "#000000", l.meaning)
	}
	return s
}

// add appends a label above the others.
func (s *Scheme) add(name, color, background, meaning string) {
	s.Labels = append(s.Labels, Label{Name: name, Text: s.Prefix + name, Rank: len(s.Labels),
		Color: color, Background: background, Meaning: meaning})
}

// Lowest returns the scheme's lowest label, which may go anywhere.
func (s *Scheme) Lowest() Label { return s.Labels[0] }

// Highest returns the scheme's highest label.
func (s *Scheme) Highest() Label { return s.Labels[len(s.Labels)-1] }

// Parse reads a label as an editor writes it: in any case, with spaces
// around it, and with the scheme's prefix or without ("tlp:amber",
// "AMBER", " Amber "). Its error says what the labels are.
func (s *Scheme) Parse(text string) (Label, error) {
	t := strings.TrimSpace(text)
	if p := s.Prefix; p != "" && len(t) >= len(p) && strings.EqualFold(t[:len(p)], p) {
		t = strings.TrimSpace(t[len(p):])
	}
	for _, l := range s.Labels {
		if strings.EqualFold(t, l.Name) {
			return l, nil
		}
	}
	return Label{}, fmt.Errorf("unknown %s label %q: the labels are %s", s.Name, text, s.List())
}

// List names the labels, lowest first: "CLEAR, GREEN, AMBER, AMBER+STRICT
// and RED (lowest first)".
func (s *Scheme) List() string {
	names := make([]string, len(s.Labels))
	for i, l := range s.Labels {
		names[i] = l.Name
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " (lowest first)"
}

// Declared is one label of a scheme a site declares in site.toml, under
// [[markings]], lowest first.
type Declared struct {
	Name       string `toml:"name"`
	Color      string `toml:"color"`
	Background string `toml:"background"`
	Meaning    string `toml:"meaning"`
}

var (
	labelName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9+_ -]*$`)
	hexColor  = regexp.MustCompile(`^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$`)
)

// Declare makes a site's own scheme from its labels, lowest first. The
// problems it returns each name the label (by its place, from 0) and what
// is wrong; the scheme holds the labels that are right.
func Declare(labels []Declared) (*Scheme, []Problem) {
	s := &Scheme{Name: "marking"}
	var problems []Problem
	seen := map[string]bool{}
	for i, d := range labels {
		name := strings.TrimSpace(d.Name)
		bad := func(format string, args ...any) {
			problems = append(problems, Problem{Index: i, Msg: fmt.Sprintf(format, args...)})
		}
		switch {
		case name == "":
			bad("a marking needs a name, like name = \"INTERNAL\"")
			continue
		case !labelName.MatchString(name):
			bad("marking name %q may hold letters, digits, spaces and + _ - only, like \"INTERNAL\"", d.Name)
			continue
		case seen[strings.ToUpper(name)]:
			bad("marking %q is declared twice (names are read in any case)", name)
			continue
		}
		seen[strings.ToUpper(name)] = true
		color, background := d.Color, d.Background
		if color == "" {
			color = "#FFFFFF"
		}
		if background == "" {
			background = "#000000"
		}
		for _, c := range []struct{ key, value string }{{"color", color}, {"background", background}} {
			if !hexColor.MatchString(c.value) {
				bad("marking %q: %s %q is not a colour: write it like \"#FFC000\"", name, c.key, c.value)
				color, background = "#FFFFFF", "#000000"
			}
		}
		s.add(name, color, background, strings.TrimSpace(d.Meaning))
	}
	return s, problems
}

// Problem is what is wrong with a declared label: Index is its place in
// the list, from 0.
type Problem struct {
	Index int
	Msg   string
}
