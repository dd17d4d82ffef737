// Package content reads a site's content/ folder into Notes: each Markdown
// file split into its front matter (TOML between lines of +++, or YAML
// between lines of ---), decoded strictly into a Briefing, an Entity or a
// Page, and its body, with the line numbers needed to point at any
// problem. It knows nothing across files: resolving names is the site
// package's job.
//
// The key types are Note, Briefing, Entity and Page; Load reads a folder,
// Slug makes the URL form of a name, and Convert rewrites a note's front
// matter in the other format.
package content

import (
	"fmt"
	"slices"
	"strconv"
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
	// Format is the syntax of the front matter: TOML (+++) or YAML (---).
	Format Format
	// Lines maps a top-level front matter key to its line in the file.
	Lines map[string]int
}

// Source is one source of a briefing: a [[sources]] table in TOML, an
// item of the sources list in YAML.
type Source struct {
	Title string
	URL   string
	// Outlet names the outlet that published the source, as written: a
	// name of the built-in outlets kind, resolved like every name.
	Outlet string
	// Reliability grades the source, "A" to "F", and Credibility the
	// information, 1 to 6: the NATO/Admiralty grading (STANAG 2511, see
	// Reliabilities and Credibilities). "" and 0 when not given.
	Reliability string
	Credibility int
	// Accessed is the day the source was read; Archive is the URL of an
	// archived copy, which outlives the outlet deleting the story.
	Accessed Date
	Archive  string
	// lines holds the file line of the source (its [[sources]] line, or
	// its "- " in YAML) and of each key it sets, in the order of
	// sourceFields; see Line.
	lines [len(sourceFields) + 1]int32
}

// sourceFields are the keys a source takes, in the order sources are
// written.
var sourceFields = [...]string{"title", "url", "outlet", "reliability", "credibility", "accessed", "archive"}

// Line returns the file line of key in the source ("url", "outlet"...),
// or of the source itself for "" or a key it does not set.
func (s Source) Line(key string) int {
	for i, k := range sourceFields {
		if k == key && s.lines[i+1] > 0 {
			return int(s.lines[i+1])
		}
	}
	return int(s.lines[0])
}

// Grade returns the source's grade as written: "B2", "B" or "2" with
// one half missing, "" with neither.
func (s Source) Grade() string {
	g := s.Reliability
	if s.Credibility > 0 {
		g += strconv.Itoa(s.Credibility)
	}
	return g
}

// A Grade is one step of a grading scale: its code ("B", "2") and what
// it means ("usually reliable").
type Grade struct {
	Code, Meaning string
}

// Reliabilities are the grades of a source's reliability, and
// Credibilities those of the information's credibility, in the
// NATO/Admiralty system (STANAG 2511, AJP-2.1).
var (
	Reliabilities = []Grade{{"A", "completely reliable"}, {"B", "usually reliable"}, {"C", "fairly reliable"},
		{"D", "not usually reliable"}, {"E", "unreliable"}, {"F", "reliability cannot be judged"}}
	Credibilities = []Grade{{"1", "confirmed by other sources"}, {"2", "probably true"}, {"3", "possibly true"},
		{"4", "doubtful"}, {"5", "improbable"}, {"6", "truth cannot be judged"}}
)

// Meaning returns what a grade's code means in scale, "" for none.
func Meaning(scale []Grade, code string) string {
	for _, g := range scale {
		if g.Code == code {
			return g.Meaning
		}
	}
	return ""
}

// scaleText writes a scale for messages: "A (completely reliable), B
// (usually reliable), ...".
func scaleText(scale []Grade) string {
	parts := make([]string, len(scale))
	for i, g := range scale {
		parts[i] = g.Code + " (" + g.Meaning + ")"
	}
	return strings.Join(parts, ", ")
}

// Correction is one correction of a briefing: a [[corrections]] table
// in TOML, an item of the corrections list in YAML.
type Correction struct {
	// Date is the day (or time) of the correction; Text says what was
	// corrected, in Markdown-free text.
	Date Date
	Text string
	// Line is the file line of the correction, and DateLine that of its
	// date.
	Line, DateLine int
}

