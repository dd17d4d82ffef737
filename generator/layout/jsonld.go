package layout

import (
	"cmp"
	"hash/maphash"
	htmltemplate "html/template"
	"strconv"
	"sync"

	"briefings/generator/config"
	"briefings/generator/jsonstr"
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
//
// The JSON is written directly, a node's members in the order of their
// keys (as encoding/json writes a map's, which is what it was written
// with): marshalling maps of interface values through reflection cost
// more than a second of CPU at 10,000 briefings, on every build
// (docs/internals/templates.md).

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
// any. Strings are escaped as encoding/json escapes them, <, > and &
// included, so the JSON cannot end the script element.
func (p *Page) JSONLD() htmltemplate.JS {
	return htmltemplate.JS(p.jsonLD())
}

// jsonLD returns the JSON of the page's JSON-LD node, or nil.
func (p *Page) jsonLD() []byte {
	out := &jsonOut{}
	p.writeLD(out)
	return out.b
}

// writeLD writes the page's JSON-LD node to out, if it has one.
func (p *Page) writeLD(out *jsonOut) {
	switch {
	case p.Briefing != nil:
		p.briefingLD(out, p.Briefing)
	case p.Entity != nil:
		p.entityLD(out, p.Entity, true)
	}
}

// ld feeds the page's JSON-LD to k, as its key in the Cache: the same
// code that writes the JSON, with each string taken as it is rather than
// escaped and each entity a briefing names as the hash of its node, so
// that the key covers every value the JSON shows and keying a page costs
// a fraction of writing it.
func (k *keyer) ld(p *Page) {
	p.writeLD(&jsonOut{h: &k.h, memo: k.memo})
}

// jsonOut is where JSON-LD goes: appended to b, or, when h is set, fed
// to h for a page's key (keyer.ld). Hashed, each piece goes in with a tag
// of its own (a byte of punctuation, a string with its length, a number,
// a node's hash), so that two different JSON texts cannot feed the same
// bytes.
type jsonOut struct {
	b    []byte
	h    *maphash.Hash
	memo *memo // for the nodes' hashes; nil to hash them in place
}

// punct writes a byte of JSON punctuation.
func (o *jsonOut) punct(c byte) {
	if o.h != nil {
		o.h.WriteByte('p')
		o.h.WriteByte(c)
		return
	}
	o.b = append(o.b, c)
}

// str writes a string.
func (o *jsonOut) str(v string) {
	if o.h != nil {
		o.h.WriteByte('s')
		writeLen(o.h, len(v))
		o.h.WriteString(v)
		return
	}
	o.b = jsonstr.Append(o.b, v)
}

// int writes a number.
func (o *jsonOut) int(n int) {
	if o.h != nil {
		o.h.WriteByte('i')
		writeLen(o.h, n)
		return
	}
	o.b = strconv.AppendInt(o.b, int64(n), 10)
}

// node writes the node of an entity that a briefing names (see
// entityNode).
func (o *jsonOut) node(p *Page, e *site.Entity) {
	switch {
	case o.h == nil:
		o.b = p.entityNode(o.b, e)
	case o.memo != nil:
		o.h.WriteByte('n')
		writeLen(o.h, int(o.memo.node(p, e)))
	default:
		p.entityLD(o, e, false)
	}
}

// jsonObject writes a JSON object member by member: key and the value's
// writer are called in the order given, which must be the keys' order.
type jsonObject struct {
	out   *jsonOut
	first bool
}

func openObject(out *jsonOut) jsonObject {
	out.punct('{')
	return jsonObject{out: out, first: true}
}

// key writes the separator and the key of the next member.
func (o *jsonObject) key(k string) {
	if !o.first {
		o.out.punct(',')
	}
	o.first = false
	o.out.str(k)
	o.out.punct(':')
}

// str writes a member whose value is a string.
func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.out.str(v)
}

// strs writes a member whose value is a list of strings.
func (o *jsonObject) strs(k string, vs []string) {
	o.key(k)
	o.out.punct('[')
	for i, v := range vs {
		if i > 0 {
			o.out.punct(',')
		}
		o.out.str(v)
	}
	o.out.punct(']')
}

func (o *jsonObject) close() { o.out.punct('}') }

// entityLD writes the node of an entity: its type, name, page and the
// other names it goes by; a person's role, an event's dates and place;
// and sameAs its Wikidata item (and an outlet's website). The node of an
// entity's own page (page set) carries the context, its description and
// mainEntityOfPage too.
func (p *Page) entityLD(out *jsonOut, e *site.Entity, page bool) {
	url := p.Abs(e.URL)
	typ := schemaType(e.Kind)
	o := openObject(out)
	if page {
		o.str("@context", "https://schema.org")
	}
	o.str("@id", url+"#entity")
	o.str("@type", typ)
	if len(e.Aliases) > 0 {
		o.strs("alternateName", e.Aliases)
	}
	if page && e.Summary != "" {
		o.str("description", e.Summary)
	}
	if typ == "Event" && !e.EndDate.IsZero() {
		o.str("endDate", e.EndDate.ISO())
	}
	if typ == "Country" && e.Code != "" {
		o.str("identifier", e.Code)
	}
	if typ == "Person" && e.Role != "" {
		o.str("jobTitle", e.Role)
	}
	if typ == "Event" && e.Location != "" {
		o.str("location", e.Location)
	}
	if page {
		o.str("mainEntityOfPage", p.Abs(e.URL))
	}
	o.str("name", e.Name)
	if e.Website != "" || e.Wikidata != "" {
		var same []string
		if e.Website != "" {
			same = append(same, e.Website)
		}
		if e.Wikidata != "" {
			same = append(same, wikidataURL(e.Wikidata))
		}
		o.strs("sameAs", same)
	}
	if typ == "Event" && !e.Date.IsZero() {
		o.str("startDate", e.Date.ISO())
	}
	o.str("url", url)
	o.close()
}

