package content

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"briefings/generator/config"
	"briefings/generator/diag"
)

// A field is one top-level key of a note's front matter with its value,
// as the reader of its format found it. The readers of both formats make
// values of the same few types, so that one set of rules (assign) turns
// them into a Briefing, an Entity or a Page, whatever the format:
//
//	string                  text written in quotes, or a YAML block scalar
//	plain                   a YAML plain (unquoted) scalar, as written
//	bool, int64, float64    TOML's booleans and numbers
//	time.Time               a TOML date or datetime, as the TOML decoder makes it
//	localDate, localDatetime  the same, as the quick TOML reader makes it
//	[]any, map[string]any   lists, and tables (TOML) or mappings (YAML)
//	nil                     a YAML null (key: with nothing after it): not set
type field struct {
	key   string
	value any
}

// plain is a YAML plain scalar, kept as it was written. Where a field
// takes text it is that text, so `code: NO` is "NO" and `title: 2025` is
// "2025" (YAML's "Norway problem" does not arise); where it takes a date
// it is read as a date at the precision written (2025, 2025-02,
// 2025-02-12); where it takes true or false, only true and false are.
type plain string

// A slot is a field of a Briefing, Entity or Page that front matter sets:
// its key and a pointer to it. The pointer's type says what the key
// takes: *string text, *bool true or false, *Date a date, day a date
// with its day (a partial one is not offered), *Names a list of
// names, *[]Source a briefing's sources, *[]Correction its corrections. The slots are the one list of the
// fields of each kind of note; the decoder, the did-you-mean hints and
// `briefings convert` all read them.
type slot struct {
	key string
	ptr any
}

func (b *Briefing) slots() []slot {
	return []slot{{"title", &b.Title}, {"date", day{&b.Date}}, {"summary", &b.Summary}, {"draft", &b.Draft},
		{"tlp", &b.TLP}, {"tags", &b.Tags}, {"aliases", &b.Aliases}, {"authors", &b.Authors}, {"updated", day{&b.Updated}},
		{"sources", &b.Sources}, {"corrections", &b.Corrections}}
}

func (e *Entity) slots() []slot {
	return []slot{{"name", &e.Name}, {"aliases", &e.Aliases}, {"role", &e.Role}, {"code", &e.Code},
		{"capital", &e.Capital}, {"date", &e.Date}, {"end_date", &e.EndDate}, {"location", &e.Location},
		{"coordinates", &e.Coordinates}, {"summary", &e.Summary}, {"draft", &e.Draft}, {"tlp", &e.TLP}, {"wikidata", &e.Wikidata},
		{"reliability", &e.Reliability}, {"url", &e.URL}}
}

func (p *Page) slots() []slot {
	return []slot{{"title", &p.Title}, {"date", &p.Date}, {"summary", &p.Summary}, {"draft", &p.Draft}, {"tlp", &p.TLP}}
}

var (
	briefingKeys = keysOf(new(Briefing).slots())
	entityKeys   = keysOf(new(Entity).slots())
	pageKeys     = keysOf(new(Page).slots())
)

func keysOf(slots []slot) []string {
	keys := make([]string, len(slots))
	for i, s := range slots {
		keys[i] = s.key
	}
	return keys
}

// slotsOf returns the slots of the note kind's front matter, set on a
// fresh Briefing, Entity or Page, which it returns too.
func slotsOf(kind string) (target any, slots []slot) {
	switch kind {
	case KindBriefing:
		b := &Briefing{}
		return b, b.slots()
	case KindPage:
		p := &Page{}
		return p, p.slots()
	}
	e := &Entity{}
	return e, e.slots()
}

// ignoredKeys are keys that other tools write and that mean nothing here:
// they are read without a warning. Obsidian keeps a note's CSS classes
// in cssclasses.
var ignoredKeys = []string{"cssclasses"}

// problems receives what assign finds wrong with the value of a key: an
// error, or a warning when warn is set.
type problems func(key string, warn bool, msg string)

// assign sets each slot from the field of its key, and returns the fields
// that no slot takes (ignored keys left out). A value of the wrong type
// is an error, reported with its key and a message that says what the
// key takes, in the words of the note's format; ok is false then.
func assign(slots []slot, fields []field, f Format, problem problems) (unknown []field, ok bool) {
	ok = true
next:
	for _, fl := range fields {
		for _, s := range slots {
			if s.key != fl.key {
				continue
			}
			if fl.value == nil {
				continue next // a YAML null: not set
			}
			if msg := set(s.ptr, fl.value, f, problem); msg == reported {
				ok = false
			} else if msg != "" {
				problem(fl.key, false, fmt.Sprintf("%q %s", fl.key, msg))
				ok = false
			}
			continue next
		}
		if isIgnored(fl.key) {
			continue
		}
		unknown = append(unknown, fl)
	}
	return unknown, ok
}

