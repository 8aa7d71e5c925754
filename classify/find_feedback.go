package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/dsn"
)

// findFeedback reads an abuse or complaint report: an RFC 5965
// message/feedback-report part, a multipart/report of that type, or a
// complaint sent as an ordinary message that quotes the original.
func findFeedback(rd *reading, sc *scan) (found, bool) {
	arf := rd.feedback != "" || rd.ctype == "multipart/report" && strings.EqualFold(rd.params["report-type"], "feedback-report")
	if !arf && !(rd.inner != nil && containsAny(strings.ToLower(rd.subject), feedbackSubjects)) {
		return found{}, false
	}
	return feedbackFound(rd, ""), true
}

// findUnsubscribe reads a one-click unsubscribe request a mail client
// sends for its user: a header field says so.
func findUnsubscribe(rd *reading, sc *scan) (found, bool) {
	for _, k := range feedbackHeaders {
		if rd.header.Has(k) {
			return feedbackFound(rd, k), true
		}
	}
	return found{}, false
}

// feedbackFound builds the report for a complaint: the recipients are the
// complained-about message's recipients. header, when set, is the header
// field that made this a feedback report; the recipient is then the
// message's author.
func feedbackFound(rd *reading, header string) found {
	g := dsn.Parse(rd.feedback)
	fields := append(dsn.Group{}, g.Message...)
	for _, rg := range g.Recipients {
		fields = append(fields, rg...)
	}
	var addrs []string
	for _, f := range fields {
		if f.Name == "original-rcpt-to" || f.Name == "removal-recipient" {
			addrs = append(addrs, dsn.Address(f.Value))
		}
	}
	if header != "" {
		addrs = addressList(rd.from)
	}
	if len(addrs) == 0 {
		addrs = addressList(rd.original.To)
	}
	if len(addrs) == 0 {
		addrs = []string{""}
	}
	ftype := fields.Get("feedback-type")
	diag, evidence := "feedback-type: "+ftype, "feedback-type"
	if header != "" {
		diag, evidence = header+": "+rd.subject, strings.ToLower(header)
	}
	fd := found{kind: KindFeedback}
	ev := rd.src.locate(evidence, 0)
	for _, ad := range addrs {
		r := Recipient{Address: ad, Diagnostic: collapse(diag)}
		fd.candidates = append(fd.candidates, candidate{rcpt: r, hint: rd.body, fixed: "feedback", evidence: ev})
	}
	if ftype == "" && header == "" && rd.feedback != "" {
		fd.warnings = append(fd.warnings, "The complaint report does not say what kind of complaint it is (it has no Feedback-Type field).")
	}
	return fd
}
