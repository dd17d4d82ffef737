package search

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"path"
	"slices"
	"strconv"
	"strings"

	"briefings/generator/content"
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

// The files of "Save this site for offline reading" (assets/offline.js):
// SaveSummary says how much saving takes, SaveList what to fetch.
const (
	SaveSummary = "offline/summary.json"
	SaveList    = "offline/files.json"
)

// SaveEntry is a published file and its size in bytes.
type SaveEntry struct {
	Path string
	Size int64
}

// Saved reports whether a published file is one a reader saving the site
// for offline reading gets: every page and asset, the search index, the
// hover cards, images and other files copied; not the feeds and sitemap
// (*.xml), the 404 page, the service worker, the files for the host
// (.nojekyll, CNAME, .well-known/, the build's marker) nor the save files themselves.
func Saved(p string) bool {
	switch p {
	case "sw.js", "404.html", "CNAME", ".nojekyll", ".briefings", SaveSummary, SaveList:
		return false
	}
	return path.Ext(p) != ".xml" && !strings.HasPrefix(p, content.WellKnown+"/")
}

// SaveFiles returns SaveSummary and SaveList for the published files
// given (those Saved keeps):
//
//	offline/summary.json  {"version": "…", "bytes": 51234567, "files": 14321}
//	offline/files.json    {"version": "…", "files": [["index.html", 10234], …]}
//
// The version is a hash of the paths and sizes, so that a reader who
// saved the site can be told when it has changed.
func SaveFiles(entries []SaveEntry) []publish.File {
	entries = slices.DeleteFunc(slices.Clone(entries), func(e SaveEntry) bool { return !Saved(e.Path) })
	slices.SortFunc(entries, func(a, b SaveEntry) int { return strings.Compare(a.Path, b.Path) })
	var list bytes.Buffer
	h := fnv.New64a()
	total := int64(0)
	for i, e := range entries {
		if i > 0 {
			list.WriteString(",\n")
		}
		list.WriteByte('[')
		writeString(&list, e.Path)
		fmt.Fprintf(&list, ",%d]", e.Size)
		fmt.Fprintf(h, "%s %d\n", e.Path, e.Size)
		total += e.Size
	}
	version := strconv.FormatUint(h.Sum64(), 36)
	summary := fmt.Sprintf(`{"version":%q,"bytes":%d,"files":%d}`+"\n", version, total, len(entries))
	files := fmt.Sprintf(`{"version":%q,"files":[`+"\n%s]}\n", version, list.Bytes())
	return []publish.File{{Path: SaveSummary, Data: []byte(summary)}, {Path: SaveList, Data: []byte(files)}}
}
