package search

import (
	_ "embed"
	"encoding/json"

	"briefings/generator/publish"
	"briefings/generator/site"
)

// serviceWorker is sw.js, published at the root of the site so that its
// scope is the whole site (a worker only controls the pages under its
// own folder).
//
//go:embed sw.js
var serviceWorker []byte

// Offline returns the files that make the site an installable web app
// that stays readable offline on its web host: the service worker
// (sw.js) and the web app manifest. Pages register the worker only over
// http and https; from file:// everything is already on disk.
func Offline(s *site.Site) []publish.File {
	cfg := s.Config
	short := cfg.Title
	if len([]rune(short)) > 12 {
		short = "Briefings"
	}
	manifest, _ := json.MarshalIndent(map[string]any{
		"name":             cfg.Title,
		"short_name":       short,
		"description":      cfg.Description,
		"lang":             cfg.Language,
		"start_url":        "./index.html",
		"scope":            "./",
		"display":          "standalone",
		"background_color": "#ffffff",
		"theme_color":      "#0b57a4",
		"icons":            []map[string]string{{"src": "assets/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}},
	}, "", "  ")
	return []publish.File{
		{Path: "sw.js", Data: serviceWorker},
		{Path: "manifest.webmanifest", Data: append(manifest, '\n')},
	}
}