// Briefing is the front matter of content/briefings/**.md.
type Briefing struct {
	Title string
	// Aliases are other names a wikilink may give the briefing, as
	// Obsidian's aliases are.
	Aliases Names
	Date    Date
	Summary string
	Draft   bool
	// TLP is the note's marking as written ("AMBER", "tlp:red"), read
	// against the site's scheme by the edition; "" for none.
	TLP     string
	Tags    Names
	Sources []Source
	// Authors are the briefing's writers, by name: a person's name or
	// alias links to their page when they have a note.
	Authors Names
	// Updated is the day the briefing was last brought up to date, and
	// Corrections list what was corrected since it was published; both
	// come from the front matter only, never from the file system or git.
	Updated     Date
	Corrections []Correction
	// Mentions maps an entity kind ("people", "countries", "events", or a
	// kind declared in site.toml) to the names the briefing lists under it.
	Mentions map[string]Names
}

// Entity is the front matter of a note about a person, country, event or
// an entity of a declared kind. Fields that do not apply to a kind stay
// empty.
type Entity struct {
	Name     string
	Aliases  Names
	Role     string // people
	Code     string // countries: ISO 3166-1 alpha-2
	Capital  string // countries
	Date     Date   // events
	EndDate  Date   // events
	Location string // events
	// Coordinates place an event on the maps: [latitude, longitude] in
	// decimal degrees, as front matter writes them.
	Coordinates Coordinates // events
	Summary     string
	Draft       bool
	TLP         string // as Briefing.TLP
	// Wikidata is the entity's Wikidata item ("Q212"), which tells two
	// entities of one name apart.
	Wikidata string
	// Reliability is an outlet's default reliability grade, "A" to "F",
	// which its sources take when they give none; URL is its website.
	Reliability string // outlets
	URL         string // outlets
	// Mentions maps a kind to the entities this one is tied to: a
	// person's countries, an event's people and countries.
	Mentions map[string]Names
}

// Coordinates are a place on Earth: latitude and longitude in decimal
// degrees, as front matter writes them ([50.85, 4.35]). Set says they
// were given.
type Coordinates struct {
	Lat, Lon float64
	Set      bool
}

// IsZero reports whether no coordinates were given.
func (c Coordinates) IsZero() bool { return !c.Set }

// Page is the front matter of a plain page such as content/about.md.
type Page struct {
	Title   string
	Date    Date
	Summary string
	Draft   bool
	TLP     string // as Briefing.TLP
}

