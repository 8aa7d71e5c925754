package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/ndrtext"
)

// findSnippet reads pasted text that is one error line, or a few, with no
// address: a snippet. Text with no code and no known phrase is not one.
func findSnippet(rd *reading, sc *scan) (found, bool) {
	if !rd.pasted {
		return found{}, false
	}
	text := rd.explanation
	lines := sc.lines()
	ll := logicalLines(text, lines.Errors)
	if len(ll) == 0 {
		ll = []string{strings.TrimSpace(text[:lines.End])}
	}
	if !credibleCode(strings.Join(ll, "\n"), text) {
		return found{}, true
	}
	r := Recipient{Diagnostic: collapse(strings.Join(ll, " ")), Action: "failed"}
	codes(&r, "")
	r.Command = ndrtext.Command(r.Diagnostic)
	r.RemoteMTA = remoteFromText(r.Diagnostic)
	if r.Status != "" && r.Status[0] == '4' || r.Status == "" && r.ReplyCode != "" && r.ReplyCode[0] == '4' {
		r.Action = "delayed"
	}
	c := candidate{rcpt: r, statements: [][]string{ll}, hint: rd.body}
	return found{kind: KindSnippet, candidates: []candidate{c}}, true
}