// entityNode appends the node of an entity that a briefing names (as
// entityLD writes it without page): the same for every briefing, so it
// is written once per render and copied.
func (p *Page) entityNode(b []byte, e *site.Entity) []byte {
	if p.run == nil {
		out := &jsonOut{b: b}
		p.entityLD(out, e, false)
		return out.b
	}
	nodes := &p.run.set.nodes
	nodes.mu.RLock()
	node, ok := nodes.json[e]
	nodes.mu.RUnlock()
	if !ok {
		out := &jsonOut{}
		p.entityLD(out, e, false)
		node = out.b
		nodes.mu.Lock()
		if nodes.json == nil {
			nodes.json = map[*site.Entity][]byte{}
		}
		nodes.json[e] = node
		nodes.mu.Unlock()
	}
	return append(b, node...)
}

// entityNodes holds the JSON-LD node of each entity written in a render,
// by entityNode.
type entityNodes struct {
	mu   sync.RWMutex
	json map[*site.Entity][]byte
}

// briefingLD writes a briefing's article node.
func (p *Page) briefingLD(out *jsonOut, b *site.Briefing) {
	cfg := p.Site.Config
	url := p.Abs(b.URL)
	home := p.Abs("/")
	o := openObject(out)
	o.str("@context", "https://schema.org")
	o.str("@id", url+"#briefing")
	o.str("@type", cmp.Or(cfg.ArticleType, "NewsArticle"))
	// about: what the front matter names; mentions: what the body
	// mentions besides. Mentioned lists the front matter's names first.
	var named [64]bool
	fromFrontMatter := named[:0]
	for i := range p.Site.Kinds {
		for _, e := range b.MentionedIn(i) {
			bl, _ := e.BacklinkFrom(b)
			fromFrontMatter = append(fromFrontMatter, bl.FrontMatter)
		}
	}
	list := func(k string, frontMatter bool) {
		n, at := 0, -1
		for i := range p.Site.Kinds {
			for _, e := range b.MentionedIn(i) {
				if at++; fromFrontMatter[at] != frontMatter {
					continue
				}
				if n == 0 {
					o.key(k)
					out.punct('[')
				} else {
					out.punct(',')
				}
				n++
				out.node(p, e)
			}
		}
		if n > 0 {
			out.punct(']')
		}
	}
	list("about", true)
	o.key("author")
	out.punct('[')
	for i, a := range b.Authors {
		if i > 0 {
			out.punct(',')
		}
		if a.Person != nil {
			out.node(p, a.Person)
			continue
		}
		w := openObject(out)
		w.str("@type", "Person")
		w.str("name", a.Name)
		w.close()
	}
	if len(b.Authors) == 0 {
		// No byline: the site answers for it.
		a := openObject(out)
		a.str("@type", "Organization")
		a.str("name", cmp.Or(cfg.Author, cfg.Title))
		a.str("url", home)
		a.close()
	}
	out.punct(']')
	if len(b.Sources) > 0 {
		o.key("citation")
		out.punct('[')
		for i, src := range b.Sources {
			if i > 0 {
				out.punct(',')
			}
			c := openObject(out)
			c.str("@type", "CreativeWork")
			if src.Archive != "" {
				c.str("archivedAt", src.Archive)
			}
			c.str("name", src.Title)
			if src.Outlet != nil {
				c.key("publisher")
				out.node(p, src.Outlet)
			}
			if src.URL != "" {
				c.str("url", src.URL)
			}
			c.close()
		}
		out.punct(']')
	}
	if len(b.Corrections) > 0 {
		o.key("correction")
		out.punct('[')
		for i, c := range b.Corrections {
			if i > 0 {
				out.punct(',')
			}
			cc := openObject(out)
			cc.str("@type", "CorrectionComment")
			cc.str("datePublished", c.Date.ISO())
			cc.str("text", c.Text)
			cc.close()
		}
		out.punct(']')
	}
	o.str("dateModified", b.Modified().ISO())
	o.str("datePublished", b.Date.ISO())
	if b.Summary != "" {
		o.str("description", b.Summary)
	}
	o.str("headline", b.Title)
	o.str("inLanguage", p.Language())
	o.key("isPartOf")
	w := openObject(out)
	w.str("@type", "WebSite")
	w.str("name", cfg.Title)
	w.str("url", home)
	w.close()
	if len(b.Tags) > 0 {
		o.key("keywords")
		out.punct('[')
		for i, t := range b.Tags {
			if i > 0 {
				out.punct(',')
			}
			out.str(t.Name)
		}
		out.punct(']')
	}
	o.str("mainEntityOfPage", url)
	list("mentions", false)
	o.key("publisher")
	org := openObject(out)
	org.str("@type", "Organization")
	org.str("name", cfg.Title)
	org.str("url", home)
	org.close()
	o.str("url", url)
	if b.Words > 0 {
		o.key("wordCount")
		out.int(b.Words)
	}
	o.close()
}
