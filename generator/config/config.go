// Package config reads a site's site.toml into a Site: the title, the base
// URL, the switches for automatic mentions and raw HTML, the files publish
// must keep, and the entity kinds (people, countries, events and any the
// site declares).
package config

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	// The time zone database, so that timezone works on a machine
	// without one (a container, Windows).
	_ "time/tzdata"

	"github.com/BurntSushi/toml"

	"briefings/generator/diag"
	"briefings/generator/marking"
)

// Kind is an entity kind: people, countries, events, or one a site declares
// under [[kinds]] (organisations for NATO, say).
type Kind struct {
	// Name is the plural used in URLs and front matter: "people".
	Name string `toml:"name"`
	// Singular names one entity: "person".
	Singular string `toml:"singular"`
	// Title heads the list page: "People".
	Title string `toml:"title"`
	// Schema is the schema.org type of the kind's entities in the pages'
	// structured data: "Place", "Organization"...; "Thing" when unset.
	// The built-in kinds are Person, Country, Event and
	// NewsMediaOrganization.
	Schema string `toml:"schema"`
}

// BuiltinKinds are the entity kinds every site has, in display order.
var BuiltinKinds = []Kind{
	{Name: "people", Singular: "person", Title: "People"},
	{Name: "countries", Singular: "country", Title: "Countries"},
	{Name: "events", Singular: "event", Title: "Events"},
	// Outlets publish the sources briefings cite ([[sources]] outlet):
	// each has a page listing the briefings citing it and the grades
	// they gave.
	{Name: "outlets", Singular: "outlet", Title: "Outlets"},
}

// Site is site.toml, decoded, with defaults filled in.
type Site struct {
	Title       string `toml:"title"`
	BaseURL     string `toml:"base_url"`
	Language    string `toml:"language"`
	Description string `toml:"description"`
	Author      string `toml:"author"`
	// AutoLink turns the first plain-text mention of a known name in a
	// briefing into a link; on unless site.toml says auto_link = false.
	AutoLink bool `toml:"auto_link"`
	// UnsafeHTML lets raw HTML in notes through to the pages.
	UnsafeHTML bool `toml:"unsafe_html"`
	// CNAME, when set, is written to the output's CNAME file (GitHub Pages).
	CNAME string `toml:"cname"`
	// Keep lists output paths (relative to the output folder) that every
	// build leaves in place.
	Keep []string `toml:"keep"`
	// Paginate is the number of briefings per list page (50 by default).
	Paginate int `toml:"paginate"`
	// DossierLimit is the most briefings the site's dossier page of an
	// entity or tag holds in full (25 by default); above it the page
	// lists them, and `briefings dossier` makes the full one.
	DossierLimit int `toml:"dossier_limit"`
	// Kinds are the entity kinds declared in site.toml, after the built-in ones.
	Kinds []Kind `toml:"kinds"`
	// Params is free-form data for a site's own templates.
	Params map[string]any `toml:"params"`
	// DefaultTLP is the marking of a note whose front matter has no tlp;
	// see Default.
	DefaultTLP string `toml:"default_tlp"`
	// Audience is the highest marking a build publishes when the command
	// line names none (--audience); see Audience.
	Audience string `toml:"audience"`
	// Markings, when set, replace TLP with the site's own scheme of
	// labels, lowest first (see marking.Declare).
	Markings []marking.Declared `toml:"markings"`
	// ArticleType is the schema.org type of a briefing in the pages'
	// structured data (JSON-LD): "NewsArticle" unless site.toml says
	// article_type = "Report" (or another type of article).
	ArticleType string `toml:"article_type"`
	// Timezone places the dates and times front matter writes without a
	// zone (2025-02-12, 2025-02-12T09:00): an IANA name such as
	// "Europe/Brussels"; UTC when unset.
	Timezone string `toml:"timezone"`

	// scheme, defaultLabel, audience and location are what Parse made of
	// the four settings above (see Scheme, Default, Audience, Location).
	scheme       *marking.Scheme
	defaultLabel marking.Label
	audience     marking.Label
	location     *time.Location

	// baseURLAt is where base_url is set, for WarnBaseURL, and
	// baseURLTypo says that an unknown setting was taken for it.
	baseURLAt   diag.Pos
	baseURLTypo bool
}

