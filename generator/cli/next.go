package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"briefings/generator"
	"briefings/generator/diag"
)

// next prints the next embargo to lift and what it will publish.
func next(c *call, args []string) int {
	var opts generator.Options
	c.sourceFlag(&opts.Source, "read the site (site.toml, content/) in `DIR` (default: the current folder)")
	c.String(&opts.Audience, "", "audience", "for the edition of `LABEL` (default: site.toml's audience, else TLP:CLEAR)")
	if code, stop := c.parse(args); stop {
		return code
	}
	e, problems := generator.Next(opts)
	errors := 0
	for _, d := range problems {
		if d.Severity == diag.Error {
			errors++
		}
	}
	if e == nil || errors > 0 {
		diag.Print(c.stderr, problems)
		return 1
	}
	printEmbargo(c.stdout, e, time.Now())
	return 0
}

// printEmbargo writes what `briefings next` says.
func printEmbargo(w io.Writer, e *generator.Embargo, now time.Time) {
	if e.At.IsZero() {
		fmt.Fprintln(w, "no embargo pending: no briefing of this edition waits for its date")
	} else {
		fmt.Fprintf(w, "next embargo lifts %s%s, %s\n", e.At.UTC().Format("2006-01-02 15:04 UTC"), inZone(e.At, e.Location), until(now, e.At))
		for _, b := range e.Briefings {
			fmt.Fprintf(w, "  %s: %q\n", b.Note.Path, b.Note.Briefing.Title)
		}
		if len(e.Pages) > 0 {
			fmt.Fprintf(w, "it publishes %s: %s\n", generator.Plural(len(e.Pages), "page", "pages"), strings.Join(e.Pages, " "))
		}
		if e.Later > 0 {
			fmt.Fprintf(w, "then %s, the last lifting %s%s\n", generator.Plural(e.Later, "more embargo", "more embargoes"), e.Last.UTC().Format("2006-01-02 15:04 UTC"), inZone(e.Last, e.Location))
		}
	}
	if e.Held > 0 {
		fmt.Fprintf(w, "%s dated in the future %s drafts or marked above %s, which time alone does not publish\n",
			generator.Plural(e.Held, "briefing", "briefings"), map[bool]string{true: "is one of the", false: "are"}[e.Held == 1], e.Audience)
	}
}

// inZone writes t in the site's zone, " (10:00 CET in Europe/Brussels)",
// or "" for a site in UTC.
func inZone(t time.Time, loc *time.Location) string {
	if loc == nil || loc == time.UTC || loc.String() == "UTC" {
		return ""
	}
	l := t.In(loc)
	layout := "15:04 MST"
	if y, m, d := l.Date(); y != t.UTC().Year() || m != t.UTC().Month() || d != t.UTC().Day() {
		layout = "2006-01-02 15:04 MST"
	}
	return fmt.Sprintf(" (%s in %s)", l.Format(layout), loc)
}

// until says how far t is from now: "in 3 days 4 hours", "in 25
// minutes", "now".
func until(now, t time.Time) string {
	d := t.Sub(now).Round(time.Minute)
	if d <= 0 {
		return "now"
	}
	days, hours, minutes := int(d/(24*time.Hour)), int(d/time.Hour)%24, int(d/time.Minute)%60
	var parts []string
	if days > 0 {
		parts = append(parts, generator.Plural(days, "day", "days"))
	}
	if hours > 0 {
		parts = append(parts, generator.Plural(hours, "hour", "hours"))
	}
	if minutes > 0 && days == 0 {
		parts = append(parts, generator.Plural(minutes, "minute", "minutes"))
	}
	return "in " + strings.Join(parts, " ")
}