// Decode parses a note's normalised source. kind says which front matter
// to expect; kinds lists every entity kind, so that a key such as people or
// organisations is read as a list of names. Problems are reported into
// diags at their file line; the note is nil when it cannot be used.
//
// Each format has its reader, which makes a list of fields (see field);
// what the fields mean, and every check of their values, is the same for
// both.
func Decode(path, kind string, src []byte, kinds []config.Kind, diags *diag.List) *Note {
	front, body, bodyOffset, format, err := Split(src)
	if err != nil {
		se := err.(*SplitError)
		diags.Errorf(diag.Pos{File: path, Line: se.Line}, "%s", se.Msg)
		return nil
	}
	n := &Note{Path: path, Kind: kind, Format: format, Body: body, Src: src, BodyOffset: bodyOffset}
	fields, lines, items, ok := readFields(path, front, format, diags)
	if !ok {
		return nil
	}
	n.Lines = lines
	// pos places a key: a top-level key ("title"), or a key of an item
	// of a list of tables ("sources.0.url", "sources.0" for the item),
	// at the item's line when the key is not written.
	pos := func(key string) diag.Pos {
		if table, rest, ok := strings.Cut(key, "."); ok {
			i, sub, _ := strings.Cut(rest, ".")
			idx, _ := strconv.Atoi(i)
			if line := items[itemKey{table, idx, sub}]; line > 0 {
				return diag.Pos{File: path, Line: line}
			}
			if line := items[itemKey{table, idx, ""}]; line > 0 {
				return diag.Pos{File: path, Line: line}
			}
			key = table
		}
		return diag.Pos{File: path, Line: n.Lines[key]}
	}
	problem := func(key string, warn bool, msg string) {
		if warn {
			diags.Warnf(pos(key), "%s", msg)
		} else {
			diags.Errorf(pos(key), "%s", msg)
		}
	}

	// A control character in any text is removed before it is read, so
	// that no page, feed or file shows it; each field that held one says
	// so, at its line.
	for i := range fields {
		var r rune
		if fields[i].value, r = stripControls(fields[i].value); r >= 0 {
			diags.Warnf(pos(fields[i].key), "%s holds the control character %U, which no page can show: it is left out; delete it from the front matter", fields[i].key, r)
		}
	}

	// A field of an entity meant for another built-in kind (a
	// reliability on a person) is left out, with a warning.
	fields = slices.DeleteFunc(fields, func(fl field) bool {
		msg := wrongKind(kind, fl.key, format)
		if msg != "" {
			diags.Warnf(pos(fl.key), "%s", msg)
		}
		return msg != ""
	})

	target, slots := slotsOf(kind)
	known := keysOf(slots)
	unknown, ok := assign(slots, fields, format, problem)
	if !ok {
		return nil
	}

	mentions := map[string]Names{}
	if len(unknown) > 0 {
		kindNames := make([]string, len(kinds))
		for i, k := range kinds {
			kindNames[i] = k.Name
		}
		for _, fl := range unknown {
			name := fl.key
			if slices.Contains(kindNames, name) {
				if fl.value == nil {
					continue // a YAML key with nothing after it
				}
				var names Names
				if msg := set(&names, fl.value, format, problem); msg != "" {
					diags.Errorf(pos(name), "%q %s", name, msg)
					continue
				}
				for i, n := range names {
					names[i] = linkName(n)
				}
				mentions[name] = names
				continue
			}
			msg := fmt.Sprintf("unknown field %q", name)
			if kind == KindBriefing && name == "wikidata" {
				msg += ": a Wikidata id belongs in the note of a person, country, event or outlet, which a briefing names by it"
			} else if kind == "outlets" && (name == "credibility" || isGradeKey(name)) {
				// An outlet's note grades the outlet, not what it reports.
				msg += fmt.Sprintf(": an outlet's note gives its usual reliability alone, %s (A to F); the credibility of what it reported is graded source by source, in a briefing's sources", format.example("reliability", "B", true))
			} else if c := diag.Closest(name, append(slices.Clone(known), kindNames...)); c != "" {
				msg += fmt.Sprintf("; did you mean %q?", c)
			} else if isNameList(fl.value) {
				msg = fmt.Sprintf("%q is not an entity kind: declare it in site.toml with [[kinds]] name = %q, or use one of %s", name, name, strings.Join(kindNames, ", "))
			} else {
				msg += fmt.Sprintf("; the fields here are %s", strings.Join(known, ", "))
			}
			diags.Warnf(pos(name), "%s", msg)
		}
	}

	missing := func(key, value string, isText bool, why string) {
		diags.Errorf(diag.Pos{File: path, Line: 1}, "missing %s: add %s%s to the front matter", key, format.example(key, value, isText), why)
	}
	switch t := target.(type) {
	case *Briefing:
		if strings.TrimSpace(t.Title) == "" {
			missing("title", "...", true, "")
		}
		if t.Date.IsZero() {
			missing("date", "2025-02-12", false, " (the day of the briefing)")
		} else if t.Date.Prec < Day {
			diags.Errorf(pos("date"), "a briefing's date needs a day: write it like 2025-02-12")
		}
		for i := range t.Sources {
			src := &t.Sources[i]
			at := func(key string) string { return "sources." + strconv.Itoa(i) + "." + key }
			src.lines[0] = int32(pos(at("")).Line)
			for j, key := range sourceFields {
				src.lines[j+1] = int32(items[itemKey{"sources", i, key}])
			}
			if strings.TrimSpace(src.URL) == "" {
				if format == YAML {
					problem(at("title"), true, fmt.Sprintf("source %q has no url: add url: https://... to it, under its title", src.Title))
				} else {
					problem(at("title"), true, fmt.Sprintf("source %q has no url: add url = \"https://...\" under its [[sources]]", src.Title))
				}
			} else if !SafeURL(src.URL) {
				problem(at("url"), true, fmt.Sprintf("source %q has an unsafe url %q: only http, https, mailto and relative links are published", src.Title, src.URL))
				src.URL = ""
			}
			if src.Archive != "" && !webURL(src.Archive) {
				problem(at("archive"), true, fmt.Sprintf("source %q has an archive %q that is not a web address: give the URL of the archived copy, like \"https://web.archive.org/web/2025/https://...\"", src.Title, src.Archive))
				src.Archive = ""
			}
		}
		for i := range t.Corrections {
			c := &t.Corrections[i]
			c.Line = pos("corrections." + strconv.Itoa(i)).Line
			c.DateLine = pos("corrections." + strconv.Itoa(i) + ".date").Line
			if dayBefore(c.Date, t.Date) {
				diags.Warnf(pos("corrections."+strconv.Itoa(i)+".date"), "correction dated %s, before the briefing's date %s: is the year right?", c.Date.ISO(), t.Date.ISO())
			}
		}
		if !t.Updated.IsZero() && t.Updated.Prec < Day {
			diags.Errorf(pos("updated"), "updated needs a day: write it like %s", format.example("updated", "2025-02-14", false))
		} else if dayBefore(t.Updated, t.Date) {
			diags.Warnf(pos("updated"), "updated %s is before the briefing's date %s: is the year right?", t.Updated.ISO(), t.Date.ISO())
		}
		t.Mentions = mentions
		n.Briefing = t
	case *Page:
		if strings.TrimSpace(t.Title) == "" {
			missing("title", "...", true, "")
		}
		n.Page = t
	case *Entity:
		if strings.TrimSpace(t.Name) == "" {
			missing("name", "...", true, "")
		}
		if t.Code != "" && !isAlpha2(t.Code) {
			diags.Warnf(pos("code"), "code %q is not an ISO 3166-1 alpha-2 country code: write two letters, like \"UA\"", t.Code)
		}
		if !t.EndDate.IsZero() && !t.Date.IsZero() && t.EndDate.Time.Before(t.Date.Time) {
			diags.Warnf(pos("end_date"), "end_date %s is before date %s", t.EndDate.ISO(), t.Date.ISO())
		}
		// A Wikidata id or a usual reliability that is wrong is an
		// error, but the note stays usable without it: the build fails
		// all the same, and the names of the entity do not become
		// warnings and stubs of their own.
		if t.Wikidata != "" {
			id, ok := WikidataID(t.Wikidata)
			if !ok {
				diags.Errorf(pos("wikidata"), "wikidata %q is not a Wikidata id: write the Q number of the item, as its page on wikidata.org shows it, like \"Q212\"", t.Wikidata)
			}
			t.Wikidata = id
		}
		if t.Reliability != "" {
			r, msg := reliabilityOf(t.Reliability, format, false)
			if msg != "" {
				diags.Errorf(pos("reliability"), "%s", msg)
			}
			t.Reliability = r
		}
		if t.URL != "" && !webURL(t.URL) {
			diags.Warnf(pos("url"), "url %q is not a web address: write it like \"https://www.example.org/\"", t.URL)
			t.URL = ""
		}
		t.Name = strings.TrimSpace(t.Name)
		t.Code = strings.ToUpper(t.Code)
		t.Mentions = mentions
		n.Entity = t
	}
	return n
}

