package export

import (
	"bufio"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// TestCSVFieldsReadBackWithEncodingCSV: every field is quoted, and a
// field with quotes, commas or line breaks reads back as it was.
func TestCSVFieldsReadBackWithEncodingCSV(t *testing.T) {
	rows := [][]string{{"a", "b", "c"}, {`said "no", twice`, "line\nbreak", ""}, {`"`, `""`, "é, ü"}}
	var out strings.Builder
	w := bufio.NewWriter(&out)
	c := &csvWriter{w: w}
	for _, r := range rows {
		c.Write(r)
	}
	w.Flush()
	if got, want := strings.SplitN(out.String(), "\n", 2)[0], `"a","b","c"`; got != want {
		t.Errorf("first line: got %s, want %s", got, want)
	}
	back, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(back, rows, slices.Equal) {
		t.Errorf("got %q, want %q", back, rows)
	}
}
