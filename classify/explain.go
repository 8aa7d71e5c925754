package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/likely"
	"github.com/bounce-explainer/bounce/classify/rules"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
	"github.com/bounce-explainer/bounce/kb/kbform"
)

// verdict is what explain decided for one recipient: a KB entry, the
// input's words that decided, and how it was reached.
type verdict struct {
	entry      int    // index into rules.Entries, or -1
	evidence   []Span // where the input says so
	basis      string // "pattern", "code", "format" or "" (undecided)
	confidence float64
	words      []string // for a "likely" verdict: the words that decided
}

// How sure a verdict reached by a code alone is: a specific enhanced
// status code (5.1.1) names the cause, a reply code (550) only its class,
// a generic status (5.0.0) nothing more than "failed".
const (
	confidenceStatus     = 0.8
	confidenceReply      = 0.5
	confidenceGeneric    = 0.3
	confidenceExitStatus = 0.6
)

// explain is the third stage: it decides a candidate's reason and KB
// entry and returns the finished recipient.
func explain(rd *reading, c candidate) Recipient {
	r := c.rcpt
	var v verdict
	if c.fixed != "" {
		v = verdict{entry: rules.ByID(c.fixed), evidence: c.evidence, basis: "format", confidence: 1}
	} else {
		v = judge(rd, &r, c)
		if len(v.evidence) == 0 {
			v.evidence = c.evidence // where the report says it failed, when no words decided
		}
	}
	if v.entry < 0 {
		v.entry = rules.ByID("undefined")
	}
	setEntry(&r, v.entry, v.evidence)
	r.Basis, r.Confidence, r.Words = v.basis, v.confidence, v.words
	if r.Reason == "" {
		r.Reason = "undefined"
		if c.fixed != "" {
			r.Reason = c.fixed
		}
	}
	if c.fixed != "" {
		r.Hard = false // a complaint, an auto-reply, a delivery: nothing failed
		return r
	}
	if r.Action == "" {
		r.Action = "failed"
	}
	r.Hard = r.Hard && !soft(&r)
	return r
}

// judge decides a recipient's entry from its statements and codes. The
// knowledge base's patterns over the statements decide: tier by tier, the
// statements that carry a code (the receiving server's own words) before
// the rest. A reply code's generic wording ("requested action not taken")
// gives way to a specific enhanced status code next to it. Only when no
// statement matches does a code decide: the enhanced status code's entry
// first (unless it is a bare X.0.0), then the reply code's.
func judge(rd *reading, r *Recipient, c candidate) verdict {
	tiers := c.statements
	if len(tiers) == 0 && r.Diagnostic != "" {
		tiers = [][]string{{r.Diagnostic}}
	}
	m, matched := bestOfTiers(tiers)
	statusEntry := -1
	if r.Status != "" && !smtpcode.IsGeneric(r.Status) {
		statusEntry = rules.ByCode(r.Status)
	}
	v := verdict{entry: -1}
	switch {
	case m.Found() && rules.Entries[m.Entry].Kind == kbform.KindReply && statusEntry >= 0:
		v = verdict{entry: statusEntry, evidence: rd.src.locate(r.Status, c.hint), basis: "code", confidence: confidenceStatus}
	case m.Found():
		v = verdict{entry: m.Entry, evidence: rd.src.locate(matched, c.hint), basis: "pattern", confidence: 1}
	default:
		v = byCode(rd, r, c.hint, statusEntry)
	}
	if v.basis != "pattern" && c.noPattern != "" {
		if e := rules.ByID(c.noPattern); e >= 0 {
			v = verdict{entry: e, evidence: rd.src.locate("x-unix", c.hint), basis: "code", confidence: confidenceExitStatus}
		}
	}
	v.entry = acceptedThenRefused(r, v.entry)
	v.entry = senderRefused(r, v.entry, v.basis == "pattern")
	v = policyWords(rd, r, tiers, c.hint, v)
	if v.basis != "pattern" && (v.entry < 0 || rules.Entries[v.entry].Reason == "undefined") {
		v = undecided(r, tiers, v)
	} else if genericReply(r, v) {
		v = surer(r, tiers, v)
	}
	return v
}

// genericReply reports a verdict that only a bare 550 or 554 reached (no
// pattern, no specific enhanced status code): those codes' entries name
// the commonest reason, not the one the server's words give.
func genericReply(r *Recipient, v verdict) bool {
	return v.basis == "code" && v.entry >= 0 && rules.Entries[v.entry].Kind == kbform.KindReply &&
		(r.ReplyCode == "550" || r.ReplyCode == "554") && (r.Status == "" || smtpcode.IsGeneric(r.Status))
}

// surer lets the fallback model replace a generic reply code's verdict
// when it is very sure (likely.SureThreshold) of another reason.
func surer(r *Recipient, statements [][]string, v verdict) verdict {
	g, ok := likely.Sure(statementText(r, statements), r.Status, r.ReplyCode, r.Command)
	if !ok || g.Reason == rules.Entries[v.entry].Reason {
		return v
	}
	e := rules.ByID(g.Reason)
	if e < 0 {
		return v
	}
	return verdict{entry: e, evidence: v.evidence, basis: "likely", confidence: g.Confidence, words: g.Words}
}

