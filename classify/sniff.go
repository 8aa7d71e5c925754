package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/mimewalk"
	"github.com/bounce-explainer/bounce/classify/rules"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
)

// This file holds the tests that tell what an input is (a message or not,
// a bounce or not) from its header and its lines. The words they look for
// are in signals.go.

// looksLikeMessage reports whether text starts with a mail header: its
// first line is a header field and the block before the first empty line
// holds a field every message has.
func looksLikeMessage(text string) bool {
	if strings.HasPrefix(text, "From ") {
		// An mbox separator line before the header.
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			text = text[i+1:]
		}
	}
	end := strings.Index(text, "\n\n")
	if end < 0 {
		end = len(text)
	}
	block := text[:min(end, 256<<10)]
	if !isField(firstLine(block)) {
		return false
	}
	for pos := 0; pos < len(block); {
		e := strings.IndexByte(block[pos:], '\n')
		if e < 0 {
			e = len(block)
		} else {
			e += pos
		}
		for _, f := range messageFields {
			if hasPrefixFold(block[pos:e], f) {
				return true
			}
		}
		pos = e + 1
	}
	return false
}

// messageFields are header fields every real message has one of.
var messageFields = []string{"from:", "received:", "return-path:", "content-type:", "subject:", "date:", "message-id:", "mime-version:", "delivered-to:", "x-failed-recipients:"}

// hasPrefixFold reports whether s starts with prefix (lower case),
// ignoring ASCII case, without allocating.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isField reports whether line starts like a header field, "Name:".
func isField(line string) bool {
	c := strings.IndexByte(line, ':')
	if c <= 0 || c > 60 {
		return false
	}
	for i := 0; i < c; i++ {
		ch := line[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
			return false
		}
	}
	return true
}

