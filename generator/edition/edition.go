// Package edition decides what one build publishes. It is the one filter
// of the pipeline: drafts, embargoes and markings are decided here and
// nowhere else, once per build, before anything is resolved or rendered,
// and every later stage (site, markdown, layout, search, feeds, exports)
// sees only what it lets through.
//
//	content.Tree ──Select(cfg, tree, rules)──▶ Edition
//	                 Published: the notes this build publishes
//	                 Withheld:  the others, each with its Reason
//
// A note is withheld when it is a draft (without Rules.Drafts), when its
// marking is above the audience, or, for a briefing, when its date is
// after Rules.Now (without Rules.Future): the embargo lifts at that
// instant, in the site's timezone when the date has no zone of its own.
//
// Besides the notes, an Edition answers the questions later stages ask
// about what they must not show: whether a name or a URL belongs to a
// withheld note (WithheldName, so that a mention of it becomes plain text
// and no stub page is made for it), what marking a published note
// carries (Label), and when the next embargo lifts (Next).
//
// The key types are Edition, Rules and Withheld.
package edition

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"briefings/generator/config"
	"briefings/generator/content"
	"briefings/generator/diag"
	"briefings/generator/marking"
)

// Rules say what a build publishes besides what the site says.
type Rules struct {
	// Audience is the highest marking published; the zero Label means
	// site.toml's audience, or the scheme's lowest label.
	Audience marking.Label
	// Drafts publishes notes marked draft.
	Drafts bool
	// Future publishes briefings whose embargo has not lifted.
	Future bool
	// Now is the moment that decides which embargoes have lifted.
	Now time.Time
}

// Reason says why a note is withheld.
type Reason int

// The reasons a note is withheld, in the order they are decided: a draft
// is a draft whatever its marking, and a note marked above the audience
// is withheld whatever its date.
const (
	// Draft is a note marked draft = true.
	Draft Reason = iota + 1
	// Marked is a note whose marking is above the audience.
	Marked
	// Embargoed is a briefing dated after Rules.Now.
	Embargoed
)

// String names the reason for messages: "a draft", "marked above the
// audience", "embargoed".
func (r Reason) String() string {
	switch r {
	case Draft:
		return "a draft"
	case Marked:
		return "marked above the audience"
	case Embargoed:
		return "embargoed"
	}
	return "withheld"
}

// Withheld is a note the build does not publish, and why.
type Withheld struct {
	Note   *content.Note
	Reason Reason
	// Label is the note's marking (the default when it carries none).
	Label marking.Label
	// Until is the instant a briefing's embargo lifts; zero for the
	// other notes.
	Until time.Time
}

// Edition is what one build publishes.
type Edition struct {
	// Scheme is the site's markings.
	Scheme *marking.Scheme
	// Audience is the highest marking this edition publishes.
	Audience marking.Label
	// Rules are the rules it was selected with, Now filled in.
	Rules Rules
	// Location is the site's timezone, which places dates written
	// without a zone.
	Location *time.Location
	// Published are the notes published, in path order.
	Published []*content.Note
	// Withheld are the notes withheld, in path order.
	Withheld []Withheld
	// Marked is set when some note carries a marking, its own or
	// site.toml's default_tlp: only then do pages show banners.
	Marked bool

	labels map[*content.Note]marking.Label
	// names maps the Slug of each name, alias and slug of a withheld
	// entity note, and of each slug and title of a withheld briefing, to
	// the kinds ("people", "briefings") that have it withheld.
	names map[string][]string
	// urls are the pages the withheld notes would have had.
	urls map[string]bool
}

// Select sorts the notes of tree into published and withheld, for the
// site cfg describes under rules. A marking that is not a label of the
// site's scheme is an error at its line; such a note is withheld as if
// it carried the highest label, so that nothing it holds is published
// while the error is fixed.
func Select(cfg *config.Site, tree *content.Tree, rules Rules, diags *diag.List) *Edition {
	if rules.Now.IsZero() {
		rules.Now = time.Now()
	}
	scheme := cfg.Scheme()
	ed := &Edition{Scheme: scheme, Audience: rules.Audience, Rules: rules, Location: cfg.Location(),
		labels: map[*content.Note]marking.Label{}, names: map[string][]string{}, urls: map[string]bool{}}
	if ed.Audience.IsZero() {
		ed.Audience = cfg.AudienceLabel()
	}
	def, defSet := cfg.Default()
	ed.Marked = defSet
	unmarked := 0
	var firstUnmarked *content.Note
	for _, n := range tree.Notes {
		label := def
		if !defSet {
			label = marking.Label{Rank: def.Rank}
		}
		if text := n.Marking(); strings.TrimSpace(text) != "" {
			ed.Marked = true
			l, err := scheme.Parse(text)
			if err != nil {
				diags.Errorf(diag.Pos{File: n.Path, Line: max(n.Lines["tlp"], 1)}, "tlp: %v", err)
				l = scheme.Highest()
			}
			label = l
		} else if n.Page == nil {
			unmarked++
			if firstUnmarked == nil {
				firstUnmarked = n
			}
		}
		w := Withheld{Note: n, Label: label}
		if n.Briefing != nil {
			date := n.Briefing.Date.In(ed.Location)
			if !rules.Future && date.Time.After(rules.Now.AddDate(1, 0, 0)) {
				// Most likely a slip of the year, and the briefing
				// would vanish without a word until then.
				diags.Warnf(diag.Pos{File: n.Path, Line: max(n.Lines["date"], 1)}, "date %s is more than a year ahead (%s from now): is the year right? The briefing is embargoed until then and left out of the site (--future shows it)",
					date.ISO(), howFar(rules.Now, date.Time))
			}
			if !rules.Future && date.Time.After(rules.Now) {
				w.Reason, w.Until = Embargoed, date.Time
			}
		}
		if label.Rank > ed.Audience.Rank {
			w.Reason = Marked
		}
		if n.Draft() && !rules.Drafts {
			w.Reason = Draft
		}
		if w.Reason == 0 {
			ed.Published = append(ed.Published, n)
			ed.labels[n] = label
			continue
		}
		ed.Withheld = append(ed.Withheld, w)
		ed.index(n)
	}
	if ed.Marked && !defSet && unmarked > 0 {
		// Markings are in use, and a note without one is published to
		// every audience: say so once, where to say otherwise.
		diags.Warnf(diag.Pos{File: "site.toml"}, "%s no tlp, and site.toml sets no default_tlp, so %s published to every audience as %s (%s is the first): add default_tlp = %q to site.toml (or another label) to say what an unmarked note is",
			plural(unmarked, "note has", "notes have"), pronoun(unmarked), scheme.Lowest().Text, firstUnmarked.Path, scheme.Lowest().Name)
	}
	return ed
}

