package markdown

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
)

// specExample is one example of the CommonMark spec or of goldmark's
// extensions (testdata/spec/README.md).
type specExample struct {
	Markdown string `json:"markdown"`
	Example  int    `json:"example"`
	Section  string `json:"section"`
}

// loadSpec returns the CommonMark spec's examples, then those of the
// GitHub Flavored Markdown extensions, footnotes and the typographer in
// goldmark's test format: a number, a line //- - - - - - - - -//, the
// Markdown, the same line, the HTML, and a line //= = = ... //.
func loadSpec(t *testing.T) []specExample {
	t.Helper()
	b, err := os.ReadFile("testdata/spec/spec.json")
	if err != nil {
		t.Fatal(err)
	}
	var examples []specExample
	if err := json.Unmarshal(b, &examples); err != nil {
		t.Fatal(err)
	}
	if len(examples) < 600 {
		t.Fatalf("only %d spec examples", len(examples))
	}
	files, _ := filepath.Glob("testdata/spec/extension/*.txt")
	if len(files) < 6 {
		t.Fatalf("only %d extension files", len(files))
	}
	const part = "//- - - - - - - - -//"
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		n := 0
		for _, c := range regexp.MustCompile(`(?m)^//(= )+=//$`).Split(string(b), -1) {
			_, rest, ok := strings.Cut(c, part+"\n")
			md, _, ok2 := strings.Cut(rest, part+"\n")
			if !ok || !ok2 {
				continue
			}
			n++
			examples = append(examples, specExample{Markdown: strings.ReplaceAll(md, "→", "\t"), Example: n, Section: "extension " + name})
		}
		if n == 0 {
			t.Fatalf("%s: no examples", file)
		}
	}
	return examples
}

// specResolver knows the pages of the names specNames gives and writes
// every link as it is, so that paths from the site root come out as
// plain goldmark writes them.
type specResolver struct{}

func (specResolver) Resolve(kind, name string) (*Target, error) {
	key := strings.ToLower(name)
	return &Target{Key: "people/" + key, URL: "/people/" + key + "/", Title: name}, nil
}

func (specResolver) Href(url string) string { return url }

func (specResolver) Card(t *Target) *Card { return nil }

// documented says why an example may render differently through the
// pipeline than through goldmark, as docs/content.md says, or "".
func documented(markdown string) string {
	switch {
	case strings.Contains(markdown, "[["):
		return "[[...]] is a wikilink"
	case dangerousURL.MatchString(markdown):
		return "javascript:, vbscript: and data: links are dropped"
	}
	return ""
}

var dangerousURL = regexp.MustCompile(`(?i)(javascript|vbscript|data):`)

// headingIDs finds the id attributes of headings, which the pipeline
// makes from the text shown in the heading's own script, and goldmark
// from the source's ASCII letters.
var headingIDs = regexp.MustCompile(`(<h[1-6]) id="[^"]*"`)

// TestSpecExamplesRenderAsGoldmarkDoes runs every CommonMark spec example
// through the whole pipeline (auto_link off, unsafe_html on) and through
// goldmark configured with the same extensions: the HTML must be the
// same but for the differences the docs give (wikilinks, dropped
// javascript: links) and heading ids, which TestSpecHeadingIDs checks.
func TestSpecExamplesRenderAsGoldmarkDoes(t *testing.T) {
	ours := New(Options{Unsafe: true})
	plain := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
	compared := 0
	for _, ex := range loadSpec(t) {
		if why := documented(ex.Markdown); why != "" {
			t.Logf("example %d (%s) may differ: %s", ex.Example, ex.Section, why)
			continue
		}
		res, err := ours.Render([]byte(ex.Markdown), specResolver{}, false)
		if err != nil {
			t.Fatalf("example %d: %v", ex.Example, err)
		}
		var want bytes.Buffer
		if err := plain.Convert([]byte(ex.Markdown), &want); err != nil {
			t.Fatalf("example %d: goldmark: %v", ex.Example, err)
		}
		got, wantHTML := headingIDs.ReplaceAll(res.HTML, []byte("$1")), headingIDs.ReplaceAll(want.Bytes(), []byte("$1"))
		if !bytes.Equal(got, wantHTML) {
			t.Errorf("example %d (%s):\n%s\ngot:\n%s\nwant (goldmark):\n%s", ex.Example, ex.Section, ex.Markdown, res.HTML, want.Bytes())
		}
		compared++
	}
	t.Logf("%d examples compared", compared)
}

