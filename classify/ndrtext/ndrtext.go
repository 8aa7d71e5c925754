// Package ndrtext reads the human-readable text of a bounce: it finds where
// the returned copy of the original message begins, the failed recipients'
// addresses, and the error text that belongs to each of them. It works by
// general rules (addresses and the error lines near them) with a few marker
// tables for the formats servers write, so it also reads bounces from
// servers nobody here has seen.
package ndrtext

import (
	"github.com/bounce-explainer/bounce/classify/lang"
	"strings"
)

// Span is a byte range [Start, End) of the text given to Find.
type Span struct{ Start, End int }

// Recipient is one failed recipient found in the text.
type Recipient struct {
	Address string // as written, without angle brackets
	// Lines are the error lines that belong to this recipient, in order.
	Lines []Span
	// Block is the text from the recipient's first mention to the next
	// recipient's (or the end of the explanation).
	Block Span
	Weak  bool // only mentioned in a quoted header line ("To: ...")
}

// Result is what Find saw in a text.
type Result struct {
	// End is where the explanation ends: the start of the returned
	// message, or the length of the text.
	End        int
	Recipients []Recipient
	// Errors are all error lines of the explanation, whoever they belong to.
	Errors []Span
}

// Options tune Find.
type Options struct {
	// IsError reports whether a line states an error: carries an SMTP code
	// or a known error phrase. Required.
	IsError func(line string) bool
	// Sender reports whether an address is the sender's (the bounce's
	// recipient, the original author): such addresses are never failed
	// recipients. Optional.
	Sender func(addr string) bool
}

type line struct {
	start, end int // without the line break
	text       string
	addrs      []addrAt
	err        bool
	indented   bool
}

type addrAt struct {
	addr string
	weak bool
}

// Bounds on the work done for one text; real bounces are a few dozen lines
// naming a few recipients.
const (
	maxLines        = 3000 // lines of the explanation read
	maxAddrsPerLine = 20   // addresses taken from one line
	maxRecipients   = 500  // recipients taken from one text
	maxLineCheck    = 4096 // bytes of a line checked for an error
)

// Find reads text (line breaks already normalised to "\n").
func Find(text string, opt Options) Result {
	res := Result{End: Cut(text)}
	lines := splitLines(text[:res.End])
	n := naming{weakOnly: map[string]bool{}, seen: map[string]bool{}}
	for i := range lines {
		l := &lines[i]
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		n.read(l, opt)
		l.err = opt.IsError(l.text[:min(len(l.text), maxLineCheck)])
		if l.err {
			res.Errors = append(res.Errors, Span{l.start, l.end})
		}
	}
	var idx map[string]int
	res.Recipients, idx = n.recipients()
	if len(res.Recipients) == 0 {
		return res
	}
	assignLines(lines, &res, idx)
	return res
}

// splitLines cuts text into lines, at most maxLines.
func splitLines(body string) []line {
	var lines []line
	for pos := 0; pos < len(body) && len(lines) < maxLines; {
		e := strings.IndexByte(body[pos:], '\n')
		if e < 0 {
			e = len(body)
		} else {
			e += pos
		}
		l := line{start: pos, end: e, text: body[pos:e]}
		l.indented = len(l.text) > 0 && (l.text[0] == ' ' || l.text[0] == '\t')
		lines = append(lines, l)
		pos = e + 1
	}
	return lines
}

// naming collects the addresses the lines name, in order, and whether
// each is only named in quoted header lines ("To: ...").
type naming struct {
	order          []string
	weakOnly, seen map[string]bool
}

// read notes the addresses of line l that may be failed recipients.
func (n *naming) read(l *line, opt Options) {
	weakLine := startsWithAny(strings.TrimSpace(l.text), weakContexts)
	addrs := Addresses(l.text)
	if len(addrs) > maxAddrsPerLine {
		addrs = addrs[:maxAddrsPerLine]
	}
	for _, a := range addrs {
		if len(n.order) >= maxRecipients {
			break
		}
		if isSenderContext(l.text[:a.Start]) || systemAddress(a.Addr) || opt.Sender != nil && opt.Sender(a.Addr) {
			continue
		}
		key := strings.ToLower(a.Addr)
		l.addrs = append(l.addrs, addrAt{addr: a.Addr, weak: weakLine})
		if !n.seen[key] {
			n.seen[key] = true
			n.order = append(n.order, a.Addr)
			n.weakOnly[key] = weakLine
		} else if !weakLine {
			n.weakOnly[key] = false
		}
	}
}