// readFields reads front matter in its format into fields, and the line
// of each top-level key (and TOML table) in the file, and of each item of
// a list of tables ([[sources]]) and its keys. Problems with the syntax
// go into diags; ok is false when the front matter cannot be used.
func readFields(path string, front []byte, format Format, diags *diag.List) (fields []field, lines map[string]int, items map[itemKey]int, ok bool) {
	if format == YAML {
		return readYAML(path, front, 2, diags)
	}
	lines, items = keyLines(string(front), 2)
	// Nearly every note is in the subset the quick reader reads; for
	// the others the TOML decoder reads it, and says what is wrong.
	if fields, ok = quickFields(front); !ok {
		fields, ok = readTOML(path, front, diags)
	}
	return fields, lines, items, ok
}

// An itemKey places a key of one item of a list of tables: the third
// "url" of sources is {"sources", 2, "url"}, and the item itself has the
// key "".
type itemKey struct {
	table string
	i     int
	key   string
}

// readTOML reads TOML front matter with the TOML decoder. Its values are
// the decoder's, except that a list of tables is an []any like any list.
func readTOML(path string, front []byte, diags *diag.List) ([]field, bool) {
	var raw map[string]any
	md, err := toml.Decode(string(front), &raw)
	if err != nil {
		line, msg := config.TOMLError(err)
		if line > 0 {
			line++ // the decoder counts from the line after the opening +++
		}
		// A note may be YAML, when it says so.
		msg = strings.Replace(msg, "(is this YAML? briefings reads TOML)", "(for YAML, put the front matter between lines of --- instead of +++)", 1)
		diags.Errorf(diag.Pos{File: path, Line: line}, "%s", msg)
		return nil, false
	}
	var fields []field
	for _, key := range md.Keys() {
		// A list of tables has its key once for each table.
		if len(key) != 1 || len(fields) > 0 && fields[len(fields)-1].key == key[0] {
			continue
		}
		v := raw[key[0]]
		if tables, ok := v.([]map[string]any); ok {
			list := make([]any, len(tables))
			for i, t := range tables {
				list[i] = t
			}
			v = list
		}
		fields = append(fields, field{key[0], v})
	}
	return fields, true
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

// Marking returns the note's tlp as written, "" for none.
func (n *Note) Marking() string {
	switch {
	case n.Briefing != nil:
		return n.Briefing.TLP
	case n.Entity != nil:
		return n.Entity.TLP
	case n.Page != nil:
		return n.Page.TLP
	}
	return ""
}

// BodyLine returns the file line of byte offset off in the body.
func (n *Note) BodyLine(off int, lines *diag.Lines) int {
	return lines.Line(n.BodyOffset + off)
}

func isNameList(v any) bool {
	if p, ok := v.(plain); ok {
		_, ok = p.resolve().(string)
		return ok
	}
	if _, ok := text(v); ok {
		return true
	}
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			if _, ok := text(item); !ok {
				return false
			}
		}
		return true
	}
	return false
}

