package content

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unique"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"briefings/generator/diag"
)

// maxYAMLValues bounds the values a YAML front matter may hold once its
// aliases are expanded. A few dozen is usual; a "billion laughs" document,
// whose aliases repeat aliases until a few lines stand for billions of
// values, is stopped at this count, before it is expanded.
const maxYAMLValues = 10000

// maxYAMLDepth bounds how deeply YAML values may nest.
const maxYAMLDepth = 64

// readYAML reads YAML front matter into fields, with the file line of
// each top-level key; first is the file line of front's first line.
// Problems go into diags; ok is false when the front matter cannot be
// used.
//
// Scalars are not resolved the YAML way: an unquoted one is kept as it
// was written (see plain), and what it means is decided by the field that
// takes it. So `code: NO` stays the text "NO", and `date: 2025-02` stays
// a month.
func readYAML(path string, front []byte, first int, diags *diag.List) (fields []field, lines map[string]int, items map[itemKey]int, ok bool) {
	lines = map[string]int{}
	report := func(line int, msg string) {
		if line > 0 {
			line += first - 1
		} else {
			line = first - 1
		}
		diags.Errorf(diag.Pos{File: path, Line: line}, "%s", msg)
	}
	file, err := parseYAML(front)
	if err != nil {
		report(yamlError(err))
		return nil, nil, nil, false
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return nil, lines, nil, true
	}
	if len(file.Docs) > 1 {
		report(line(file.Docs[1].Body), "YAML syntax: the front matter holds a second document after a line of ...; remove it, and end the front matter with a line of ---")
		return nil, nil, nil, false
	}
	var pairs []*ast.MappingValueNode
	switch body := file.Docs[0].Body.(type) {
	case *ast.MappingNode:
		pairs = body.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{body}
	case *ast.CommentGroupNode:
		return nil, lines, nil, true
	default:
		report(line(body), "front matter must be fields, one per line, like title: ... and date: 2025-02-12")
		return nil, nil, nil, false
	}
	r := yamlReader{anchors: map[string]anchor{}}
	ok = true
	for _, p := range pairs {
		key, err := r.key(p.Key)
		var v any
		if err == nil {
			v, err = r.value(p.Value, 1)
		}
		if err != nil {
			report(err.line, err.msg)
			ok = false
			if r.count > maxYAMLValues {
				break // every later value would be over the limit too
			}
			continue
		}
		fields = append(fields, field{key, v})
		if _, seen := lines[key]; !seen {
			lines[unique.Make(key).Value()] = line(p.Key) + first - 1
		}
		if seq, isSeq := unwrap(p.Value).(*ast.SequenceNode); isSeq {
			items = itemLines(items, key, seq, first)
		}
	}
	if !ok {
		return nil, nil, nil, false
	}
	return fields, lines, items, true
}

// unwrap returns the node an anchor or a tag marks.
func unwrap(n ast.Node) ast.Node {
	for range maxYAMLDepth {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
	return n
}

// itemLines records in items the file line of each mapping of the list
// seq, the value of key, and of the keys in it: where each source of
// sources is.
func itemLines(items map[itemKey]int, key string, seq *ast.SequenceNode, first int) map[itemKey]int {
	for i, v := range seq.Values {
		var pairs []*ast.MappingValueNode
		switch m := unwrap(v).(type) {
		case *ast.MappingNode:
			pairs = m.Values
		case *ast.MappingValueNode:
			pairs = []*ast.MappingValueNode{m}
		default:
			continue
		}
		if items == nil {
			items = map[itemKey]int{}
		}
		at := line(v)
		for _, p := range pairs {
			l := line(p.Key)
			if at == 0 || l > 0 && l < at {
				at = l
			}
			if k, ok := p.Key.(*ast.StringNode); ok && l > 0 {
				items[itemKey{key, i, k.Value}] = l + first - 1
			}
		}
		if at > 0 {
			items[itemKey{key, i, ""}] = at + first - 1
		}
	}
	return items
}

// parseYAML parses front matter. The parser is another project's code:
// should it panic on some input, that is an error in the note, not a
// crash of the build.
func parseYAML(front []byte) (file *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			file, err = nil, fmt.Errorf("the YAML reader failed on this front matter (%v)", r)
		}
	}()
	return parser.ParseBytes(front, 0)
}

