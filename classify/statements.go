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
	var st statement
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
		case st.open() && adjacent && (raw[0] == ' ' || raw[0] == '\t') && code == "":
			st.add(t)
		case st.open() && adjacent && code != "" && code == prevCode:
			st.add(rest)
		default:
			if st.open() {
				out = append(out, st.close())
			}
			st.first = t
		}
		if code != "" {
			prevCode = code
		} else if !adjacent {
			prevCode = ""
		}
		prevEnd = s.End
	}
	if st.open() {
		out = append(out, st.close())
	}
	return out
}

// statement is a statement being built from lines: one line stays the
// input's own string, and only continued ones are copied, once.
type statement struct {
	first string
	more  strings.Builder
}

func (st *statement) open() bool { return st.first != "" }

// add continues the statement with t.
func (st *statement) add(t string) {
	if st.more.Len() == 0 {
		st.more.WriteString(st.first)
	}
	st.more.WriteByte(' ')
	st.more.WriteString(t)
}

// close returns the statement and starts an empty one.
func (st *statement) close() string {
	s := st.first
	if st.more.Len() > 0 {
		s = st.more.String()
		st.more = strings.Builder{}
	}
	st.first = ""
	return s
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
	joined  string   // the statements joined by spaces
	lowered []string // lines in lower case, made when first needed
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
	if len(spans) == 0 {
		return &said{}
	}
	key := spanRun{&spans[0], len(spans)}
	if s, ok := ss[key]; ok {
		return s
	}
	s := newSaid(logicalLines(text, spans))
	ss[key] = s
	return s
}

func newSaid(lines []string) *said {
	return &said{lines: lines, joined: strings.Join(lines, " ")}
}

// names reports whether statement i names addr (a in lower case): as
// written, or in other letter case. Lines are lowered once per run, and
// only when a line has an "@" but not the address as written.
func (s *said) names(i int, addr, a string) bool {
	l := s.lines[i]
	if strings.Contains(l, addr) {
		return true
	}
	if strings.IndexByte(l, '@') < 0 {
		return false
	}
	if s.lowered == nil {
		s.lowered = make([]string, len(s.lines))
	}
	if s.lowered[i] == "" {
		s.lowered[i] = strings.ToLower(l)
	}
	return strings.Contains(s.lowered[i], a)
}

// ownFirst splits the statements into those that name addr and the rest;
// rest is the whole run, shared, when none names it.
func (s *said) ownFirst(addr string) (own, rest []string) {
	if addr == "" {
		return nil, s.lines
	}
	a := strings.ToLower(addr)
	var mine []bool
	for i := range s.lines {
		if s.names(i, addr, a) {
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