// ExampleBaseURL is the base_url `briefings new site` writes, for the
// user to change: WarnBaseURL warns while it is still there.
const ExampleBaseURL = "https://USER.github.io/REPO/"

// BaseURL checks a base URL, from site.toml or --base-url, and returns it
// ending in a slash. It must be an absolute http or https URL, so that
// canonical links, feeds and the sitemap hold real addresses (and never
// a javascript: one); the error says how to write it.
func BaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil && u.RawQuery == "" && u.Fragment == "":
		return strings.TrimSuffix(raw, "/") + "/", nil
	case err == nil && u.Scheme == "" && u.Host == "" && strings.Contains(strings.SplitN(u.Path, "/", 2)[0], "."):
		return raw, fmt.Errorf("%q has no https://: write it like \"https://%s/\"", raw, strings.Trim(raw, "/"))
	}
	return raw, fmt.Errorf("%q is not an absolute http or https URL: write it like \"https://user.github.io/repo/\"", raw)
}

// WarnBaseURL warns when the site has no base URL, or still the example
// one, once a build has applied --base-url: canonical links, feeds and
// the sitemap need the address the site is read at.
func (s *Site) WarnBaseURL(diags *diag.List) {
	switch {
	case s.BaseURL == "/" && !s.baseURLTypo:
		diags.Warnf(s.baseURLAt, "no base_url: canonical links, feeds and the sitemap need the address the site is published at: add base_url = \"https://user.github.io/repo/\" (or pass --base-url)")
	case s.BaseURL == ExampleBaseURL:
		diags.Warnf(s.baseURLAt, "base_url is still the example %q: set it to the address the site is published at, such as \"https://jdoe.github.io/briefs/\"", ExampleBaseURL)
	}
}

// AllKinds returns the built-in kinds followed by the declared ones.
func (s *Site) AllKinds() []Kind {
	return append(slices.Clone(BuiltinKinds), s.Kinds...)
}

// KindNames returns the Name of every kind, built-in first.
func (s *Site) KindNames() []string {
	var names []string
	for _, k := range s.AllKinds() {
		names = append(names, k.Name)
	}
	return names
}

// BasePath returns the path part of BaseURL, always starting and ending
// with a slash: "/repo/" for https://user.github.io/repo/.
func (s *Site) BasePath() string {
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return strings.TrimSuffix(u.Path, "/") + "/"
}

// Default returns the settings of a site with an empty site.toml.
func Default() *Site {
	return &Site{
		Title:        "Briefings",
		BaseURL:      "/",
		Language:     "en",
		AutoLink:     true,
		Paginate:     50,
		DossierLimit: 25,
		ArticleType:  "NewsArticle",
	}
}

// schemaTypes are the schema.org types a declared kind's entities can
// be in the pages' structured data.
var schemaTypes = []string{"Thing", "Place", "City", "AdministrativeArea", "Country", "Landform", "Organization", "GovernmentOrganization",
	"NGO", "Corporation", "NewsMediaOrganization", "PoliticalParty", "Person", "Event", "CreativeWork", "Product", "Vehicle"}

var kindName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// reserved are the first path segments the generator writes itself, which a
// declared kind cannot take.
var reserved = []string{"briefings", "tags", "timeline", "search", "assets", "page", "graph", "map", "data"}

// Load reads the site.toml at path. A missing file is an error: a site is a
// folder with site.toml and content/. Problems are reported into diags with
// file (named rel) and line; the returned Site is usable even then.
func Load(path, rel string, diags *diag.List) *Site {
	s := Default()
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		// A named pipe would wait for a writer, and a link to
		// /dev/zero would fill the memory.
		what := "a folder"
		if !info.IsDir() {
			what = "a named pipe, a device or a socket"
		}
		diags.Errorf(diag.Pos{File: rel}, "site.toml is not a regular file but %s: make it a file", what)
		return s
	}
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			diags.Errorf(diag.Pos{File: rel}, "no site.toml here: run `briefings new site DIR` to start a site, or pass -s with the site's folder")
		} else {
			diags.Errorf(diag.Pos{File: rel}, "cannot read site.toml: %v", err)
		}
		return s
	}
	Parse(src, rel, s, diags)
	return s
}

