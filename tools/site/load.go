package main

import (
	"sort"
	"strconv"
	"strings"

	"github.com/bounce-explainer/bounce/kb"
	"github.com/bounce-explainer/bounce/kb/kbform"
)

// model is the knowledge base arranged the ways the site presents it.
type model struct {
	entries   []*kb.Entry
	byID      map[string]*kb.Entry
	reasons   []*group // one per reason of the vocabulary that has entries
	providers []*group // one per provider name, sorted by name
	reply     []*codeRow
	status    []*codeRow
	kinds     map[kbform.Kind]int
}

// group is a set of entries listed on one index page.
type group struct {
	Key     string // reason name or provider slug: the page's folder
	Label   string // what people read
	Head    *kb.Entry
	Entries []*kb.Entry
}

// codeRow is one line of the codes page: a reply code or an enhanced status
// code (its class folded: 4.7.26, 5.7.26 and X.7.26 share a row) and the
// entries that explain it. Entries of the code's own kind come first.
type codeRow struct {
	Anchor  string
	Label   string
	Forms   []string    // the codes as entries write them
	Entries []*kb.Entry // all entries listing the code, own entry first
	Own     *kb.Entry   // the code's own reply or status entry, else the best other
	Others  []*kb.Entry // the rest of Entries
	sortKey []int
}

// reasonSection is a heading on the KB home and the reasons page: the
// reasons of the vocabulary grouped by what went wrong, so a reader scans a
// handful of topics instead of 36 names.
type reasonSection struct {
	Title   string
	Reasons []string
	Groups  []*group
}

// reasonSections orders the vocabulary for reading. A reason missing here
// still appears, under "Other".
var reasonSections = []reasonSection{
	{Title: "The recipient's address or mailbox", Reasons: []string{"userunknown", "hostunknown", "hasmoved", "mailboxfull", "suspend", "exceedlimit", "filtered", "notaccept", "systemfull"}},
	{Title: "The sender's reputation, identity or policy", Reasons: []string{"blocked", "badreputation", "spamdetected", "authfailure", "requireptr", "rejected", "norelaying", "policyviolation", "securityerror", "suppressed", "virusdetected"}},
	{Title: "The message itself", Reasons: []string{"mesgtoobig", "contenterror", "notcompliantrfc"}},
	{Title: "Servers, network and sending speed", Reasons: []string{"expired", "networkerror", "systemerror", "mailererror", "failedstarttls", "toomanyconn", "speeding", "syntaxerror", "onhold"}},
	{Title: "Not a failure, or not classified", Reasons: []string{"delivered", "vacation", "feedback", "undefined"}},
}

// commonReasons are the bounces most people meet, shown first on the KB
// home so the usual answer is one click away.
var commonReasons = []string{"userunknown", "mailboxfull", "hostunknown", "blocked", "authfailure", "spamdetected", "mesgtoobig", "speeding"}

// common returns the entries of commonReasons that exist.
func (m *model) common() []*kb.Entry {
	var out []*kb.Entry
	for _, id := range commonReasons {
		if e := m.byID[id]; e != nil {
			out = append(out, e)
		}
	}
	return out
}

// sections fills the reason sections with the groups that have entries.
func (m *model) sections() []reasonSection {
	byKey := map[string]*group{}
	for _, g := range m.reasons {
		byKey[g.Key] = g
	}
	placed := map[string]bool{}
	var out []reasonSection
	for _, s := range reasonSections {
		sec := reasonSection{Title: s.Title}
		for _, r := range s.Reasons {
			if g := byKey[r]; g != nil {
				sec.Groups = append(sec.Groups, g)
				placed[r] = true
			}
		}
		if len(sec.Groups) > 0 {
			out = append(out, sec)
		}
	}
	other := reasonSection{Title: "Other"}
	for _, g := range m.reasons {
		if !placed[g.Key] {
			other.Groups = append(other.Groups, g)
		}
	}
	if len(other.Groups) > 0 {
		out = append(out, other)
	}
	return out
}