func isIgnored(key string) bool {
	for _, k := range ignoredKeys {
		if k == key {
			return true
		}
	}
	return false
}

// day is the slot of a date that needs its day: a briefing's date and
// updated, a source's accessed and a correction's date. Its problem says
// so, without offering a partial date (2025-02) that would only be
// refused next.
type day struct{ d *Date }

// notADate says what a key that takes a date takes, in the words of the
// note's format, when v is no date; partial offers a month or a year.
func notADate(v any, f Format, partial bool) string {
	if f == YAML {
		if partial {
			return "must be a date like 2025-02-12 (or 2025-02 or 2025 for a partial one), not " + describe(v, f)
		}
		return "must be a date like 2025-02-12, not " + describe(v, f)
	}
	var what string
	switch v := v.(type) {
	case string:
		what = fmt.Sprintf("%q", v)
	case bool, int64, float64:
		what = fmt.Sprint(v)
	default:
		what = describe(v, f)
	}
	if partial {
		return "must be a date like 2025-02-12 (or \"2025-02\" or \"2025\" for a partial one), not " + what
	}
	return "must be a date like 2025-02-12, not " + what
}

// reported is what set returns for a value whose problems it has
// reported itself, at the lines of the keys inside it (a source's).
const reported = "\x00reported"

// set reads v into the field ptr points at; it returns what is wrong with
// v, or "". Problems inside sources and corrections go to problem
// themselves, at their own lines, and set returns reported.
func set(ptr any, v any, f Format, problem problems) string {
	switch p := ptr.(type) {
	case *string:
		s, ok := text(v)
		if !ok {
			if f == YAML {
				return "must be text, not " + describe(v, f)
			}
			return "must be a string (in quotes), not " + describe(v, f)
		}
		*p = s
	case *bool:
		b, ok := v.(bool)
		if s, isPlain := v.(plain); isPlain {
			switch s {
			case "true", "True", "TRUE":
				b, ok = true, true
			case "false", "False", "FALSE":
				b, ok = false, true
			}
		}
		if !ok {
			return "must be true or false, not " + describe(v, f)
		}
		*p = b
	case *Date:
		d, ok := dateOf(v)
		if !ok {
			return notADate(v, f, true)
		}
		*p = d
	case day:
		d, ok := dateOf(v)
		if !ok {
			return notADate(v, f, false)
		}
		*p.d = d
	case *Names:
		names, bad, ok := namesOf(v)
		if !ok {
			msg := "must be a list of names in quotes, like [\"Kyiv\", \"Ukraine\"]"
			if f == YAML {
				msg = "must be a list of names, like [Kyiv, Ukraine]"
			}
			switch {
			case bad == nil:
			case f == YAML:
				msg += "; " + describe(bad, f) + " is not a name"
			default:
				msg += fmt.Sprintf("; %v is not in quotes", bad)
			}
			return msg
		}
		*p = names
	case *[]Source:
		return setSources(p, v, f, problem)
	case *[]Correction:
		return setCorrections(p, v, f, problem)
	case *Coordinates:
		c, ok := coordinatesOf(v)
		if !ok {
			return "must be [latitude, longitude] in decimal degrees, like [50.85, 4.35]: latitude from -90 to 90, longitude from -180 to 180"
		}
		*p = c
	default:
		panic(fmt.Sprintf("content: slot of type %T", ptr)) // a programming error in slots
	}
	return ""
}

// text reads a value that must be text.
func text(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case plain:
		return string(v), true
	}
	return "", false
}

// dateOf reads a date: a TOML date or datetime, a year as a whole number,
// or text holding a date, partial or not.
func dateOf(v any) (Date, bool) {
	switch v := v.(type) {
	case localDate:
		return Date{Time: time.Date(v.year, time.Month(v.month), v.day, 0, 0, 0, 0, time.UTC), Prec: Day}, true
	case localDatetime:
		return Date{Time: v.t, Prec: Clock}, true
	case time.Time:
		d := Date{Time: v, Prec: Clock, Zoned: true}
		// The TOML decoder marks local dates, datetimes and times with
		// named zones.
		switch v.Location().String() {
		case "time-local":
			return Date{}, false // 09:00:00, a time of day on no day
		case "date-local":
			d = Date{Time: time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC), Prec: Day}
		case "datetime-local":
			d.Time = time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.UTC)
			d.Zoned = false
		}
		return d, true
	case int64:
		if v < 1 || v > 9999 {
			return Date{}, false
		}
		return Date{Time: time.Date(int(v), 1, 1, 0, 0, 0, 0, time.UTC), Prec: Year}, true
	case string, plain:
		s, _ := text(v)
		d, err := ParseDate(s)
		return d, err == nil
	}
	return Date{}, false
}

