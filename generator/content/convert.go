package content

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"

	"briefings/generator/config"
	"briefings/generator/diag"
)

// Convert rewrites the front matter of a note in the format to, for
// `briefings convert`. raw is the file as it is on disk; path, kind and
// kinds are as for Decode. The body is kept byte for byte, and so are the
// byte order mark and the line endings; comments are kept where the other
// format can hold them: a comment on its own line stays before the field
// it was before (one inside a list or a source moves up before its
// field), and a comment at the end of a field's line stays at its end.
// Blank lines between fields are kept.
//
// It returns raw itself when the note's front matter is in that format
// already. When the note has an error, the errors go into diags and out is
// nil. Before it returns, Convert decodes what it wrote and checks that it
// makes the same note; if it did not, that is an error too, and nothing is
// to be written.
func Convert(path, kind string, raw []byte, kinds []config.Kind, to Format, diags *diag.List) (out []byte) {
	src, bad := Normalize(raw)
	if bad > 0 {
		diags.Errorf(diag.Pos{File: path, Line: bad}, "invalid UTF-8: save the file as UTF-8 (the text here is in another encoding)")
		return nil
	}
	var local diag.List
	n := Decode(path, kind, src, kinds, &local)
	if errs, _ := local.Count(); errs > 0 || n == nil {
		diags.Append(local.Items())
		return nil
	}
	if n.Format == to {
		return raw
	}
	front, _, _, _, _ := Split(src) // cannot fail: Decode split it
	fields, lines, _, _ := readFields(path, front, n.Format, &local)

	entries := placeComments(convEntries(kind, kinds, fields, lines, n.Format), front, n.Format)

	var b strings.Builder
	b.WriteString(to.Fence() + "\n")
	if to == YAML {
		writeYAML(&b, entries)
	} else {
		writeTOML(&b, entries)
	}
	b.WriteString(to.Fence() + "\n")
	newFront := b.String()

	// The body as it is on disk, after the closing fence's line.
	rest := raw
	bom := []byte{}
	for bytes.HasPrefix(rest, []byte("\xef\xbb\xbf")) {
		bom, rest = []byte("\xef\xbb\xbf"), rest[3:]
	}
	eol := "\n"
	if i := bytes.IndexAny(rest, "\r\n"); i >= 0 && rest[i] == '\r' {
		eol = "\r\n"
		if i+1 == len(rest) || rest[i+1] != '\n' {
			eol = "\r"
		}
	}
	body := skipLines(rest, bytes.Count(src[:n.BodyOffset], []byte("\n")))
	if n.BodyOffset == len(src) && len(src) > 0 && src[len(src)-1] != '\n' {
		// The closing fence ends the file without a newline: keep it so.
		newFront = strings.TrimSuffix(newFront, "\n")
		body = nil
	}
	out = append(append(bom, strings.ReplaceAll(newFront, "\n", eol)...), body...)

	// Check: the new file makes the same note.
	newSrc, _ := Normalize(out)
	var check diag.List
	m := Decode(path, kind, newSrc, kinds, &check)
	if errs, _ := check.Count(); errs > 0 || m == nil || !sameNote(n, m) {
		diags.Errorf(diag.Pos{File: path, Line: 1}, "cannot convert this note's front matter to %s exactly, so it is left as it is; please report it (the %s it would write is:\n%s)", to, to, newFront)
		return nil
	}
	return out
}

// skipLines returns what follows the first n lines of b, whose lines may
// end with LF, CRLF or CR.
func skipLines(b []byte, n int) []byte {
	for i := 0; i < len(b) && n > 0; i++ {
		switch b[i] {
		case '\n':
			n--
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
			n--
		}
		if n == 0 {
			return b[i+1:]
		}
	}
	if n > 0 {
		return nil
	}
	return b
}

