// Package content reads a site's content/ folder into Notes: each Markdown
// file split into its TOML front matter, decoded strictly into a Briefing,
// an Entity or a Page, and its body, with the line numbers needed to point
// at any problem. It knows nothing across files: resolving names is the
// site package's job.
//
// The key types are Note, Briefing, Entity and Page; Load reads a folder
// and Slug makes the URL form of a name.
package content

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unique"

	"github.com/BurntSushi/toml"

	"briefings/generator/config"
	"briefings/generator/diag"
)

// Kind names for notes that are not entities.
const (
	KindBriefing = "briefings"
	KindPage     = "page"
)

// Note is one Markdown file of content/.
type Note struct {
	// Path is the file's path from the site folder, slash-separated:
	// content/briefings/2025-02-12-x.md.
	Path string
	// Kind is KindBriefing, KindPage, or an entity kind ("people").
	Kind string
	// Slug comes from the file name (or the folder name of a bundle).
	Slug string
	// Exactly one of Briefing, Entity and Page is set, as Kind says.
	Briefing *Briefing
	Entity   *Entity
	Page     *Page
	// Body is the Markdown after the front matter; Src is the whole
	// normalised file, and Body starts at byte BodyOffset of Src.
	Body       []byte
	Src        []byte
	BodyOffset int
	// Bundle lists the other files of a page bundle (a folder holding
	// index.md), as paths within content/, to be copied beside the page.
	Bundle []string
	// Lines maps a top-level front matter key to its line in the file.
	Lines map[string]int
}

// Source is one [[sources]] table of a briefing.
type Source struct {
	Title string `toml:"title"`
	URL   string `toml:"url"`
}

// Briefing is the front matter of content/briefings/**.md.
type Briefing struct {
	Title   string
	Date    Date
	Summary string
	Draft   bool
	Tags    Names
	Sources []Source
	// Mentions maps an entity kind ("people", "countries", "events", or a
	// kind declared in site.toml) to the names the briefing lists under it.
	Mentions map[string]Names
}

// Entity is the front matter of a note about a person, country, event or
// an entity of a declared kind. Fields that do not apply to a kind stay
// empty.
type Entity struct {
	Name     string
	Aliases  []string
	Role     string // people
	Code     string // countries: ISO 3166-1 alpha-2
	Capital  string // countries
	Date     Date   // events
	EndDate  Date   // events
	Location string // events
	Summary  string
	Draft    bool
	// Mentions maps a kind to the entities this one is tied to: a
	// person's countries, an event's people and countries.
	Mentions map[string]Names
}

// Page is the front matter of a plain page such as content/about.md.
type Page struct {
	Title   string
	Date    Date
	Summary string
	Draft   bool
}

type briefingFields struct {
	Title   string   `toml:"title"`
	Date    Date     `toml:"date"`
	Summary string   `toml:"summary"`
	Draft   bool     `toml:"draft"`
	Tags    Names    `toml:"tags"`
	Sources []Source `toml:"sources"`
}

type entityFields struct {
	Name     string `toml:"name"`
	Aliases  Names  `toml:"aliases"`
	Role     string `toml:"role"`
	Code     string `toml:"code"`
	Capital  string `toml:"capital"`
	Date     Date   `toml:"date"`
	EndDate  Date   `toml:"end_date"`
	Location string `toml:"location"`
	Summary  string `toml:"summary"`
	Draft    bool   `toml:"draft"`
}

type pageFields struct {
	Title   string `toml:"title"`
	Date    Date   `toml:"date"`
	Summary string `toml:"summary"`
	Draft   bool   `toml:"draft"`
}

var (
	briefingKeys = []string{"title", "date", "summary", "draft", "tags", "sources"}
	entityKeys   = []string{"name", "aliases", "role", "code", "capital", "date", "end_date", "location", "summary", "draft"}
	pageKeys     = []string{"title", "date", "summary", "draft"}
)

