package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/ndrtext"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
)

// logicalLines turns the error lines of a recipient into statements: an
// indented line continues the one before it, and the lines of a multi-line
// SMTP reply ("550-5.7.26 ...", "550 5.7.26 ...") are one reply, its code
// prefixes dropped after the first. Patterns are matched per statement, so
// that words at the end of one statement and the start of the next do not
// make a phrase neither says ("User unknown" + "host mx..." is not
// "unknown host").
func logicalLines(text string, spans []ndrtext.Span) []string {
	var out []string
	prevEnd := -2
	prevCode := ""
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start > s.End {
			continue
		}
		raw := text[s.Start:s.End]
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		code, rest := replyPrefix(t)
		adjacent := s.Start == prevEnd+1
		switch {
		case len(out) > 0 && adjacent && (raw[0] == ' ' || raw[0] == '\t') && code == "":
			out[len(out)-1] += " " + t
		case len(out) > 0 && adjacent && code != "" && code == prevCode:
			out[len(out)-1] += " " + rest
		default:
			out = append(out, t)
		}
		if code != "" {
			prevCode = code
		} else if !adjacent {
			prevCode = ""
		}
		prevEnd = s.End
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
