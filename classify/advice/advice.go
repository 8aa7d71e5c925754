// Package advice makes the presentation decisions about one recipient of a
// bounce, once, for everyone who shows them: the paste page and the web
// component (through the Report), the command line and the help site.
//
// Three questions, each answered from the classifier's findings:
//
//   - outcome: what happened to the message? Failed (refused and returned
//     to the sender), delayed (the sending server is still retrying), or
//     not a failure at all (delivered, relayed, an automatic reply, a
//     complaint).
//   - cause: will the cause go away by itself? Lasting (the address does
//     not exist) or can clear (a full mailbox, a block list, a rate limit).
//     The KB's `hard` flag is Sisimai's "retrying will not help"; it is kept
//     as it is, and cause is read from it.
//   - who acts, in the reader's words.
//
// The retry advice follows from outcome and cause together: a 550
// block-list rejection was refused and returned, so the advice is "send it
// again once the block is lifted", not "temporary".
//
// Every label lives in the tables below and nowhere else. The package does
// not import classify (classify calls it), so it takes plain values.
package advice

import "strings"

// Outcomes: what happened to the message.
const (
	Failed     = "failed"      // refused and returned to the sender
	Delayed    = "delayed"     // not delivered yet; still being retried
	NotFailure = "not-failure" // delivered, relayed, auto-reply, complaint
)

// Causes: will the cause go away by itself? Empty for NotFailure.
const (
	Lasting  = "lasting"   // no: someone has to change something
	CanClear = "can-clear" // yes, or it can be cleared (mailbox full, block list, rate limit)
)

// Label is one value's wording: a short badge and a sentence for a legend.
type Label struct {
	Short   string `json:"short"`
	Explain string `json:"explain"`
}

// OutcomeLabels, CauseLabels and WhoLabels are the one table of labels. The
// help site renders the legend from them.
var (
	OutcomeLabels = map[string]Label{
		Failed:     {"Not delivered", "The receiving server refused the message and it came back to the sender."},
		Delayed:    {"Delayed, still retrying", "Not delivered yet: the sending server keeps trying and writes again if it gives up."},
		NotFailure: {"Not a delivery failure", "Nothing failed: a delivery confirmation, an automatic reply or a complaint."},
	}
	CauseLabels = map[string]Label{
		Lasting:  {"Lasting problem", "The cause will not go away by itself (for example, the address does not exist): sending again fails until someone changes something."},
		CanClear: {"Can clear up", "The cause can clear up or be cleared (a full mailbox, a block list, a rate limit): once it has, sending again can work."},
	}
	WhoLabels = map[string]Label{
		"sender":          {"You, the sender", "You can fix this yourself: change what or how you send, then send again."},
		"sender-admin":    {"Your email administrator or provider", "The problem is in how your mail is sent: forward the explanation to whoever runs your email."},
		"recipient":       {"The recipient", "Only the recipient can fix this: reach them another way and tell them what the server said."},
		"recipient-admin": {"The recipient's email administrator", "Only the people who run the recipient's email can fix this: let the recipient know another way."},
		"":                {"No one", "Nothing failed, so no one has to act for delivery."},
	}
)

// notFailureOutcome names a success or an information report in words, by
// the recipient's action or reason.
var notFailureOutcome = map[string]string{
	"delivered": "Delivered",
	"relayed":   "Passed on to another system",
	"expanded":  "Delivered to a list's members",
	"vacation":  "Not a delivery failure: an automatic reply",
	"feedback":  "Not a delivery failure: a spam complaint",
}

// whenCleared says, per reason, what has to happen before sending again
// works, for a failure whose cause can clear.
var whenCleared = map[string]string{
	"blocked":       "once the block is lifted",
	"badreputation": "once the sending server's reputation has recovered",
	"spamdetected":  "once the content or the sending server's reputation is fixed",
	"mailboxfull":   "once the recipient has made room in the mailbox",
	"systemfull":    "once the receiving server has room again",
	"speeding":      "later, more slowly: the server limits how fast it accepts mail",
	"toomanyconn":   "later, with fewer connections at once",
	"exceedlimit":   "once the message is within the server's limits",
	"mesgtoobig":    "once the message is smaller",
	"expired":       "once the receiving server is reachable again",
	"networkerror":  "once the receiving server is reachable again",
	"systemerror":   "once the receiving server works again",
	"suspend":       "once the recipient's account is active again",
	"requireptr":    "once the sending server's reverse DNS is set up",
	"authfailure":   "once SPF, DKIM or DMARC passes for your domain",
}

// Input is what the decisions are made from: the report's kind and one
// recipient's findings.
type Input struct {
	Kind      string // the Report's kind: failure, delay, delivered, feedback, autoreply, snippet, unknown
	Action    string // the recipient's DSN action: failed, delayed, delivered, relayed, expanded
	Reason    string // the reason vocabulary
	Hard      bool   // Sisimai's "retrying will not help"
	Who       string // sender, sender-admin, recipient, recipient-admin
	Status    string // enhanced status code, e.g. 4.2.2
	ReplyCode string // SMTP reply code, e.g. 452
}

