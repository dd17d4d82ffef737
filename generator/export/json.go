package export

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"briefings/generator/jsonstr"
	"briefings/generator/site"
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

// entityRefs is a list of entities as briefings.json gives them, an
// object of name and url each, written without making those objects:
// at 10,000 briefings some 100,000 of them at the end of a build. urls
// holds each entity's absolute address, made once; one not in it is
// made from base.
type entityRefs struct {
	list []*site.Entity
	urls map[*site.Entity]string
	base string
}

// appendValue appends v as JSON to b.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return jsonstr.Append(b, v)
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonstr.Append(b, s)
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
			b = jsonstr.Append(b, f.k)
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
	case entityRefs:
		b = append(b, '[')
		for i, e := range v.list {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = jsonstr.Append(b, e.Name)
			b = append(b, `,"url":`...)
			url, ok := v.urls[e]
			if !ok {
				url = v.base + e.URL
			}
			b = jsonstr.Append(b, url)
			b = append(b, '}')
		}
		return append(b, ']')
	case nil:
		return append(b, "null"...)
	}
	// A programming error in this package, never a user's.
	panic(fmt.Sprintf("export: a value of type %T in a JSON file", v))
}

// writeObject writes an object on a line of its own.
func writeObject(w *bufio.Writer, o object, scratch *[]byte) {
	*scratch = appendValue((*scratch)[:0], o)
	w.Write(*scratch)
}