// headerText is what of a header tells who wrote a report: the values of
// the few fields that name software or a provider.
func headerText(h mimewalk.Header) string {
	var b strings.Builder
	// Not Received: those name the servers the report passed through on
	// its way back, often the sender's own, not the one that wrote it.
	for _, k := range []string{"From", "Subject", "X-Mailer", "Message-Id"} {
		for _, v := range h.Values(k) {
			b.WriteString(firstN(v, 200))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// hasCodes reports whether s has an enhanced status code or an error
// reply code where servers write them ("room 421" is not one).
func hasCodes(s string) bool {
	for _, c := range smtpcode.Statuses(s) {
		if c.Text[0] != '2' && smtpcode.InContext(s, c) {
			return true
		}
	}
	for _, c := range smtpcode.Replies(s) {
		if c.Text[0] >= '4' && smtpcode.InContext(s, c) {
			return true
		}
	}
	return false
}

// looksLikeBounce reports whether an attached message's header is that of a
// delivery report.
func looksLikeBounce(h mimewalk.Header) bool {
	ct, params := h.ContentType()
	if ct == "multipart/report" && !strings.EqualFold(params["report-type"], "feedback-report") && !isReceipt(params) || h.Has("X-Failed-Recipients") {
		return true
	}
	return containsAny(strings.ToLower(h.Get("From")), bounceSenders)
}

// bounceSigns reports whether a message's header says it is a delivery
// report: its type, a field only bounces have, its author or its subject.
func bounceSigns(h mimewalk.Header, ctype, from, subject string) bool {
	_, params := h.ContentType()
	if ctype == "multipart/report" && !isReceipt(params) || h.Has("X-Failed-Recipients") {
		return true
	}
	if containsAny(strings.ToLower(from), bounceSenders) {
		return true
	}
	if isReplySubject(subject) && (h.Has("In-Reply-To") || h.Has("References")) {
		// "Re: Undelivered mail": a person answering about a bounce.
		return false
	}
	return containsAny(strings.ToLower(subject), bounceSubjects) || normalizedHas(langSubjects, subject)
}

// isReplySubject reports a subject that starts the way mail programs mark
// a reply, in the common languages.
func isReplySubject(subject string) bool {
	s := strings.ToLower(strings.TrimSpace(subject))
	for _, p := range []string{"re:", "aw:", "sv:", "antw:", "odp:", "rif:", "vs:", "回复:", "答复:", "返信:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// isReceipt reports a report that is a read receipt (RFC 8098): a message
// was displayed, nothing failed.
func isReceipt(params map[string]string) bool {
	return strings.EqualFold(params["report-type"], "disposition-notification")
}

// isAutoReply reports whether a message is an automatic reply (RFC 3834):
// its header fields or its subject say so.
func isAutoReply(h mimewalk.Header, subject string) bool {
	for _, k := range autoReplyHeaders {
		if h.Has(k) {
			return true
		}
	}
	as := strings.ToLower(h.Get("Auto-Submitted"))
	prec := strings.ToLower(h.Get("Precedence"))
	subj := strings.ToLower(subject)
	if strings.HasPrefix(as, "auto-replied") || prec == "auto_reply" {
		return true
	}
	for _, p := range autoReplyPrefixes {
		if strings.HasPrefix(subj, p) {
			return true
		}
	}
	return (containsAny(subj, autoReplySubjects) || normalizedHas(langAutoreply, subject)) &&
		(as != "" && as != "no" || prec == "bulk" || prec == "junk" || h.Has("In-Reply-To") || h.Has("References"))
}

// isErrorLine reports whether a line of a bounce's text states an error: it
// carries a 4xx/5xx code or a phrase the knowledge base knows.
func isErrorLine(line string) bool {
	if len(strings.TrimSpace(line)) < 3 {
		return false
	}
	if st := smtpcode.Status(line); st.Found() && st.Class() != '2' && smtpcode.InContext(line, st) {
		return true
	}
	if rc := smtpcode.Reply(line); rc.Found() && rc.Class() != '2' && smtpcode.InContext(line, rc) {
		return true
	}
	return rules.Best(rules.Normalize(line)).Found()
}

// onlyCode reports text that is nothing but one code, or a reply code and
// an enhanced status code: "552", "5.7.26", "550 5.1.1".
func onlyCode(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 {
		return false
	}
	for _, w := range f {
		if !(len(w) == 3 && smtpcode.Reply(w).Found() || smtpcode.Status(w).Text == w) {
			return false
		}
	}
	return true
}

// credibleCode reports whether s, the error lines of the pasted text
// whole, has a code that stands where and with what servers write codes
// (smtpcode.InContext), or words the knowledge base knows said the way a
// server says them: a number in ordinary text ("550 kg of flour") is not a
// reply, "404 Not Found" is HTTP's, and a person asking what "mailbox full"
// means is not a mail server.
func credibleCode(s, whole string) bool {
	if onlyCode(s) {
		return true // a code typed alone, to look it up
	}
	if otherProtocol(whole) || personal(whole) && !leadingCode(whole) {
		// Another program's output, or a person asking about a code
		// ("why do I get 550 5.1.1 when ...") rather than pasting the line.
		return false
	}
	for _, c := range smtpcode.Replies(s) {
		if smtpcode.InContext(s, c) {
			return true
		}
	}
	for _, c := range smtpcode.Statuses(s) {
		if smtpcode.InContext(s, c) {
			return true
		}
	}
	norm := rules.Normalize(s)
	m := rules.Best(norm)
	return m.Found() && serverWords(whole, norm, m)
}

// isDelayNotice tells a "still trying" warning from a failure in a text
// bounce: it says the server will go on trying, and its subject says delay
// or the text does not also say the delivery failed for good. foreign
// says whether to look for other languages' phrases too.
func isDelayNotice(subject, text string, foreign bool) bool {
	t := strings.ToLower(text)
	if !containsAny(t, delayPhrases) {
		return foreign && foreignDelay(subject, text)
	}
	s := strings.ToLower(subject)
	return strings.Contains(s, "delay") || strings.HasPrefix(s, "warning") || !containsAny(t, permanentPhrases)
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// moreThanOneLine reports whether s has two or more non-blank lines.
func moreThanOneLine(s string) bool {
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, '\n')
	return i >= 0 && strings.TrimSpace(s[i:]) != ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
