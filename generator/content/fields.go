package content

import (
	"cmp"
	"fmt"
	"slices"
	"time"
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
//	[]Source                a TOML [[sources]] list, as the quick reader makes it
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
// takes: *string text, *bool true or false, *Date a date, *Names a list of
// names, *[]Source a briefing's sources. The slots are the one list of the
// fields of each kind of note; the decoder, the did-you-mean hints and
// `briefings convert` all read them.
type slot struct {
	key string
	ptr any
}

func (b *Briefing) slots() []slot {
	return []slot{{"title", &b.Title}, {"date", &b.Date}, {"summary", &b.Summary}, {"draft", &b.Draft},
		{"tlp", &b.TLP}, {"tags", &b.Tags}, {"aliases", &b.Aliases}, {"sources", &b.Sources}}
}

func (e *Entity) slots() []slot {
	return []slot{{"name", &e.Name}, {"aliases", &e.Aliases}, {"role", &e.Role}, {"code", &e.Code},
		{"capital", &e.Capital}, {"date", &e.Date}, {"end_date", &e.EndDate}, {"location", &e.Location},
		{"summary", &e.Summary}, {"draft", &e.Draft}, {"tlp", &e.TLP}}
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
			if msg := set(s.ptr, fl.value, f, problem); msg != "" {
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

// set reads v into the field ptr points at; it returns what is wrong with
// v, or "". Problems inside sources go to problem themselves.
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
			if f == YAML {
				return "must be a date like 2025-02-12 (or 2025-02 or 2025 for a partial one), not " + describe(v, f)
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
			return "must be a date like 2025-02-12 (or \"2025-02\" or \"2025\" for a partial one), not " + what
		}
		*p = d
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

// setSources reads a briefing's sources: a list of tables (mappings) of
// title and url. Other keys in a source are warnings.
func setSources(p *[]Source, v any, f Format, problem problems) string {
	if s, ok := v.([]Source); ok {
		*p = s
		return ""
	}
	var list []any
	switch v := v.(type) {
	case []any:
		list = v
	case []map[string]any:
		for _, m := range v {
			list = append(list, m)
		}
	default:
		if f == YAML {
			return "must be a list of sources, each with a title and a url"
		}
		return "must be tables of title and url, each under a line of [[sources]]"
	}
	var out []Source
	msg := ""
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			if f == YAML {
				return "must be a list of sources, each with a title and a url; " + describe(item, f) + " is not a source"
			}
			return "must be tables of title and url, each under a line of [[sources]]; " + describe(item, f) + " is not a table"
		}
		var s Source
		for _, key := range sourceKeys(m) {
			var dst *string
			switch key {
			case "title":
				dst = &s.Title
			case "url":
				dst = &s.URL
			default:
				where := "[[sources]]"
				if f == YAML {
					where = "sources"
				}
				problem("sources", true, fmt.Sprintf("unknown field %q in %s: a source has title and url", key, where))
				continue
			}
			if m[key] == nil {
				continue
			}
			if m := set(dst, m[key], f, problem); m != "" && msg == "" {
				msg = fmt.Sprintf("has a source whose %q %s", key, m)
			}
		}
		out = append(out, s)
	}
	if msg == "" {
		*p = out
	}
	return msg
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
	case []any, []map[string]any, []Source:
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

// sourceKeys returns the keys of a table: title and url first, as sources
// are written, then the others in order.
func sourceKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	rank := func(k string) string {
		switch k {
		case "title":
			return "\x00"
		case "url":
			return "\x01"
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