// linkName returns the name a wikilink written as a name gives:
// Obsidian writes a property that links to a note as "[[Marco Rubio]]",
// or "[[Marco Rubio|Rubio]]" with a label, and means Marco Rubio.
func linkName(s string) string {
	inner, ok := strings.CutPrefix(strings.TrimSpace(s), "[[")
	if !ok {
		return s
	}
	inner, ok = strings.CutSuffix(inner, "]]")
	if !ok {
		return s
	}
	target, _, _ := strings.Cut(inner, "|")
	return strings.TrimSpace(target)
}

// WikidataID reads a Wikidata item id as editors write it: "Q212",
// "q212", or the address of the item's page
// (https://www.wikidata.org/wiki/Q212), and returns it as "Q212".
func WikidataID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, prefix := range []string{"https://www.wikidata.org/wiki/", "http://www.wikidata.org/wiki/", "https://www.wikidata.org/entity/", "http://www.wikidata.org/entity/", "https://wikidata.org/wiki/", "wd:"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s = rest
			break
		}
	}
	if len(s) < 2 || s[0] != 'Q' && s[0] != 'q' || s[1] == '0' || len(s) > 12 {
		return "", false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return "Q" + s[1:], true
}

// reliabilityOf reads a reliability grade, A to F in either case; msg
// says what is wrong, with the scale, in the words of format. A whole
// grade ("B2") is shown split into a source's two fields, or, for an
// outlet's usual reliability (graded is false), cut to its letter.
func reliabilityOf(s string, f Format, graded bool) (grade, msg string) {
	g := strings.ToUpper(strings.TrimSpace(s))
	if Meaning(Reliabilities, g) != "" {
		return g, ""
	}
	msg = fmt.Sprintf("reliability %q is not a grade: write one letter of the NATO/Admiralty scale, %s", s, scaleText(Reliabilities))
	if len(g) == 2 && Meaning(Reliabilities, g[:1]) != "" && Meaning(Credibilities, g[1:]) != "" {
		if graded {
			msg += fmt.Sprintf("; for %s, write %s and %s", g, f.example("reliability", g[:1], true), f.example("credibility", g[1:], false))
		} else {
			msg += fmt.Sprintf("; an outlet's usual reliability is the letter alone: write %s", f.example("reliability", g[:1], true))
		}
	}
	return "", msg
}