// Parse decodes site.toml source into s, reporting problems into diags.
func Parse(src []byte, rel string, s *Site, diags *diag.List) {
	text := strings.TrimPrefix(strings.ReplaceAll(string(src), "\r\n", "\n"), "\ufeff")
	md, err := toml.Decode(text, s)
	if err != nil {
		line, msg := TOMLError(err)
		diags.Errorf(diag.Pos{File: rel, Line: line}, "%s", msg)
		return
	}
	s.unknownKeys(md, text, rel, diags)
	// A control character in a setting every page prints is left out,
	// as in front matter.
	for _, f := range []struct {
		key string
		p   *string
	}{{"title", &s.Title}, {"description", &s.Description}, {"author", &s.Author}} {
		var r rune
		if *f.p, r = StripControls(*f.p); r >= 0 {
			diags.Warnf(diag.Pos{File: rel, Line: KeyLine(text, f.key)}, "%s holds the control character %U, which no page can show: it is left out; delete it from site.toml", f.key, r)
		}
	}
	var keep []string
	for _, k := range s.Keep {
		clean, problem := keepPath(k)
		if problem != "" {
			line := KeyLine(text, "keep")
			if i := strings.Index(text, strconv.Quote(k)); i >= 0 {
				line = strings.Count(text[:i], "\n") + 1
			}
			diags.Errorf(diag.Pos{File: rel, Line: line}, "keep entry %q %s", k, problem)
			continue
		}
		keep = append(keep, clean)
	}
	s.Keep = keep
	s.baseURLAt = diag.Pos{File: rel}
	if !md.IsDefined("base_url") || s.BaseURL == "" {
		s.BaseURL = "/"
	} else {
		s.baseURLAt.Line = KeyLine(text, "base_url")
		base, err := BaseURL(s.BaseURL)
		if err != nil {
			diags.Errorf(s.baseURLAt, "base_url %v", err)
		}
		s.BaseURL = base
	}
	if s.Paginate <= 0 {
		if md.IsDefined("paginate") {
			diags.Errorf(diag.Pos{File: rel, Line: KeyLine(text, "paginate")}, "paginate must be a positive number of briefings per page")
		}
		s.Paginate = 50
	}
	if s.DossierLimit < 0 || !md.IsDefined("dossier_limit") {
		if s.DossierLimit < 0 {
			diags.Errorf(diag.Pos{File: rel, Line: KeyLine(text, "dossier_limit")}, "dossier_limit must be 0 or more briefings (0: the site's dossier pages list the briefings, and `briefings dossier` makes the full ones)")
		}
		s.DossierLimit = 25
	}
	switch s.ArticleType {
	case "":
		s.ArticleType = "NewsArticle"
	case "NewsArticle", "Report", "AnalysisNewsArticle", "BackgroundNewsArticle", "ReportageNewsArticle", "OpinionNewsArticle", "Article", "ScholarlyArticle":
	default:
		diags.Errorf(diag.Pos{File: rel, Line: KeyLine(text, "article_type")}, "article_type %q is not a schema.org article type the pages can carry: write \"NewsArticle\" (the default), \"Report\", \"AnalysisNewsArticle\", \"BackgroundNewsArticle\", \"ReportageNewsArticle\", \"OpinionNewsArticle\", \"ScholarlyArticle\" or \"Article\"", s.ArticleType)
		s.ArticleType = "NewsArticle"
	}
	s.parseMarkings(text, rel, diags)
	seen := map[string]bool{}
	for _, k := range BuiltinKinds {
		seen[k.Name] = true
	}
	outletsDeclared := false
	for i := range s.Kinds {
		k := &s.Kinds[i]
		line := KeyLine(text, "name", k.Name)
		switch {
		case !kindName.MatchString(k.Name):
			diags.Errorf(diag.Pos{File: rel, Line: line}, "kind name %q must be lower case letters, digits and hyphens, like \"organisations\"", k.Name)
			continue
		case len(k.Name) > 100:
			// It names a folder of the output, as a slug does.
			diags.Errorf(diag.Pos{File: rel, Line: line}, "kind name %q is too long: at most 100 letters", k.Name)
			continue
		case k.Name == "outlets" && !outletsDeclared:
			// A site that declared its own outlets before they were
			// built in keeps building: its notes are outlets all the same.
			diags.Warnf(diag.Pos{File: rel, Line: line}, "kind \"outlets\" is built in, for the outlets sources name: remove this [[kinds]] block; content/outlets/ is read as outlets all the same, with pages at /outlets/")
			outletsDeclared = true
			continue
		case seen[k.Name]:
			diags.Errorf(diag.Pos{File: rel, Line: line}, "kind %q is declared twice (people, countries, events and outlets are built in): remove this [[kinds]] block", k.Name)
			continue
		case slices.Contains(reserved, k.Name):
			diags.Errorf(diag.Pos{File: rel, Line: line}, "kind %q would clash with the generator's own /%s/ pages: choose another name", k.Name, k.Name)
			continue
		}
		seen[k.Name] = true
		if k.Schema != "" && !slices.Contains(schemaTypes, k.Schema) {
			diags.Errorf(diag.Pos{File: rel, Line: KeyLine(text, "schema", k.Schema)}, "schema %q of kind %q is not one of the schema.org types a kind can be: %s", k.Schema, k.Name, strings.Join(schemaTypes, ", "))
			k.Schema = ""
		}
		if k.Title == "" {
			k.Title = strings.ToUpper(k.Name[:1]) + k.Name[1:]
		}
		if k.Singular == "" {
			k.Singular = strings.TrimSuffix(k.Name, "s")
		}
	}
	if outletsDeclared {
		s.Kinds = slices.DeleteFunc(s.Kinds, func(k Kind) bool { return k.Name == "outlets" })
	}
}

