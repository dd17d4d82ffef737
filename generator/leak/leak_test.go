package leak

import (
	"fmt"
	"strings"
	"testing"
)

var red = &Note{Path: "content/briefings/red.md", Why: "marked TLP:RED"}

// index looks for the title and body of one withheld briefing.
func index() *Index {
	x := New()
	x.Phrase(red, "title", "Kestrelwing reporting on the Nightjar cache")
	x.Phrase(red, "address", "/briefings/2025-02-05-red-kestrelwing/")
	x.Phrase(red, "name", "Viktor Onlyred")
	x.Phrase(red, "alias", "Onlyred")
	x.Phrase(red, "alias", "VO")
	x.Text(red, "sentence", "Anna Clearwater heard from Kestrelwing that the cache left Kherson at dawn under cover of fog.\nShort one.\nThe boatmen were paid in Ä silver coins.")
	return x
}

func found(x *Index, file string) []string {
	var out []string
	if err := x.Scan("out.html", []byte(file)); err == nil {
		return nil
	}
	for _, h := range x.Hits() {
		out = append(out, h.What+": "+strings.Join(h.Words, " "))
	}
	return out
}

// TestALeakIsFoundHoweverItIsWritten: a withheld sentence, title or
// address is found in a page whatever the markup around its words, in a
// search shard's escaped JavaScript strings, in a feed's escaped text and
// in an attribute.
func TestALeakIsFoundHoweverItIsWritten(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"plain", "<p>the cache left Kherson at dawn</p>", "sentence: the cache left kherson at"},
		{"inline tags", `<p>The <em>cache</em> left <a href="../../x/">Kherson</a> at &#100;awn</p>`, "sentence: the cache left kherson at"},
		{"across lines", "<p>The cache left\nKherson at dawn</p>", "sentence: the cache left kherson at"},
		{"a search shard", `briefingsSearch.docs(["Anna Clearwater heard from Kestrelwing that the cache"])`, "sentence: anna clearwater heard from kestrelwing"},
		{"escaped non-ASCII", `["paid in \u00c4 silver coins"]`, "sentence: paid in ä silver coins"},
		{"a surrogate pair", `["\ud835\udc00 the boatmen were paid in"]`, "sentence: the boatmen were paid in"},
		{"a feed", `<summary>Kestrelwing reporting on the Nightjar cache &amp; more</summary>`, "title: kestrelwing reporting on the nightjar"},
		{"an address", `<a href="../../briefings/2025-02-05-red-kestrelwing/index.html">x</a>`, "address: briefings 2025 02 05 red"},
		{"a sitemap", `<loc>https://desk.example.org/briefings/2025-02-05-red-kestrelwing/</loc>`, "address: briefings 2025 02 05 red"},
		{"a title attribute", `<a title="Viktor Onlyred">V.</a>`, "name: viktor onlyred"},
		{"an alias", `<p>Onlyred said so.</p>`, "alias: onlyred"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := found(index(), tc.file)
			if len(got) == 0 || got[0] != tc.want {
				t.Errorf("found %q, want %q first", got, tc.want)
			}
		})
	}
}

// TestNoLeakWhereWordsOnlyFollowEachOther: words of a withheld sentence
// that follow each other across a block tag, a full stop or a quote, or
// that are a short word the note has, are not a leak.
func TestNoLeakWhereWordsOnlyFollowEachOther(t *testing.T) {
	for _, tc := range []struct{ name, file string }{
		{"list items", "<ul><li>the cache</li><li>left Kherson at dawn</li></ul>"},
		{"sentences", "<p>He hid the cache. Left Kherson at dawn, he ran.</p>"},
		{"attributes apart", `<a title="the cache" href="left-kherson-at-dawn">x</a>`},
		{"a short alias", "<p>VO and vo.</p>"},
		{"a short sentence", "<p>Short one.</p>"},
		{"other words", "<p>Kherson at noon; the cache remained.</p>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := found(index(), tc.file); got != nil {
				t.Errorf("found %q", got)
			}
		})
	}
}

