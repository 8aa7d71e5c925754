package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/ndrtext"
	"github.com/bounce-explainer/bounce/classify/rules"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
	"github.com/bounce-explainer/bounce/kb/kbform"
)

// maxStatement bounds the text matched per statement: error statements
// are a line or a few; anything longer is not one.
const maxStatement = 8192

// maxRecipientText bounds the statement text read for one recipient, so
// that many recipients sharing many error lines cost no more than a few
// lines each: a real recipient's error is a few hundred bytes.
const maxRecipientText = 16 << 10

// logicalLines turns the error lines of a recipient into statements: an
// indented line continues the one before it, and the lines of a multi-line
// SMTP reply ("550-5.7.26 ...", "550 5.7.26 ...") are one reply, its code
// prefixes dropped after the first. Patterns are matched per statement, so
// that words at the end of one statement and the start of the next do not
// make a phrase neither says ("User unknown" + "host mx..." is not
// "unknown host").
func logicalLines(text string, spans []ndrtext.Span) []string {
	var out []string
	var cur strings.Builder // the statement being built, not yet in out
	prevEnd, prevCode, total := -2, "", 0
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start > s.End {
			continue
		}
		raw := text[s.Start:s.End]
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		if total += len(t); total > maxRecipientText {
			break
		}
		code, rest := replyPrefix(t)
		adjacent := s.Start == prevEnd+1
		switch {
		case cur.Len() > 0 && adjacent && (raw[0] == ' ' || raw[0] == '\t') && code == "":
			cur.WriteString(" " + t)
		case cur.Len() > 0 && adjacent && code != "" && code == prevCode:
			cur.WriteString(" " + rest)
		default:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			cur.WriteString(t)
		}
		if code != "" {
			prevCode = code
		} else if !adjacent {
			prevCode = ""
		}
		prevEnd = s.End
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// replyPrefix splits "550-5.7.1 text" or "550 5.7.1 text" into the reply
// code and the text after the code(s).
func replyPrefix(t string) (code, rest string) {
	if len(t) < 4 || !(t[3] == '-' || t[3] == ' ') {
		return "", t
	}
	rc := smtpcode.Reply(t[:4])
	if !rc.Found() || rc.Start != 0 {
		return "", t
	}
	rest = strings.TrimSpace(t[4:])
	if st := smtpcode.Status(rest); st.Found() && st.Start == 0 {
		rest = strings.TrimSpace(rest[st.End:])
	}
	return t[:3], rest
}

// hasCode reports whether a statement carries a reply or status code: the
// receiving server's own words rather than the reporting server's narrative.
func hasCode(s string) bool {
	if st := smtpcode.Status(s); st.Found() && st.Class() != '2' {
		return true
	}
	rc := smtpcode.Reply(s)
	return rc.Found() && rc.Class() != '2'
}

// isReply reports whether m matched a reply code's generic wording.
func isReply(m rules.Match) bool {
	return m.Found() && rules.Entries[m.Entry].Kind == kbform.KindReply
}

// bestOfTiers matches tiers of statements in order (a recipient's own
// lines before lines about others): the first tier with a match decides,
// but a reply code's generic wording only holds until a later tier says
// something more specific.
func bestOfTiers(tiers [][]string) (rules.Match, string) {
	m := rules.Match{Entry: -1, Pattern: -1}
	mt := ""
	for _, lines := range tiers {
		tm, tt := bestTier(lines)
		if tm.Found() && (!m.Found() || isReply(m) && !isReply(tm)) {
			m, mt = tm, tt
		}
		if m.Found() && !isReply(m) {
			break
		}
	}
	return m, mt
}

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
	if !m.Found() || isReply(m) {
		if m2, mt2 := bestOf(plain); m2.Found() && (!m.Found() || !isReply(m2)) {
			m, mt = m2, mt2
		}
	}
	return m, mt
}

// bestOf returns the best match over several statements and the matched
// text, normalised.
func bestOf(lines []string) (rules.Match, string) {
	best := rules.Match{Entry: -1, Pattern: -1}
	text := ""
	for _, l := range lines {
		n := rules.Normalize(firstN(l, maxStatement))
		m := rules.Best(n)
		if m.Found() && (!best.Found() || m.Score > best.Score) {
			best, text = m, n[m.Start:m.End]
		}
	}
	return best, text
}

// said is a run of error lines read as statements. Many recipients of one
// bounce share one error ("these addresses failed: ... Reason: ..."), so a
// finder reads each run once (sayings) and every recipient of the run
// uses the same statements.
type said struct {
	lines   []string // the statements (logicalLines)
	lowered []string // the same in ASCII lower case, to find addresses in
	joined  string   // the statements joined by spaces
}

// sayings holds the runs of lines one finder has read, by the run.
type sayings map[spanRun]*said

// spanRun identifies a run of lines by the slice that holds it: recipients
// that share an error share the slice.
type spanRun struct {
	first *ndrtext.Span
	n     int
}

// of returns the statements of the lines spans of text, read once.
func (ss sayings) of(text string, spans []ndrtext.Span) *said {
	var key spanRun
	if len(spans) > 0 {
		key = spanRun{&spans[0], len(spans)}
	}
	if s, ok := ss[key]; ok {
		return s
	}
	s := newSaid(logicalLines(text, spans))
	ss[key] = s
	return s
}

func newSaid(lines []string) *said {
	s := &said{lines: lines, joined: strings.Join(lines, " ")}
	for _, l := range lines {
		s.lowered = append(s.lowered, strings.ToLower(l))
	}
	return s
}

// ownFirst splits the statements into those that name addr and the rest;
// rest is the whole run, shared, when none names it.
func (s *said) ownFirst(addr string) (own, rest []string) {
	if addr == "" {
		return nil, s.lines
	}
	a := strings.ToLower(addr)
	var mine []bool
	for i, l := range s.lowered {
		if strings.Contains(l, a) {
			if mine == nil {
				mine = make([]bool, len(s.lines))
			}
			mine[i] = true
		}
	}
	if mine == nil {
		return nil, s.lines
	}
	for i, l := range s.lines {
		if mine[i] {
			own = append(own, l)
		} else {
			rest = append(rest, l)
		}
	}
	return own, rest
}
