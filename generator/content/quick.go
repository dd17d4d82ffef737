package content

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// quickFields is readTOML for the front matter nearly every note has:
// bare keys set to strings without escapes, booleans, dates like
// 2025-02-12 and lists of such strings, comments, and a briefing's
// lists of tables ([[sources]], [[corrections]]) of such values, and
// small whole numbers. It reads that subset directly, which costs a
// fraction of a full TOML decoder, and gives the same fields and values
// (its dates are localDate or localDatetime, its tables map[string]any
// in an []any, as readTOML makes them). For anything else (escapes, numbers, inline
// tables, a repeated key, any error) it returns ok false: readTOML then
// decodes the front matter and reports its problems, so every syntax
// message stays the decoder's. FuzzQuickFields checks the two agree.
func quickFields(front []byte) (fields []field, ok bool) {
	if !utf8.Valid(front) {
		return nil, false
	}
	p := quickParser{s: front}
	var table map[string]any // after [[name]]: keys belong to its last table
	var lists []string       // the names of the lists of tables begun
	for {
		p.space()
		if p.i == len(p.s) {
			break
		}
		switch p.s[p.i] {
		case '\n':
			p.i++
			continue
		case '#':
			if !p.comment() {
				return nil, false
			}
			continue
		case '[':
			// A list of tables, [[sources]] or [[corrections]].
			if len(p.s)-p.i < 2 || p.s[p.i+1] != '[' {
				return nil, false
			}
			p.i += 2
			name, ok := p.key()
			if !ok || len(p.s)-p.i < 2 || p.s[p.i] != ']' || p.s[p.i+1] != ']' {
				return nil, false
			}
			p.i += 2
			if !p.endLine() {
				return nil, false
			}
			last := len(fields) - 1
			switch {
			case len(lists) > 0 && lists[len(lists)-1] == name:
				// One more table of the list being written.
			case slices.Contains(lists, name):
				return nil, false // tables of one name apart: the decoder's
			default:
				for _, f := range fields {
					if f.key == name {
						return nil, false // a key set before
					}
				}
				lists = append(lists, name)
				fields = append(fields, field{name, []any{}})
				last++
			}
			table = map[string]any{}
			fields[last].value = append(fields[last].value.([]any), table)
			continue
		}
		key, ok := p.key()
		if !ok {
			return nil, false
		}
		p.space()
		if p.i == len(p.s) || p.s[p.i] != '=' {
			return nil, false
		}
		p.i++
		p.space()
		v, ok := p.value()
		if !ok || !p.endLine() {
			return nil, false
		}
		if table != nil {
			if _, dup := table[key]; dup {
				return nil, false
			}
			table[key] = v
			continue
		}
		for _, f := range fields {
			if f.key == key {
				return nil, false
			}
		}
		fields = append(fields, field{key, v})
	}
	return fields, true
}

// localDate is a TOML local date such as 2025-02-12, and localDatetime
// a local date and time (in UTC, as Date keeps it); the decoder gives
// both as a time.Time in a zone of its own, which only it can make.
type (
	localDate     struct{ year, month, day int }
	localDatetime struct{ t time.Time }
)

// quickParser reads the subset of TOML that quickFields takes; each
// method returns false at anything outside it.
type quickParser struct {
	s []byte
	i int
}