// sameNote reports whether two decodings of a note are the same note:
// the same fields, dates at the same instant and precision, and body.
func sameNote(a, b *Note) bool {
	if !bytes.Equal(a.Body, b.Body) {
		return false
	}
	var as, bs []slot
	var am, bm map[string]Names
	switch {
	case a.Briefing != nil && b.Briefing != nil:
		as, bs, am, bm = a.Briefing.slots(), b.Briefing.slots(), a.Briefing.Mentions, b.Briefing.Mentions
	case a.Entity != nil && b.Entity != nil:
		as, bs, am, bm = a.Entity.slots(), b.Entity.slots(), a.Entity.Mentions, b.Entity.Mentions
	case a.Page != nil && b.Page != nil:
		as, bs = a.Page.slots(), b.Page.slots()
	default:
		return false
	}
	sameDate := func(x, y Date) bool {
		return x.Prec == y.Prec && x.Zoned == y.Zoned && x.Time.Equal(y.Time) && x.ISO() == y.ISO()
	}
	for i := range as {
		switch x := as[i].ptr.(type) {
		case *Date:
			if !sameDate(*x, *bs[i].ptr.(*Date)) {
				return false
			}
		case day:
			if !sameDate(*x.d, *bs[i].ptr.(day).d) {
				return false
			}
		case *[]Source:
			// The same sources, wherever their lines now are.
			y := *bs[i].ptr.(*[]Source)
			if len(*x) != len(y) {
				return false
			}
			for j, s := range *x {
				t := y[j]
				if !sameDate(s.Accessed, t.Accessed) {
					return false
				}
				s.lines, s.Accessed, t.Accessed = t.lines, Date{}, Date{}
				if s != t {
					return false
				}
			}
		case *[]Correction:
			y := *bs[i].ptr.(*[]Correction)
			if len(*x) != len(y) {
				return false
			}
			for j, c := range *x {
				if !sameDate(c.Date, y[j].Date) || c.Text != y[j].Text {
					return false
				}
			}
		default:
			if !reflect.DeepEqual(as[i].ptr, bs[i].ptr) {
				return false
			}
		}
	}
	return reflect.DeepEqual(am, bm)
}

// A convEntry is a top-level field of front matter as Convert writes it.
type convEntry struct {
	key   string
	value any // see convValue
	line  int // the key's line in the front matter, 0 when unknown
	// before holds the lines written before the key: "" for a blank
	// line, else the text of a comment after its #.
	before []string
	// comment is the text after # of the comment at the end of the
	// key's line; hasComment says there is one.
	comment    string
	hasComment bool
}

// A kv is one key and value of a table (a source, or a mapping), in the
// order written.
type kv struct {
	key   string
	value any
}

// convEntries turns fields into entries with values that both writers
// write: string, bool, int64, float64, Date, []any, []kv, or nil for a
// field neither writes (a YAML null has no TOML form). A field the note
// kind has (or a kind's list of names) has the type that field takes, so
// `title: 2025` becomes the text "2025"; other fields keep the types
// their own format gives them.
func convEntries(kind string, kinds []config.Kind, fields []field, lines map[string]int, from Format) []*convEntry {
	_, slots := slotsOf(kind)
	assign(slots, fields, from, func(string, bool, string) {})
	typed := map[string]any{}
	for _, s := range slots {
		typed[s.key] = s.ptr
	}
	for _, k := range kinds {
		typed[k.Name] = new(Names)
	}
	var entries []*convEntry
	for _, f := range fields {
		e := &convEntry{key: f.key, line: lines[f.key]}
		entries = append(entries, e)
		if f.value == nil {
			continue
		}
		switch p := typed[f.key].(type) {
		case *string:
			e.value = *p
		case *bool:
			e.value = *p
		case *Date:
			e.value = *p
		case day:
			e.value = *p.d
		case *Names:
			if s, ok := text(f.value); ok {
				e.value = s // one name: kept as one
				continue
			}
			names, _, _ := namesOf(f.value)
			list := make([]any, len(names))
			for i, n := range names {
				list[i] = n
			}
			e.value = list
		case *[]Source:
			e.value = convTables(f.value, "title", "url", "outlet", "archive", "reliability")
		case *[]Correction:
			e.value = convTables(f.value, "text")
		case *Coordinates:
			e.value = []any{p.Lat, p.Lon}
		default: // fields that are not the note's
			e.value = convValue(f.value)
		}
	}
	return entries
}

