package search

import (
	"hash/fnv"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzTokens checks the tokenizer against the slow way of saying what it
// does: split at every character that is not a letter, a digit or a mark,
// decompose, drop the marks, lower the case, keep what indexed keeps. Each
// word's hash must be FNV-1a of its bytes, whichever way it was made, or
// the index would count one word as two.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "Hello, World 42", "Café au lait: Zelensky’s “plan”", "x\u0301y ÀB 9z", "\xff\xfeab cd\xc3", "Ünïcödé-Wörds_and_123", "ŞİŞLİ Straße ǅemal"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var want []string
		split := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) }
		for _, w := range strings.FieldsFunc(text, split) {
			var folded []byte
			for _, r := range norm.NFD.String(w) {
				if !unicode.Is(unicode.Mn, r) {
					folded = utf8.AppendRune(folded, unicode.ToLower(r))
				}
			}
			if indexed(folded) {
				want = append(want, string(folded))
			}
		}
		if got := Tokens(text); !slices.Equal(got, want) {
			t.Errorf("Tokens(%q) = %q, want %q", text, got, want)
		}
		var tk tokenizer
		tk.each(text, func(w []byte, h uint64) {
			f := fnv.New64a()
			f.Write(w)
			if h != f.Sum64() {
				t.Errorf("hash of %q = %x, want %x", w, h, f.Sum64())
			}
		})
	})
}
