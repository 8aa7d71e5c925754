package classify

import (
	"sort"
	"strings"

	"github.com/bounce-explainer/bounce/classify/rules"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
	"github.com/bounce-explainer/bounce/kb/kbform"
)

// explain decides a recipient's reason and KB entry. The knowledge base's
// patterns over the recipient's text decide: first the statements that
// carry a code (the receiving server's own words), then the rest (the
// reporting server's narrative, the human-readable part). A reply code's
// generic wording ("requested action not taken") gives way to anything more
// specific. Only when no text matches does a code decide: the enhanced
// status code's entry first (unless it is a bare X.0.0), then the reply
// code's.
func (a *analysis) explain(r *Recipient, tiers ...[]string) (byText bool) {
	if len(tiers) == 0 && r.Diagnostic != "" {
		tiers = [][]string{{r.Diagnostic}}
	}
	// Tiers are tried in order (the recipient's own lines before lines
	// about others); within a tier, statements with a code before the
	// rest. A reply code's generic wording only holds until something more
	// specific turns up.
	m := rules.Match{Entry: -1, Pattern: -1}
	mt := ""
	for _, lines := range tiers {
		tm, tt := bestTier(lines)
		if tm.Found() && (!m.Found() || rules.Entries[m.Entry].Kind == "reply" && rules.Entries[tm.Entry].Kind != "reply") {
			m, mt = tm, tt
		}
		if m.Found() && rules.Entries[m.Entry].Kind != "reply" {
			break
		}
	}
	entry := -1
	var ev []Span
	statusEntry := -1
	if r.Status != "" && !smtpcode.IsGeneric(r.Status) {
		statusEntry = rules.ByCode(r.Status)
	}
	if m.Found() {
		entry = m.Entry
		// A reply code's own wording ("requested action not taken") says
		// less than a specific enhanced status code next to it.
		if rules.Entries[entry].Kind == "reply" && statusEntry >= 0 {
			entry = statusEntry
			ev = a.locate(r.Status, a.hint)
		} else {
			ev = a.locate(mt, a.hint)
			byText = true
		}
	}
	if entry < 0 && statusEntry >= 0 {
		entry = statusEntry
		ev = a.locate(r.Status, a.hint)
	}
	if entry < 0 && r.ReplyCode != "" {
		if entry = rules.ByCode(r.ReplyCode); entry >= 0 {
			ev = a.locate(r.ReplyCode, a.hint)
		}
	}
	if entry < 0 && r.Status != "" {
		if entry = rules.ByCode(r.Status); entry >= 0 {
			ev = a.locate(r.Status, a.hint)
		}
	}
	if entry < 0 {
		entry = rules.ByID("undefined")
	}
	entry = acceptedThenRefused(r, entry)
	entry = senderRefused(r, entry, byText)
	a.setEntry(r, entry, ev)
	if r.Reason == "" {
		r.Reason = "undefined"
	}
	if r.Action == "" {
		r.Action = "failed"
	}
	r.Hard = r.Hard && !soft(r)
	return byText
}

// soft reports whether a recipient's failure is temporary: a delay, or a
// 4xx code.
func soft(r *Recipient) bool {
	return r.Action == "delayed" || r.Status != "" && r.Status[0] == '4' || r.Status == "" && r.ReplyCode != "" && r.ReplyCode[0] == '4'
}

// acceptedThenRefused handles "user unknown" said where it cannot be meant
// literally: in answer to DATA (the server had accepted the recipient at
// RCPT) or together with an enhanced status code about the mailbox's state
// (X.2.x: it exists), and not in answer to RCPT.
// Such a refusal comes from a filter that words its verdict as an unknown
// user, so the filtered entry explains it better.
func acceptedThenRefused(r *Recipient, entry int) int {
	if entry < 0 || rules.Entries[entry].Reason != "userunknown" {
		return entry
	}
	sub := ""
	if len(r.Status) >= 4 {
		sub = r.Status[1:3]
	}
	if sub == ".1" || r.Command == "RCPT" || r.Command == "MAIL" {
		return entry
	}
	// A provider's own entry knows when that provider answers: Yahoo, for
	// one, refuses unknown users only after DATA. Only a status code that
	// contradicts the words overrides it.
	afterData := r.Command == "DATA" && rules.Entries[entry].Kind != kbform.KindProvider
	if afterData || sub == ".2" || sub == ".7" {
		if f := rules.ByID("filtered"); f >= 0 {
			return f
		}
	}
	return entry
}

