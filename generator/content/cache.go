package content

import (
	"strings"
	"sync"

	"briefings/generator/diag"
)

// Cache keeps the notes Load decoded, for watch and serve: LoadCached
// reads and decodes again only the files the cache was told changed
// (Forget), and replays the problems the others had. The zero value is
// not usable; make one with NewCache, and make a new one when site.toml
// changes (the kinds decide how notes decode).
type Cache struct {
	mu    sync.Mutex
	notes map[string]cachedNote // by path within content/
}

type cachedNote struct {
	kind, slug string
	note       *Note // nil when the file could not be used
	diags      []diag.Diagnostic
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{notes: map[string]cachedNote{}} }

// Forget drops the note at path (within content/, slash-separated) and
// every note below it when it names a folder; "" drops everything.
func (c *Cache) Forget(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	path = strings.Trim(path, "/")
	if path == "" {
		clear(c.notes)
		return
	}
	delete(c.notes, path)
	for p := range c.notes {
		if strings.HasPrefix(p, path+"/") {
			delete(c.notes, p)
		}
	}
}

// note returns the note at rel, decoding it with decode when the cache
// has no note for it under this kind and slug. Load fills in each note's
// Bundle, so the cache hands out copies.
func (c *Cache) note(rel, kind, slug string, diags *diag.List, decode func(*diag.List) *Note) *Note {
	if c == nil {
		return decode(diags)
	}
	c.mu.Lock()
	e, ok := c.notes[rel]
	c.mu.Unlock()
	if !ok || e.kind != kind || e.slug != slug {
		local := &diag.List{}
		e = cachedNote{kind: kind, slug: slug, note: decode(local), diags: local.Items()}
		c.mu.Lock()
		c.notes[rel] = e
		c.mu.Unlock()
	}
	diags.Append(e.diags)
	if e.note == nil {
		return nil
	}
	n := *e.note
	n.Bundle = nil
	return &n
}
