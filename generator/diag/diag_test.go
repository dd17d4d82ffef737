package diag

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	known := []string{"title", "date", "summary", "people", "countries", "events", "tags", "sources", "draft"}
	tests := []struct{ word, want string }{
		{"titel", "title"},
		{"Title", "title"},
		{"peple", "people"},
		{"countires", "countries"},
		{"colour", ""},
		{"x", ""},
	}
	for _, tc := range tests {
		if got := Closest(tc.word, known); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestLines(t *testing.T) {
	l := NewLines([]byte("one\ntwo\n\nfour"))
	for off, want := range map[int]int{0: 1, 3: 1, 4: 2, 8: 3, 9: 4, 12: 4} {
		if got := l.Line(off); got != want {
			t.Errorf("Line(%d) = %d, want %d", off, got, want)
		}
	}
}

func TestListSortsDeduplicatesAndPrints(t *testing.T) {
	var l List
	l.Warnf(Pos{File: "content/b.md", Line: 2}, "second")
	l.Errorf(Pos{File: "content/a.md", Line: 10}, "late")
	l.Errorf(Pos{File: "content/a.md", Line: 3}, "early")
	l.Errorf(Pos{File: "content/a.md", Line: 3}, "early")
	l.Errorf(Pos{File: "site.toml"}, "whole file")
	var b strings.Builder
	Print(&b, l.Items())
	want := "content/a.md:3: early\ncontent/a.md:10: late\ncontent/b.md:2: warning: second\nsite.toml: whole file\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if e, w := l.Count(); e != 4 || w != 1 {
		t.Errorf("Count() = %d, %d; want 4, 1", e, w)
	}
}
