package content

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Split separates a note's source into its TOML front matter and its body.
// src must already be normalised (see Normalize). front excludes the +++
// lines; bodyOffset is the byte offset of the body in src, so that offsets
// in the body plus bodyOffset are offsets in the file, and frontLine is the
// file line of the front matter's first line (2 when +++ is on line 1).
//
// A problem comes back as a *SplitError with the line it concerns.
func Split(src []byte) (front []byte, body []byte, bodyOffset int, err error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, nil, 0, &SplitError{Line: 1, Msg: "empty note: a note starts with front matter between two lines of +++, like\n+++\ntitle = \"...\"\ndate = 2025-02-12\n+++"}
	}
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	switch strings.TrimRight(string(first), " \t") {
	case "+++":
	case "---":
		return nil, nil, 0, yamlError(src)
	default:
		return nil, nil, 0, &SplitError{Line: 1, Msg: "no front matter: a note must start with a line of +++, then TOML fields such as title = \"...\", then a line of +++"}
	}
	off := len(first) + 1
	for len(rest) > 0 {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimRight(line, " \t")) == "+++" {
			end := off + len(line)
			if found {
				end++
			}
			return src[len(first)+1 : off], src[end:], end, nil
		}
		off += len(line)
		if found {
			off++
		}
		rest = after
	}
	return nil, nil, 0, &SplitError{Line: 1, Msg: "front matter opened with +++ is never closed: add a line of +++ after the last field"}
}

// SplitError is a problem with the frame of a note: no front matter, an
// unclosed one, or YAML where TOML was expected.
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

// yamlError explains that front matter must be TOML, and shows the YAML
// block converted, as far as simple keys and lists allow.
func yamlError(src []byte) *SplitError {
	lines := strings.Split(string(src), "\n")
	var out []string
	closed := false
	listKey := ""
	var list []string
	flush := func() {
		if listKey != "" {
			out = append(out, fmt.Sprintf("%s = [%s]", listKey, strings.Join(list, ", ")))
			listKey, list = "", nil
		}
	}
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "---" {
			closed = true
			break
		}
		trimmed := strings.TrimSpace(l)
		if item, ok := strings.CutPrefix(trimmed, "- "); ok && listKey != "" {
			list = append(list, tomlString(item))
			continue
		}
		flush()
		key, value, ok := strings.Cut(l, ":")
		if !ok || strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if trimmed != "" {
				out = append(out, "# "+trimmed)
			}
			continue
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch {
		case value == "":
			listKey = key
		case strings.HasPrefix(value, "[") && strings.HasSuffix(value, "]"):
			var items []string
			for _, it := range strings.Split(value[1:len(value)-1], ",") {
				if it = strings.TrimSpace(it); it != "" {
					items = append(items, tomlString(it))
				}
			}
			out = append(out, fmt.Sprintf("%s = [%s]", key, strings.Join(items, ", ")))
		case value == "true" || value == "false" || isDate(value) || isNumber(value):
			out = append(out, key+" = "+value)
		default:
			out = append(out, key+" = "+tomlString(value))
		}
	}
	flush()
	msg := "front matter is YAML (---), but briefings reads TOML between lines of +++; replace the block with:\n+++\n" + strings.Join(out, "\n") + "\n+++"
	if !closed {
		msg = "front matter opened with --- is never closed, and briefings reads TOML between lines of +++, not YAML"
	}
	return &SplitError{Line: 1, Msg: msg}
}

func tomlString(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		s = s[1 : len(s)-1]
	}
	return fmt.Sprintf("%q", s)
}

func isDate(s string) bool {
	return len(s) >= 10 && s[4] == '-' && s[7] == '-' && strings.Trim(s[:4], "0123456789") == ""
}

func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789.-") == ""
}
