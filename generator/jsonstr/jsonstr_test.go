package jsonstr

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// TestJSONStringsAreEscapedAsEncodingJSONDoes checks that Append escapes
// a string byte for byte as encoding/json does: quotes, backslashes,
// control characters, <, > and & (so that the JSON cannot end its script
// element), U+2028 and U+2029, and bytes that are not UTF-8.
func TestJSONStringsAreEscapedAsEncodingJSONDoes(t *testing.T) {
	cases := []string{
		"", "Putin", `say "no"`, `back\slash`, "</script><script>alert(1)</script>",
		"a & b", "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f", "Zürich – “quoted” ‘x’",
		"line\u2028para\u2029end", "bad \xff\xfe utf8 \xc3", "emoji 🇺🇦 flag", "\xe2\x80", "é\u2028\xff<",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", " ", "\"", "\\", "<", ">", "&", "\n", "\x00", "\x1f", "\x7f", "é", "\u2028", "\u2029", "\xff", "\xe2", "\x80", "😀", "/"}
	for range 2000 {
		var s string
		for range r.IntN(12) {
			s += alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := Append(nil, s); string(got) != string(want) {
			t.Errorf("Append(%q) = %s, want %s", s, got, want)
		}
	}
}
