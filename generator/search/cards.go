package search

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"

	"briefings/generator/marking"
	"briefings/generator/publish"
	"briefings/generator/site"
)

const (
	// CardShard is the size the hover cards are cut into: a card's data
	// loads with the 8 KB or so of cards that share its shard.
	CardShard = 8 << 10
	// cardLatest is the number of briefings a card's data lists: a card
	// shows three, and on one of them still has three others.
	cardLatest = 4
	// cardSummary caps a card's one-line summary.
	cardSummary = 160
)

// Cards returns the data of the hover cards that layouts/assets/cards.js
// shows over links to people, countries and events, as script files
// (loaded with <script> tags, so that they work from file://):
//
//	cards/meta.js   the number and sizes of the shards, and the kinds
//	cards/N.js      the cards whose key hashes to N
//
// A card's key is its entity's URL without the leading slash
// ("people/vladimir-putin/"); its shard is the key's 32-bit FNV-1a hash
// modulo the number of shards, which cards.js computes the same way. A
// card holds the kind, name, flag (a country's code, lower case, which
// names its image, assets/flags/ua.svg), a line of facts (the
// role, an event's dates and place, a capital), a one-line summary, the
// number of briefings naming the entity and the latest four of them
// (a card shows three, leaving out the page it is shown on), and the
// markings of the entity's note and of those briefings, where they carry
// one (issue 24).
// Cards needs the backlinks: call it after Site.Link.
func Cards(s *site.Site) []publish.File {
	type card struct {
		key  string
		data []byte
	}
	var cards []card
	total := 0
	var buf bytes.Buffer
	for ki, k := range s.Kinds {
		for _, e := range s.Entities[k.Name] {
			buf.Reset()
			fmt.Fprintf(&buf, "[%d,", ki)
			writeString(&buf, e.Name)
			buf.WriteByte(',')
			// A country's code, lower case, which names its flag
			// (assets/flags/ua.svg).
			writeString(&buf, flagCode(e))
			buf.WriteByte(',')
			writeString(&buf, cardLine(e))
			buf.WriteByte(',')
			writeString(&buf, cardSummaryOf(e))
			fmt.Fprintf(&buf, ",%d,[", len(e.Backlinks))
			for i, bl := range e.Backlinks[:min(cardLatest, len(e.Backlinks))] {
				br := bl.Briefing
				if i > 0 {
					buf.WriteByte(',')
				}
				buf.WriteByte('[')
				writeString(&buf, strings.TrimPrefix(br.URL, "/"))
				buf.WriteByte(',')
				writeString(&buf, br.Title)
				buf.WriteByte(',')
				writeString(&buf, br.Date.ISO())
				buf.WriteByte(',')
				writeString(&buf, br.Date.Short())
				writeLabel(&buf, br.Label)
				buf.WriteByte(']')
			}
			buf.WriteByte(']')
			writeLabel(&buf, e.Label)
			buf.WriteByte(']')
			key := strings.TrimPrefix(e.URL, "/")
			cards = append(cards, card{key, bytes.Clone(buf.Bytes())})
			total += len(key) + buf.Len() + 4
		}
	}
	n := max(1, (total+CardShard-1)/CardShard)
	shards := make([]bytes.Buffer, n)
	for _, c := range cards {
		sh := &shards[CardShardOf(c.key, n)]
		if sh.Len() == 0 {
			fmt.Fprintf(sh, "briefingsCards.shard(%d,{", CardShardOf(c.key, n))
		} else {
			sh.WriteString(",\n")
		}
		writeString(sh, c.key)
		sh.WriteByte(':')
		sh.Write(c.data)
	}
	out := make([]publish.File, 0, n+1)
	sizes := make([]int, n)
	for i := range shards {
		sh := &shards[i]
		if sh.Len() == 0 {
			fmt.Fprintf(sh, "briefingsCards.shard(%d,{", i)
		}
		sh.WriteString("})\n")
		sizes[i] = sh.Len()
		out = append(out, publish.File{Path: fmt.Sprintf("cards/%d.js", i), Data: sh.Bytes()})
	}
	buf.Reset()
	buf.WriteString(`briefingsCards.meta({"kinds":[`)
	for i, k := range s.Kinds {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('[')
		writeString(&buf, k.Name)
		buf.WriteByte(',')
		writeString(&buf, k.Singular)
		buf.WriteByte(']')
	}
	buf.WriteString(`],"sizes":`)
	writeInts(&buf, sizes)
	buf.WriteString("})\n")
	return append(out, publish.File{Path: "cards/meta.js", Data: bytes.Clone(buf.Bytes())})
}

// writeLabel adds a marking to a card or one of its briefings, as
// ,["TLP:AMBER","#FFC000","#000000"]: its text and colours; nothing for
// the zero Label.
func writeLabel(buf *bytes.Buffer, l marking.Label) {
	if l.IsZero() {
		return
	}
	buf.WriteByte(',')
	writeStrings(buf, []string{l.Text, l.Color, l.Background})
}

// CardShardOf returns the shard of the card with the given key among n.
func CardShardOf(key string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

// cardLine is the line of facts under a card's name: a person's role, an
// event's dates and place, a country's capital.
func cardLine(e *site.Entity) string {
	var parts []string
	if e.Role != "" {
		parts = append(parts, e.Role)
	}
	if !e.Date.IsZero() {
		d := e.Date.Format()
		if !e.EndDate.IsZero() {
			d += " to " + e.EndDate.Format()
		}
		parts = append(parts, d)
	}
	if e.Location != "" {
		parts = append(parts, e.Location)
	}
	if e.Capital != "" && e.Role == "" {
		parts = append(parts, "Capital: "+e.Capital)
	}
	return strings.Join(parts, " · ")
}

// cardSummaryOf is a card's summary: the first sentence of the note's
// summary (or of its text, without one), cut at a word to about
// cardSummary bytes.
func cardSummaryOf(e *site.Entity) string {
	text := e.Summary
	if text == "" {
		text, _ = e.Text() // a read that fails leaves the card without a summary
	}
	text = strings.Join(strings.Fields(firstSentence(text)), " ")
	if len(text) <= cardSummary {
		return text
	}
	cut := strings.LastIndexByte(text[:cardSummary], ' ')
	if cut < cardSummary/2 {
		cut = cardSummary
		for !utf8.RuneStart(text[cut]) {
			cut--
		}
	}
	return strings.TrimRight(text[:cut], " ,;:") + "…"
}

// firstSentence returns text up to the end of its first sentence: the
// first full stop, question or exclamation mark followed by a space,
// after a few words and after a lower-case letter, a digit or a closing
// quote or bracket (so not "U.S. ").
func firstSentence(text string) string {
	for i := 20; i+1 < len(text) && i < 2*cardSummary; i++ {
		c := text[i]
		if c != '.' && c != '?' && c != '!' || text[i+1] != ' ' && text[i+1] != '\n' {
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); unicode.IsLower(r) || unicode.IsDigit(r) || strings.ContainsRune(`)"'”’`, r) {
			return text[:i+1]
		}
	}
	if i := strings.IndexByte(text, '\n'); i > 0 {
		return text[:i]
	}
	return text
}

// flagCode returns the lower-case ISO code of a country, which names its
// flag image, or "".
func flagCode(e *site.Entity) string {
	if e.Flag() == "" {
		return ""
	}
	return strings.ToLower(e.Code)
}