// TestAllowedTextIsNoLeak: what a published note writes is not looked
// for, so a withheld name a published briefing names is no leak; the
// rest of the withheld sentences still are.
func TestAllowedTextIsNoLeak(t *testing.T) {
	x := index()
	x.AllowString("Viktor Onlyred was seen. Anna Clearwater heard from Kestrelwing that nothing happened.")
	if got := found(x, "<p>Viktor Onlyred</p><p>Anna Clearwater heard from Kestrelwing that</p>"); got != nil {
		t.Errorf("found %q in what is allowed", got)
	}
	x = index()
	x.AllowString("Viktor Onlyred was seen.")
	if got := found(x, "<p>Viktor Onlyred said the cache left Kherson at dawn.</p>"); len(got) != 1 || got[0] != "sentence: the cache left kherson at" {
		t.Errorf("found %q", got)
	}
	x = New()
	x.AllowString("anything")
	if !x.Empty() || x.Scan("a.html", []byte("anything")) != nil {
		t.Errorf("an empty index found something")
	}
}

// TestScanningInPiecesIsScanningWhole: a file written a byte at a time
// is read as if written at once, whatever a piece cuts (a reference, an
// escape, a tag, a rune).
func TestScanningInPiecesIsScanningWhole(t *testing.T) {
	file := "<p>x</p>\n<p>The <em>cache</em> left\n<a href=\"a\">Kherson</a> at &#100;awn</p>" +
		`["paid in \u00c4 silver coins"] <i>Ä silver</i>`
	for _, size := range []int{1, 2, 3, 5, 7} {
		x := index()
		s := x.Scanner("p.html")
		for i := 0; i < len(file); i += size {
			s.Write([]byte(file[i:min(i+size, len(file))]))
		}
		if s.Close() == nil {
			t.Fatalf("pieces of %d: nothing found", size)
		}
		var got []string
		for _, h := range x.Hits() {
			got = append(got, h.File+":"+strings.Repeat("", 0)+string(rune('0'+h.Line)))
		}
		if len(got) != 1 || got[0] != "p.html:3" {
			t.Errorf("pieces of %d: hits at %q, want p.html:3", size, got)
		}
	}
}

// TestALargePageIsReadTheSameWholeOrInPieces: a page of many segments,
// larger than a scanner's buffer, written in one piece (as a page is) or
// in pieces of any size, gives the same hit on the same line.
func TestALargePageIsReadTheSameWholeOrInPieces(t *testing.T) {
	var b strings.Builder
	for b.Len() < 3*scanBuffer {
		b.WriteString("<li><a href=\"../x/\">A briefing of no interest</a>, a line of its own</li>\n")
	}
	lines := strings.Count(b.String(), "\n")
	b.WriteString("<p>The <em>cache</em> left\nKherson at dawn</p>\n")
	for b.Len() < 6*scanBuffer {
		b.WriteString("<li>More of no interest</li>\n")
	}
	file := b.String()
	want := fmt.Sprintf("p.html:%d", lines+2)
	for _, size := range []int{len(file), 1000, 4096, scanBuffer + 1, 2*scanBuffer + 7} {
		x := index()
		s := x.Scanner("p.html")
		for i := 0; i < len(file); i += size {
			s.Write([]byte(file[i:min(i+size, len(file))]))
		}
		if s.Close() == nil {
			t.Fatalf("pieces of %d: nothing found", size)
		}
		var got []string
		for _, h := range x.Hits() {
			got = append(got, fmt.Sprintf("%s:%d", h.File, h.Line))
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("pieces of %d: hits at %q, want %s", size, got, want)
		}
	}
}

// TestTheFilterPassesFewWindows: the filter in front of the needles'
// map lets few windows that are no needle's through to it.
func TestTheFilterPassesFewWindows(t *testing.T) {
	x := New()
	n := &Note{Path: "n.md"}
	for i := range 20000 {
		x.Text(n, "sentence", strings.Repeat("w"+string(rune('a'+i%26))+string(rune('a'+i/26%26))+string(rune('a'+i/676%26))+" ", 6))
	}
	x.filter()
	passed, probes := 0, 0
	for i := range 200000 {
		key := (uint64(i)*0x9E3779B97F4A7C15 + 12345) * lengthKey[5]
		if _, ok := x.ids[key]; ok {
			continue
		}
		probes++
		if x.maybe(key) {
			passed++
		}
	}
	if rate := float64(passed) / float64(probes); rate > 0.005 {
		t.Errorf("%d of %d windows passed the filter (%.2f%%), want under 0.5%%", passed, probes, 100*rate)
	}
}