// TestSpecHeadingIDs checks that every heading of the spec examples gets
// an id, none empty and none twice in an example.
func TestSpecHeadingIDs(t *testing.T) {
	ours := New(Options{Unsafe: true})
	id := regexp.MustCompile(`<h[1-6] id="([^"]*)"`)
	heading := regexp.MustCompile(`<h[1-6][ >]`)
	for _, ex := range loadSpec(t) {
		res, err := ours.Render([]byte(ex.Markdown), specResolver{}, false)
		if err != nil {
			t.Fatalf("example %d: %v", ex.Example, err)
		}
		ids := id.FindAllSubmatch(res.HTML, -1)
		// Raw HTML may hold headings of its own, without ids.
		if n := len(heading.FindAll(res.HTML, -1)); len(ids) < n && !strings.Contains(ex.Markdown, "<h") {
			t.Errorf("example %d: %d headings, %d ids:\n%s", ex.Example, n, len(ids), res.HTML)
		}
		seen := map[string]bool{}
		for _, m := range ids {
			if len(m[1]) == 0 || seen[string(m[1])] {
				t.Errorf("example %d: id %q empty or given twice:\n%s", ex.Example, m[1], res.HTML)
			}
			seen[string(m[1])] = true
		}
	}
}

// specNames are entities named after words the spec examples use most,
// one of two words (which the examples wrap over lines) and an alias.
var specNames = func() []Pattern {
	var out []Pattern
	for i, name := range []string{"foo", "bar", "baz", "Foo Bar", "hello", "world", "aaa", "bbb", "b", "a", "ok", "quux", "url", "title", "code", "emphasis", "link", "html", "hi", "x", "*"} {
		out = append(out, Pattern{Text: name, CaseSensitive: i%5 == 4, Target: &Target{Key: "people/" + name, URL: "/people/" + name + "/"}})
	}
	return out
}()

// mentionTag finds the start tag of a mention; the </a> after it is its
// end tag, as a mention holds no link.
var mentionTag = regexp.MustCompile(`<a class="mention" href="[^"]*">`)

// withoutMentions returns html with the tags of the mentions removed and
// how many there were.
func withoutMentions(html []byte) ([]byte, int) {
	var out []byte
	n := 0
	for {
		loc := mentionTag.FindIndex(html)
		if loc == nil {
			return append(out, html...), n
		}
		n++
		out = append(out, html[:loc[0]]...)
		html = html[loc[1]:]
		end := bytes.Index(html, []byte("</a>"))
		if end < 0 {
			return append(out, html...), n
		}
		out = append(out, html[:end]...)
		html = html[end+len("</a>"):]
	}
}

// TestSpecExamplesKeepEverythingWithMentions runs every spec example
// again with auto_link on and entities named after the examples' common
// words: with the mentions' tags taken out the HTML is what it was
// without them (nothing lost, nothing broken), and no mention is inside
// a link or holds one.
func TestSpecExamplesKeepEverythingWithMentions(t *testing.T) {
	off := New(Options{Unsafe: true})
	on := New(Options{Unsafe: true, Names: specNames})
	mentions := 0
	for _, ex := range loadSpec(t) {
		want, err := off.Render([]byte(ex.Markdown), specResolver{}, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := on.Render([]byte(ex.Markdown), specResolver{}, true)
		if err != nil {
			t.Fatal(err)
		}
		stripped, n := withoutMentions(got.HTML)
		mentions += n
		if !bytes.Equal(stripped, want.HTML) {
			t.Errorf("example %d (%s): mentions changed the HTML:\n%s\nwith mentions:\n%s\nwithout:\n%s", ex.Example, ex.Section, ex.Markdown, got.HTML, want.HTML)
		}
		if msg := nestedLink(got.HTML); msg != "" && strings.Contains(msg, `class="mention"`) {
			t.Errorf("example %d (%s): %s:\n%s\n%s", ex.Example, ex.Section, msg, ex.Markdown, got.HTML)
		}
		if n > 0 && len(got.Links) < n {
			t.Errorf("example %d: %d mentions shown, %d recorded", ex.Example, n, len(got.Links))
		}
	}
	if mentions < 200 {
		t.Errorf("only %d mentions in all the examples: the names do not test much", mentions)
	}
	t.Logf("%d mentions", mentions)
}