// byCode decides by the codes alone: a specific enhanced status code,
// else the reply code, else a generic status code.
func byCode(rd *reading, r *Recipient, hint, statusEntry int) verdict {
	if statusEntry >= 0 {
		return verdict{entry: statusEntry, evidence: rd.src.locate(r.Status, hint), basis: "code", confidence: confidenceStatus}
	}
	if r.ReplyCode != "" {
		if e := rules.ByCode(r.ReplyCode); e >= 0 {
			return verdict{entry: e, evidence: rd.src.locate(r.ReplyCode, hint), basis: "code", confidence: confidenceReply}
		}
	}
	if r.Status != "" {
		if e := rules.ByCode(r.Status); e >= 0 {
			return verdict{entry: e, evidence: rd.src.locate(r.Status, hint), basis: "code", confidence: confidenceGeneric}
		}
	}
	return verdict{entry: -1}
}

// undecided is called where neither a KB pattern nor a specific code
// decided, and the reason would be "undefined". v is the verdict so far
// (entry -1, or an entry whose reason is undefined, such as a bare
// 5.0.0's). The fallback model (classify/likely) judges the statements'
// words, codes and SMTP stage: when it is sure enough, the verdict is its
// reason's entry with basis "likely", the confidence measured for guesses
// that sure, and the words that decided; otherwise it stays undecided.
func undecided(r *Recipient, statements [][]string, v verdict) verdict {
	v.basis, v.confidence = "", 0
	if r.Action == "delivered" || r.Action == "relayed" || r.Action == "expanded" {
		return v
	}
	g, ok := likely.Guess(statementText(r, statements), r.Status, r.ReplyCode, r.Command)
	if !ok {
		return v
	}
	e := rules.ByID(g.Reason)
	if e < 0 {
		return v
	}
	return verdict{entry: e, evidence: v.evidence, basis: "likely", confidence: g.Confidence, words: g.Words}
}

// maxLikelyText bounds the text the fallback model reads per recipient:
// many recipients can share one long run of statements, and reading it
// whole for each would make the time quadratic in the input.
const maxLikelyText = 2048

// statementText is the text the fallback model reads: the recipient's
// statements (their first maxLikelyText bytes), else its diagnostic.
func statementText(r *Recipient, statements [][]string) string {
	var b strings.Builder
	for _, tier := range statements {
		for _, s := range tier {
			if b.Len()+len(s) >= maxLikelyText {
				return b.String() + s[:maxLikelyText-b.Len()]
			}
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	if b.Len() == 0 {
		return r.Diagnostic
	}
	return b.String()
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

// laterWords are the ways servers ask to come back later; listWords the
// ways they say the sending server is listed or distrusted. "Blocked"
// alone says only that something was refused (a message, an attachment,
// an address): it names the sending server's block only next to
// hostWords.
var (
	laterWords = []string{"try again later", "try later", "try again in", "come back later", "retry later",
		"please retry", "greylist", "graylist"}
	listWords = []string{"block list", "blocklist", "blacklist", "black list", "denylist", "is listed",
		"listed on", "listed at", "listed by", "reputation", "banned"}
	hostWords = []string{"ip ", "ip:", "ip address", "host", "client", "connection", "network"}
)

// policyWords reads a refusal that only its X.7.x code explained ("security
// or policy", a security error). Two kinds of words say more, and the
// blocked entry explains both: a server that blocks or lists the sending
// server or judges its reputation, and a temporary refusal that asks to
// come back later (greylisting and its like), which a security error is
// not.
func policyWords(rd *reading, r *Recipient, tiers [][]string, hint int, v verdict) verdict {
	if v.basis != "code" || v.entry < 0 || rules.Entries[v.entry].Reason != "securityerror" {
		return v
	}
	b := rules.ByID("blocked")
	for _, lines := range tiers {
		for _, l := range lines {
			low := strings.ToLower(firstN(l, maxStatement))
			w := firstOf(low, listWords)
			if w == "" && firstOf(low, hostWords) != "" {
				w = firstOf(low, []string{"blocked"})
			}
			if w == "" && soft(r) {
				w = firstOf(low, laterWords)
			}
			if w != "" && b >= 0 {
				return verdict{entry: b, evidence: rd.src.locate(rules.Normalize(w), hint), basis: "code", confidence: v.confidence}
			}
		}
	}
	return v
}

// firstOf returns the first of words that s contains, or "".
func firstOf(s string, words []string) string {
	for _, w := range words {
		if strings.Contains(s, w) {
			return w
		}
	}
	return ""
}

// setEntry copies a KB entry's verdict into r.
func setEntry(r *Recipient, entry int, ev []Span) {
	if entry < 0 || entry >= len(rules.Entries) {
		return
	}
	e := rules.Entries[entry]
	r.Entry, r.Reason, r.Title, r.Summary, r.Who, r.Hard = e.ID, e.Reason, e.Title, e.Summary, e.Who, e.Hard
	r.Evidence = append(r.Evidence, ev...)
}