// Decision is the presentation of one recipient: the Report fields of the
// same names.
type Decision struct {
	Outcome      string
	OutcomeLabel string
	Cause        string
	CauseLabel   string
	Retry        string
	WhoLabel     string
}

// Decide makes the decisions for one recipient.
func Decide(in Input) Decision {
	var d Decision
	d.Outcome = outcome(in)
	d.OutcomeLabel = OutcomeLabels[d.Outcome].Short
	if d.Outcome == NotFailure {
		// The DSN's action is the more precise word (relayed, expanded).
		if l, ok := notFailureOutcome[in.Action]; ok {
			d.OutcomeLabel = l
		} else if l, ok := notFailureOutcome[in.Reason]; ok {
			d.OutcomeLabel = l
		}
		d.Retry = notFailureRetry(in)
		d.WhoLabel = WhoLabels[""].Short
		if in.Reason == "feedback" {
			d.WhoLabel = WhoLabels["sender"].Short
		}
		return d
	}
	d.Cause = cause(in.Hard, []string{in.Status, in.ReplyCode})
	d.CauseLabel = CauseLabels[d.Cause].Short
	d.Retry = retry(d.Outcome, d.Cause, in.Reason)
	if in.Who != "" {
		d.WhoLabel = WhoLabels[in.Who].Short
	}
	return d
}

// outcome sorts a recipient into failed, delayed or not a failure.
func outcome(in Input) string {
	switch {
	case in.Reason == "vacation" || in.Reason == "feedback" || in.Reason == "delivered":
		return NotFailure
	case in.Kind == "autoreply" || in.Kind == "feedback" || in.Kind == "delivered":
		return NotFailure
	case in.Action == "delivered" || in.Action == "relayed" || in.Action == "expanded":
		return NotFailure
	case in.Action == "delayed" || in.Kind == "delay":
		return Delayed
	case in.Action == "" && in.Kind == "snippet" && onlyTransient([]string{in.Status, in.ReplyCode}):
		// A bare 4xx error line: the server asked to try again later,
		// and the sending server does so by itself.
		return Delayed
	}
	return Failed
}

// cause reads Sisimai's hard flag as "will the cause go away by itself?".
// Codes that are all 4xx are by definition transient, whatever the flag.
func cause(hard bool, codes []string) string {
	if hard && !onlyTransient(codes) {
		return Lasting
	}
	return CanClear
}

// onlyTransient reports whether the codes given are all 4xx (4.x.x or 4yz),
// with at least one code.
func onlyTransient(codes []string) bool {
	n := 0
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		n++
		if c[0] != '4' {
			return false
		}
	}
	return n > 0
}

func retry(outcome, cause, reason string) string {
	if outcome == Delayed {
		if cause == Lasting {
			return "Nothing is lost yet: the sending server is still trying. The cause may not clear by itself, so if it keeps failing, act on it."
		}
		return "Nothing is lost yet: the sending server is still trying and writes again if it gives up."
	}
	if cause == Lasting {
		return "It was not delivered, and sending it again fails the same way until the cause is fixed."
	}
	when, ok := whenCleared[reason]
	if !ok {
		when = "once the cause has cleared"
	}
	return "It was not delivered. Send it again " + when + "."
}

func notFailureRetry(in Input) string {
	switch {
	case in.Reason == "vacation" || in.Kind == "autoreply":
		return "Your message was delivered; this is an automatic reply. Nothing to resend."
	case in.Reason == "feedback" || in.Kind == "feedback":
		return "The message was delivered, and the recipient reported it as spam. Do not resend; stop mailing them unless they asked for it."
	}
	return "Nothing to resend: the message was delivered."
}

// Entry is the presentation of a KB entry on its help page: the decisions
// a bounce that matches it gets, as far as the entry alone can tell.
type Entry struct {
	Cause      string // lasting, can-clear, or "" when the entry is not a failure
	CauseLabel string // the badge
	Retry      string // the answer to "Retry?"
	WhoLabel   string
}

// ForEntry decides an entry's labels from its front matter. An entry whose
// codes are all 4xx can clear, whatever its hard flag.
func ForEntry(reason string, hard bool, who string, codes []string) Entry {
	if reason == "vacation" || reason == "feedback" || reason == "delivered" {
		d := Decide(Input{Reason: reason, Hard: hard, Who: who})
		return Entry{CauseLabel: d.OutcomeLabel, Retry: d.Retry, WhoLabel: d.WhoLabel}
	}
	c := cause(hard, codes)
	e := Entry{Cause: c, CauseLabel: CauseLabels[c].Short}
	if who != "" {
		e.WhoLabel = WhoLabels[who].Short
	}
	if c == Lasting {
		e.Retry = "No: the same message fails again until something changes."
	} else {
		when, ok := whenCleared[reason]
		if !ok {
			when = "once the cause has cleared"
		}
		e.Retry = "Yes, " + when + "."
	}
	return e
}
