package markdown

import (
	"strings"
	"testing"
)

// FuzzWords checks that Words counts as len(strings.Fields) does, on any
// bytes, valid UTF-8 or not.
func FuzzWords(f *testing.F) {
	for _, s := range []string{"", " ", "one", " one  two\tthree\n", "a\u00a0b\u2003c", "\u0085x\v\fy\r", "caf\xe9 au lait", "Зеленський сказав", "\x80\x80 \xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := Words([]byte(text)), len(strings.Fields(text)); got != want {
			t.Errorf("Words(%q) = %d, want %d", text, got, want)
		}
	})
}