// space skips spaces and tabs.
func (p *quickParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// comment skips a comment, up to the end of its line.
func (p *quickParser) comment() bool {
	for ; p.i < len(p.s) && p.s[p.i] != '\n'; p.i++ {
		if c := p.s[p.i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// endLine skips spaces, a comment and the end of the line.
func (p *quickParser) endLine() bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '#' && !p.comment() {
		return false
	}
	if p.i == len(p.s) {
		return true
	}
	if p.s[p.i] == '\n' {
		p.i++
		return true
	}
	return false
}

// key reads a bare key that starts with a letter or an underscore.
func (p *quickParser) key() (string, bool) {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || p.i > start && (c == '-' || '0' <= c && c <= '9') {
			p.i++
			continue
		}
		break
	}
	return string(p.s[start:p.i]), p.i > start
}

func (p *quickParser) value() (any, bool) {
	if p.i == len(p.s) {
		return nil, false
	}
	rest := p.s[p.i:]
	switch c := rest[0]; {
	case c == '"' || c == '\'':
		return p.str()
	case c == '[':
		return p.array()
	case string(rest[:min(len(rest), 4)]) == "true":
		p.i += 4
		return true, true
	case string(rest[:min(len(rest), 5)]) == "false":
		p.i += 5
		return false, true
	case '0' <= c && c <= '9':
		if n, ok := p.integer(); ok {
			return n, true
		}
		return p.date()
	}
	return nil, false
}

// integer reads a small whole number written in decimal digits alone,
// as a source's credibility is (2), without a sign, a leading zero or
// an underscore; anything else is for the decoder (or a date).
func (p *quickParser) integer() (int64, bool) {
	j := p.i
	for j < len(p.s) && '0' <= p.s[j] && p.s[j] <= '9' {
		j++
	}
	if j-p.i > 9 || p.s[p.i] == '0' && j-p.i > 1 {
		return 0, false
	}
	if j < len(p.s) {
		switch p.s[j] {
		case ' ', '\t', '\n', '#':
		default:
			return 0, false
		}
	}
	var n int64
	for _, c := range p.s[p.i:j] {
		n = n*10 + int64(c-'0')
	}
	p.i = j
	return n, true
}

// str reads a one-line string: literal, or basic with no escapes but
// \" \\ \b \t \n \f \r.
func (p *quickParser) str() (any, bool) {
	q := p.s[p.i]
	start := p.i + 1
	if start+1 < len(p.s) && p.s[start] == q && p.s[start+1] == q {
		return nil, false // a multi-line string
	}
	var unescaped []byte // nil until the first escape
	from := start        // the bytes from here on are not yet in unescaped
	for j := start; j < len(p.s); j++ {
		switch c := p.s[j]; {
		case c == q:
			p.i = j + 1
			if unescaped == nil {
				return string(p.s[start:j]), true
			}
			return string(append(unescaped, p.s[from:j]...)), true
		case c == '\\' && q == '"':
			if j+1 == len(p.s) {
				return nil, false
			}
			e := strings.IndexByte(`"\btnfr`, p.s[j+1])
			if e < 0 {
				return nil, false
			}
			unescaped = append(append(unescaped, p.s[from:j]...), "\"\\\b\t\n\f\r"[e])
			j++
			from = j + 1
		case c < 0x20 && c != '\t', c == 0x7f:
			return nil, false
		}
	}
	return nil, false
}

// array reads a list of strings, over several lines if need be.
func (p *quickParser) array() (any, bool) {
	p.i++ // [
	out := []any{}
	for {
		if !p.blank() {
			return nil, false
		}
		if p.s[p.i] == ']' {
			p.i++
			return out, true
		}
		if c := p.s[p.i]; c != '"' && c != '\'' {
			return nil, false
		}
		v, ok := p.str()
		if !ok || !p.blank() {
			return nil, false
		}
		out = append(out, v)
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return out, true
		default:
			return nil, false
		}
	}
}

// blank skips spaces, newlines and comments inside a list; false at the
// end of the front matter.
func (p *quickParser) blank() bool {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n':
			p.i++
		case '#':
			if !p.comment() {
				return false
			}
		default:
			return true
		}
	}
	return false
}

// date reads a local date (2025-02-12), a local date and time
// (2025-02-12T10:00:00) or an offset one (2025-02-12T10:00:00Z, with
// +01:00 or -05:00), all digits given, no fraction of a second.
func (p *quickParser) date() (any, bool) {
	s := p.s[p.i:]
	digits := func(b []byte, pattern string) bool {
		if len(b) < len(pattern) {
			return false
		}
		for i, c := range []byte(pattern) {
			if c == '0' && (b[i] < '0' || b[i] > '9') || c != '0' && b[i] != c {
				return false
			}
		}
		return true
	}
	if !digits(s, "0000-00-00") {
		return nil, false
	}
	if len(s) == 10 || s[10] != 'T' {
		num := func(b []byte) int { return int(b[0]-'0')*10 + int(b[1]-'0') }
		y, m, d := num(s[:2])*100+num(s[2:4]), num(s[5:7]), num(s[8:10])
		if y < 1 || m < 1 || m > 12 || d < 1 || time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() != d {
			return nil, false // 2025-02-30
		}
		p.i += 10
		return localDate{y, m, d}, true
	}
	if !digits(s, "0000-00-00T00:00:00") {
		return nil, false
	}
	switch n := len("0000-00-00T00:00:00"); {
	case len(s) > n && s[n] == 'Z' || digits(s[n:], "+00:00") || digits(s[n:], "-00:00"):
		if s[n] != 'Z' {
			n += len("+00:00")
		} else {
			n++
		}
		// The decoder's own call, so the time and its zone are the same.
		t, err := time.ParseInLocation(time.RFC3339Nano, string(s[:n]), time.Local)
		if err != nil {
			return nil, false
		}
		p.i += n
		return t, true
	default:
		t, err := time.Parse("2006-01-02T15:04:05", string(s[:n]))
		if err != nil {
			return nil, false
		}
		p.i += n
		return localDatetime{t}, true
	}
}
