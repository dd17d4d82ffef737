package layout

import (
	"cmp"
	"encoding/json"
	htmltemplate "html/template"

	"briefings/generator/config"
	"briefings/generator/site"
)

// JSON-LD: the structured data a briefing or entity page carries in a
// <script type="application/ld+json">, in schema.org's vocabulary. A
// briefing is an article (NewsArticle, or site.toml's article_type) with
// its dates, authors, sources (citation), corrections, and the entities
// its front matter names (about) and its body mentions (mentions); an
// entity page describes its entity. Every type and property used is
// checked against schema.org's vocabulary by tests/jsonld, which expands
// the pages with a JSON-LD processor.

// ld is one JSON-LD node or value: a map, so that encoding/json writes
// its keys sorted and "@context", "@id" and "@type" come first.
type ld = map[string]any

// wikidataURL is the address of a Wikidata item's page.
func wikidataURL(id string) string { return "https://www.wikidata.org/wiki/" + id }

// schemaType returns the schema.org type of an entity of kind k.
func schemaType(k config.Kind) string {
	switch k.Name {
	case "people":
		return "Person"
	case "countries":
		return "Country"
	case "events":
		return "Event"
	case "outlets":
		return "NewsMediaOrganization"
	}
	return cmp.Or(k.Schema, "Thing")
}

// JSONLD returns the page's structured data as JSON, ready to print
// inside <script type="application/ld+json">, or "" for a page without
// any. It is marshalled here, once, rather than handed to html/template
// as a value to marshal: encoding/json escapes <, > and & in strings, so
// the JSON cannot end the script element.
func (p *Page) JSONLD() htmltemplate.JS {
	return htmltemplate.JS(p.jsonLD())
}

// ldNode returns the page's JSON-LD node, or nil.
func (p *Page) ldNode() any {
	switch {
	case p.Briefing != nil:
		return p.briefingLD(p.Briefing)
	case p.Entity != nil:
		node := p.entityLD(p.Entity)
		node["@context"] = "https://schema.org"
		node["mainEntityOfPage"] = p.Abs(p.Entity.URL)
		if d := p.Entity.Summary; d != "" {
			node["description"] = d
		}
		return node
	}
	return nil
}

// jsonLD returns the JSON of the page's JSON-LD node, or nil.
func (p *Page) jsonLD() []byte {
	v := p.ldNode()
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil // cannot happen: the values are strings, numbers and maps of them
	}
	return b
}

// entityLD is the node of an entity: its type, name, page and the other
// names it goes by; a person's role, an event's dates and place; and
// sameAs its Wikidata item (and an outlet's website).
func (p *Page) entityLD(e *site.Entity) ld {
	url := p.Abs(e.URL)
	node := ld{"@type": schemaType(e.Kind), "@id": url + "#entity", "name": e.Name, "url": url}
	if len(e.Aliases) > 0 {
		node["alternateName"] = e.Aliases
	}
	var same []string
	if e.Website != "" {
		same = append(same, e.Website)
	}
	if e.Wikidata != "" {
		same = append(same, wikidataURL(e.Wikidata))
	}
	if len(same) > 0 {
		node["sameAs"] = same
	}
	switch node["@type"] {
	case "Person":
		if e.Role != "" {
			node["jobTitle"] = e.Role
		}
	case "Country":
		if e.Code != "" {
			node["identifier"] = e.Code
		}
	case "Event":
		if !e.Date.IsZero() {
			node["startDate"] = e.Date.ISO()
		}
		if !e.EndDate.IsZero() {
			node["endDate"] = e.EndDate.ISO()
		}
		if e.Location != "" {
			node["location"] = e.Location
		}
	}
	return node
}

// briefingLD is a briefing's article node.
func (p *Page) briefingLD(b *site.Briefing) ld {
	cfg := p.Site.Config
	url := p.Abs(b.URL)
	site := ld{"@type": "Organization", "name": cfg.Title, "url": p.Abs("/")}
	node := ld{
		"@context":         "https://schema.org",
		"@type":            cmp.Or(cfg.ArticleType, "NewsArticle"),
		"@id":              url + "#briefing",
		"url":              url,
		"mainEntityOfPage": url,
		"headline":         b.Title,
		"datePublished":    b.Date.ISO(),
		"dateModified":     b.Modified().ISO(),
		"inLanguage":       p.Language(),
		"publisher":        site,
		"isPartOf":         ld{"@type": "WebSite", "name": cfg.Title, "url": p.Abs("/")},
	}
	if b.Summary != "" {
		node["description"] = b.Summary
	}
	if b.Words > 0 {
		node["wordCount"] = b.Words
	}
	if len(b.Tags) > 0 {
		var tags []string
		for _, t := range b.Tags {
			tags = append(tags, t.Name)
		}
		node["keywords"] = tags
	}
	var authors []ld
	for _, a := range b.Authors {
		if a.Person != nil {
			authors = append(authors, p.entityLD(a.Person))
		} else {
			authors = append(authors, ld{"@type": "Person", "name": a.Name})
		}
	}
	if len(authors) == 0 {
		// No byline: the site answers for it.
		authors = append(authors, ld{"@type": "Organization", "name": cmp.Or(cfg.Author, cfg.Title), "url": p.Abs("/")})
	}
	node["author"] = authors
	var citations []ld
	for _, src := range b.Sources {
		c := ld{"@type": "CreativeWork", "name": src.Title}
		if src.URL != "" {
			c["url"] = src.URL
		}
		if src.Archive != "" {
			c["archivedAt"] = src.Archive
		}
		if src.Outlet != nil {
			c["publisher"] = p.entityLD(src.Outlet)
		}
		citations = append(citations, c)
	}
	if len(citations) > 0 {
		node["citation"] = citations
	}
	var corrections []ld
	for _, c := range b.Corrections {
		corrections = append(corrections, ld{"@type": "CorrectionComment", "text": c.Text, "datePublished": c.Date.ISO()})
	}
	if len(corrections) > 0 {
		node["correction"] = corrections
	}
	// about: what the front matter names; mentions: what the body
	// mentions besides. Mentioned lists the front matter's names first.
	var about, mentions []ld
	for i := range p.Site.Kinds {
		for _, e := range b.MentionedIn(i) {
			if bl, _ := e.BacklinkFrom(b); bl.FrontMatter {
				about = append(about, p.entityLD(e))
			} else {
				mentions = append(mentions, p.entityLD(e))
			}
		}
	}
	if len(about) > 0 {
		node["about"] = about
	}
	if len(mentions) > 0 {
		node["mentions"] = mentions
	}
	return node
}