// senderRefused handles refusals in answer to MAIL FROM: at that point the
// server judges the sender, not the recipient, so "no such user" or "no
// such domain" (and a bare policy code) mean the sender's address was
// refused.
func senderRefused(r *Recipient, entry int, byText bool) int {
	if r.Command != "MAIL" || entry < 0 {
		return entry
	}
	switch reason := rules.Entries[entry].Reason; {
	case reason == "userunknown" || reason == "hostunknown" || !byText && reason == "securityerror":
		if e := rules.ByID("rejected"); e >= 0 {
			return e
		}
	}
	return entry
}

// maxStatement bounds the text matched per statement: error statements
// are a line or a few; anything longer is not one.
const maxStatement = 8192

// bestTier matches the statements of one tier: those with a code first.
func bestTier(lines []string) (rules.Match, string) {
	var coded, plain []string
	for _, l := range lines {
		if hasCode(l) {
			coded = append(coded, l)
		} else {
			plain = append(plain, l)
		}
	}
	m, mt := bestOf(coded)
	if !m.Found() || rules.Entries[m.Entry].Kind == "reply" {
		if m2, mt2 := bestOf(plain); m2.Found() && (!m.Found() || rules.Entries[m2.Entry].Kind != "reply") {
			m, mt = m2, mt2
		}
	}
	return m, mt
}

// ownFirst splits a recipient's statements into those that name its
// address and the rest.
func ownFirst(lines []string, addr string) (own, rest []string) {
	if addr == "" {
		return nil, lines
	}
	for _, l := range lines {
		if containsFoldASCII(l, addr) {
			own = append(own, l)
		} else {
			rest = append(rest, l)
		}
	}
	return own, rest
}

// containsFoldASCII reports whether s contains sub, ignoring ASCII case.
func containsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// bestOf returns the best match over several statements and the matched
// text, normalised.
func bestOf(lines []string) (rules.Match, string) {
	best := rules.Match{Entry: -1, Pattern: -1}
	text := ""
	for _, l := range lines {
		if len(l) > maxStatement {
			l = l[:maxStatement]
		}
		n := rules.Normalize(l)
		m := rules.Best(n)
		if m.Found() && (!best.Found() || m.Score > best.Score) {
			best, text = m, n[m.Start:m.End]
		}
	}
	return best, text
}

// setEntry copies a KB entry's verdict into r.
func (a *analysis) setEntry(r *Recipient, entry int, ev []Span) {
	if entry < 0 || entry >= len(rules.Entries) {
		return
	}
	e := rules.Entries[entry]
	r.Entry, r.Reason, r.Title, r.Summary, r.Who, r.Hard = e.ID, e.Reason, e.Title, e.Summary, e.Who, e.Hard
	r.Evidence = append(r.Evidence, ev...)
}

// origOffset maps an offset in the newline-normalised text back to the
// input.
func (a *analysis) origOffset(n int) int {
	return n + sort.SearchInts(a.drops, n+1)
}

// locate finds phrase (lower case, single spaces, as rules.Normalize
// writes it) in the original input, at or after the normalised offset from
// if it occurs there, else anywhere; white space in the input may be any
// run of spaces and line breaks. It returns nil when the phrase is not in
// the input as such (a base64 or quoted-printable part).
func (a *analysis) locate(phrase string, from int) []Span {
	if phrase == "" {
		return nil
	}
	start := a.origOffset(from)
	if start > len(a.orig) {
		start = len(a.orig)
	}
	if s, e, ok := findFolded(a.orig, phrase, start); ok {
		return []Span{{s, e}}
	}
	if s, e, ok := findFolded(a.orig, phrase, 0); ok {
		return []Span{{s, e}}
	}
	return nil
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// findFolded searches hay from offset for phrase case-insensitively, a
// space in phrase matching any run of white space.
func findFolded(hay []byte, phrase string, from int) (int, int, bool) {
	if len(phrase) == 0 {
		return 0, 0, false
	}
	first := phrase[0]
	for i := from; i < len(hay); i++ {
		if lower(hay[i]) != first {
			continue
		}
		j, k := i, 0
		for k < len(phrase) && j < len(hay) {
			if phrase[k] == ' ' {
				if !isSpace(hay[j]) {
					break
				}
				for j < len(hay) && isSpace(hay[j]) {
					j++
				}
				k++
				continue
			}
			if lower(hay[j]) != phrase[k] {
				break
			}
			j++
			k++
		}
		if k == len(phrase) {
			return i, j, true
		}
	}
	return 0, 0, false
}