// index records the names and page of a withheld note.
func (ed *Edition) index(n *content.Note) {
	add := func(kind, name string) {
		if key := content.Slug(name); key != "" && !slices.Contains(ed.names[key], kind) {
			ed.names[key] = append(ed.names[key], kind)
		}
	}
	switch {
	case n.Entity != nil:
		add(n.Kind, n.Slug)
		add(n.Kind, n.Entity.Name)
		for _, a := range n.Entity.Aliases {
			add(n.Kind, a)
		}
		add(n.Kind, n.Entity.Wikidata)
		ed.urls["/"+n.Kind+"/"+n.Slug+"/"] = true
	case n.Briefing != nil:
		add(content.KindBriefing, n.Slug)
		add(content.KindBriefing, n.Briefing.Title)
		for _, a := range n.Briefing.Aliases {
			add(content.KindBriefing, a)
		}
		ed.urls["/briefings/"+n.Slug+"/"] = true
	case n.Page != nil:
		ed.urls["/"+n.Slug+"/"] = true
	}
}

// Label returns the marking of a published note: its own, or the
// default. It is the zero Label for a note that carries none when
// site.toml sets no default_tlp: such a note shows no banner.
func (ed *Edition) Label(n *content.Note) marking.Label { return ed.labels[n] }

// IsPublished reports whether the note is published.
func (ed *Edition) IsPublished(n *content.Note) bool {
	_, ok := ed.labels[n]
	return ok
}

// WithheldName reports whether name (a name, alias, slug or, for
// briefings, a title) is one of a withheld note of the kind: an entity
// kind, "briefings", or "" for any. A published note may have the same
// name: ask the published site first.
func (ed *Edition) WithheldName(kind, name string) bool {
	kinds := ed.names[content.Slug(name)]
	return len(kinds) > 0 && (kind == "" || slices.Contains(kinds, kind))
}

// WithheldURL reports whether url (a path from the site root, such as
// "/people/olena-kovalenko/") is the page of a withheld note, or a path
// inside its folder, where its bundle's files would be
// ("/briefings/2025-02-05-raid/map.png"). A published page may live
// inside the folder of a withheld one: ask the published site first.
func (ed *Edition) WithheldURL(url string) bool {
	path, _, _ := strings.Cut(url, "#")
	path, _, _ = strings.Cut(path, "?")
	if !strings.HasSuffix(path, "/") {
		path = strings.TrimSuffix(path, "index.html")
	}
	for path != "" {
		if ed.urls[path] {
			return true
		}
		i := strings.LastIndex(strings.TrimSuffix(path, "/"), "/")
		if i <= 0 {
			break
		}
		path = path[:i+1]
	}
	return false
}

// Count returns how many notes are withheld for the reason.
func (ed *Edition) Count(r Reason) int {
	n := 0
	for _, w := range ed.Withheld {
		if w.Reason == r {
			n++
		}
	}
	return n
}

// Next returns the embargoed briefings whose embargo lifts first, all
// at the same instant, and that instant; none when no embargo is
// pending. Drafts and briefings marked above the audience are not
// among them: the time alone does not publish them.
func (ed *Edition) Next() (at time.Time, notes []Withheld) {
	for _, w := range ed.Withheld {
		if w.Reason != Embargoed {
			continue
		}
		switch c := cmp.Compare(w.Until.UnixNano(), at.UnixNano()); {
		case at.IsZero() || c < 0:
			at, notes = w.Until, []Withheld{w}
		case c == 0:
			notes = append(notes, w)
		}
	}
	return at, notes
}

// Pending returns every embargoed briefing, the soonest first.
func (ed *Edition) Pending() []Withheld {
	var out []Withheld
	for _, w := range ed.Withheld {
		if w.Reason == Embargoed {
			out = append(out, w)
		}
	}
	slices.SortStableFunc(out, func(a, b Withheld) int { return a.Until.Compare(b.Until) })
	return out
}

// howFar says how far from now a date more than a year ahead is: in
// months below two years, in years beyond ("14 months", "37 years").
func howFar(now, date time.Time) string {
	months := (date.Year()-now.Year())*12 + int(date.Month()-now.Month())
	if date.Day() < now.Day() {
		months--
	}
	if months < 24 {
		return fmt.Sprintf("%d months", months)
	}
	return fmt.Sprintf("%d years", months/12)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func pronoun(n int) string {
	if n == 1 {
		return "it is"
	}
	return "they are"
}
