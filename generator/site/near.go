package site

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"briefings/generator/content"
)

// A near miss is a name that matches no note or alias but comes close to
// one, so that it is most likely a slip of the keyboard: `Vladmir Putin`
// for Vladimir Putin, `Ukriane` for Ukraine. The rules (docs/content.md
// has them for users) compare names word by word, after Slug has folded
// case and accents and nearFold the letters it keeps (ł, ø, ß):
//
//   - the same words written apart or together: `PeteHegseth`;
//   - the same two or more words in another order: `Putin Vladimir`;
//   - a short word (three letters at most: an initial, "of", "bin") more
//     or less in the middle, the first and last words the same: `Lloyd
//     Austin` for Lloyd J. Austin (a word missing at either end is another
//     name: Sudan is not South Sudan, Jordan is not Jordan Peterson, and a
//     longer one is a name of its own: Marco Antonio González);
//   - the same number of words, each starting with the same letter, with
//     one or two slips in all: a letter left out, added or swapped with
//     its neighbour, or a letter struck for a key beside it. A word of
//     fewer than four letters must be exact (Kim Jong Un is not Kim Jong
//     Il); one of four letters takes no struck key (Iran is not Iraq, Mali
//     is not Bali); only a word of ten letters or more takes two slips;
//     and in a person's name a vowel more or less at the end of a word is
//     not a slip, as names differ just so in many languages (Ivan and
//     Ivana, Petrov and Petrova, Santos and Santoso), though Ukrain is a
//     slip for Ukraine.
//
// Real names differ by one letter too (Iceland and Ireland, Gambia and
// Zambia, Jansen and Jensen): a struck key must be beside the one meant
// and a word's first letter is never a slip, which keeps those apart.
// What is left is rare, and an editor settles it by giving the name a
// note of its own.

// nearIndex finds the known names a name comes close to. Lookups cost
// a few map reads per word, not a comparison with every name: a site of
// 10,000 briefings has some 1,000 people and 200 names without a note.
// It is built once and then only read, by any number of goroutines.
type nearIndex struct {
	entries []nearEntry
	// exact maps an entry's words, joined by hyphens, to the entry;
	// joined maps them written together, for two words or more; dropped
	// maps them less a short one in the middle, for three or more.
	exact, joined, dropped map[string][]int32
	// byWord lists the entries holding a word; words lists the words by
	// first letter and length, the only ones a slip can reach.
	byWord map[string][]int32
	words  map[wordShape][]string
}

// nearEntry is one name of the index, with what it stands for.
type nearEntry struct {
	words  []string
	slug   string
	name   string
	entity *Entity
}

// maxNearWords is the most words a name can have for a word more or
// less in its middle to count as a near miss: names are short, and each
// such word costs a copy of the name in the index.
const maxNearWords = 8

// nearMatch is a known name close to the one looked up.
type nearMatch struct {
	// Name is the known spelling, a name or an alias of Entity.
	Name   string
	Entity *Entity
	cost   int
}

func newNearIndex() *nearIndex {
	return &nearIndex{
		exact: map[string][]int32{}, joined: map[string][]int32{}, dropped: map[string][]int32{},
		byWord: map[string][]int32{}, words: map[wordShape][]string{},
	}
}

// nearWords returns the Slug of name, and the words the near-miss rules
// compare: Slug's words, with the letters Slug keeps as they are (ł, ø,
// ß, æ) spelt in plain Latin; folded is those words joined by hyphens.
func nearWords(name string) (slug, folded string, words []string) {
	slug = content.Slug(name)
	if slug == "" {
		return "", "", nil
	}
	folded = slug
	for _, r := range slug {
		if _, ok := nearFolds[r]; ok {
			var b strings.Builder
			for _, r := range slug {
				if f, ok := nearFolds[r]; ok {
					b.WriteString(f)
				} else {
					b.WriteRune(r)
				}
			}
			folded = b.String()
			break
		}
	}
	return slug, folded, strings.Split(folded, "-")
}

// nearFolds spells the Latin letters that have no accent to fold away.
var nearFolds = map[rune]string{
	'ł': "l", 'ø': "o", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h", 'ŋ': "n",
}

