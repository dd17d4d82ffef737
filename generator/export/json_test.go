package export

import "testing"

// TestObjectsKeepTheirOrder: the hand-written JSON writes an object's
// fields in the order given, and a map's keys sorted as encoding/json does
// (its strings are jsonstr's, tested there).
func TestObjectsKeepTheirOrder(t *testing.T) {
	o := object{{"b", 1}, {"a", []string{"x"}}, {"m", map[string]any{"z": "1", "y": jsonFloat(4.351234567)}}, {"t", true}}
	if got, want := string(appendValue(nil, o)), `{"b":1,"a":["x"],"m":{"y":4.35123,"z":"1"},"t":true}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