// convValue turns a field value of another field than the note's own into
// a value the writers take. In a YAML plain scalar, dates written in full
// become dates, so that a TOML date written to YAML comes back a date.
func convValue(v any) any {
	switch v := v.(type) {
	case plain:
		r := v.resolve()
		if s, ok := r.(string); ok && fullDate.MatchString(s) {
			if d, err := ParseDate(s); err == nil {
				return d
			}
		}
		return r
	case string, bool, int64, float64:
		return v
	case time.Time, localDate, localDatetime:
		d, _ := dateOf(v)
		return d
	case []map[string]any:
		list := make([]any, len(v))
		for i, m := range v {
			list[i] = convValue(m)
		}
		return list
	case []any:
		list := make([]any, 0, len(v))
		for _, item := range v {
			if c := convValue(item); c != nil {
				list = append(list, c)
			}
		}
		return list
	case map[string]any:
		var out []kv
		for _, k := range sourceKeys(v) {
			if c := convValue(v[k]); c != nil {
				out = append(out, kv{k, c})
			}
		}
		return out
	}
	return nil
}

// convTables turns a list of tables (sources, corrections) into tables
// whose keys textKeys are text, as the note takes them (a YAML `title:
// 2025` stays the text "2025"), and whose other keys keep their types.
func convTables(v any, textKeys ...string) any {
	list, ok := convValue(v).([]any)
	if !ok {
		return nil
	}
	orig, _ := v.([]any)
	for i, item := range list {
		t, ok := item.([]kv)
		if !ok || i >= len(orig) {
			continue
		}
		m, _ := orig[i].(map[string]any)
		for j := range t {
			if slices.Contains(textKeys, t[j].key) {
				if s, ok := text(m[t[j].key]); ok {
					t[j].value = s
				}
			}
		}
	}
	return list
}

// clockText writes a date and time with its zone when it was written
// with one, and without when it was not (it is then a wall-clock reading
// in the site's timezone).
func clockText(d Date) string {
	if d.Zoned {
		return d.Time.Format(time.RFC3339Nano)
	}
	return d.Time.Format("2006-01-02T15:04:05.999999999")
}

// fullDate is a date written in full, with or without a time of day.
var fullDate = regexp.MustCompile(`^\d{4}-\d\d-\d\d([Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?([Zz]|[+-]\d\d:\d\d)?)?$`)

// A comment in front matter: its line (1-based within the front matter),
// whether it has a line to itself, and its text after the #.
type comment struct {
	line  int
	alone bool
	text  string
}

// placeComments gives each entry the comments and blank lines around it;
// what follows the last field goes to a final entry with no key.
func placeComments(entries []*convEntry, front []byte, from Format) []*convEntry {
	var comments []comment
	if from == YAML {
		comments = yamlComments(front)
	} else {
		comments = tomlComments(front)
	}
	text := strings.Split(string(front), "\n")
	if len(text) > 0 && text[len(text)-1] == "" {
		text = text[:len(text)-1]
	}
	// Lines within the front matter, 1-based; key lines from the file's
	// (the front matter starts on line 2).
	start := make([]int, len(entries))
	prev := 0
	for i, e := range entries {
		start[i] = max(e.line-1, prev)
		prev = start[i]
	}
	alone := map[int]string{}
	trailing := map[int]string{}
	for _, c := range comments {
		if c.alone {
			alone[c.line] = c.text
		} else {
			trailing[c.line] = c.text
		}
	}
	blank := func(l int) bool { return l >= 1 && l <= len(text) && strings.TrimSpace(text[l-1]) == "" }
	// The lines before each key that are blank or comments alone, up to
	// the line after the previous key: the key's own.
	owner := map[int]int{} // line → the entry it is before
	for i := range entries {
		from := 0
		if i > 0 {
			from = start[i-1]
		}
		for l := start[i] - 1; l > from; l-- {
			if _, isComment := alone[l]; !isComment && !blank(l) {
				break
			}
			owner[l] = i
		}
	}
	end := &convEntry{}
	for l := len(text); l > 0 && len(entries) > 0 && l > start[len(entries)-1]; l-- {
		if _, isComment := alone[l]; !isComment && !blank(l) {
			break
		}
		owner[l] = len(entries)
	}
	all := append(slices.Clone(entries), end)
	// Blank lines and comments before a key, in order.
	for l := 1; l <= len(text); l++ {
		i, ok := owner[l]
		if !ok {
			continue
		}
		if c, isComment := alone[l]; isComment {
			all[i].before = append(all[i].before, c)
		} else if len(all[i].before) > 0 || i > 0 {
			all[i].before = append(all[i].before, "") // no blank line first in the front matter
		}
	}
	// Comments inside a field's lines: at the end of its key's line, or
	// else before its key.
	for l := 1; l <= len(text); l++ {
		if _, owned := owner[l]; owned {
			continue
		}
		c, isAlone := alone[l]
		t, isTrailing := trailing[l]
		if !isAlone && !isTrailing {
			continue
		}
		i := 0
		for i+1 < len(entries) && start[i+1] <= l {
			i++
		}
		if len(entries) == 0 {
			end.before = append(end.before, c+t)
			continue
		}
		e := entries[i]
		switch {
		case isTrailing && l == start[i] && !e.hasComment:
			e.comment, e.hasComment = t, true
		case isTrailing:
			e.before = append(e.before, t)
		default:
			e.before = append(e.before, c)
		}
	}
	if len(end.before) > 0 {
		entries = append(entries, end)
	}
	return entries
}