// coordinatesOf reads [latitude, longitude]: two numbers, whole or not,
// within range.
func coordinatesOf(v any) (Coordinates, bool) {
	list, ok := v.([]any)
	if !ok || len(list) != 2 {
		return Coordinates{}, false
	}
	var n [2]float64
	for i, item := range list {
		switch x := item.(type) {
		case int64:
			n[i] = float64(x)
		case float64:
			n[i] = x
		case plain:
			f, err := strconv.ParseFloat(string(x), 64)
			if err != nil {
				return Coordinates{}, false
			}
			n[i] = f
		default:
			return Coordinates{}, false
		}
		if math.IsNaN(n[i]) || math.IsInf(n[i], 0) {
			return Coordinates{}, false
		}
	}
	if n[0] < -90 || n[0] > 90 || n[1] < -180 || n[1] > 180 {
		return Coordinates{}, false
	}
	return Coordinates{Lat: n[0], Lon: n[1], Set: true}, true
}

// namesOf reads a list of names, or a single name as a one-name list.
// When an item of the list is not a name, it is bad.
func namesOf(v any) (names Names, bad any, ok bool) {
	if s, ok := text(v); ok {
		return Names{s}, nil, true
	}
	list, isList := v.([]any)
	if !isList {
		return nil, nil, false
	}
	names = make(Names, 0, len(list))
	for _, item := range list {
		s, ok := text(item)
		if !ok {
			return nil, item, false
		}
		names = append(names, s)
	}
	return names, nil, true
}

// tables reads a list of tables (TOML [[name]]) or of mappings (YAML);
// msg says what is wrong, in the words of the format, with what each
// table holds.
func tables(v any, f Format, name, holds string) (list []map[string]any, msg string) {
	var items []any
	switch v := v.(type) {
	case []any:
		items = v
	case []map[string]any:
		return v, ""
	case map[string]any:
		if f == YAML {
			return nil, fmt.Sprintf("must be a list of %s, each with %s: start each with \"- \"", name, holds)
		}
		return nil, fmt.Sprintf("must be tables of %s, each under a line of [[%s]] (with two brackets)", holds, name)
	default:
		if f == YAML {
			return nil, fmt.Sprintf("must be a list of %s, each with %s", name, holds)
		}
		return nil, fmt.Sprintf("must be tables of %s, each under a line of [[%s]]", holds, name)
	}
	for _, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			if f == YAML {
				return nil, fmt.Sprintf("must be a list of %s, each with %s; %s is not one", name, holds, describe(item, f))
			}
			return nil, fmt.Sprintf("must be tables of %s, each under a line of [[%s]]; %s is not a table", holds, name, describe(item, f))
		}
		list = append(list, m)
	}
	return list, ""
}