// yamlError turns a parse error into a line of the front matter (0 when
// unknown) and a message with the fix for the mistakes people make most.
func yamlError(err error) (int, string) {
	var se *yaml.SyntaxError
	if !errors.As(err, &se) {
		return 0, "YAML syntax: " + firstLine(err.Error())
	}
	line := 0
	if se.Token != nil && se.Token.Position != nil {
		line = se.Token.Position.Line
	}
	m := se.Message
	switch {
	case strings.HasPrefix(m, "mapping key ") && strings.Contains(m, " already defined at "):
		key := strings.TrimPrefix(m[:strings.Index(m, " already defined at ")], "mapping key ")
		return line, fmt.Sprintf("YAML syntax: %s is set twice: keep one of the two lines", key)
	case m == "mapping value is not allowed in this context" || strings.Contains(m, "mapping value is not allowed"):
		return line, "YAML syntax: a value that holds \": \" must be in quotes, like title: \"Talks: day one\"; or a line is indented where it should not be"
	case strings.HasPrefix(m, "could not find end character of"):
		return line, "YAML syntax: the text in quotes is never closed: end it with the same quote"
	case strings.Contains(m, "']' not found") || strings.Contains(m, "sequence end token"):
		return line, "YAML syntax: the list is not closed: end it with ], like [Kyiv, Ukraine]"
	case strings.Contains(m, "'}' not found") || strings.Contains(m, "mapping end token"):
		return line, "YAML syntax: the mapping is not closed: end it with }"
	case strings.Contains(m, "tab character") || strings.Contains(m, "'\t'"):
		return line, "YAML syntax: indent with spaces, not tabs"
	case strings.HasSuffix(m, "is a reserved character") || strings.Contains(m, "directive"):
		return line, "YAML syntax: text cannot start with @, ` or %: put it in quotes, like summary: \"@name ...\""
	case m == "value is not allowed in this context":
		return line, "YAML syntax: every field starts at the beginning of its line: check the indentation"
	}
	return line, "YAML syntax: " + firstLine(m)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// line returns the line of a node within the front matter.
func line(n ast.Node) int {
	if n == nil {
		return 0
	}
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line
	}
	return 0
}

// yamlReader turns YAML nodes into field values, expanding aliases
// within the budget of maxYAMLValues.
type yamlReader struct {
	anchors map[string]anchor
	count   int // values made so far, aliases counted at their size
}

// anchor is a value marked &name, with the number of values it holds.
type anchor struct {
	value any
	size  int
}

// yamlProblem is a problem with a value, at a line of the front matter.
type yamlProblem struct {
	line int
	msg  string
}

// resolve returns what YAML's core schema makes of a plain scalar: true
// or false, a whole number, a number, nil for null, or else the text.
// Fields that take text, dates or names never ask; it serves where no
// field says what a value is (an unknown key).
func (p plain) resolve() any {
	s := string(p)
	switch s {
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	case "", "~", "null", "Null", "NULL":
		return nil
	}
	base, digits := 10, strings.TrimPrefix(s, "+")
	switch {
	case strings.HasPrefix(s, "0o"):
		base, digits = 8, s[2:]
	case strings.HasPrefix(s, "0x"):
		base, digits = 16, s[2:]
	}
	if i, err := strconv.ParseInt(digits, base, 64); err == nil && !strings.HasPrefix(digits, "+") {
		return i
	}
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".inf", ".nan":
		f, _ := strconv.ParseFloat(strings.ReplaceAll(s, ".", ""), 64)
		return f
	}
	if yamlFloat.MatchString(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	}
	return s
}

