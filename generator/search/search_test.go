package search_test

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"briefings/generator"
	"briefings/generator/search"
	"briefings/generator/site"
	"briefings/generator/sitetest"
)

type posting = search.Posting

func TestTokensFoldCaseAndAccentsAndDropStopWords(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"words", "The Kremlin said: talks, 'immediately'.", []string{"kremlin", "talks", "immediately"}},
		{"accents", "Côte d’Ivoire and São Tomé", []string{"cote", "ivoire", "sao", "tome"}},
		{"other scripts", "Володимир Зеленський", []string{"володимир", "зеленськии"}},
		{"digits and short words", "F-16s, 2025 and a 5% rise", []string{"16s", "2025", "rise"}},
		{"possessive", "Russia's foreign ministry", []string{"russia", "foreign", "ministry"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := search.Tokens(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

// decode reads postings as search.js does.
func decode(s string) []posting {
	var out []posting
	doc := int32(-1)
	for i := 0; i < len(s); {
		v := int32(0)
		for {
			c := int32(strings.IndexByte(search.Digits, s[i]))
			i++
			if c < 32 {
				v = v*32 + c
				break
			}
			v = v*32 + c - 32
		}
		doc += v
		out = append(out, search.MakePosting(doc, uint8(strings.IndexByte(search.Digits, s[i]))))
		i++
	}
	return out
}

func TestPostingsRoundTrip(t *testing.T) {
	var want []posting
	for _, p := range [][2]int32{{0, 1}, {1, 63}, {31, 5}, {32, 7}, {1100, 9}, {40000, 2}, {1 << 22, 63}, {1<<26 - 1, 17}} {
		want = append(want, search.MakePosting(p[0], uint8(p[1])))
	}
	enc := search.Encode(nil, want)
	if bytes.ContainsAny(enc, `"\`) {
		t.Fatalf("encoded postings %q hold a quote or a backslash", enc)
	}
	if got := decode(string(enc)); !slices.Equal(got, want) {
		t.Errorf("decode(encode(%v)) = %v", want, got)
	}
}

func TestWriteStringIsASCIIJavaScript(t *testing.T) {
	var buf bytes.Buffer
	search.WriteString(&buf, "Côte \"x\" </script> 🇺🇦\n")
	want := `"C\u00f4te \"x\" \u003c/script\u003e \ud83c\uddfa\ud83c\udde6\u000a"`
	if got := buf.String(); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestIndexFindsBriefingsByAliasTagAndBody builds a small site and looks
// terms up the way search.js does: the shard whose first term is the
// last one not after the term.
func TestIndexFindsBriefingsByAliasTagAndBody(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Test"
base_url = "https://example.org/"
-- content/people/vladimir-putin.md --
+++
name = "Vladimir Putin"
aliases = ["Putin"]
+++
President of Russia.
-- content/briefings/call.md --
+++
title = "A call"
date = 2025-02-12
people = ["Putin"]
tags = ["diplomacy"]
+++
They spoke about a ceasefire.
-- content/briefings/other.md --
+++
title = "Another note"
date = 2025-02-11
+++
Nothing about anyone.
`)
	r.NoProblems()
	meta := r.File("search/meta.js")
	firsts := strings.Split(regexp.MustCompile(`"firsts":\["([^\]]*)"\]`).FindStringSubmatch(meta)[1], `","`)
	lookup := func(term string) []posting {
		i, _ := slices.BinarySearch(firsts, term)
		if i == len(firsts) || firsts[i] != term {
			i--
		}
		shard := r.File("search/terms-" + strconv.Itoa(max(i, 0)) + ".js")
		m := regexp.MustCompile(`[{,]"` + regexp.QuoteMeta(term) + `":"([^"]*)"`).FindStringSubmatch(shard)
		if m == nil {
			return nil
		}
		return decode(m[1])
	}
	docs := r.File("search/docs-0.js")
	url := func(p posting) string {
		rows := strings.Split(docs, "\n")
		return strings.Split(rows[p.Doc()], `"`)[1]
	}
	for _, tc := range []struct{ term, want string }{
		{"ceasefire", "briefings/call/"},
		{"diplomacy", "briefings/call/"},
		{"putin", "people/vladimir-putin/"},
		{"anyone", "briefings/other/"},
	} {
		ps := lookup(tc.term)
		var got []string
		for _, p := range ps {
			got = append(got, url(p))
		}
		if !slices.Contains(got, tc.want) {
			t.Errorf("%q finds %q, want %q among them", tc.term, got, tc.want)
		}
	}
	if ps := lookup("putin"); len(ps) != 2 {
		t.Errorf("putin is in %d documents, want 2 (the person and the briefing naming him)", len(ps))
	}
	if ps := lookup("the"); ps != nil {
		t.Errorf("the stop word %q is indexed", "the")
	}
	r.Contains("search/index.html", `src="../assets/search.js"`)
	r.Contains("assets/search.js", "briefingsSearch")
}

// TestIndexOfManyWords indexes more distinct words than the word table
// starts with, so it grows several times.
func TestIndexOfManyWords(t *testing.T) {
	var body strings.Builder
	for i := range 20000 {
		body.WriteString("w" + strconv.Itoa(i) + " ")
	}
	r := sitetest.Build(t, `
-- site.toml --
title = "Test"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-02-12
+++
`+body.String()+`
`)
	r.NoProblems()
	r.Contains("search/meta.js", `"docs":1,`)
	n := 0
	for i := 0; r.Exists("search/terms-" + strconv.Itoa(i) + ".js"); i++ {
		n += strings.Count(r.File("search/terms-"+strconv.Itoa(i)+".js"), `":"`)
	}
	if n != 20000 { // the title "A" is too short to be a term
		t.Errorf("%d terms indexed, want 20000", n)
	}
}

// lexPiece is one lexicon file, read back: its terms and their counts.
type lexPiece struct {
	terms  []string
	counts []int
}

// readLexicon reads meta.js's lexicon table and every lex-N.js file.
func readLexicon(t *testing.T, r *sitetest.Result) (keys [][2]string, pieces []lexPiece) {
	t.Helper()
	meta := r.File("search/meta.js")
	m := regexp.MustCompile(`"lex":\[(.*?)\],"lexSizes":\[([0-9,]*)\]`).FindStringSubmatch(meta)
	if m == nil {
		t.Fatalf("meta.js has no lexicon table: %s", meta)
	}
	for _, k := range regexp.MustCompile(`\["((?:[^"\\]|\\.)*)",(\d+)\]`).FindAllStringSubmatch(m[1], -1) {
		first, _ := strconv.Unquote(`"` + k[1] + `"`)
		keys = append(keys, [2]string{first, k[2]})
	}
	sizes := strings.Split(m[2], ",")
	if len(sizes) != len(keys) {
		t.Fatalf("%d lexicon keys, %d sizes", len(keys), len(sizes))
	}
	file := regexp.MustCompile(`^briefingsSearch\.lex\((\d+),("(?:[^"\\]|\\.)*"),\[([0-9,]*)\]\)\n$`)
	for i := range keys {
		name := "search/lex-" + strconv.Itoa(i) + ".js"
		data := r.File(name)
		if strconv.Itoa(len(data)) != sizes[i] {
			t.Errorf("%s is %d bytes, meta.js says %s", name, len(data), sizes[i])
		}
		m := file.FindStringSubmatch(data)
		if m == nil || m[1] != strconv.Itoa(i) {
			t.Fatalf("%s is not a call to briefingsSearch.lex(%d, ...): %.200s", name, i, data)
		}
		words, err := strconv.Unquote(m[2])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var p lexPiece
		p.terms = strings.Split(words, " ")
		for _, c := range strings.Split(m[3], ",") {
			n, _ := strconv.Atoi(c)
			p.counts = append(p.counts, n)
		}
		if len(p.counts) != len(p.terms) {
			t.Fatalf("%s: %d terms, %d counts", name, len(p.terms), len(p.counts))
		}
		pieces = append(pieces, p)
	}
	if r.Exists("search/lex-" + strconv.Itoa(len(keys)) + ".js") {
		t.Errorf("a lexicon piece beyond those meta.js lists")
	}
	return keys, pieces
}

// TestLexiconHoldsTheWordsTyposAreCorrectedTo: the lexicon search.js
// corrects misspelt words with holds every term of three letters or more
// without a digit, once, with the number of documents that hold it,
// accents and case folded as in the index; and meta.js names the first
// letter and length of each piece.
func TestLexiconHoldsTheWordsTyposAreCorrectedTo(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Test"
base_url = "https://example.org/"
-- content/countries/ukraine.md --
+++
name = "Ukraine"
code = "UA"
+++
A country.
-- content/briefings/a.md --
+++
title = "Ukraine's F-16s"
date = 2025-02-12
countries = ["Ukraine"]
+++
Ukrainian pilots flew in São Paulo in 2025, said Зеленський.
-- content/briefings/b.md --
+++
title = "Talks"
date = 2025-02-11
+++
Ukraine talks in Gdańsk.
`)
	r.NoProblems()
	keys, pieces := readLexicon(t, r)
	if len(keys) != 1 {
		t.Fatalf("%d lexicon pieces for a site of a few words, want 1", len(keys))
	}
	count := map[string]int{}
	for _, p := range pieces {
		for i, term := range p.terms {
			if _, dup := count[term]; dup {
				t.Errorf("%q is in the lexicon twice", term)
			}
			count[term] = p.counts[i]
		}
	}
	for term, want := range map[string]int{"ukraine": 3, "ukrainian": 1, "talks": 1, "pilots": 1, "sao": 1, "paulo": 1, "gdansk": 1, "зеленськии": 1, "country": 1} {
		if got, ok := count[term]; !ok || got != want {
			t.Errorf("lexicon count of %q = %d (present: %v), want %d", term, got, ok, want)
		}
	}
	for _, term := range []string{"16s", "2025", "in", "f", "the"} {
		if _, ok := count[term]; ok {
			t.Errorf("%q is in the lexicon: a term with a digit, shorter than three letters, or a stop word", term)
		}
	}
	if keys[0] != [2]string{"c", "7"} {
		t.Errorf("the first piece starts at %q, want the first letter and length of %q", keys[0], "country")
	}
}

// TestLexiconPiecesAreFoundByFirstLetterAndLength builds a site of some
// 12,000 distinct words, so that the lexicon is cut into many pieces,
// and finds each word's piece from meta.js the way search.js does: the
// pieces from the last one starting before (first letter, length) to the
// last one starting at or before it.
func TestLexiconPiecesAreFoundByFirstLetterAndLength(t *testing.T) {
	var body strings.Builder
	var words []string
	for i := range 12000 {
		// Words of 3 to 8 letters over a-z, all distinct.
		w := []byte{}
		for n := i + 26*26; n > 0; n /= 26 {
			w = append(w, byte('a'+n%26))
		}
		w = append(w, "xyz"[:i%4]...)
		words = append(words, string(w))
		body.WriteString(string(w) + " ")
	}
	r := sitetest.Build(t, `
-- site.toml --
title = "Test"
base_url = "https://example.org/"
-- content/briefings/a.md --
+++
title = "A"
date = 2025-02-12
+++
`+body.String()+`
`)
	r.NoProblems()
	keys, pieces := readLexicon(t, r)
	if len(keys) < 5 {
		t.Fatalf("%d lexicon pieces, want the lexicon cut into several", len(keys))
	}
	type key struct {
		first  rune
		length int
	}
	keyOf := func(k [2]string) key { n, _ := strconv.Atoi(k[1]); return key{[]rune(k[0])[0], n} }
	less := func(a, b key) bool { return a.first < b.first || a.first == b.first && a.length < b.length }
	for i := 1; i < len(keys); i++ {
		if less(keyOf(keys[i]), keyOf(keys[i-1])) {
			t.Errorf("piece %d starts at %v, before piece %d at %v", i, keys[i], i-1, keys[i-1])
		}
	}
	in := map[string]int{}
	for i, p := range pieces {
		if size := len(r.File("search/lex-" + strconv.Itoa(i) + ".js")); size > search.LexSize+64 {
			t.Errorf("lex-%d.js is %d bytes, more than a piece is filled to", i, size)
		}
		for _, term := range p.terms {
			in[term] = i
		}
	}
	for _, w := range words {
		if slices.Contains(search.Stop, w) {
			continue
		}
		piece, ok := in[w]
		if !ok {
			t.Fatalf("%q is not in the lexicon", w)
		}
		k := key{rune(w[0]), len(w)}
		start, end := 0, -1
		for i := range keys {
			if less(keyOf(keys[i]), k) {
				start = i
			}
			if !less(k, keyOf(keys[i])) {
				end = i
			}
		}
		if piece < start || piece > end {
			t.Fatalf("%q is in piece %d, but search.js would look in pieces %d to %d", w, piece, start, end)
		}
	}
}

// TestIndexerTokenizesOnlyWhatChanged indexes a site, then the same site
// with one briefing's body edited, one briefing gone and one new, with
// one Indexer: the second Index tokenizes only the edited and the new
// briefing, and writes the files a fresh Index writes. Issue 27.
func TestIndexerTokenizesOnlyWhatChanged(t *testing.T) {
	render := func(archive string) *site.Site {
		t.Helper()
		res, err := generator.Render(generator.Options{Source: sitetest.Write(t, archive), Now: sitetest.Now})
		if err != nil || res.Failed {
			t.Fatalf("render: %v %v", err, res.Diagnostics)
		}
		return res.Site
	}
	const head = `
-- site.toml --
title = "Test"
base_url = "https://example.org/"
-- content/people/ana-lima.md --
+++
name = "Ana Lima"
+++
A diplomat.
-- content/briefings/one.md --
+++
title = "One"
date = 2025-02-10
people = ["Ana Lima"]
+++
Talks about grain and shipping.
`
	before := render(head + `
-- content/briefings/two.md --
+++
title = "Two"
date = 2025-02-11
+++
A ceasefire was discussed.
-- content/briefings/three.md --
+++
title = "Three"
date = 2025-02-12
+++
Nothing happened at the harbour.
`)
	after := render(head + `
-- content/briefings/two.md --
+++
title = "Two"
date = 2025-02-11
+++
A ceasefire was signed at dawn.
-- content/briefings/four.md --
+++
title = "Four"
date = 2025-02-13
+++
Elections were called.
`)
	x := search.NewIndexer()
	x.Index(before)
	if got, want := x.Tokenized, 4; got != want {
		t.Errorf("the first Index tokenized %d documents, want %d", got, want)
	}
	got := x.Index(after)
	if x.Tokenized != 2 {
		t.Errorf("after an edit and a new briefing, Index tokenized %d documents, want 2", x.Tokenized)
	}
	want := search.Index(after)
	if len(got) != len(want) {
		t.Fatalf("got %d files, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s: got\n%s\nwant %s\n%s", got[i].Path, got[i].Data, want[i].Path, want[i].Data)
		}
	}
	for _, f := range got {
		if bytes.Contains(f.Data, []byte("harbour")) {
			t.Errorf("%s still has a word of the briefing gone", f.Path)
		}
	}
}
