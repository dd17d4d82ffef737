package markdown

import (
	"strings"
	"testing"
)

// withholding is fakeResolver for a build that withholds Olena
// Kovalenko's note and the briefing at /briefings/secret/.
type withholding struct{ fakeResolver }

func (w withholding) Resolve(kind, name string) (*Target, error) {
	if strings.EqualFold(name, "Olena Kovalenko") || kind == "briefings" && name == "secret" {
		return nil, ErrWithheld
	}
	return w.fakeResolver.Resolve(kind, name)
}

func (w withholding) Href(url string) string {
	if strings.HasPrefix(url, "/briefings/secret/") || strings.HasPrefix(url, "/people/olena-kovalenko/") {
		return ""
	}
	return w.fakeResolver.Href(url)
}

// TestAWithheldPageIsLinkedAsPlainText: a wikilink or a Markdown link
// to a page the build withholds is written as its text, neither a link
// nor a broken link, and is no problem and no mention; an image of its
// bundle is written as its description (issue 24).
func TestAWithheldPageIsLinkedAsPlainText(t *testing.T) {
	md := New(Options{Names: testNames})
	src := "[[Olena Kovalenko]] met [[Putin]]; see [[briefings:secret|the secret brief]], " +
		"[the *notes*](/briefings/secret/#x) and [her page](/people/olena-kovalenko/).\n\n" +
		"![The *map* of the raid](/briefings/secret/map.png) ![her photo](/people/olena-kovalenko/photo.jpg?v=2)\n"
	res, err := md.Render([]byte(src), withholding{}, true)
	if err != nil {
		t.Fatal(err)
	}
	html := string(res.HTML)
	want := `<p>Olena Kovalenko met <a class="wikilink" href="../../people/vladimir-putin/">Vladimir Putin</a>; see the secret brief, the <em>notes</em> and her page.</p>
<p>The <em>map</em> of the raid her photo</p>`
	if strings.TrimSpace(html) != want {
		t.Errorf("got  %s\nwant %s", html, want)
	}
	if len(res.Problems) > 0 {
		t.Errorf("problems: %+v", res.Problems)
	}
	if len(res.Links) != 1 || res.Links[0].Target.Key != "people/vladimir-putin" {
		t.Errorf("links: %+v", res.Links)
	}
	if !strings.Contains(res.Text, "Olena Kovalenko met Vladimir Putin; see the secret brief, the notes and her page.") {
		t.Errorf("text: %q", res.Text)
	}
}
