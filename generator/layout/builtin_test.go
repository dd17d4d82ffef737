package layout

import (
	htmltemplate "html/template"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"briefings/generator/diag"
	"briefings/layouts"
)

// TestNativeOnlyForTheBuiltInTemplates: briefing, entity, list, tag and
// year pages are written in Go unless the site's layouts/ replaces a
// template they use; other kinds always run their templates.
func TestNativeOnlyForTheBuiltInTemplates(t *testing.T) {
	all := func(b bool) map[string]bool {
		return map[string]bool{"briefing": b, "entity": b, "list": b, "tag": b, "year": b}
	}
	except := func(m map[string]bool, kind string) map[string]bool {
		m[kind] = !m[kind]
		return m
	}
	mine := []byte(`{{ define "main" }}mine{{ end }}`)
	for _, c := range []struct {
		name string
		site fs.FS
		// inGo are the kinds written in Go.
		inGo map[string]bool
	}{
		{"built-in theme", nil, all(true)},
		{"own briefing.html", fstest.MapFS{"briefing.html": {Data: mine}}, except(all(true), "briefing")},
		{"own entity.html", fstest.MapFS{"entity.html": {Data: mine}}, except(all(true), "entity")},
		{"own list.html", fstest.MapFS{"list.html": {Data: mine}}, except(all(true), "list")},
		{"own tag.html", fstest.MapFS{"tag.html": {Data: mine}}, except(all(true), "tag")},
		{"own year.html", fstest.MapFS{"year.html": {Data: mine}}, except(all(true), "year")},
		{"own home.html", fstest.MapFS{"home.html": {Data: mine}}, all(true)},
		{"own partial", fstest.MapFS{"_briefing-item.html": {Data: []byte(`{{ define "briefing-item" }}mine{{ end }}`)}}, all(false)},
		{"new partial", fstest.MapFS{"_extra.html": {Data: []byte(`{{ define "extra" }}mine{{ end }}`)}}, all(false)},
		{"own baseof.html", fstest.MapFS{"baseof.html": {Data: []byte(`{{ block "main" . }}{{ end }}`)}}, all(false)},
	} {
		t.Run(c.name, func(t *testing.T) {
			diags := &diag.List{}
			set := Load(layouts.FS, c.site, diags)
			if set == nil {
				t.Fatalf("load: %v", diags)
			}
			for _, kind := range []string{"home", "briefing", "entity", "list", "terms", "tag", "timeline", "year", "page", "404", "search"} {
				if got := set.native(kind); got != c.inGo[kind] {
					t.Errorf("%s pages written in Go: %v, want %v", kind, got, c.inGo[kind])
				}
			}
		})
	}
}

// escapes is a template that prints its dot in each place the pages
// written in Go print user text: text, a quoted attribute and the start
// of an href.
var escapes = htmltemplate.Must(htmltemplate.New("").Parse(`<p title="{{ . }}">{{ . }}</p><a href="{{ . }}">x</a>`))

// FuzzEscapesMatchHTMLTemplate: for any string, escapeHTML and escapeURL
// write what html/template writes in those places, and escapeXML what
// the feed's xml function returns, which is XML 1.0 whatever s holds.
func FuzzEscapesMatchHTMLTemplate(f *testing.F) {
	for _, s := range []string{"", "plain", `<b>"Q" & 'q' + x</b>`, "\x00nul", "ünï\xffcode", "bell\a esc\x1b \uFFFE\uFFFF tab\t",
		"https://example.org/a b?q=1&r=2+3#f", "javascript:alert(1)", "HTTPS://x/%41%zz%", "/local/path", "mailto:a@b", "../../x/", "a:b/c", "//host/x", "%", "%4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		if err := escapes.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		got.WriteString(`<p title="`)
		escapeHTML(&got, s)
		got.WriteString(`">`)
		escapeHTML(&got, s)
		got.WriteString(`</p><a href="`)
		escapeURL(&got, s)
		got.WriteString(`">x</a>`)
		if got.String() != want.String() {
			t.Errorf("%q:\n Go:        %q\n templates: %q", s, got.String(), want.String())
		}
		var xml strings.Builder
		escapeXML(&xml, s)
		if want := textFuncs["xml"].(func(string) string)(s); xml.String() != want {
			t.Errorf("%q in XML: Go %q, the xml function %q", s, xml.String(), want)
		}
		if !utf8.ValidString(xml.String()) || strings.ContainsFunc(xml.String(), func(r rune) bool { return !xmlChar(r) }) {
			t.Errorf("%q in XML: %q holds what XML 1.0 forbids", s, xml.String())
		}
	})
}