// Decode parses a note's normalised source. kind says which front matter
// to expect; kinds lists every entity kind, so that a key such as people or
// organisations is read as a list of names. Problems are reported into
// diags at their file line; the note is nil when it cannot be used.
func Decode(path, kind string, src []byte, kinds []config.Kind, diags *diag.List) *Note {
	front, body, bodyOffset, err := Split(src)
	if err != nil {
		se := err.(*SplitError)
		diags.Errorf(diag.Pos{File: path, Line: se.Line}, "%s", se.Msg)
		return nil
	}
	n := &Note{Path: path, Kind: kind, Body: body, Src: src, BodyOffset: bodyOffset, Lines: keyLines(string(front), 2)}
	pos := func(key string) diag.Pos { return diag.Pos{File: path, Line: n.Lines[key]} }

	var target any
	var known []string
	var bf briefingFields
	var ef entityFields
	var pf pageFields
	switch kind {
	case KindBriefing:
		target, known = &bf, briefingKeys
	case KindPage:
		target, known = &pf, pageKeys
	default:
		target, known = &ef, entityKeys
	}
	undecoded, value, ok := quickFields(front, target)
	if !ok {
		undecoded, value, ok = decodeFields(path, front, target, diags)
	}
	if !ok {
		return nil
	}

	mentions := map[string]Names{}
	if len(undecoded) > 0 {
		kindNames := make([]string, len(kinds))
		for i, k := range kinds {
			kindNames[i] = k.Name
		}
		for _, key := range undecoded {
			if len(key) != 1 {
				if key[0] == "sources" {
					diags.Warnf(diag.Pos{File: path, Line: n.Lines["sources"]}, "unknown field %q in [[sources]]: a source has title and url", key[len(key)-1])
				}
				continue
			}
			name := key[0]
			if slices.Contains(kindNames, name) {
				var names Names
				if err := names.UnmarshalTOML(value(name)); err != nil {
					diags.Errorf(pos(name), "%q %s", name, err)
					continue
				}
				mentions[name] = names
				continue
			}
			msg := fmt.Sprintf("unknown field %q", name)
			if c := diag.Closest(name, append(slices.Clone(known), kindNames...)); c != "" {
				msg += fmt.Sprintf("; did you mean %q?", c)
			} else if isNameList(value(name)) {
				msg = fmt.Sprintf("%q is not an entity kind: declare it in site.toml with [[kinds]] name = %q, or use one of %s", name, name, strings.Join(kindNames, ", "))
			} else {
				msg += fmt.Sprintf("; the fields here are %s", strings.Join(known, ", "))
			}
			diags.Warnf(pos(name), "%s", msg)
		}
	}

	switch kind {
	case KindBriefing:
		if strings.TrimSpace(bf.Title) == "" {
			diags.Errorf(diag.Pos{File: path, Line: 1}, "missing title: add title = \"...\" to the front matter")
		}
		if bf.Date.IsZero() {
			diags.Errorf(diag.Pos{File: path, Line: 1}, "missing date: add date = 2025-02-12 (the day of the briefing) to the front matter")
		} else if bf.Date.Prec < Day {
			diags.Errorf(pos("date"), "a briefing's date needs a day: write it like 2025-02-12")
		}
		for i, s := range bf.Sources {
			if strings.TrimSpace(s.URL) == "" {
				diags.Warnf(pos("sources"), "source %q has no url: add url = \"https://...\" under its [[sources]]", s.Title)
			} else if !SafeURL(s.URL) {
				diags.Warnf(pos("sources"), "source %q has an unsafe url %q: only http, https, mailto and relative links are published", s.Title, s.URL)
				bf.Sources[i].URL = ""
			}
		}
		n.Briefing = &Briefing{Title: bf.Title, Date: bf.Date, Summary: bf.Summary, Draft: bf.Draft, Tags: bf.Tags, Sources: bf.Sources, Mentions: mentions}
	case KindPage:
		if strings.TrimSpace(pf.Title) == "" {
			diags.Errorf(diag.Pos{File: path, Line: 1}, "missing title: add title = \"...\" to the front matter")
		}
		n.Page = &Page{Title: pf.Title, Date: pf.Date, Summary: pf.Summary, Draft: pf.Draft}
	default:
		if strings.TrimSpace(ef.Name) == "" {
			diags.Errorf(diag.Pos{File: path, Line: 1}, "missing name: add name = \"...\" to the front matter")
		}
		if ef.Code != "" && !isAlpha2(ef.Code) {
			diags.Warnf(pos("code"), "code %q is not an ISO 3166-1 alpha-2 country code: write two letters, like \"UA\"", ef.Code)
		}
		if !ef.EndDate.IsZero() && !ef.Date.IsZero() && ef.EndDate.Time.Before(ef.Date.Time) {
			diags.Warnf(pos("end_date"), "end_date %s is before date %s", ef.EndDate.ISO(), ef.Date.ISO())
		}
		n.Entity = &Entity{Name: strings.TrimSpace(ef.Name), Aliases: ef.Aliases, Role: ef.Role, Code: strings.ToUpper(ef.Code), Capital: ef.Capital,
			Date: ef.Date, EndDate: ef.EndDate, Location: ef.Location, Summary: ef.Summary, Draft: ef.Draft, Mentions: mentions}
	}
	return n
}

