package content

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Format is the syntax of a note's front matter: TOML between lines of
// +++, or YAML between lines of ---. A site may mix both.
type Format uint8

// The formats of front matter.
const (
	TOML Format = iota + 1
	YAML
)

// String returns the format's name: "TOML" or "YAML".
func (f Format) String() string {
	switch f {
	case TOML:
		return "TOML"
	case YAML:
		return "YAML"
	}
	return "unknown"
}

// Fence returns the line that opens and closes front matter in f.
func (f Format) Fence() string {
	if f == YAML {
		return "---"
	}
	return "+++"
}

// ParseFormat reads a format's name, as the command line gives it:
// "toml" or "yaml", in any case.
func ParseFormat(s string) (Format, bool) {
	switch strings.ToLower(s) {
	case "toml":
		return TOML, true
	case "yaml", "yml":
		return YAML, true
	}
	return 0, false
}

// Split separates a note's source into its front matter and its body.
// src must already be normalised (see Normalize). front excludes the fence
// lines (+++ for TOML, --- for YAML); bodyOffset is the byte offset of the
// body in src, so that offsets in the body plus bodyOffset are offsets in
// the file. The front matter's first line is line 2 of the file.
//
// A problem comes back as a *SplitError with the line it concerns.
func Split(src []byte) (front []byte, body []byte, bodyOffset int, format Format, err error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, nil, 0, 0, &SplitError{Line: 1, Msg: "empty note: a note starts with front matter between two lines of +++ (TOML) or --- (YAML), like\n+++\ntitle = \"...\"\ndate = 2025-02-12\n+++"}
	}
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	switch strings.TrimRight(string(first), " \t") {
	case "+++":
		format = TOML
	case "---":
		format = YAML
	default:
		return nil, nil, 0, 0, &SplitError{Line: 1, Msg: "no front matter: a note must start with a line of +++, then TOML fields such as title = \"...\", then a line of +++ (or YAML fields such as title: ... between lines of ---)"}
	}
	fence := format.Fence()
	off := len(first) + 1
	for len(rest) > 0 {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimRight(line, " \t")) == fence {
			end := off + len(line)
			if found {
				end++
			}
			return src[len(first)+1 : off], src[end:], end, format, nil
		}
		off += len(line)
		if found {
			off++
		}
		rest = after
	}
	return nil, nil, 0, 0, &SplitError{Line: 1, Msg: fmt.Sprintf("front matter opened with %s is never closed: add a line of %s after the last field", fence, fence)}
}

// SplitError is a problem with the frame of a note: no front matter, or
// an unclosed one.
type SplitError struct {
	Line int
	Msg  string
}

func (e *SplitError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Normalize prepares a file's bytes for splitting: it drops UTF-8 byte
// order marks at the start (an editor may have saved one twice) and turns CRLF and lone CR line endings into LF, so that line
// numbers are the ones an editor shows. It reports the 1-based line of the
// first invalid UTF-8 byte, or 0.
func Normalize(src []byte) ([]byte, int) {
	for bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		src = src[3:]
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		out := make([]byte, 0, len(src))
		for i, c := range src {
			switch {
			case c != '\r':
				out = append(out, c)
			case i+1 < len(src) && src[i+1] == '\n':
				// CRLF: the LF follows
			default:
				out = append(out, '\n')
			}
		}
		src = out
	}
	if !utf8.Valid(src) {
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				return src, bytes.Count(src[:i], []byte("\n")) + 1
			}
			i += size
		}
	}
	return src, 0
}
