package export

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"
)

// The JSON files are written by hand rather than through encoding/json,
// whose reflection costs more than the rest of an export at 10,000
// briefings: an object is a list of fields in the order written, and
// the values are the few types the files hold.

// kv is one field of an object: its key and its value, one of string,
// []string, int, jsonFloat, bool, object, []object, map[string]any or
// []any of those.
type kv struct {
	k string
	v any
}

// object is a JSON object, its fields in the order written.
type object []kv

// appendValue appends v as JSON to b.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendString(b, v)
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']')
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case jsonFloat:
		return append(b, coord(float64(v))...)
	case bool:
		return strconv.AppendBool(b, v)
	case object:
		b = append(b, '{')
		for i, f := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, f.k)
			b = append(b, ':')
			b = appendValue(b, f.v)
		}
		return append(b, '}')
	case []object:
		b = append(b, '[')
		for i, o := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, o)
		}
		return append(b, ']')
	case []any:
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, x)
		}
		return append(b, ']')
	case map[string]any:
		// Keys sorted, as encoding/json writes them.
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, cmp.Compare[string])
		o := make(object, len(keys))
		for i, k := range keys {
			o[i] = kv{k, v[k]}
		}
		return appendValue(b, o)
	case nil:
		return append(b, "null"...)
	}
	// A programming error in this package, never a user's.
	panic(fmt.Sprintf("export: a value of type %T in a JSON file", v))
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string, with <, > and & written as
// \u003c, \u003e and \u0026 (as encoding/json does), so that no file of a
// site holds markup where a browser could take it for HTML, and U+2028
// and U+2029 escaped for JavaScript. Invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// writeObject writes an object on a line of its own.
func writeObject(w *bufio.Writer, o object, scratch *[]byte) {
	*scratch = appendValue((*scratch)[:0], o)
	w.Write(*scratch)
}
