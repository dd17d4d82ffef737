package layout

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"briefings/generator/diag"
	"briefings/layouts"
)

// TestNativeOnlyForTheBuiltInTemplates: briefing and entity pages are
// written in Go unless the site's layouts/ replaces a template they use;
// other kinds always run their templates.
func TestNativeOnlyForTheBuiltInTemplates(t *testing.T) {
	for _, c := range []struct {
		name             string
		site             fs.FS
		briefing, entity bool
	}{
		{"built-in theme", nil, true, true},
		{"own briefing.html", fstest.MapFS{"briefing.html": {Data: []byte(`{{ define "main" }}mine{{ end }}`)}}, false, true},
		{"own entity.html", fstest.MapFS{"entity.html": {Data: []byte(`{{ define "main" }}mine{{ end }}`)}}, true, false},
		{"own partial", fstest.MapFS{"_briefing-item.html": {Data: []byte(`{{ define "briefing-item" }}mine{{ end }}`)}}, false, false},
		{"own baseof.html", fstest.MapFS{"baseof.html": {Data: []byte(`{{ block "main" . }}{{ end }}`)}}, false, false},
		{"own list.html", fstest.MapFS{"list.html": {Data: []byte(`{{ define "main" }}mine{{ end }}`)}}, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			diags := &diag.List{}
			set := Load(layouts.FS, c.site, diags)
			if set == nil {
				t.Fatalf("load: %v", diags)
			}
			if got := set.native("briefing"); got != c.briefing {
				t.Errorf("briefing pages in Go: %v, want %v", got, c.briefing)
			}
			if got := set.native("entity"); got != c.entity {
				t.Errorf("entity pages in Go: %v, want %v", got, c.entity)
			}
			for _, kind := range []string{"home", "list", "tag", "terms", "timeline", "year", "page", "404", "search"} {
				if set.native(kind) {
					t.Errorf("%s pages in Go, want their template", kind)
				}
			}
		})
	}
}
