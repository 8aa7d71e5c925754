package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/dsn"
	"github.com/bounce-explainer/bounce/classify/jsonevent"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
)

// findEvent reads a sending service's JSON delivery notification sent by
// mail or pasted (Amazon SES and the like).
func findEvent(rd *reading, sc *scan) (found, bool) {
	ev, ok := jsonevent.Find(rd.explanation)
	if !ok {
		return found{}, false
	}
	fd := found{original: Original{From: ev.From, To: ev.To, Subject: ev.Subject, MessageID: ev.MessageID}}
	for _, er := range ev.Recipients {
		fd.candidates = append(fd.candidates, eventCandidate(rd, ev, er))
	}
	switch ev.Type {
	case "complaint":
		fd.kind = KindFeedback
	case "delivery":
		fd.kind = KindDelivered
	default:
		fd.kind = kindOf(fd.candidates)
	}
	return fd, true
}

// eventCandidate reads one recipient of a notification.
func eventCandidate(rd *reading, ev jsonevent.Event, er jsonevent.Recipient) candidate {
	r := Recipient{Address: er.Address, Action: strings.ToLower(er.Action)}
	_, diag := dsn.TypedValue(er.Diagnostic)
	r.Diagnostic = collapse(diag)
	if st := smtpcode.Status(er.Status); st.Found() {
		r.Status = st.Text
	}
	r.RemoteMTA = remoteName(ev.ReportingMTA)
	c := candidate{hint: rd.body}
	switch ev.Type {
	case "complaint":
		r.Diagnostic = collapse("complaint feedback type: " + ev.FeedbackType)
		r.Action = ""
		c.fixed, c.evidence = "feedback", rd.src.locate("complaint", rd.body)
	case "delivery":
		codes(&r, "")
		c.fixed, c.evidence = "delivered", rd.src.locate("delivery", rd.body)
	default:
		if r.Action == "" {
			r.Action = "failed"
		}
		if strings.EqualFold(ev.BounceType, "transient") && r.Action == "failed" {
			r.Action = "delayed"
		}
		codes(&r, "")
		c.statements = [][]string{{r.Diagnostic}, {ev.BounceType + " " + ev.SubType}}
	}
	c.rcpt = r
	return c
}
