package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/dsn"
	"github.com/bounce-explainer/bounce/classify/ndrtext"
	"github.com/bounce-explainer/bounce/classify/rules"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
	"github.com/bounce-explainer/bounce/kb/kbform"
)

// findDSN reads a delivery status notification (RFC 3464): one group of
// fields per recipient, completed with the human-readable text where the
// fields say little. A DSN pasted or forwarded as plain text is read too.
func findDSN(rd *reading, sc *scan) (found, bool) {
	groups, offs := dsnGroups(rd)
	if len(groups) == 0 {
		return found{}, false
	}
	// When every recipient's Diagnostic-Code says all there is to say, the
	// human-readable part need not be read line by line.
	lines := ndrtext.Result{End: len(rd.explanation)}
	if rd.pasted || dsnNeedsText(groups) {
		lines = sc.lines()
	}
	var fd found
	byAddr, runs := indexRecipients(lines), sayings{}
	seen := map[string]int{}
	for gi, g := range groups {
		c := dsnCandidate(rd, g, len(groups), lines, byAddr, runs)
		c.hint = rd.body
		if offs[gi] >= 0 {
			c.hint = offs[gi]
		}
		key := strings.ToLower(c.rcpt.Address)
		if k, ok := seen[key]; ok && key != "" {
			// The same recipient twice (Original- and Final-Recipient in
			// two groups): keep the more telling one.
			if fd.candidates[k].rcpt.Diagnostic == "" && c.rcpt.Diagnostic != "" {
				fd.candidates[k] = c
			}
			continue
		}
		seen[key] = len(fd.candidates)
		fd.candidates = append(fd.candidates, c)
	}
	fd.kind = kindOf(fd.candidates)
	return fd, true
}

// dsnGroups returns the recipient groups of the message's delivery-status
// parts, each with where it starts in the normalised input (-1 when not
// known), or those of delivery-status fields in the text.
func dsnGroups(rd *reading) ([]dsn.Group, []int) {
	var groups []dsn.Group
	var offs []int
	for _, p := range rd.dsnParts {
		for _, g := range dsn.Parse(p.text).Recipients {
			off := -1
			if p.off >= 0 && len(g) > 0 {
				off = p.off + g[0].Start
			}
			groups, offs = append(groups, g), append(offs, off)
		}
	}
	if len(groups) > 0 || !ndrtext.ContainsFold(rd.explanation, "final-recipient:") {
		return groups, offs
	}
	text := rd.explanation
	if !rd.pasted {
		text = text[:rd.cut] // not the fields of the returned message
	}
	groups = dsn.Parse(text).Recipients
	offs = make([]int, len(groups))
	for i := range offs {
		offs[i] = -1
	}
	return groups, offs
}

// dsnCandidate reads one recipient group, with the text lines about it.
func dsnCandidate(rd *reading, g dsn.Group, ngroups int, lines ndrtext.Result, byAddr map[string]*ndrtext.Recipient, runs sayings) candidate {
	addr := dsnAddress(g, ngroups, rd.failed, lines)
	r := Recipient{Address: addr}
	if f := strings.Fields(firstN(g.Get("action"), 100)); len(f) > 0 {
		r.Action = strings.ToLower(f[0])
	}
	if st := smtpcode.Status(g.Get("status")); st.Found() {
		r.Status = st.Text
	}
	r.RemoteMTA = remoteName(g.Get("remote-mta"))
	diagType, diag := dsn.TypedValue(g.Get("diagnostic-code"))
	r.Diagnostic = collapse(diag)
	var spans []ndrtext.Span
	t := byAddr[strings.ToLower(addr)]
	if t != nil {
		spans = t.Lines
	} else if ngroups == 1 && len(lines.Errors) > 0 {
		spans = lines.Errors
	}
	text := runs.of(rd.explanation, spans)
	if len(text.lines) == 0 && t != nil && t.Block.End > t.Block.Start && r.Diagnostic == "" {
		// No recognised error line, no Diagnostic-Code: the words next
		// to the address in the text part are all there is.
		if b := blockText(rd.explanation[t.Block.Start:t.Block.End], addr); b != "" {
			text = newSaid([]string{b})
		}
	}
	joined := text.joined
	// The text part may say more than the Diagnostic-Code field (or the
	// field may be missing): the field decides when it matches a pattern,
	// the text otherwise.
	own, rest := text.ownFirst(addr)
	c := candidate{statements: [][]string{own, rest}}
	if r.Diagnostic == "" {
		r.Diagnostic = collapse(joined)
	} else {
		c.statements = append([][]string{{r.Diagnostic}}, c.statements...)
	}
	if r.RemoteMTA == "" && r.Diagnostic != "" {
		r.RemoteMTA = remoteFromText(r.Diagnostic)
	}
	codes(&r, joined)
	r.Command = ndrtext.Command(r.Diagnostic + " " + joined)
	if diagType == "x-unix" {
		// The diagnostic is a local delivery program's exit status (RFC
		// 3464 "X-Unix"): the program failed, whatever the code.
		c.noPattern = "mailererror"
	}
	c.rcpt = r
	return c
}

// dsnAddress returns a group's recipient address. A local delivery path
// or a bare "@host" in Final-Recipient means the address is elsewhere.
func dsnAddress(g dsn.Group, ngroups int, failed []string, lines ndrtext.Result) string {
	addr := dsn.Address(g.Get("final-recipient"))
	if validAddress(addr) {
		return addr
	}
	switch {
	case validAddress(dsn.Address(g.Get("original-recipient"))):
		return dsn.Address(g.Get("original-recipient"))
	case validAddress(dsn.Address(g.Get("x-actual-recipient"))):
		return dsn.Address(g.Get("x-actual-recipient"))
	case ngroups == 1 && len(failed) == 1:
		return failed[0]
	case ngroups == 1 && len(lines.Recipients) == 1:
		return lines.Recipients[0].Address
	}
	return addr
}

// dsnNeedsText reports whether any recipient group needs the text part to
// be explained: its address, diagnostic, codes or verdict are incomplete,
// or its verdict depends on the SMTP command, which only the text names.
func dsnNeedsText(groups []dsn.Group) bool {
	for _, g := range groups {
		if !validAddress(dsn.Address(g.Get("final-recipient"))) {
			return true
		}
		_, diag := dsn.TypedValue(g.Get("diagnostic-code"))
		st := smtpcode.Status(g.Get("status"))
		if diag == "" || !st.Found() || !smtpcode.Reply(diag).Found() {
			return true
		}
		m, _ := bestOf([]string{diag})
		if !m.Found() {
			return true
		}
		switch e := rules.Entries[m.Entry]; {
		case e.Kind == kbform.KindReply, e.Reason == "userunknown", e.Reason == "hostunknown", e.Reason == "securityerror":
			return true
		}
	}
	return false
}