// yamlComments lists the comments of YAML front matter, which the
// parser's tokens hold.
func yamlComments(front []byte) []comment {
	file, err := parseYAML(front)
	if err != nil || len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return nil
	}
	t := file.Docs[0].Body.GetToken()
	for t != nil && t.Prev != nil {
		t = t.Prev
	}
	var out []comment
	lines := strings.Split(string(front), "\n")
	for ; t != nil; t = t.Next {
		if t.Type != token.CommentType || t.Position == nil {
			continue
		}
		l, col := t.Position.Line, t.Position.Column
		alone := l-1 < len(lines) && strings.TrimSpace(lines[l-1][:min(col-1, len(lines[l-1]))]) == ""
		out = append(out, comment{line: l, alone: alone, text: t.Value})
	}
	return out
}

// tomlComments lists the comments of TOML front matter: a # outside
// strings starts one, up to the end of its line.
func tomlComments(front []byte) []comment {
	var out []comment
	s := string(front)
	line, lineStart := 1, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n':
			line, lineStart = line+1, i+1
		case c == '#':
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			out = append(out, comment{line: line, alone: strings.TrimSpace(s[lineStart:i]) == "", text: s[i+1 : i+end]})
			i += end - 1
		case strings.HasPrefix(s[i:], `"""`) || strings.HasPrefix(s[i:], `'''`):
			q := s[i : i+3]
			j := i + 3
			for j < len(s) && !strings.HasPrefix(s[j:], q) {
				if q == `"""` && s[j] == '\\' {
					j++
				}
				j++
			}
			for j < len(s) && strings.HasPrefix(s[j:], q[:1]) {
				j++ // up to two quotes may end the string's text
			}
			line += strings.Count(s[i:min(j, len(s))], "\n")
			if k := strings.LastIndexByte(s[:min(j, len(s))], '\n'); k >= i {
				lineStart = k + 1
			}
			i = j - 1
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(s) && s[j] != c && s[j] != '\n' {
				if c == '"' && s[j] == '\\' {
					j++
				}
				j++
			}
			if j < len(s) && s[j] == '\n' {
				j-- // not closed on its line: the newline still counts
			}
			i = j
		}
	}
	return out
}

// writeTOML writes entries as TOML: fields first, in their order, then
// tables ([[sources]] and other lists of tables, and tables) at the end,
// as TOML needs.
func writeTOML(b *strings.Builder, entries []*convEntry) {
	isTable := func(e *convEntry) bool {
		switch v := e.value.(type) {
		case []kv:
			return true
		case []any:
			if len(v) == 0 {
				return false
			}
			for _, item := range v {
				if _, ok := item.([]kv); !ok {
					return false
				}
			}
			return true
		}
		return false
	}
	var tables []*convEntry
	for _, e := range entries {
		if e.key != "" && isTable(e) {
			tables = append(tables, e)
			continue
		}
		if e.key == "" {
			continue // the end, written last
		}
		writeBefore(b, e.before)
		if e.value == nil {
			// No TOML form: keep what it was as a comment.
			fmt.Fprintf(b, "# %s = (empty)\n", tomlKey(e.key))
			continue
		}
		b.WriteString(tomlKey(e.key) + " = " + tomlValue(e.value))
		writeComment(b, e)
	}
	for _, e := range tables {
		blanks := 0
		for blanks < len(e.before) && e.before[blanks] == "" {
			blanks++
		}
		writeBefore(b, e.before)
		switch v := e.value.(type) {
		case []kv:
			b.WriteString("[" + tomlKey(e.key) + "]")
			writeComment(b, e)
			writeTOMLTable(b, v)
		case []any:
			for i, item := range v {
				if i > 0 {
					b.WriteString(strings.Repeat("\n", blanks))
				}
				b.WriteString("[[" + tomlKey(e.key) + "]]")
				if i == 0 {
					writeComment(b, e)
				} else {
					b.WriteString("\n")
				}
				writeTOMLTable(b, item.([]kv))
			}
		}
	}
	if len(entries) > 0 && entries[len(entries)-1].key == "" {
		writeBefore(b, entries[len(entries)-1].before)
	}
}