// TestASegmentReadCleanIsSkippedAndOnlyThat: a segment (from a block tag
// to the next) read clean in one file is not read again in another, its
// lines still counted; a segment that held a leak is read again
// wherever it is, and so is one that differs by a byte.
func TestASegmentReadCleanIsSkippedAndOnlyThat(t *testing.T) {
	x := index()
	header := "<header><nav><a href=\"x\">Home</a></nav></header>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
	leak := "<p>the cache left Kherson at dawn</p>\n"
	if x.Scan("a.html", []byte(header+"<p>nothing here</p>")) != nil {
		t.Fatal("a clean file held a leak")
	}
	if x.Scan("b.html", []byte(header+leak)) == nil {
		t.Fatal("the leak after the known header was not found")
	}
	if x.Scan("c.html", []byte("<main>\n"+leak)) == nil {
		t.Fatal("the leak's segment, read before, was skipped in another file")
	}
	if x.Scan("d.html", []byte(header+"\n\n<p>the cache left Kherson at  dawn</p>")) == nil {
		t.Fatal("a segment differing by a byte was skipped")
	}
	// One note: the first hit is kept, the others counted.
	if hits := x.Hits(); len(hits) != 1 || hits[0].File != "b.html" || hits[0].Line != 6 || hits[0].More != 2 {
		t.Errorf("hits %+v, want b.html:6 and 2 more files", hits)
	}
}

// TestHeldThenRemovedIsAllow: removing what each published text holds
// (Held, Remove), in any order, leaves the Index that Allow of the same
// texts leaves: the same Digest, and a withheld string that no text
// holds is still found while one a text holds is not.
func TestHeldThenRemovedIsAllow(t *testing.T) {
	texts := []struct {
		text string
		html bool
	}{
		{"Anna Clearwater heard from Kestrelwing that the cache left Kherson at dawn.", false},
		{"<p>Viktor <em>Onlyred</em> spoke.</p>", true},
		{"Short one.", false},
		{"Nothing withheld here at all.", false},
	}
	allowed := index()
	for _, tc := range texts {
		if tc.html {
			allowed.AllowHTML([]byte(tc.text))
		} else {
			allowed.AllowString(tc.text)
		}
	}
	held := index()
	var keys [][]uint64
	for _, tc := range texts {
		keys = append(keys, held.Held([]byte(tc.text), tc.html))
	}
	if held.Digest() != index().Digest() {
		t.Fatal("Held removed needles")
	}
	for i := len(keys) - 1; i >= 0; i-- {
		held.Remove(keys[i])
	}
	if got, want := held.Digest(), allowed.Digest(); got != want || held.Needles() != allowed.Needles() {
		t.Errorf("after Held and Remove: %d needles (digest %x), after Allow: %d (digest %x)", held.Needles(), got, allowed.Needles(), want)
	}
	if held.Needles() == index().Needles() {
		t.Error("nothing was removed")
	}
	if got := found(held, "<p>Viktor Onlyred</p>"); len(got) != 0 {
		t.Errorf("a name a published text holds was found: %q", got)
	}
	if got := found(held, "<p>The boatmen were paid in Ä silver coins.</p>"); len(got) == 0 {
		t.Error("a withheld sentence no published text holds was not found")
	}
}

// TestAddedLooksOnlyForWhatIsNew: a file read clean against the needles
// of one build holds a string of the next only if it holds one the next
// added; Added is those, named for their own note, and nothing when the
// next looks for less.
func TestAddedLooksOnlyForWhatIsNew(t *testing.T) {
	before := New()
	before.Phrase(red, "title", "Kestrelwing reporting on the Nightjar cache")
	amber := &Note{Path: "content/briefings/amber.md", Why: "a draft"}
	now := index()
	now.Phrase(amber, "title", "Harbour deal signed overnight")
	added := now.Added(before)
	if added.Empty() {
		t.Fatal("nothing added")
	}
	if err := added.Scan("a.html", []byte("<p>Kestrelwing reporting on the Nightjar cache</p>")); err != nil {
		t.Errorf("Added looks for what the first index looked for already")
	}
	if err := added.Scan("b.html", []byte("<p>Harbour deal signed overnight</p>")); err == nil {
		t.Errorf("Added does not look for a new note's title")
	} else if h := added.Hits(); len(h) != 1 || h[0].Note != amber || h[0].File != "b.html" {
		t.Errorf("got hits %+v, want the amber note's title in b.html", h)
	}
	if err := added.Scan("c.html", []byte("<p>the cache left Kherson at dawn</p>")); err == nil {
		t.Errorf("Added does not look for a sentence the first index did not have")
	}
	if got := before.Added(now); got != nil {
		t.Errorf("an index that looks for less added %d needles", got.Needles())
	}
	if got := now.Added(nil); got.Needles() != now.Needles() {
		t.Errorf("against no index, Added has %d needles, want all %d", got.Needles(), now.Needles())
	}
}