// setSources reads a briefing's sources: a list of tables (mappings) of
// title, url, outlet, reliability, credibility, accessed and archive.
// A grade outside its scale is an error at its line; other keys are
// warnings.
func setSources(p *[]Source, v any, f Format, problem problems) string {
	list, msg := tables(v, f, "sources", "a title and a url")
	if msg != "" {
		return msg
	}
	where := "[[sources]]"
	if f == YAML {
		where = "sources"
	}
	out := make([]Source, len(list))
	bad := false
	for i, m := range list {
		s := &out[i]
		at := func(key string) string { return "sources." + strconv.Itoa(i) + "." + key }
		fail := func(key, msg string) {
			problem(at(key), false, msg)
			bad = true
		}
		for _, key := range sourceKeys(m) {
			if m[key] == nil {
				continue
			}
			var dst *string
			switch key {
			case "title":
				dst = &s.Title
			case "url":
				dst = &s.URL
			case "outlet":
				dst = &s.Outlet
			case "archive":
				dst = &s.Archive
			case "reliability":
				var r string
				if n, isNumber := m[key].(int64); isNumber {
					// reliability = 2: the halves of a grade swapped,
					// which reliabilityOf explains.
					r = strconv.FormatInt(n, 10)
				} else if msg := set(&r, m[key], f, problem); msg != "" {
					fail(key, fmt.Sprintf("a source's %q %s", key, msg))
					continue
				}
				// A grade off the scale is an error, but the note stays
				// usable, its source ungraded: the build fails on the
				// error all the same, and the links to the briefing do
				// not become warnings of their own.
				grade, msg := reliabilityOf(r, f, true)
				if c := strings.TrimSpace(r); msg != "" && Meaning(Credibilities, c) != "" {
					msg += fmt.Sprintf("; %s grades the information, not the source: write %s", c, f.example("credibility", c, false))
				}
				if msg != "" {
					problem(at(key), false, msg)
				}
				s.Reliability = grade
				continue
			case "credibility":
				grade, msg := credibilityOf(m[key], f)
				if msg != "" {
					problem(at(key), false, msg)
				}
				s.Credibility = grade
				continue
			case "accessed":
				// Like a grade, a wrong day is an error that leaves the
				// note usable without it.
				if msg := set(day{&s.Accessed}, m[key], f, problem); msg != "" {
					problem(at(key), false, fmt.Sprintf("a source's %q %s", key, msg))
					s.Accessed = Date{}
				} else if s.Accessed.Prec < Day {
					problem(at(key), false, fmt.Sprintf("a source's accessed date needs a day: write the day you read it, like %s", f.example("accessed", "2025-02-12", false)))
					s.Accessed = Date{}
				}
				continue
			default:
				msg := fmt.Sprintf("unknown field %q in %s", key, where)
				if isGradeKey(key) {
					// An editor writes the grade as it is spoken, B2:
					// say how it is split.
					r, c := "B", "2"
					if g, _ := text(m[key]); len(strings.TrimSpace(g)) == 2 {
						g = strings.ToUpper(strings.TrimSpace(g))
						if Meaning(Reliabilities, g[:1]) != "" && Meaning(Credibilities, g[1:]) != "" {
							r, c = g[:1], g[1:]
						}
					}
					msg += fmt.Sprintf(": a grade is two fields, the source's reliability (A to F) and the information's credibility (1 to 6); for %s, write %s and %s", r+c, f.example("reliability", r, true), f.example("credibility", c, false))
				} else if c := diag.Closest(key, sourceFields[:]); c != "" {
					msg += fmt.Sprintf("; did you mean %q?", c)
				} else {
					msg += "; a source has " + strings.Join(sourceFields[:], ", ")
				}
				problem(at(key), true, msg)
				continue
			}
			if msg := set(dst, m[key], f, problem); msg != "" {
				fail(key, fmt.Sprintf("a source's %q %s", key, msg))
			}
		}
	}
	if bad {
		return reported
	}
	*p = out
	return ""
}

// setCorrections reads a briefing's corrections: a list of tables
// (mappings) of date and text, both required.
func setCorrections(p *[]Correction, v any, f Format, problem problems) string {
	list, msg := tables(v, f, "corrections", "a date and a text")
	if msg != "" {
		return msg
	}
	where := "[[corrections]]"
	if f == YAML {
		where = "corrections"
	}
	out := make([]Correction, len(list))
	bad := false
	for i, m := range list {
		c := &out[i]
		at := func(key string) string { return "corrections." + strconv.Itoa(i) + "." + key }
		fail := func(key, msg string) {
			problem(at(key), false, msg)
			bad = true
		}
		for _, key := range sourceKeys(m) {
			if m[key] == nil {
				continue
			}
			switch key {
			case "date":
				if msg := set(day{&c.Date}, m[key], f, problem); msg != "" {
					fail(key, fmt.Sprintf("a correction's %q %s", key, msg))
				} else if c.Date.Prec < Day {
					fail(key, fmt.Sprintf("a correction's date needs a day: write it like %s", f.example("date", "2025-02-14", false)))
				}
			case "text":
				if msg := set(&c.Text, m[key], f, problem); msg != "" {
					fail(key, fmt.Sprintf("a correction's %q %s", key, msg))
				}
			default:
				msg := fmt.Sprintf("unknown field %q in %s: a correction has date and text", key, where)
				if c := diag.Closest(key, []string{"date", "text"}); c != "" {
					msg = fmt.Sprintf("unknown field %q in %s; did you mean %q?", key, where, c)
				}
				problem(at(key), true, msg)
			}
		}
		if c.Date.IsZero() && !bad {
			fail("", fmt.Sprintf("a correction has no date: add %s to it, the day it was made", f.example("date", "2025-02-14", false)))
		}
		if strings.TrimSpace(c.Text) == "" && !bad {
			fail("", fmt.Sprintf("a correction has no text: add %s, saying what was wrong and what is right", f.example("text", "...", true)))
		}
	}
	if bad {
		return reported
	}
	*p = out
	return ""
}

