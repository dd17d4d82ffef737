package search_test

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"briefings/generator/search"
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