// credibilityOf reads a credibility grade, 1 to 6, written as a number
// or as text; msg says what is wrong, with the scale.
func credibilityOf(v any, f Format) (grade int, msg string) {
	var s string
	switch v := v.(type) {
	case int64:
		s = strconv.FormatInt(v, 10)
	case float64:
		// credibility = 2.5 is no grade; 2.0 is 2.
		s = strconv.FormatFloat(v, 'f', -1, 64)
	case string, plain:
		s, _ = text(v)
		s = strings.TrimSpace(s)
	default:
		return 0, fmt.Sprintf("credibility must be a number from 1 to 6, not %s: %s", describe(v, f), scaleText(Credibilities))
	}
	if Meaning(Credibilities, s) != "" {
		n, _ := strconv.Atoi(s)
		return n, ""
	}
	msg = fmt.Sprintf("credibility %s is not a grade: write a number of the NATO/Admiralty scale, %s", strconv.Quote(s), scaleText(Credibilities))
	if r := strings.ToUpper(s); Meaning(Reliabilities, r) != "" {
		// credibility = "B": the halves of a grade swapped.
		msg += fmt.Sprintf("; %s grades the source, not the information: write %s", r, f.example("reliability", r, true))
	}
	return 0, msg
}

// dayBefore reports whether a falls on a day before b, both given.
func dayBefore(a, b Date) bool {
	const day = "2006-01-02"
	return !a.IsZero() && !b.IsZero() && a.Time.Format(day) < b.Time.Format(day)
}

// webURL reports whether u is an absolute http or https address.
func webURL(u string) bool {
	u = strings.TrimSpace(u)
	lower := strings.ToLower(u)
	return (strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://")) && len(u) > len("https://") && SafeURL(u)
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
// copies of their front matter were 50 MB. items places each table of a
// list of tables ([[sources]]) and the keys in it; nil when there is none.
func keyLines(front string, first int) (lines map[string]int, items map[itemKey]int) {
	lines = map[string]int{}
	table := false
	var item itemKey // the table of a list of tables that keys belong to
	count := map[string]int{}
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
			item = itemKey{}
			if strings.HasPrefix(l, "[[") {
				if items == nil {
					items = map[itemKey]int{}
				}
				item = itemKey{table: name, i: count[name]}
				count[name]++
				items[item] = first + i
			}
			continue
		}
		key, _, ok := strings.Cut(l, "=")
		if !ok || strings.HasPrefix(l, "#") {
			continue
		}
		key = strings.Trim(strings.TrimSpace(key), `"'`)
		if table {
			if item.table != "" {
				k := item
				k.key = key
				if _, ok := items[k]; !ok {
					items[k] = first + i
				}
			}
			continue
		}
		if _, ok := lines[key]; !ok {
			lines[unique.Make(key).Value()] = first + i
		}
	}
	return lines, items
}