// add indexes name, a name or alias of e.
func (x *nearIndex) add(name string, e *Entity) {
	slug, folded, words := nearWords(name)
	if len(words) == 0 {
		return
	}
	for _, other := range x.exact[folded] {
		if x.entries[other].entity == e {
			return // the same name twice, or a slug of it
		}
	}
	id := int32(len(x.entries))
	x.entries = append(x.entries, nearEntry{words: words, slug: slug, name: name, entity: e})
	x.exact[folded] = append(x.exact[folded], id)
	if len(words) > 1 {
		joined := strings.ReplaceAll(folded, "-", "")
		x.joined[joined] = append(x.joined[joined], id)
	}
	for i := 1; i < len(words)-1 && len(words) <= maxNearWords; i++ {
		if utf8.RuneCountInString(words[i]) <= 3 {
			key := strings.Join(slices.Concat(words[:i], words[i+1:]), "-")
			x.dropped[key] = append(x.dropped[key], id)
		}
	}
	for _, w := range words {
		if ids := x.byWord[w]; len(ids) == 0 || ids[len(ids)-1] != id {
			if len(ids) == 0 {
				shape := shapeOf(w)
				x.words[shape] = append(x.words[shape], w)
			}
			x.byWord[w] = append(ids, id)
		}
	}
}

// sameWords reports whether a and b hold the same words, in any order.
func sameWords(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// find returns the known names closest to name, at most a few and the
// closest first, or nil when none is near; keep, when not nil, says
// which entities may be returned. A name that an entry spells exactly is
// no near miss.
func (x *nearIndex) find(name string, keep func(*Entity) bool) []nearMatch {
	if x == nil {
		return nil
	}
	slug, folded, words := nearWords(name)
	if len(words) == 0 {
		return nil
	}
	for _, id := range x.exact[folded] {
		if x.entries[id].slug == slug {
			return nil
		}
	}
	best := map[*Entity]nearMatch{}
	consider := func(id int32, cost int) {
		e := x.entries[id]
		if keep != nil && !keep(e.entity) {
			return
		}
		if m, ok := best[e.entity]; !ok || cost < m.cost || cost == m.cost && e.name < m.Name {
			best[e.entity] = nearMatch{Name: e.name, Entity: e.entity, cost: cost}
		}
	}
	// The same words once the letters Slug keeps are folded too, or
	// written apart or together.
	for _, id := range x.exact[folded] {
		consider(id, 1)
	}
	joined := strings.ReplaceAll(folded, "-", "")
	for _, id := range x.joined[joined] {
		consider(id, 1)
	}
	if len(words) > 1 {
		for _, id := range x.byWord[joined] {
			if len(x.entries[id].words) == 1 {
				consider(id, 1)
			}
		}
		// The same words in another order.
		for _, id := range x.byWord[words[0]] {
			if e := x.entries[id].words; len(e) == len(words) && sameWords(e, words) {
				consider(id, 1)
			}
		}
		// A short word more in the entry, in the middle.
		for _, id := range x.dropped[folded] {
			consider(id, 1)
		}
	}
	// A short word more in the name, in the middle.
	for i := 1; i < len(words)-1 && len(words) <= maxNearWords+1; i++ {
		if utf8.RuneCountInString(words[i]) > 3 {
			continue
		}
		for _, id := range x.exact[strings.Join(slices.Concat(words[:i], words[i+1:]), "-")] {
			consider(id, 1)
		}
	}
	x.findSlips(words, consider)

	if len(best) == 0 {
		return nil
	}
	out := make([]nearMatch, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b nearMatch) int {
		return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Entity.Key(), b.Entity.Key()))
	})
	// Only the closest, and no more than three of them.
	n := 1
	for n < len(out) && n < 3 && out[n].cost == out[0].cost {
		n++
	}
	return out[:n]
}

// findSlips calls consider with each entry of as many words as words
// whose words are each close to the word at the same place, and the
// number of slips.
func (x *nearIndex) findSlips(words []string, consider func(id int32, cost int)) {
	// The words close to each word of the name; the entries to try are
	// those holding one close to the word that has the fewest.
	close := make([][]string, len(words))
	least, fewest := -1, 0
	for i, w := range words {
		close[i] = x.closeWords(w)
		n := 0
		for _, c := range close[i] {
			n += len(x.byWord[c])
		}
		if n == 0 {
			return
		}
		if least < 0 || n < fewest {
			least, fewest = i, n
		}
	}
	for _, c := range close[least] {
		for _, id := range x.byWord[c] {
			e := x.entries[id].words
			if len(e) != len(words) || e[least] != c {
				continue
			}
			if cost, ok := slips(words, e, x.entries[id].entity.Kind.Name == "people"); ok {
				consider(id, cost)
			}
		}
	}
}

// wordShape is the first letter and length (in letters) of a word.
type wordShape struct {
	first rune
	n     int
}

func shapeOf(w string) wordShape {
	first, _ := utf8.DecodeRuneInString(w)
	return wordShape{first, utf8.RuneCountInString(w)}
}

