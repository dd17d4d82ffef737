package content

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Date was given.
type Precision int

// The precisions of a Date, from the coarsest.
const (
	Year Precision = iota + 1
	Month
	Day
	Clock // a date with a time of day
)

// Date is a front matter date: a date (2025-02-12), a date and time, or a
// partial date ("2014", "2022-02") for events known only to the year or
// month. It sorts by its first instant and prints at the precision it was
// given.
type Date struct {
	Time time.Time
	Prec Precision
	// Zoned is set for a time written with its zone or offset
	// (2025-02-12T09:00:00+01:00, or ...Z): an instant. Any other date
	// or time is a wall-clock reading, held as if in UTC until In
	// places it in the site's zone.
	Zoned bool
}

// In returns the date placed in loc: a date or time written without a
// zone becomes the same wall-clock reading in loc (2025-02-12 is
// midnight there), and a zoned time stays the instant it is.
func (d Date) In(loc *time.Location) Date {
	if d.Zoned || d.IsZero() || loc == nil || d.Time.Location() == loc {
		return d
	}
	t := d.Time
	d.Time = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	return d
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d.Prec == 0 }

// ParseDate reads a date written as a string: "2014", "2022-02",
// "2022-02-24", or an RFC 3339 datetime.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("bad date %q: write it like 2025-02-12 (or \"2025-02\" or \"2025\" for a partial one)", s)
	switch len(s) {
	case 4:
		y, err := strconv.Atoi(s)
		if err != nil || y < 1 {
			return Date{}, bad
		}
		return Date{Time: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), Prec: Year}, nil
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return Date{}, bad
		}
		return Date{Time: t, Prec: Month}, nil
	case 10:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return Date{}, bad
		}
		return Date{Time: t, Prec: Day}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{Time: t, Prec: Clock, Zoned: layout == time.RFC3339}, nil
		}
	}
	return Date{}, bad
}

// ISO formats d for a <time datetime> attribute and for machines, at its
// precision: "2014", "2022-02", "2022-02-24" or RFC 3339.
func (d Date) ISO() string { return d.Time.Format(d.isoLayout()) }

// AppendISO appends ISO's text to b, for a page that writes many dates
// and would otherwise make a string of each.
func (d Date) AppendISO(b []byte) []byte { return d.Time.AppendFormat(b, d.isoLayout()) }

func (d Date) isoLayout() string {
	switch d.Prec {
	case Year:
		return "2006"
	case Month:
		return "2006-01"
	case Day:
		return "2006-01-02"
	case Clock:
		return time.RFC3339
	}
	return ""
}

// Format prints d for readers, at its precision: "2014", "February 2022",
// "24 February 2022".
func (d Date) Format() string { return d.Time.Format(d.formatLayout()) }

// AppendFormat appends Format's text to b.
func (d Date) AppendFormat(b []byte) []byte { return d.Time.AppendFormat(b, d.formatLayout()) }

func (d Date) formatLayout() string {
	switch d.Prec {
	case Year:
		return "2006"
	case Month:
		return "January 2006"
	case Day, Clock:
		return "2 January 2006"
	}
	return ""
}

// Short prints d compactly for lists: "24 Feb 2022".
func (d Date) Short() string { return d.Time.Format(d.shortLayout()) }

// AppendShort appends Short's text to b.
func (d Date) AppendShort(b []byte) []byte { return d.Time.AppendFormat(b, d.shortLayout()) }

func (d Date) shortLayout() string {
	switch d.Prec {
	case Year:
		return "2006"
	case Month:
		return "Jan 2006"
	case Day, Clock:
		return "2 Jan 2006"
	}
	return ""
}

// Names is a front matter list of names. A single string is taken as a
// one-name list, so `people = "Putin"` works like `people = ["Putin"]`
// (in YAML, `people: Putin` like `people: [Putin]`).
type Names []string
