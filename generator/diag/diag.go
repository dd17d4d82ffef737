// Package diag holds the problems a build finds in a user's files: a
// Diagnostic is one problem at a Pos, and a List collects every problem of a
// run so that all of them are reported together, sorted by file and line,
// in the form editors and terminals understand:
//
//	content/briefings/x.md:3: unknown link target "Georgai"; did you mean "Georgia"?
package diag

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Severity says whether a problem stops the build.
type Severity int

const (
	// Error problems fail the build and leave the output untouched.
	Error Severity = iota
	// Warning problems are printed; `build --strict` and `check` fail on them too.
	Warning
)

// Pos is a place in a file: File is slash-separated and relative to the site
// folder (content/briefings/x.md), Line and Col count from 1. A zero Line
// means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as path:line, or path alone when the line is unknown.
func (p Pos) String() string {
	if p.Line <= 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Diagnostic is one problem a user can fix. Msg says what is wrong and, where
// there is one, how to fix it.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

// String formats d as "path:line: message", with "warning: " before the
// message of a warning.
func (d Diagnostic) String() string {
	prefix := ""
	if d.Severity == Warning {
		prefix = "warning: "
	}
	if d.Pos.File == "" {
		return prefix + d.Msg
	}
	return d.Pos.String() + ": " + prefix + d.Msg
}

// List collects diagnostics. Its methods are safe for concurrent use, so
// parallel stages can report into one List.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add records a problem.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf records an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Append adds every diagnostic of other to l.
func (l *List) Append(other []Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, other...)
	l.mu.Unlock()
}

// Items returns the diagnostics sorted by file, line, column and message,
// with exact duplicates removed.
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	items := slices.Clone(l.items)
	l.mu.Unlock()
	slices.SortFunc(items, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(items)
}

// Count returns the number of errors and warnings.
func (l *List) Count() (errors, warnings int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Print writes each diagnostic on its own line.
func Print(w io.Writer, items []Diagnostic) {
	var b strings.Builder
	for _, d := range items {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	io.WriteString(w, b.String())
}

// Lines maps byte offsets of a file to line numbers.
type Lines struct {
	starts []int // byte offset of the start of each line
}

// NewLines indexes the line starts of src.
func NewLines(src []byte) *Lines {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{starts: starts}
}

// Line returns the 1-based line holding byte offset off.
func (l *Lines) Line(off int) int {
	i, found := slices.BinarySearch(l.starts, off)
	if found {
		return i + 1
	}
	return i
}

// Closest returns the candidate nearest to word by edit distance, or "" when
// none is close enough to be a plausible typo.
func Closest(word string, candidates []string) string {
	best, bestDist := "", 0
	limit := max(1, len([]rune(word))/3)
	for _, c := range candidates {
		d := distance(strings.ToLower(word), strings.ToLower(c))
		if d <= limit && (best == "" || d < bestDist || d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, counted in runes,
// with a transposition of neighbours counting as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
