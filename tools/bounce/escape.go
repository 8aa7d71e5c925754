package main

import (
	"fmt"
	"strings"

	"github.com/bounce-explainer/bounce/classify"
)

// printable escapes what a terminal would act on instead of showing: C0
// and C1 control characters (escape sequences, line breaks that forge
// output lines) and the bidirectional controls that reorder what is shown.
// Every value in text output comes from a stranger's mail server or from a
// file name, so each one passes through here.
func printable(s string) string {
	if !strings.ContainsFunc(s, needsEscape) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !needsEscape(r):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0) || // C0, DEL, C1
		r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// printableReport is rep with the short values that text output prints as
// they are escaped; longer prose goes through oneLine.
func printableReport(rep classify.Report) classify.Report {
	rep.MTA = printable(rep.MTA)
	rs := make([]classify.Recipient, len(rep.Recipients))
	for i, r := range rep.Recipients {
		r.RemoteMTA, r.Entry, r.Status = printable(r.RemoteMTA), printable(r.Entry), printable(r.Status)
		r.ReplyCode, r.Reason, r.Action = printable(r.ReplyCode), printable(r.Reason), printable(r.Action)
		rs[i] = r
	}
	rep.Recipients = rs
	return rep
}