// closeWords returns the words of the index that are w or w with slips
// within the rules, as for a name other than a person's (which takes
// fewer); each starts with w's letter and is at most two letters longer
// or shorter.
func (x *nearIndex) closeWords(w string) []string {
	var out []string
	if len(x.byWord[w]) > 0 {
		out = append(out, w)
	}
	shape := shapeOf(w)
	if shape.n < 4 {
		return out
	}
	for n := shape.n - 2; n <= shape.n+2; n++ {
		for _, c := range x.words[wordShape{shape.first, n}] {
			if _, ok := slip(w, c, false); ok && c != w {
				out = append(out, c)
			}
		}
	}
	return out
}

// slips reports whether the words a and b (as many of each) differ only
// by slips within the rules, and by how many in all: one or two. person
// says they are a person's name.
func slips(a, b []string, person bool) (int, bool) {
	total, letters := 0, 0
	for i := range a {
		n, ok := slip(a[i], b[i], person)
		if !ok {
			return 0, false
		}
		total += n
		letters += min(utf8.RuneCountInString(a[i]), utf8.RuneCountInString(b[i]))
	}
	limit := 1
	if letters >= 12 {
		limit = 2
	}
	return total, total >= 1 && total <= limit
}

// slip reports whether word a is word b with slips within the rules,
// and how many: 0 for the same word. person says they are words of a
// person's name.
func slip(a, b string, person bool) (int, bool) {
	if a == b {
		return 0, true
	}
	// Words are short: their letters and osa's rows stay on the stack.
	var bufA, bufB [32]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	short := min(len(ra), len(rb))
	if short < 4 || ra[0] != rb[0] {
		return 0, false
	}
	limit := 1
	if short >= 10 {
		limit = 2
	}
	d := osa(ra, rb, limit)
	if d > limit {
		return 0, false
	}
	if d == 1 {
		switch {
		case len(ra) == len(rb):
			// A swap of neighbours, or one letter struck for another:
			// only for a key beside it, and not in a word of four.
			i := 0
			for ra[i] == rb[i] {
				i++
			}
			swapped := i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i]
			if !swapped && (short < 5 || !besideOnKeyboard(ra[i], rb[i])) {
				return 0, false
			}
		default:
			// A letter more or less. At the end of a word it takes a
			// word of five letters, six in a person's name, where it
			// must not be a vowel either, unless doubled (Zelenskyy).
			long, shrt := ra, rb
			if len(rb) > len(ra) {
				long, shrt = rb, ra
			}
			last := long[len(long)-1]
			if slices.Equal(long[:len(long)-1], shrt) {
				vowel := strings.ContainsRune("aeiouy", last) && last != long[len(long)-2]
				if short < 5 || person && (short < 6 || vowel) {
					return 0, false
				}
			}
		}
	}
	return d, true
}

// osa is the optimal string alignment distance of a and b (insertions,
// deletions, substitutions and swaps of neighbours), or limit+1 when it
// is more than limit.
func osa(a, b []rune, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	var rows [3][33]int
	if len(b) >= len(rows[0]) {
		return osaLong(a, b, limit)
	}
	prev2, prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	return osaRows(a, b, limit, prev2, prev, cur)
}

// osaLong is osa for a word too long for the rows on the stack.
func osaLong(a, b []rune, limit int) int {
	return osaRows(a, b, limit, make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1))
}

// osaRows is osa, working in three rows of len(b)+1.
func osaRows(a, b []rune, limit int, prev2, prev, cur []int) int {
	// Only the cells within limit of the diagonal can stay within limit:
	// the rest count as limit+1, so a long word costs its length, not
	// its square.
	far := limit + 1
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		least := far
		if lo == 1 {
			cur[0] = i
			least = min(least, i)
		} else {
			cur[lo-1] = far
		}
		if hi < len(b) {
			cur[hi+1] = far
		}
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			least = min(least, cur[j])
		}
		if least > limit {
			return far
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], far)
}

// appendRunes appends the letters of s to buf.
func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// keyboardRows are the letter rows of a QWERTY keyboard, each shifted by
// about half a key from the one above.
var keyboardRows = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// besideOnKeyboard reports whether the letters a and b are keys next to
// each other on a QWERTY keyboard, in a row or between rows.
func besideOnKeyboard(a, b rune) bool {
	if a >= utf8.RuneSelf || b >= utf8.RuneSelf {
		return false
	}
	row := func(c rune) (int, int) {
		for i, r := range keyboardRows {
			if j := strings.IndexRune(r, c); j >= 0 {
				return i, j
			}
		}
		return -1, -1
	}
	ra, ca := row(a)
	rb, cb := row(b)
	if ra < 0 || rb < 0 {
		return false
	}
	switch ra - rb {
	case 0:
		return abs(ca-cb) == 1
	case 1: // a is on the row below b: its key sits under b's and the next
		return cb == ca || cb == ca+1
	case -1:
		return ca == cb || ca == cb+1
	}
	return false
}
