package content

import (
	"strings"
	"time"
	"unicode/utf8"
)

// quickFields is readTOML for the front matter nearly every note has:
// bare keys set to strings without escapes, booleans, dates like
// 2025-02-12 and lists of such strings, comments, and a briefing's
// [[sources]] tables of title and url. It reads that subset directly,
// which costs a fraction of a full TOML decoder, and gives the same
// fields and values (its dates are localDate or localDatetime, its
// sources []Source). For anything else (escapes, numbers, inline
// tables, a repeated key, any error) it returns ok false: readTOML then
// decodes the front matter and reports its problems, so every syntax
// message stays the decoder's. FuzzQuickFields checks the two agree.
func quickFields(front []byte) (fields []field, ok bool) {
	if !utf8.Valid(front) {
		return nil, false
	}
	p := quickParser{s: front}
	var sources []Source
	table := false   // after [[sources]]: keys belong to the last source
	var seen [2]bool // title and url of the current source
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
			const header = "[[sources]]"
			if len(p.s)-p.i < len(header) || string(p.s[p.i:p.i+len(header)]) != header {
				return nil, false
			}
			p.i += len(header)
			if !p.endLine() {
				return nil, false
			}
			if sources == nil {
				for _, f := range fields {
					if f.key == "sources" {
						return nil, false
					}
				}
				fields = append(fields, field{"sources", nil}) // set below
			}
			sources = append(sources, Source{})
			table, seen = true, [2]bool{}
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
		if table {
			s, isString := v.(string)
			src := &sources[len(sources)-1]
			switch {
			case !isString:
				return nil, false
			case key == "title" && !seen[0]:
				src.Title, seen[0] = s, true
			case key == "url" && !seen[1]:
				src.URL, seen[1] = s, true
			default:
				return nil, false
			}
			continue
		}
		for _, f := range fields {
			if f.key == key {
				return nil, false
			}
		}
		fields = append(fields, field{key, v})
	}
	if sources != nil {
		for i := range fields {
			if fields[i].key == "sources" {
				fields[i].value = sources
			}
		}
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
		return p.date()
	}
	return nil, false
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
