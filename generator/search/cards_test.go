package search_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"briefings/generator/search"
	"briefings/generator/sitetest"
)

// cardMeta is cards/meta.js, read back.
type cardMeta struct {
	Kinds [][2]string `json:"kinds"`
	Sizes []int       `json:"sizes"`
}

// readCards reads cards/meta.js and every shard, checking that each card
// is in the shard search.CardShardOf names and that meta.js gives each
// shard's size; it returns the cards by key.
func readCards(t *testing.T, r *sitetest.Result) (cardMeta, map[string][]any) {
	t.Helper()
	var meta cardMeta
	m := regexp.MustCompile(`^briefingsCards\.meta\((.*)\)\n$`).FindStringSubmatch(r.File("cards/meta.js"))
	if m == nil {
		t.Fatalf("cards/meta.js is not a call to briefingsCards.meta: %s", r.File("cards/meta.js"))
	}
	if err := json.Unmarshal([]byte(m[1]), &meta); err != nil {
		t.Fatalf("cards/meta.js: %v", err)
	}
	cards := map[string][]any{}
	for i, size := range meta.Sizes {
		name := fmt.Sprintf("cards/%d.js", i)
		data := r.File(name)
		if len(data) != size {
			t.Errorf("%s is %d bytes, meta.js says %d", name, len(data), size)
		}
		m := regexp.MustCompile(`(?s)^briefingsCards\.shard\((\d+),(.*)\)\n$`).FindStringSubmatch(data)
		if m == nil || m[1] != strconv.Itoa(i) {
			t.Fatalf("%s is not a call to briefingsCards.shard(%d, ...): %.200s", name, i, data)
		}
		var shard map[string][]any
		if err := json.Unmarshal([]byte(m[2]), &shard); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for key, c := range shard {
			if got := search.CardShardOf(key, len(meta.Sizes)); got != i {
				t.Errorf("card %q is in shard %d, but its key hashes to %d", key, i, got)
			}
			if _, dup := cards[key]; dup {
				t.Errorf("card %q is in two shards", key)
			}
			cards[key] = c
		}
	}
	if r.Exists(fmt.Sprintf("cards/%d.js", len(meta.Sizes))) {
		t.Errorf("a cards shard beyond those meta.js lists")
	}
	return meta, cards
}

// TestCardsHoldWhatAHoverCardShows: each person, country and event has a
// card with its kind, name, flag, a line of facts, a one-line summary,
// the number of briefings naming it and the latest four of them, newest
// first; an entity without a note gets a card too.
func TestCardsHoldWhatAHoverCardShows(t *testing.T) {
	r := sitetest.Build(t, `
-- site.toml --
title = "Test"
base_url = "https://example.org/"
-- content/people/pete-hegseth.md --
+++
name = "Pete Hegseth"
role = "U.S. Defense Secretary"
+++
Pete Hegseth is the U.S. Defense Secretary. He spoke in Brussels.
-- content/countries/ukraine.md --
+++
name = "Ukraine"
code = "UA"
capital = "Kyiv"
summary = "A country at war since 2022. Its capital is Kyiv."
+++
-- content/events/contact-group.md --
+++
name = "Contact Group"
date = 2025-02-12
location = "Brussels"
+++
A meeting of allies.
-- content/briefings/a.md --
+++
title = "First"
date = 2025-02-01
people = ["Pete Hegseth"]
+++
Body.
-- content/briefings/b.md --
+++
title = "Second"
date = 2025-02-02
people = ["Pete Hegseth", "Mark Rutte"]
+++
Body.
-- content/briefings/c.md --
+++
title = "Third"
date = 2025-02-03
+++
[[Pete Hegseth]] in [[Ukraine]].
-- content/briefings/d.md --
+++
title = "Fourth \"quoted\""
date = 2025-02-04
people = ["Pete Hegseth"]
+++
Body.
-- content/briefings/e.md --
+++
title = "Fifth"
date = 2025-02-05
people = ["Pete Hegseth"]
+++
Body.
`)
	meta, cards := readCards(t, r)
	if want := [][2]string{{"people", "person"}, {"countries", "country"}, {"events", "event"}, {"outlets", "outlet"}}; fmt.Sprint(meta.Kinds) != fmt.Sprint(want) {
		t.Errorf("kinds %v, want %v", meta.Kinds, want)
	}
	want := map[string]string{
		"people/pete-hegseth/": `[0 Pete Hegseth  U.S. Defense Secretary Pete Hegseth is the U.S. Defense Secretary. 5 ` +
			`[[briefings/e/ Fifth 2025-02-05 5 Feb 2025] [briefings/d/ Fourth “quoted” 2025-02-04 4 Feb 2025] ` +
			`[briefings/c/ Third 2025-02-03 3 Feb 2025] [briefings/b/ Second 2025-02-02 2 Feb 2025]]]`,
		"countries/ukraine/":    `[1 Ukraine ua Capital: Kyiv A country at war since 2022. 1 [[briefings/c/ Third 2025-02-03 3 Feb 2025]]]`,
		"events/contact-group/": `[2 Contact Group  12 February 2025 · Brussels A meeting of allies. 0 []]`,
		"people/mark-rutte/":    `[0 Mark Rutte    1 [[briefings/b/ Second 2025-02-02 2 Feb 2025]]]`,
	}
	for key, w := range want {
		c, ok := cards[key]
		if !ok {
			t.Errorf("no card for %s", key)
			continue
		}
		if got := fmt.Sprint(c); got != w {
			t.Errorf("card %s:\n got %s\nwant %s", key, got, w)
		}
	}
	if len(cards) != len(want) {
		t.Errorf("%d cards, want %d (one for each entity)", len(cards), len(want))
	}
	r.Contains("briefings/a/index.html", `<script src="../../assets/cards.js" defer></script>`)
	r.Contains("assets/cards.js", "briefingsCards")
}

// TestCardsAreShardedBySize: the cards of a site of many entities are
// cut into shards of about search.CardShard bytes, so that a page loads
// only the shards of the links it has.
func TestCardsAreShardedBySize(t *testing.T) {
	var archive strings.Builder
	archive.WriteString("-- site.toml --\ntitle = \"Test\"\nbase_url = \"https://example.org/\"\n")
	for i := range 300 {
		fmt.Fprintf(&archive, "-- content/people/p%d.md --\n+++\nname = \"Person %d\"\nrole = \"Minister of things number %d\"\n+++\nPerson %d is a minister of several things, all of them important.\n", i, i, i, i)
	}
	// A person whose slug is not ASCII: its key hashes as UTF-8.
	archive.WriteString("-- content/people/володимир-зеленський.md --\n+++\nname = \"Володимир Зеленський\"\n+++\nThe President of Ukraine.\n")
	r := sitetest.Build(t, archive.String())
	r.NoProblems()
	meta, cards := readCards(t, r)
	if len(cards) != 301 {
		t.Errorf("%d cards, want 301", len(cards))
	}
	if len(meta.Sizes) < 5 {
		t.Errorf("%d shards for %d cards, want them cut into several", len(meta.Sizes), len(cards))
	}
	total := 0
	for _, s := range meta.Sizes {
		total += s
	}
	if avg := total / len(meta.Sizes); avg > search.CardShard*5/4 {
		t.Errorf("shards are %d bytes on average, want about %d", avg, search.CardShard)
	}
	if _, ok := cards["people/володимир-зеленський/"]; !ok {
		t.Errorf("no card for the person with a Cyrillic slug")
	}
}