// decodeFields decodes TOML front matter into target, a pointer to a
// struct whose fields have toml tags. Each top-level key is decoded on its
// own, so that every wrongly typed field is reported, not just the first.
// It returns the keys target has no field for, top-level or nested, and
// value, which decodes a top-level key as toml.Decode into a map[string]any
// would (the front matter is parsed once); ok is false when the front
// matter cannot be used.
func decodeFields(path string, front []byte, target any, diags *diag.List) (undecoded []toml.Key, value func(key string) any, ok bool) {
	report := func(err error) {
		line, msg := config.TOMLError(err)
		if line > 0 {
			line++ // the decoder counts from the line after the opening +++
		}
		diags.Errorf(diag.Pos{File: path, Line: line}, "%s", msg)
	}
	var raw map[string]toml.Primitive
	md, err := toml.Decode(string(front), &raw)
	if err != nil {
		report(err)
		return nil, nil, false
	}
	fields := map[string]reflect.Value{}
	v := reflect.ValueOf(target).Elem()
	for i := range v.NumField() {
		if tag := v.Type().Field(i).Tag.Get("toml"); tag != "" {
			fields[tag] = v.Field(i)
		}
	}
	ok = true
	for _, key := range md.Keys() {
		if len(key) != 1 {
			continue
		}
		f, known := fields[key[0]]
		if !known {
			undecoded = append(undecoded, key)
			continue
		}
		if err := md.PrimitiveDecode(raw[key[0]], f.Addr().Interface()); err != nil {
			report(err)
			ok = false
		}
	}
	// Decoding into Primitives counts every top-level key as decoded;
	// what is left are the keys inside tables (sources) that no field took.
	for _, key := range md.Undecoded() {
		if len(key) > 1 {
			if _, known := fields[key[0]]; known {
				undecoded = append(undecoded, key)
			}
		}
	}
	value = func(key string) any {
		var v any
		md.PrimitiveDecode(raw[key], &v) // cannot fail: any takes every value
		return v
	}
	return undecoded, value, ok
}

// Title returns the note's display name: a briefing's or page's title, an
// entity's name.
func (n *Note) Title() string {
	switch {
	case n.Briefing != nil:
		return n.Briefing.Title
	case n.Entity != nil:
		return n.Entity.Name
	case n.Page != nil:
		return n.Page.Title
	}
	return ""
}

// Draft reports whether the note is marked draft.
func (n *Note) Draft() bool {
	switch {
	case n.Briefing != nil:
		return n.Briefing.Draft
	case n.Entity != nil:
		return n.Entity.Draft
	case n.Page != nil:
		return n.Page.Draft
	}
	return false
}

// BodyLine returns the file line of byte offset off in the body.
func (n *Note) BodyLine(off int, lines *diag.Lines) int {
	return lines.Line(n.BodyOffset + off)
}

func isNameList(v any) bool {
	switch v := v.(type) {
	case string:
		return true
	case []any:
		for _, item := range v {
			if _, ok := item.(string); !ok {
				return false
			}
		}
		return true
	}
	return false
}

func isAlpha2(code string) bool {
	return len(code) == 2 && strings.Trim(strings.ToUpper(code), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// SafeURL reports whether a link target may be published: not empty, and
// not a javascript:, vbscript: or data: URL, whatever its case or the
// control characters inside it.
func SafeURL(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	if u == "" {
		return false
	}
	// Browsers ignore tabs and newlines inside a scheme, so compare
	// without them.
	u = strings.Map(func(r rune) rune {
		if r < ' ' {
			return -1
		}
		return r
	}, u)
	for _, bad := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(u, bad) {
			return false
		}
	}
	return true
}

// keyLines maps each top-level key of TOML front matter, and each table
// name, to its line in the file; first is the file line of front's first
// line. The keys are interned (the same few names head every note), so
// that the map does not keep front alive: at 100,000 briefings the
// copies of their front matter were 50 MB.
func keyLines(front string, first int) map[string]int {
	lines := map[string]int{}
	table := false
	i := -1
	for l := range strings.Lines(front) {
		i++
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			name := strings.Trim(l, "[] ")
			if _, ok := lines[name]; !ok {
				lines[unique.Make(name).Value()] = first + i
			}
			table = true
			continue
		}
		key, _, ok := strings.Cut(l, "=")
		if !ok || table || strings.HasPrefix(l, "#") {
			continue
		}
		key = strings.Trim(strings.TrimSpace(key), `"'`)
		if _, ok := lines[key]; !ok {
			lines[unique.Make(key).Value()] = first + i
		}
	}
	return lines
}