func writeTOMLTable(b *strings.Builder, t []kv) {
	for _, f := range t {
		b.WriteString(tomlKey(f.key) + " = " + tomlValue(f.value) + "\n")
	}
}

func writeBefore(b *strings.Builder, before []string) {
	for _, l := range before {
		if l == "" {
			b.WriteString("\n")
		} else {
			b.WriteString("#" + commentText(l) + "\n")
		}
	}
}

func writeComment(b *strings.Builder, e *convEntry) {
	if e.hasComment {
		b.WriteString(" #" + commentText(e.comment))
	}
	b.WriteString("\n")
}

// commentText drops from a comment the control characters neither format
// allows in one.
func commentText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func tomlKey(k string) string {
	if bareKey.MatchString(k) {
		return k
	}
	return tomlString(k)
}

// tomlValue writes a value inline.
func tomlValue(v any) string {
	switch v := v.(type) {
	case string:
		return tomlString(v)
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		switch {
		case math.IsInf(v, 1):
			return "inf"
		case math.IsInf(v, -1):
			return "-inf"
		case math.IsNaN(v):
			return "nan"
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return s
	case Date:
		switch v.Prec {
		case Day:
			return v.ISO()
		case Clock:
			return clockText(v)
		}
		return tomlString(v.ISO()) // a partial date is a string in TOML
	case []any:
		items := make([]string, len(v))
		for i, item := range v {
			items[i] = tomlValue(item)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case []kv:
		items := make([]string, len(v))
		for i, f := range v {
			items[i] = tomlKey(f.key) + " = " + tomlValue(f.value)
		}
		return "{ " + strings.Join(items, ", ") + " }"
	}
	return `""`
}

// tomlString writes text as a TOML basic string, over several lines
// (""") when it holds line breaks.
func tomlString(s string) string {
	multi := strings.Contains(s, "\n")
	for l := range strings.Lines(s) {
		if strings.TrimRight(l, " \t\n") == "+++" {
			multi = false // a line of +++ would close the front matter
		}
	}
	var b strings.Builder
	if multi {
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n' && multi:
			b.WriteByte('\n')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteByte('\t')
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	if multi {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}

// writeYAML writes entries as YAML, in their order: lists as block lists,
// sources and other tables as block mappings.
func writeYAML(b *strings.Builder, entries []*convEntry) {
	for _, e := range entries {
		writeBefore(b, e.before)
		if e.key == "" {
			continue
		}
		key := yamlKey(e.key)
		switch v := e.value.(type) {
		case []any:
			if len(v) == 0 {
				b.WriteString(key + ": []")
				writeComment(b, e)
				continue
			}
			b.WriteString(key + ":")
			writeComment(b, e)
			for _, item := range v {
				if t, ok := item.([]kv); ok && len(t) > 0 {
					for i, f := range t {
						lead := "    "
						if i == 0 {
							lead = "  - "
						}
						b.WriteString(lead + yamlKey(f.key) + ": " + yamlFlow(f.value) + "\n")
					}
					continue
				}
				b.WriteString("  - " + yamlFlow(item) + "\n")
			}
		case []kv:
			if len(v) == 0 {
				b.WriteString(key + ": {}")
				writeComment(b, e)
				continue
			}
			b.WriteString(key + ":")
			writeComment(b, e)
			for _, f := range v {
				b.WriteString("  " + yamlKey(f.key) + ": " + yamlFlow(f.value) + "\n")
			}
		case string:
			if block, ok := yamlBlock(v, "  "); ok {
				b.WriteString(key + ": " + block.indicator)
				writeComment(b, e)
				b.WriteString(block.text)
				continue
			}
			b.WriteString(key + ": " + yamlFlow(v))
			writeComment(b, e)
		case nil:
			b.WriteString(key + ":")
			writeComment(b, e)
		default:
			b.WriteString(key + ": " + yamlFlow(v))
			writeComment(b, e)
		}
	}
}

func yamlKey(k string) string {
	if bareKey.MatchString(k) {
		if _, ok := plain(k).resolve().(string); ok {
			return k
		}
	}
	return yamlQuote(k)
}

// yamlFlow writes a value on one line: text plain where YAML reads it
// back as the same text (and other tools would too), else in double
// quotes; lists and tables in brackets and braces.
func yamlFlow(v any) string {
	switch v := v.(type) {
	case string:
		if yamlPlainSafe(v) {
			return v
		}
		return yamlQuote(v)
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		switch {
		case math.IsInf(v, 1):
			return ".inf"
		case math.IsInf(v, -1):
			return "-.inf"
		case math.IsNaN(v):
			return ".nan"
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return s
	case Date:
		if v.Prec == Clock {
			return clockText(v)
		}
		return v.ISO()
	case []any:
		items := make([]string, len(v))
		for i, item := range v {
			items[i] = yamlFlow(item)
			if s, ok := item.(string); ok && strings.ContainsAny(s, ",[]{}") {
				items[i] = yamlQuote(s)
			}
		}
		return "[" + strings.Join(items, ", ") + "]"
	case []kv:
		items := make([]string, len(v))
		for i, f := range v {
			val := yamlFlow(f.value)
			if s, ok := f.value.(string); ok && strings.ContainsAny(s, ",[]{}") {
				val = yamlQuote(s)
			}
			items[i] = yamlKey(f.key) + ": " + val
		}
		return "{" + strings.Join(items, ", ") + "}"
	}
	return `""`
}

// yamlPlainSafe reports whether text can be written without quotes and
// read back as the same text, by this reader and by YAML 1.1 and 1.2
// readers alike: no indicator first, no ": " or " #", no spaces at the
// ends, nothing that reads as a number, a boolean (yes, no, on and off
// included), null or a date.
func yamlPlainSafe(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0xfeff || r == 0x2028 || r == 0x2029 || r == utf8.RuneError {
			return false
		}
	}
	if _, ok := plain(s).resolve().(string); !ok || yaml11Bool.MatchString(s) || looksLikeDate.MatchString(s) {
		return false
	}
	return true
}

var (
	yaml11Bool    = regexp.MustCompile(`^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$`)
	looksLikeDate = regexp.MustCompile(`^[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?([Tt ].*)?$`)
)

// yamlQuote writes text in double quotes, with YAML's escapes.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x85 || r == 0xfeff || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// A yamlBlockText is text written as a literal block (| or |-): its
// indicator and its lines, indented.
type yamlBlockText struct{ indicator, text string }

// yamlBlock writes text that holds line breaks as a literal block, when
// its lines allow: none starts with a space or holds a control
// character, and it ends with at most one line break.
func yamlBlock(s, indent string) (yamlBlockText, bool) {
	if !strings.Contains(s, "\n") || strings.TrimRight(s, "\n") == "" {
		return yamlBlockText{}, false
	}
	body := strings.TrimRight(s, "\n")
	indicator := "|-"
	switch len(s) - len(body) {
	case 0:
	case 1:
		indicator = "|"
	default:
		// Kept (|+) line breaks would take in the blank lines written
		// after them; double quotes hold them safely.
		return yamlBlockText{}, false
	}
	var b strings.Builder
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, " ") || strings.TrimSpace(l) != l && strings.TrimSpace(l) == "" {
			return yamlBlockText{}, false
		}
		for _, r := range l {
			if r < 0x20 || r == 0x7f || r == 0x85 || r == 0xfeff || r == 0x2028 || r == 0x2029 {
				return yamlBlockText{}, false
			}
		}
		if l != "" {
			b.WriteString(indent + l)
		}
		b.WriteString("\n")
	}
	return yamlBlockText{indicator, b.String()}, true
}