// reasonLabels names each reason of the vocabulary in plain words for
// navigation; the reason's own entry carries the full explanation.
var reasonLabels = map[string]string{
	"authfailure":     "Sender authentication failed",
	"badreputation":   "Poor sender reputation",
	"blocked":         "Sending server blocked",
	"contenterror":    "Malformed content",
	"delivered":       "Delivered",
	"exceedlimit":     "Message over the recipient's limit",
	"expired":         "Delivery gave up (expired)",
	"failedstarttls":  "Encryption (STARTTLS) failed",
	"feedback":        "Spam complaint (feedback report)",
	"filtered":        "Filtered by the recipient",
	"hasmoved":        "Recipient has moved",
	"hostunknown":     "Domain does not exist",
	"mailboxfull":     "Mailbox full",
	"mailererror":     "Mail program error",
	"mesgtoobig":      "Message too big",
	"networkerror":    "Network or DNS error",
	"norelaying":      "Relaying denied",
	"notaccept":       "Domain accepts no mail",
	"notcompliantrfc": "Message breaks the standards",
	"onhold":          "Delivery on hold",
	"policyviolation": "Policy violation",
	"rejected":        "Sender address rejected",
	"requireptr":      "Missing reverse DNS (PTR)",
	"securityerror":   "Security error",
	"spamdetected":    "Detected as spam",
	"speeding":        "Sending too fast",
	"suppressed":      "Suppressed address",
	"suspend":         "Mailbox suspended",
	"syntaxerror":     "SMTP syntax error",
	"systemerror":     "Server error",
	"systemfull":      "Server storage full",
	"toomanyconn":     "Too many connections",
	"undefined":       "Unclassified",
	"userunknown":     "Unknown recipient",
	"vacation":        "Auto-reply (vacation)",
	"virusdetected":   "Virus detected",
}

func reasonLabel(r string) string {
	if l, ok := reasonLabels[r]; ok {
		return l
	}
	return r
}

// kindLabels name the kinds of entry in plain words.
var kindLabels = map[kbform.Kind]string{
	kb.KindReason:   "Reason",
	kb.KindReply:    "SMTP reply code",
	kb.KindStatus:   "Enhanced status code",
	kb.KindProvider: "Provider message",
}

// newModel groups the entries every way the site shows them: by reason, by
// provider and by code.
func newModel(entries []*kb.Entry) *model {
	m := &model{entries: entries, byID: map[string]*kb.Entry{}, kinds: map[kbform.Kind]int{}}
	ix := modelIndex{reasons: map[string]*group{}, providers: map[string]*group{}, codes: map[string]*codeRow{}}
	for _, e := range entries {
		m.byID[e.ID] = e
		m.kinds[e.Kind]++
		ix.add(e)
	}
	for _, r := range kb.Reasons {
		if g := ix.reasons[r]; g != nil {
			sortEntries(g.Entries)
			m.reasons = append(m.reasons, g)
		}
	}
	for _, p := range ix.providers {
		sortEntries(p.Entries)
		m.providers = append(m.providers, p)
	}
	sort.Slice(m.providers, func(i, j int) bool {
		return strings.ToLower(m.providers[i].Label) < strings.ToLower(m.providers[j].Label)
	})
	for _, row := range ix.codes {
		if finishCodeRow(row) == kb.KindReply {
			m.reply = append(m.reply, row)
		} else {
			m.status = append(m.status, row)
		}
	}
	for _, rows := range [][]*codeRow{m.reply, m.status} {
		sort.Slice(rows, func(i, j int) bool { return lessInts(rows[i].sortKey, rows[j].sortKey) })
	}
	return m
}

// modelIndex holds the groups while newModel fills them, keyed so each
// entry finds its groups in one lookup.
type modelIndex struct {
	reasons   map[string]*group
	providers map[string]*group // by slug
	codes     map[string]*codeRow
}