// describe names the type of a value the way a writer of the format
// thinks of it, for messages such as `"title" must be text, not a list`.
func describe(v any, f Format) string {
	if f == YAML {
		switch v := v.(type) {
		case string, plain:
			s, _ := text(v)
			return fmt.Sprintf("%q", s)
		case []any:
			return "a list"
		case map[string]any:
			return "a mapping (fields of its own)"
		case nil:
			return "nothing"
		}
		return fmt.Sprintf("%v", v)
	}
	switch v.(type) {
	case string, plain:
		return "a string (in quotes)"
	case int64:
		return "a whole number"
	case float64:
		return "a number"
	case bool:
		return "true or false"
	case []any, []map[string]any:
		return "a list in [brackets]"
	case map[string]any:
		return "a table"
	case time.Time:
		if v := v.(time.Time); v.Location().String() == "time-local" {
			return "a time of day with no date (" + v.Format("15:04:05") + ")"
		}
		return "a date"
	case localDate, localDatetime:
		return "a date"
	}
	return fmt.Sprintf("%v", v)
}

// sourceKeys returns the keys of a table: the keys of a source in the
// order sources are written (title, url, outlet...), then the others in
// order.
func sourceKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	rank := func(k string) string {
		for i, f := range sourceFields {
			if f == k {
				return string(rune(i))
			}
		}
		return k
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(rank(a), rank(b)) })
	return keys
}

// example writes key set to a value the way format f does: text is quoted
// in TOML (title = "...") and plain in YAML (title: ...).
func (f Format) example(key, value string, isText bool) string {
	if f == YAML {
		return key + ": " + value
	}
	if isText {
		value = `"` + value + `"`
	}
	return key + " = " + value
}

// isGradeKey reports whether key is a name an editor may give a
// source's whole grade ("grade = \"B2\""), which is two fields.
func isGradeKey(key string) bool {
	switch strings.ToLower(key) {
	case "grade", "grading", "rating", "admiralty", "nato_grade", "stanag":
		return true
	}
	return false
}

// stripControls removes the control characters (see config.Control) from every
// text in v, lists and tables included (which it changes in place), and
// returns the value and the first character removed, or -1 for none.
func stripControls(v any) (any, rune) {
	first := rune(-1)
	clean := func(s string) string {
		s, r := config.StripControls(s)
		if first < 0 {
			first = r
		}
		return s
	}
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case string:
			return clean(v)
		case plain:
			return plain(clean(string(v)))
		case []any:
			for i := range v {
				v[i] = walk(v[i])
			}
		case map[string]any:
			for k := range v {
				v[k] = walk(v[k])
			}
		}
		return v
	}
	v = walk(v)
	return v, first
}

// kindFields names, for each entity field that only some built-in kinds
// take, those kinds; every entity takes the others (name, aliases,
// summary, draft, tlp, wikidata). Kinds a site declares take every field.
var kindFields = map[string][]string{
	"role":        {"people"},
	"code":        {"countries"},
	"capital":     {"countries"},
	"date":        {"events"},
	"end_date":    {"events"},
	"location":    {"events"},
	"coordinates": {"events"},
	"reliability": {"outlets"},
	"url":         {"outlets"},
}

// wrongKind returns the warning for key in a note of kind when key is
// meant for another built-in kind (a reliability on a person), or "".
func wrongKind(kind, key string, f Format) string {
	owners, ok := kindFields[key]
	if !ok || slices.Contains(owners, kind) {
		return ""
	}
	var here *config.Kind
	for i, k := range config.BuiltinKinds {
		if k.Name == kind {
			here = &config.BuiltinKinds[i]
		}
	}
	if here == nil {
		return "" // a page, a briefing, or a kind the site declared
	}
	var belongs []string
	for _, o := range owners {
		for _, k := range config.BuiltinKinds {
			if k.Name == o {
				belongs = append(belongs, article(k.Singular)+"'s note (content/"+k.Name+"/)")
			}
		}
	}
	msg := fmt.Sprintf("field %q means nothing on %s: it belongs in %s, and is left out here", key, article(here.Singular), strings.Join(belongs, " or "))
	var own []string
	for _, k := range entityKeys {
		if o, ok := kindFields[k]; !ok || slices.Contains(o, kind) {
			own = append(own, k)
		}
	}
	switch {
	case key == "reliability":
		msg += fmt.Sprintf("; to grade a source, give its reliability in the briefing's sources, like %s", f.example("reliability", "B", true))
	case diag.Closest(key, own) != "":
		msg += fmt.Sprintf("; did you mean %q?", diag.Closest(key, own))
	default:
		msg += fmt.Sprintf("; is the note in the right folder? A %s's fields are %s", here.Singular, strings.Join(own, ", "))
	}
	return msg
}

// article puts "a" or "an" before a singular noun.
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