// recipients returns the recipients named, those named only in quoted
// header lines left out when any other is named, and their index by
// lower-case address.
func (n *naming) recipients() ([]Recipient, map[string]int) {
	strong := 0
	for _, a := range n.order {
		if !n.weakOnly[strings.ToLower(a)] {
			strong++
		}
	}
	var out []Recipient
	idx := map[string]int{}
	for _, a := range n.order {
		key := strings.ToLower(a)
		if strong > 0 && n.weakOnly[key] {
			continue
		}
		idx[key] = len(out)
		out = append(out, Recipient{Address: a, Weak: n.weakOnly[key], Block: Span{-1, -1}})
	}
	return out, idx
}

// assignLines walks the lines: each error line belongs to the recipient
// it names, or to the one named last before it, or (before any is named)
// to the first one named after it.
func assignLines(lines []line, res *Result, idx map[string]int) {
	cur := -1
	var pending []int
	for i := range lines {
		l := &lines[i]
		owner := -1
		for _, a := range l.addrs {
			if k, ok := idx[strings.ToLower(a.addr)]; ok {
				owner = k
				break
			}
		}
		if owner >= 0 && owner != cur {
			if cur >= 0 {
				closeBlock(&res.Recipients[cur], l.start)
			}
			cur = owner
			r := &res.Recipients[cur]
			if r.Block.Start < 0 {
				r.Block.Start = l.start
			}
			r.Block.End = -1
			for _, p := range pending {
				r.Lines = append(r.Lines, Span{lines[p].start, lines[p].end})
			}
			pending = nil
		}
		if !l.err {
			// An indented line right after an error line continues it.
			if l.indented && i > 0 && lines[i-1].err && len(l.addrs) == 0 && cur >= 0 && strings.TrimSpace(l.text) != "" {
				l.err = true
				r := &res.Recipients[cur]
				r.Lines = append(r.Lines, Span{l.start, l.end})
			}
			continue
		}
		// In an SMTP transcript the command sent (">>> DATA") stands on
		// the line before the reply ("<<< 550 ..."): keep it with the
		// reply, it says which command was refused.
		if i > 0 && strings.HasPrefix(l.text, "<<<") && strings.HasPrefix(lines[i-1].text, ">>>") && !lines[i-1].err {
			if cur < 0 {
				pending = append(pending, i-1)
			} else {
				r := &res.Recipients[cur]
				r.Lines = append(r.Lines, Span{lines[i-1].start, lines[i-1].end})
			}
		}
		if cur < 0 {
			pending = append(pending, i)
			continue
		}
		r := &res.Recipients[cur]
		r.Lines = append(r.Lines, Span{l.start, l.end})
	}
	if cur >= 0 {
		closeBlock(&res.Recipients[cur], res.End)
	}
	shareLines(res)
}

// shareLines settles the blocks and gives a recipient listed with others
// but given no error line of its own the error of its neighbour.
func shareLines(res *Result) {
	for i := range res.Recipients {
		r := &res.Recipients[i]
		if r.Block.Start < 0 {
			r.Block = Span{0, 0}
		}
		if r.Block.End < r.Block.Start {
			r.Block.End = res.End
		}
	}
	// A recipient listed with others but given no error line of its own
	// shares the error of the next one that has one ("these addresses
	// failed: a, b. Reason: ...").
	for i := len(res.Recipients) - 2; i >= 0; i-- {
		if len(res.Recipients[i].Lines) == 0 {
			res.Recipients[i].Lines = res.Recipients[i+1].Lines
		}
	}
	for i := 1; i < len(res.Recipients); i++ {
		if len(res.Recipients[i].Lines) == 0 {
			res.Recipients[i].Lines = res.Recipients[i-1].Lines
		}
	}
}

func closeBlock(r *Recipient, end int) {
	if r.Block.End < 0 || end > r.Block.End {
		r.Block.End = end
	}
}

// Cut returns the offset where the returned original message starts in a
// bounce text, or len(text) when none is found.
func Cut(text string) int {
	pos := 0
	sawText := false
	for pos < len(text) {
		e := strings.IndexByte(text[pos:], '\n')
		if e < 0 {
			e = len(text)
		} else {
			e += pos
		}
		ln := text[pos:e]
		if isOriginalMarker(ln) {
			return pos
		}
		if sawText && startsWithAny(ln, headerStarts) && headerLike(text[e:]) {
			return pos
		}
		if strings.TrimSpace(ln) != "" {
			sawText = true
		}
		pos = e + 1
	}
	return len(text)
}

