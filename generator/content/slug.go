package content

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Slug turns a name, title or file name into the form used in URLs and in
// name resolution: lower case, accents folded (Côte d'Ivoire ->
// cote-divoire), letters of other scripts kept (Володимир Зеленський ->
// володимир-зеленський), apostrophes dropped, and every other run of
// characters that are not letters or digits turned into one hyphen.
//
// Two spellings with the same Slug name the same thing: "United Kingdom",
// "united kingdom" and "united-kingdom" are one country.
//
// A slug names a folder of the output, so one longer than MaxSlug bytes
// is shortened to its start and a hash of the whole (Shortened).
func Slug(s string) string {
	slug := fullSlug(s)
	if len(slug) > MaxSlug {
		return shorten(slug)
	}
	return slug
}

// MaxSlug is the longest slug, in bytes. A file system allows 255 bytes
// a file name (some fewer), and a slug is the name of a page's folder.
const MaxSlug = 200

// Shortened reports whether Slug(s) is shortened, as the slug of s is
// longer than MaxSlug.
func Shortened(s string) bool { return len(fullSlug(s)) > MaxSlug }

// shorten cuts a slug to MaxSlug bytes: its start, then a hyphen and
// eight hexadecimal digits of a hash of the whole slug, so that two long
// names that begin alike keep slugs of their own.
func shorten(slug string) string {
	sum := sha256.Sum256([]byte(slug))
	tail := "-" + hex.EncodeToString(sum[:4])
	cut := MaxSlug - len(tail)
	for cut > 0 && !utf8.RuneStart(slug[cut]) {
		cut--
	}
	return strings.TrimRight(slug[:cut], "-") + tail
}

// fullSlug is Slug before it is shortened.
func fullSlug(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if !norm.NFC.IsNormalString(s) {
				s = norm.NFC.String(s) // "й" written as и + breve is still й
			}
			break
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	for _, r := range s {
		if r < 0x80 {
			switch {
			case r >= 'A' && r <= 'Z':
				r += 'a' - 'A'
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			case isApostrophe(r):
				continue
			default:
				hyphen = true
				continue
			}
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		if isApostrophe(r) {
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			if b.Len() > 0 && !hyphen {
				// A mark with no precomposed letter: fold it away for
				// Latin, keep it for other scripts.
				if last, _ := utf8.DecodeLastRuneInString(b.String()); !unicode.Is(unicode.Latin, last) {
					b.WriteRune(r)
				}
			}
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			hyphen = true
			continue
		}
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(FoldRune(r))
	}
	return b.String()
}

// isApostrophe reports whether Slug drops r: the typewriter apostrophe,
// the typographic one (’) and the modifier letter apostrophe (ʼ) that
// Ukrainian and Belarusian transliterations use (Kamʼianets). The last is
// a letter to Unicode, but spelling a name with or without it must give
// the same slug.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ'
}

// FoldRune returns r in lower case and, for Latin letters, with its
// accents removed: 'É' -> "e", 'Ș' -> "s", 'Й' -> "й". Letters that do not
// decompose into a base letter and marks (ø, ß) are only lower-cased.
func FoldRune(r rune) string {
	if r < 0x80 {
		return string(unicode.ToLower(r))
	}
	if f, ok := foldCache[r]; ok {
		return f
	}
	return fold(r)
}

func fold(r rune) string {
	r = unicode.ToLower(r)
	if !unicode.Is(unicode.Latin, r) {
		return string(r) // other scripts keep their marks: й stays й
	}
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.Mn, d) {
			b.WriteRune(d)
		}
	}
	if b.Len() == 0 {
		return string(r)
	}
	return b.String()
}

// foldCache holds FoldRune for the Latin, Greek, Cyrillic and Vietnamese
// letters, filled once at start-up so that folding a name allocates nothing.
var foldCache = func() map[rune]string {
	m := map[rune]string{}
	for _, span := range [][2]rune{{0x80, 0x530}, {0x1E00, 0x1F00}} {
		for r := span[0]; r < span[1]; r++ {
			if unicode.IsLetter(r) {
				m[r] = fold(r)
			}
		}
	}
	return m
}()
