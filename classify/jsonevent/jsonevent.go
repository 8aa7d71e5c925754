// Package jsonevent reads delivery events that a sending service posts as
// JSON rather than as a mail report: Amazon SES bounce, complaint and
// delivery notifications, bare or wrapped in an Amazon SNS envelope, as
// they arrive by mail or are pasted from a webhook log.
package jsonevent

import "strings"

// Recipient is one recipient an event is about.
type Recipient struct {
	Address    string
	Action     string
	Status     string
	Diagnostic string
}

// Event is one notification.
type Event struct {
	Type         string // "bounce", "complaint" or "delivery"
	BounceType   string // Permanent, Transient, Undetermined
	SubType      string // General, NoEmail, MailboxFull, Suppressed, ...
	FeedbackType string // abuse, not-spam, ... (complaints)
	ReportingMTA string
	Recipients   []Recipient
	From         string
	To           string
	Subject      string
	MessageID    string
	// Start and End delimit the JSON object in the text given to Find.
	Start, End int
}

// maxJSON bounds the object read; a notification is a few kilobytes.
const maxJSON = 1 << 20

// Find looks for a notification in text: a JSON object that starts a
// line. It returns false when there is none or it cannot be read.
func Find(text string) (Event, bool) {
	start := -1
	for _, key := range []string{`{"notificationType"`, `{"eventType"`, `{"Type"`, `{ "notificationType"`, `{"Message"`} {
		if i := strings.Index(text, key); i >= 0 && (start < 0 || i < start) {
			start = i
		}
	}
	if start < 0 {
		return Event{}, false
	}
	end := strings.LastIndexByte(text, '}')
	if end < start || end-start > maxJSON {
		return Event{}, false
	}
	m, ok := notification(text[start : end+1])
	if !ok {
		return Event{}, false
	}
	ev := Event{Start: start, End: end + 1}
	kind := strings.ToLower(m.str("notificationType"))
	if kind == "" {
		kind = strings.ToLower(m.str("eventType"))
	}
	if !ev.recipients(kind, m) {
		return Event{}, false
	}
	mail := m.obj("mail")
	h := mail.obj("commonHeaders")
	ev.From, ev.To = strings.Join(h.strings("from"), ", "), strings.Join(h.strings("to"), ", ")
	ev.Subject, ev.MessageID = h.str("subject"), h.str("messageId")
	if ev.MessageID == "" {
		ev.MessageID = mail.str("messageId")
	}
	return ev, len(ev.Recipients) > 0
}

// notification parses the JSON object raw, unwrapping an SNS envelope (the
// notification as a JSON string in its "Message").
func notification(raw string) (object, bool) {
	v, err := parseJSON(raw)
	if err != nil {
		// Some mail servers break lines longer than SMTP allows with
		// "!" and a folded continuation; undo that and try again.
		fixed := strings.NewReplacer("!\n ", "", "!\r\n ", "", "\n", "", "\r", "").Replace(raw)
		if v, err = parseJSON(fixed); err != nil {
			return nil, false
		}
	}
	m, ok := v.(object)
	if !ok {
		return nil, false
	}
	if msg := m.str("Message"); msg != "" && m.str("notificationType") == "" {
		inner, err := parseJSON(msg)
		if m, ok = inner.(object); err != nil || !ok {
			return nil, false
		}
	}
	return m, true
}

// recipients fills the event's type and recipients from the part of the
// notification that kind names; false when that part is missing.
func (ev *Event) recipients(kind string, m object) bool {
	switch part := m.obj(kind); {
	case part == nil:
		return false
	case kind == "bounce":
		ev.Type = "bounce"
		ev.BounceType, ev.SubType = part.str("bounceType"), part.str("bounceSubType")
		ev.ReportingMTA = part.str("reportingMTA")
		for _, v := range part.list("bouncedRecipients") {
			r, _ := v.(object)
			ev.Recipients = append(ev.Recipients, Recipient{Address: r.str("emailAddress"),
				Action: r.str("action"), Status: r.str("status"), Diagnostic: r.str("diagnosticCode")})
		}
	case kind == "complaint":
		ev.Type = "complaint"
		ev.FeedbackType = part.str("complaintFeedbackType")
		for _, v := range part.list("complainedRecipients") {
			r, _ := v.(object)
			ev.Recipients = append(ev.Recipients, Recipient{Address: r.str("emailAddress")})
		}
	case kind == "delivery":
		ev.Type = "delivery"
		ev.ReportingMTA = part.str("reportingMTA")
		for _, a := range part.strings("recipients") {
			ev.Recipients = append(ev.Recipients, Recipient{Address: a, Action: "delivered", Diagnostic: part.str("smtpResponse")})
		}
	default:
		return false
	}
	return true
}
