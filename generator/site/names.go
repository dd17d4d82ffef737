package site

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
)

// namesSeed seeds NamesHash; hashes are compared within one process only.
var namesSeed = maphash.MakeSeed()

// NamesHash hashes everything a rendered body depends on besides its own
// text and page: the names, aliases and slugs that wikilinks resolve
// against (with what each resolves to) and the patterns of automatic
// mentions. Watch and serve keep a body's rendering while the hash stays
// the same; a new or renamed entity, alias or briefing title changes it.
func (s *Site) NamesHash() uint64 {
	var h maphash.Hash
	h.SetSeed(namesSeed)
	str := func(v string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(v)))
		h.Write(n[:])
		h.WriteString(v)
	}
	for _, k := range s.Kinds {
		str(k.Name)
		str(k.Singular)
	}
	keys := make([]string, 0, len(s.names))
	for k := range s.names {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		str(k)
		for _, e := range s.names[k] {
			str(e.Kind.Name)
			str(e.Slug)
			str(e.URL)
			str(e.Name)
		}
	}
	keys = keys[:0]
	for k := range s.briefings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b := s.briefings[k]
		str(k)
		str(b.Slug)
		str(b.URL)
		str(b.Title)
	}
	str("patterns")
	for _, p := range s.Patterns() {
		str(p.Text)
		if p.CaseSensitive {
			str("case")
		}
		str(p.Target.Key)
		str(p.Target.URL)
		str(p.Target.Title)
	}
	return h.Sum64()
}