var tomlLine = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: (.*)$`)

// TOMLError turns an error of the TOML decoder into a line (counted from the
// top of the decoded text) and a message for the user.
func TOMLError(err error) (line int, msg string) {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		if rest, ok := strings.CutPrefix(pe.Message, "must be "); ok && pe.LastKey != "" {
			// An UnmarshalTOML method of a field's type rejected the value.
			return pe.Position.Line, fmt.Sprintf("%q must be %s", pe.LastKey, rest)
		}
		return pe.Position.Line, syntaxMessage(pe)
	}
	m := tomlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, strings.TrimPrefix(err.Error(), "toml: ")
	}
	line, _ = strconv.Atoi(m[1])
	detail := m[3]
	if tableLists[m[2]] && (strings.HasPrefix(detail, "incompatible types: ") || strings.HasPrefix(detail, "type mismatch for ")) {
		return line, fmt.Sprintf("%q is a list of tables: write each under a [[%s]] header of its own (two brackets), followed by its keys, like [[%s]] then %s", m[2], m[2], m[2], tableListExample[m[2]])
	}
	if strings.HasPrefix(detail, "incompatible types: TOML value has type ") {
		var have, want string
		fmt.Sscanf(strings.ReplaceAll(strings.TrimPrefix(detail, "incompatible types: TOML value has type "), ";", ""), "%s destination has type %s", &have, &want)
		detail = fmt.Sprintf("%s, not %s", describe(want), describe(have))
		if m[2] != "" {
			return line, fmt.Sprintf("%q must be %s", m[2], detail)
		}
	}
	if m[2] != "" {
		return line, fmt.Sprintf("%q: %s", m[2], detail)
	}
	return line, detail
}

// tableLists are the keys whose value is a list of tables, written
// [[key]], and tableListExample a key of such a table, for messages.
var (
	tableLists       = map[string]bool{"kinds": true, "markings": true, "sources": true, "corrections": true}
	tableListExample = map[string]string{"kinds": `name = "units"`, "markings": `name = "INTERNAL"`, "sources": `title = "..."`, "corrections": `date = 2025-02-14`}
)

// syntaxMessage explains a TOML syntax error, with the fix for the
// mistakes people make most.
func syntaxMessage(pe toml.ParseError) string {
	m, key := pe.Message, pe.LastKey
	switch {
	case strings.HasPrefix(m, "expected value but found \""):
		word := strings.TrimSuffix(strings.TrimPrefix(m, "expected value but found \""), "\" instead")
		return fmt.Sprintf("TOML syntax: %s is not a value: put text in quotes, like %s = \"%s ...\"", word, cmp.Or(key, "title"), word)
	case m == "strings cannot contain newlines":
		return "TOML syntax: a string in quotes must end on the line it starts on: close the quote, or use \"\"\" for text over several lines"
	case strings.HasPrefix(m, "Key '") && strings.HasSuffix(m, "' has already been defined."):
		return fmt.Sprintf("TOML syntax: %q is set twice: keep one of the two lines", strings.TrimSuffix(strings.TrimPrefix(m, "Key '"), "' has already been defined."))
	case strings.HasPrefix(m, "invalid datetime: "):
		return fmt.Sprintf("%s is not a date: write it like 2025-02-12 (year-month-day, with a month from 01 to 12 and a day that month has)", strings.TrimPrefix(m, "invalid datetime: "))
	case strings.HasPrefix(m, "expected a comma (',') or array terminator (']')"):
		return fmt.Sprintf("TOML syntax: the list %sis not closed: end it with ], like [\"Kyiv\", \"Ukraine\"]", quoteOrEmpty(key))
	case strings.HasPrefix(m, "expected '.' or '=', but got ':'"):
		return "TOML syntax: write key = value: TOML uses =, not : (is this YAML? briefings reads TOML)"
	case strings.HasPrefix(m, "expected value but found '='"):
		return fmt.Sprintf("TOML syntax: %sis followed by two = signs: keep one", quoteOrEmpty(key))
	}
	return "TOML syntax: " + m + "; see https://toml.io for how to write a value"
}

func quoteOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return strconv.Quote(s) + " "
}

// describe names a Go or TOML type the way a writer of TOML thinks of it.
func describe(t string) string {
	switch {
	case t == "string" || t == "String":
		return "a string (in quotes)"
	case strings.HasPrefix(t, "int") || t == "Integer":
		return "a whole number"
	case strings.HasPrefix(t, "float") || t == "Float":
		return "a number"
	case t == "bool" || t == "Bool" || t == "boolean":
		return "true or false"
	case t == "slice" || strings.HasPrefix(t, "[]") || t == "Array":
		return "a list in [brackets]"
	case strings.HasPrefix(t, "map") || t == "struct" || t == "Hash":
		return "a table"
	case strings.Contains(t, "Time") || strings.Contains(t, "Date"):
		return "a date"
	}
	return t
}

// keepPath checks an entry of keep: a path relative to the output folder,
// naming something inside it. It returns the path cleaned, or what is
// wrong with it.
func keepPath(k string) (clean, problem string) {
	const like = `: write one like "googlef00.html" or "docs/"`
	p := strings.ReplaceAll(k, "\\", "/")
	switch {
	case strings.HasPrefix(p, "/") || filepath.IsAbs(k) || filepath.VolumeName(k) != "":
		return "", "is an absolute path; keep lists paths inside the output folder, relative to it" + like
	case slices.Contains(strings.Split(p, "/"), ".."):
		return "", "climbs out with \"..\"; keep lists paths inside the output folder" + like
	}
	clean = path.Clean(strings.TrimSuffix(p, "/"))
	switch {
	case clean == "." || clean == "":
		return "", "is the output folder itself, which every build replaces; list what inside it must stay" + like
	case strings.HasPrefix(clean, ".briefings"):
		return "", "is briefings' own record of what it wrote, which every build replaces" + like
	}
	return clean, ""
}

// KeyLine returns the 1-based line of the first assignment to key in TOML
// text, or 0. With a value, it looks for key = "value".
func KeyLine(text, key string, value ...string) int {
	for i, line := range strings.Split(text, "\n") {
		l := strings.TrimSpace(line)
		rest, ok := strings.CutPrefix(l, key)
		if !ok {
			rest, ok = strings.CutPrefix(l, strconv.Quote(key))
		}
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		if len(value) > 0 && !strings.Contains(rest, strconv.Quote(value[0])) {
			continue
		}
		return i + 1
	}
	return 0
}

// Control reports whether r is a character no page may show: the C0
// controls but tab and newline, DEL, the C1 controls, and U+FFFE and
// U+FFFF. XML 1.0 forbids most of them, and in HTML they are invisible
// at best. TOML and YAML both let a user write one ("\u0007").
func Control(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || 0x7F <= r && r <= 0x9F || r == 0xFFFE || r == 0xFFFF
}

// StripControls returns s without its control characters (see Control)
// and the first one it removed, or -1 for none.
func StripControls(s string) (string, rune) {
	i := strings.IndexFunc(s, Control)
	if i < 0 {
		return s, -1
	}
	first, _ := utf8.DecodeRuneInString(s[i:])
	return strings.Map(func(r rune) rune {
		if Control(r) {
			return -1
		}
		return r
	}, s), first
}