// add files one entry under its reason, its provider and each of its codes.
func (ix *modelIndex) add(e *kb.Entry) {
	g := ix.reasons[e.Reason]
	if g == nil {
		g = &group{Key: e.Reason, Label: reasonLabel(e.Reason)}
		ix.reasons[e.Reason] = g
	}
	if e.Kind == kb.KindReason {
		g.Head = e
	}
	g.Entries = append(g.Entries, e)
	if e.Provider != "" {
		slug := slugify(e.Provider)
		p := ix.providers[slug]
		if p == nil {
			p = &group{Key: slug, Label: e.Provider}
			ix.providers[slug] = p
		}
		p.Entries = append(p.Entries, e)
	}
	for _, c := range e.Codes {
		key, label, sk := codeKey(c)
		row := ix.codes[key]
		if row == nil {
			row = &codeRow{Anchor: key, Label: label, sortKey: sk}
			ix.codes[key] = row
		}
		if !contains(row.Forms, c) {
			row.Forms = append(row.Forms, c)
		}
		if !containsEntry(row.Entries, e) {
			row.Entries = append(row.Entries, e)
		}
	}
}

// finishCodeRow settles a code row's label and order once all entries are
// in, and says which table (reply or status) it belongs to.
func finishCodeRow(row *codeRow) kbform.Kind {
	// An enhanced code written in one class only keeps that class
	// (5.7.708); one seen as X or in several classes shows as X.s.d.
	if strings.HasPrefix(row.Anchor, "x-") && len(row.Forms) == 1 {
		row.Label = row.Forms[0]
	}
	sort.Strings(row.Forms)
	kind := kb.KindStatus
	if strings.HasPrefix(row.Anchor, "r-") {
		kind = kb.KindReply
	}
	sort.SliceStable(row.Entries, func(i, j int) bool {
		return kindRank(row.Entries[i], kind) < kindRank(row.Entries[j], kind)
	})
	// The code's own entry explains it; without one, the best other
	// entry stands in.
	row.Own, row.Others = row.Entries[0], row.Entries[1:]
	return kind
}

// kindRank orders the entries of a code row: the code's own entry, then
// reasons, then provider messages.
func kindRank(e *kb.Entry, own kbform.Kind) int {
	switch e.Kind {
	case own:
		return 0
	case kb.KindReason:
		return 1
	case kb.KindProvider:
		return 3
	}
	return 2
}

// sortEntries puts an index page in reading order: reason first, then codes,
// then provider messages, each alphabetically by title.
func sortEntries(es []*kb.Entry) {
	rank := map[kbform.Kind]int{kb.KindReason: 0, kb.KindReply: 1, kb.KindStatus: 2, kb.KindProvider: 3}
	sort.SliceStable(es, func(i, j int) bool {
		if rank[es[i].Kind] != rank[es[j].Kind] {
			return rank[es[i].Kind] < rank[es[j].Kind]
		}
		return strings.ToLower(es[i].Title) < strings.ToLower(es[j].Title)
	})
}

// codeKey returns the codes page anchor, the label and a numeric sort key of
// a code as an entry writes it: "550" is r-550; "5.7.26" and "X.7.26" are
// both x-7-26.
func codeKey(c string) (anchor, label string, sortKey []int) {
	parts := strings.Split(c, ".")
	if len(parts) != 3 {
		n, _ := strconv.Atoi(c)
		return "r-" + c, c, []int{n}
	}
	s, _ := strconv.Atoi(parts[1])
	d, _ := strconv.Atoi(parts[2])
	return "x-" + parts[1] + "-" + parts[2], "X." + parts[1] + "." + parts[2], []int{s, d}
}

// codeAnchor is the link target of a code on the codes page.
func codeAnchor(c string) string {
	a, _, _ := codeKey(c)
	return a
}

func lessInts(a, b []int) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// slugify turns a provider name into a folder name: "1&1 / IONOS" becomes
// "1-1-ionos".
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "other"
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsEntry(list []*kb.Entry, e *kb.Entry) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}
