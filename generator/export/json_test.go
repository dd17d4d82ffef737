package export

import (
	"encoding/json"
	"testing"
)

// TestJSONStringsAsEncodingJSONWritesThem: the hand-written JSON encodes
// strings byte for byte as encoding/json does (HTML characters, control
// characters, U+2028, invalid UTF-8), and objects keep their order.
func TestJSONStringsAsEncodingJSONWritesThem(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " and \ back`, "<script>&</script>", "tab\tnew\nline\r\x01\x1f", "line\u2028sep\u2029", "bad \xff utf-8", "é ü 中文 🚀"} {
		want, _ := json.Marshal(s)
		if got := string(appendString(nil, s)); got != string(want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
	o := object{{"b", 1}, {"a", []string{"x"}}, {"m", map[string]any{"z": "1", "y": jsonFloat(4.351234567)}}, {"t", true}}
	if got, want := string(appendValue(nil, o)), `{"b":1,"a":["x"],"m":{"y":4.35123,"z":"1"},"t":true}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
