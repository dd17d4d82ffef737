package config

import (
	"fmt"
	"strings"
	"time"

	"briefings/generator/diag"
	"briefings/generator/marking"
)

// tlp is the built-in scheme, made once.
var tlp = marking.TLP()

// Scheme returns the site's markings: its own [[markings]] when it
// declares them, TLP 2.0 otherwise.
func (s *Site) Scheme() *marking.Scheme {
	if s.scheme == nil {
		return tlp
	}
	return s.scheme
}

// Default returns the marking of a note that carries none, and whether
// site.toml says what it is (default_tlp). A site that says nothing
// gets the scheme's lowest label, unmarked: such notes are published to
// every audience, as every note was before markings existed, and show
// no banner, so a site that never uses markings builds as it always has.
func (s *Site) Default() (label marking.Label, set bool) {
	if s.defaultLabel.IsZero() {
		return s.Scheme().Lowest(), false
	}
	return s.defaultLabel, true
}

// AudienceLabel returns the highest marking a build publishes: site.toml's
// audience, or the scheme's lowest label (CLEAR) when it sets none.
func (s *Site) AudienceLabel() marking.Label {
	if s.audience.IsZero() {
		return s.Scheme().Lowest()
	}
	return s.audience
}

// SetAudience sets the audience from the command line (--audience),
// which wins over site.toml's.
func (s *Site) SetAudience(text string) error {
	l, err := s.Scheme().Parse(text)
	if err != nil {
		return err
	}
	s.audience = l
	return nil
}

// Location returns the zone that places dates written without one:
// site.toml's timezone, or UTC.
func (s *Site) Location() *time.Location {
	if s.location == nil {
		return time.UTC
	}
	return s.location
}

// parseMarkings reads the markings settings of site.toml (whose text
// is text): the site's own scheme, default_tlp, audience and timezone.
func (s *Site) parseMarkings(text, rel string, diags *diag.List) {
	if len(s.Markings) > 0 {
		scheme, problems := marking.Declare(s.Markings)
		for _, p := range problems {
			diags.Errorf(diag.Pos{File: rel, Line: tableLine(text, "markings", p.Index)}, "%s", p.Msg)
		}
		if len(scheme.Labels) > 0 {
			s.scheme = scheme
		}
	}
	label := func(key, value string) marking.Label {
		if strings.TrimSpace(value) == "" {
			return marking.Label{}
		}
		l, err := s.Scheme().Parse(value)
		if err != nil {
			diags.Errorf(diag.Pos{File: rel, Line: KeyLine(text, key)}, "%s: %v", key, err)
		}
		return l
	}
	s.defaultLabel = label("default_tlp", s.DefaultTLP)
	s.audience = label("audience", s.Audience)
	if tz := strings.TrimSpace(s.Timezone); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			diags.Errorf(diag.Pos{File: rel, Line: KeyLine(text, "timezone")}, "timezone %q is not a time zone: write an IANA name, like \"Europe/Brussels\", \"America/New_York\" or \"UTC\"", s.Timezone)
		} else {
			s.location = loc
		}
	}
}

// tableLine returns the line of the i-th [[name]] header in TOML text
// (from 0), or 0.
func tableLine(text, name string, i int) int {
	n := 0
	for at, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == fmt.Sprintf("[[%s]]", name) {
			if n == i {
				return at + 1
			}
			n++
		}
	}
	return 0
}
