// Package layouts holds the default theme: the html/template files every
// page kind is rendered with, the feed and sitemap templates, and the
// theme's assets (assets/) and the country flags (flags/, from the npm
// package flag-icons, MIT). A site's own layouts/NAME overrides NAME
// here.
package layouts

import "embed"

// FS is the default theme.
//
//go:embed *.html *.xml assets flags
var FS embed.FS
