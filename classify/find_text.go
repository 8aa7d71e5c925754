package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/ndrtext"
	"github.com/bounce-explainer/bounce/classify/rules"
)

// findText reads a bounce written in plain words: the failed recipients'
// addresses and the error lines near them. It is the last finder for a
// whole message; pasted text that is not a bounce of several lines is left
// to findSnippet.
func findText(rd *reading, sc *scan) (found, bool) {
	lines := sc.lines()
	if rd.pasted {
		if !moreThanOneLine(rd.explanation[:lines.End]) || len(lines.Recipients) == 0 || len(lines.Errors) == 0 {
			return found{}, false
		}
		return textFound(rd, lines, nil, Original{}), true
	}
	if !rd.bounceish && len(lines.Errors) == 0 {
		return found{}, true
	}
	fd := textFound(rd, lines, rd.failed, rd.original)
	said := rd.explanation[:lines.End]
	if len(fd.candidates) == 0 && (rd.ctype == "multipart/report" || len(rd.failed) > 0 ||
		fromMailSystem(rd) && containsAny(strings.ToLower(said), bounceBodyPhrases)) {
		fd = unexplained(rd)
	}
	if !rd.bounceish && len(fd.candidates) > 0 && !hasCodes(said) && !containsAny(strings.ToLower(said), bounceBodyPhrases) &&
		!(rd.foreign() && normalizedHas(langReport, said)) {
		// Error-like words in an ordinary message are not a bounce.
		return found{}, true
	}
	return fd, true
}

// textFound builds the candidates of a text bounce: the addresses in
// X-Failed-Recipients, else those the text names, else the returned
// message's one addressee.
func textFound(rd *reading, lines ndrtext.Result, failed []string, orig Original) found {
	byAddr := indexRecipients(lines)
	var spots []ndrtext.Recipient
	switch {
	case len(failed) > 0:
		for _, f := range failed {
			s := ndrtext.Recipient{Address: f}
			if t := byAddr[strings.ToLower(f)]; t != nil {
				s.Lines, s.Block = t.Lines, t.Block
			} else if len(failed) == 1 {
				s.Lines = lines.Errors
			}
			spots = append(spots, s)
		}
	case len(lines.Recipients) > 0:
		spots = lines.Recipients
	case len(lines.Errors) > 0:
		s := ndrtext.Recipient{Lines: lines.Errors}
		if to := addressList(orig.To); len(to) == 1 {
			s.Address = to[0]
		}
		spots = append(spots, s)
	}
	fd := found{kind: KindFailure}
	action := "failed"
	if len(spots) > 0 && isDelayNotice(rd.subject, rd.explanation[:lines.End], rd.foreign()) {
		fd.kind, action = KindDelay, "delayed"
	}
	runs := sayings{}
	for _, s := range spots {
		c := textCandidate(rd, s, action, runs)
		if k := len(fd.candidates) - 1; k >= 0 && sameWords(fd.candidates[k], c) {
			c.like = k + 1
			if fd.candidates[k].like > 0 {
				c.like = fd.candidates[k].like
			}
		}
		fd.candidates = append(fd.candidates, c)
	}
	return fd
}

// textCandidate reads one recipient of a text bounce: its error lines, or
// the words next to its address when none was recognised as an error.
func textCandidate(rd *reading, s ndrtext.Recipient, action string, runs sayings) candidate {
	c := candidate{hint: rd.body}
	hasBlock := s.Block.End > s.Block.Start
	block := ""
	switch {
	case hasBlock:
		c.hint = rd.expOffset(s.Block.Start)
		block = rd.explanation[s.Block.Start:s.Block.End]
	case len(s.Lines) > 0:
		c.hint = rd.expOffset(s.Lines[0].Start)
	}
	r := Recipient{Address: s.Address, Action: action}
	text := runs.of(rd.explanation, s.Lines)
	if len(text.lines) == 0 && hasBlock {
		if b := blockText(block, s.Address); b != "" {
			text = newSaid([]string{b})
		}
	}
	r.Diagnostic = collapse(text.joined)
	r.RemoteMTA = remoteFromText(r.Diagnostic)
	codes(&r, "")
	r.Command = ndrtext.Command(block + " " + r.Diagnostic)
	if r.RemoteMTA == "" && hasBlock {
		// "host mx.example.com [192.0.2.1]" often stands on a line of
		// its own next to the error.
		r.RemoteMTA = remoteFromText(block)
	}
	own, rest := text.ownFirst(s.Address)
	c.rcpt, c.statements = r, [][]string{own, rest}
	return c
}

// unexplained is the report for a message that is certainly a delivery
// report but names no error: one recipient, the returned message's
// addressee when there is exactly one, or no address when none is named.
func unexplained(rd *reading) found {
	to := rd.failed
	if len(to) == 0 {
		to = addressList(rd.original.To)
	}
	if len(to) > 1 {
		return found{}
	}
	if len(to) == 0 {
		// The header and the text say delivery failed, but neither names
		// an address: still a bounce, with the address left empty.
		line := failureLine(rd.explanation)
		c := candidate{rcpt: Recipient{Action: "failed", Diagnostic: line}, hint: rd.body, statements: [][]string{{line}},
			evidence: rd.src.locate(rules.Normalize(line), rd.body)}
		return found{kind: KindFailure, candidates: []candidate{c},
			warnings: []string{"This is a delivery report, but it does not say which address failed or why."}}
	}
	c := candidate{rcpt: Recipient{Address: to[0], Action: "failed"}, hint: rd.body}
	return found{kind: KindFailure, candidates: []candidate{c},
		warnings: []string{"This is a delivery report, but it does not say why the delivery failed. The recipient shown is the one the returned message was addressed to."}}
}

// fromMailSystem reports a message written by a mail system
// (MAILER-DAEMON, postmaster): with a failure sentence, a bounce even when
// it names no address. A subject alone is not enough: people and parcel
// services write "Delivery failed" too.
func fromMailSystem(rd *reading) bool {
	return rd.bounceish && containsAny(strings.ToLower(rd.from), mailSystemSenders)
}

// failureLine is the first line of text that says delivery failed, the
// evidence of a report that names nothing else.
func failureLine(text string) string {
	for line := range strings.Lines(text) {
		if containsAny(strings.ToLower(line), bounceBodyPhrases) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// indexRecipients maps the text's recipients by lower-case address.
func indexRecipients(lines ndrtext.Result) map[string]*ndrtext.Recipient {
	if len(lines.Recipients) == 0 {
		return nil
	}
	byAddr := make(map[string]*ndrtext.Recipient, len(lines.Recipients))
	for i := range lines.Recipients {
		byAddr[strings.ToLower(lines.Recipients[i].Address)] = &lines.Recipients[i]
	}
	return byAddr
}