// yamlFloat is the core schema's form of a number with a fraction or an
// exponent.
var yamlFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// key reads a mapping key: any scalar, by its text.
func (r *yamlReader) key(n ast.MapKeyNode) (string, *yamlProblem) {
	switch k := n.(type) {
	case *ast.MergeKeyNode:
		return "", &yamlProblem{line(k), "YAML merge keys (<<) are not read: write the fields out"}
	case *ast.StringNode:
		return k.Value, nil
	case ast.ScalarNode:
		if t := k.GetToken(); t != nil {
			return t.Value, nil
		}
	}
	return "", &yamlProblem{line(n), "a key must be a name, like title: (lists and mappings cannot be keys)"}
}

// value reads a node into a field value (see field).
func (r *yamlReader) value(n ast.Node, depth int) (any, *yamlProblem) {
	r.count++
	if r.count > maxYAMLValues {
		return nil, &yamlProblem{line(n), fmt.Sprintf("the front matter holds more than %d values: aliases (*name) repeat anchors (&name) too many times", maxYAMLValues)}
	}
	if depth > maxYAMLDepth {
		return nil, &yamlProblem{line(n), fmt.Sprintf("values are nested more than %d levels deep", maxYAMLDepth)}
	}
	switch n := n.(type) {
	case nil, *ast.NullNode:
		return nil, nil
	case *ast.StringNode:
		switch n.Token.Type {
		case token.SingleQuoteType, token.DoubleQuoteType:
			return n.Value, nil
		}
		return plain(n.Value), nil
	case *ast.LiteralNode:
		return n.Value.Value, nil
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return plain(n.GetToken().Value), nil
	case *ast.TagNode:
		switch tag := n.Start.Value; tag {
		case "!!str":
			v, p := r.value(n.Value, depth+1)
			if s, ok := v.(plain); ok {
				return string(s), p
			}
			return v, p
		case "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!seq", "!!map":
			return r.value(n.Value, depth+1)
		default:
			return nil, &yamlProblem{line(n), fmt.Sprintf("the YAML tag %s is not read: remove it", tag)}
		}
	case *ast.AnchorNode:
		before := r.count
		v, p := r.value(n.Value, depth+1)
		if p != nil {
			return nil, p
		}
		r.anchors[n.Name.GetToken().Value] = anchor{v, r.count - before}
		return v, nil
	case *ast.AliasNode:
		name := n.Value.GetToken().Value
		a, ok := r.anchors[name]
		if !ok {
			return nil, &yamlProblem{line(n), fmt.Sprintf("the alias *%s names no anchor before it: mark the value to repeat with &%s first", name, name)}
		}
		r.count += a.size
		if r.count > maxYAMLValues {
			return nil, &yamlProblem{line(n), fmt.Sprintf("the front matter holds more than %d values: aliases (*name) repeat anchors (&name) too many times", maxYAMLValues)}
		}
		return a.value, nil
	case *ast.SequenceNode:
		list := make([]any, 0, len(n.Values))
		for _, item := range n.Values {
			v, p := r.value(item, depth+1)
			if p != nil {
				return nil, p
			}
			list = append(list, v)
		}
		return list, nil
	case *ast.MappingNode:
		return r.mapping(n.Values, depth)
	case *ast.MappingValueNode:
		return r.mapping([]*ast.MappingValueNode{n}, depth)
	}
	return nil, &yamlProblem{line(n), "this YAML value is not read: write text, a date, true or false, or a list"}
}

func (r *yamlReader) mapping(pairs []*ast.MappingValueNode, depth int) (any, *yamlProblem) {
	m := make(map[string]any, len(pairs))
	for _, p := range pairs {
		k, prob := r.key(p.Key)
		if prob != nil {
			return nil, prob
		}
		v, prob := r.value(p.Value, depth+1)
		if prob != nil {
			return nil, prob
		}
		m[k] = v
	}
	return m, nil
}