// headerLike reports whether the text after a header line continues like
// a message header (another field or a folded line), so that one sentence
// beginning with "Received:" does not end the explanation.
func headerLike(rest string) bool {
	rest = strings.TrimPrefix(rest, "\n")
	e := strings.IndexByte(rest, '\n')
	if e < 0 {
		e = len(rest)
	}
	ln := rest[:e]
	if ln == "" {
		return false
	}
	if ln[0] == ' ' || ln[0] == '\t' {
		return true
	}
	c := strings.IndexByte(ln, ':')
	if c <= 0 || c > 40 {
		return false
	}
	for i := 0; i < c; i++ {
		ch := ln[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-') {
			return false
		}
	}
	return true
}

func isOriginalMarker(ln string) bool {
	t := strings.TrimSpace(ln)
	if len(t) < 8 || len(t) > 120 {
		return false
	}
	decorated := strings.HasPrefix(t, "--") || strings.HasPrefix(t, "==") || strings.HasPrefix(t, "**") ||
		strings.HasPrefix(t, "__") || strings.HasSuffix(t, "--") || strings.HasSuffix(t, "==")
	if !decorated {
		// An undecorated line is a marker only when it is one of the
		// phrases, whole: compare lengths before letters.
		for _, x := range originalExact {
			if len(x) == len(t) && strings.EqualFold(x, t) {
				return true
			}
		}
		core := strings.Trim(t, " -=*_+#:.[]()<>")
		for _, p := range originalPhrases {
			if len(p) == len(core) && strings.EqualFold(p, core) {
				return true
			}
		}
		return lang.IsOriginalTitle(core, false)
	}
	if mayBeMarker(t) {
		core := strings.Trim(lowerASCII(t), " -=*_+#:.[]()<>")
		for _, p := range originalPhrases {
			if strings.Contains(core, p) {
				return true
			}
		}
	}
	return lang.IsOriginalTitle(strings.Trim(t, " -=*_+#:.[]()<>"), true)
}

// startsWithAny reports whether s starts with one of prefixes (lower
// case), ignoring ASCII case.
func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if hasPrefixFold(s, p) {
			return true
		}
	}
	return false
}

// mayBeMarker is a cheap test that rules out most lines before a marker
// line is looked for: every marker phrase has one of these words.
func mayBeMarker(t string) bool {
	for _, w := range markerWords { // t is at most 120 bytes (isOriginalMarker)
		if containsLower(t, w) {
			return true
		}
	}
	return false
}

// isSenderContext reports whether the text right before an address names
// it as the sender.
func isSenderContext(before string) bool {
	// A quoted header line names its sender first and may put a display
	// name before the address: From: "Info" <info@example.com>.
	if startsWithAny(lowerASCII(strings.TrimSpace(before)), senderLineStarts) {
		return true
	}
	if lang.IsSenderLabel(strings.TrimSpace(before)) {
		return true // "Sender Address:", "Absenderadresse:" in a report's details table
	}
	if len(before) > 24 {
		before = before[len(before)-24:]
	}
	b := lowerASCII(strings.TrimRight(before, " <\"'"))
	b = strings.TrimRight(b, " <\"'")
	for _, c := range senderContexts {
		c = strings.TrimRight(c, " <")
		if strings.HasSuffix(b, c) {
			return true
		}
	}
	return false
}

// systemAddress reports addresses of mail systems themselves, which a bounce
// names as its author but which never are the failed recipient.
func systemAddress(a string) bool {
	at := strings.LastIndexByte(a, '@')
	if at < 0 {
		return true
	}
	local := lowerASCII(a[:at])
	switch local {
	case "mailer-daemon", "mailer_daemon", "mail-daemon", "maildaemon", "mailerdaemon", "double-bounce", "nobody", "noreply", "no-reply":
		return true
	}
	return false
}

// Command returns the SMTP command a text says the error answered, or "".
func Command(text string) string {
	lower := lowerASCII(text)
	best, bestLen := "", 0
	bestAt := len(lower) + 1
	for _, c := range commands {
		if i := strings.Index(lower, c.Phrase); i >= 0 {
			if i < bestAt || (i == bestAt && len(c.Phrase) > bestLen) {
				best, bestLen, bestAt = c.Command, len(c.Phrase), i
			}
		}
	}
	return best
}

// MTA names the software or provider that wrote a bounce, from markers in
// its author fields (From, Message-ID, field names) and in the start of its
// text, or "".
func MTA(author, text string) string {
	a, t := lowerASCII(author), lowerASCII(text)
	for _, m := range MTAs {
		if strings.Contains(a, m.Marker) || !m.Header && strings.Contains(t, m.Marker) {
			return m.Name
		}
	}
	return ""
}
