// Package jsonevent reads delivery events that a sending service posts as
// JSON rather than as a mail report: Amazon SES bounce, complaint and
// delivery notifications, bare or wrapped in an Amazon SNS envelope, as
// they arrive by mail or are pasted from a webhook log.
package jsonevent

import (
	"encoding/json"
	"strings"
)

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

type sesRecipient struct {
	EmailAddress   string `json:"emailAddress"`
	Action         string `json:"action"`
	Status         string `json:"status"`
	DiagnosticCode string `json:"diagnosticCode"`
}

type sesMessage struct {
	NotificationType string `json:"notificationType"`
	EventType        string `json:"eventType"`
	Bounce           *struct {
		BounceType        string         `json:"bounceType"`
		BounceSubType     string         `json:"bounceSubType"`
		BouncedRecipients []sesRecipient `json:"bouncedRecipients"`
		ReportingMTA      string         `json:"reportingMTA"`
	} `json:"bounce"`
	Complaint *struct {
		ComplainedRecipients  []sesRecipient `json:"complainedRecipients"`
		ComplaintFeedbackType string         `json:"complaintFeedbackType"`
	} `json:"complaint"`
	Delivery *struct {
		Recipients   []string `json:"recipients"`
		SMTPResponse string   `json:"smtpResponse"`
		ReportingMTA string   `json:"reportingMTA"`
	} `json:"delivery"`
	Mail struct {
		MessageID     string `json:"messageId"`
		CommonHeaders struct {
			From      []string `json:"from"`
			To        []string `json:"to"`
			Subject   string   `json:"subject"`
			MessageID string   `json:"messageId"`
		} `json:"commonHeaders"`
	} `json:"mail"`
	// The SNS envelope carries the notification as a JSON string.
	Type    string `json:"Type"`
	Message string `json:"Message"`
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
	raw := text[start : end+1]
	var m sesMessage
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		// Some mail servers break lines longer than SMTP allows with
		// "!" and a folded continuation; undo that and try again.
		fixed := strings.NewReplacer("!\n ", "", "!\r\n ", "", "\n", "", "\r", "").Replace(raw)
		if json.Unmarshal([]byte(fixed), &m) != nil {
			return Event{}, false
		}
	}
	if m.Message != "" && m.NotificationType == "" {
		var inner sesMessage
		if json.Unmarshal([]byte(m.Message), &inner) != nil {
			return Event{}, false
		}
		m = inner
	}
	ev, ok := event(m)
	ev.Start, ev.End = start, end+1
	return ev, ok
}

// event reads a decoded notification.
func event(m sesMessage) (Event, bool) {
	var ev Event
	kind := strings.ToLower(m.NotificationType)
	if kind == "" {
		kind = strings.ToLower(m.EventType)
	}
	switch {
	case kind == "bounce" && m.Bounce != nil:
		ev.Type = "bounce"
		ev.BounceType, ev.SubType, ev.ReportingMTA = m.Bounce.BounceType, m.Bounce.BounceSubType, m.Bounce.ReportingMTA
		for _, r := range m.Bounce.BouncedRecipients {
			ev.Recipients = append(ev.Recipients, Recipient{Address: r.EmailAddress, Action: r.Action, Status: r.Status, Diagnostic: r.DiagnosticCode})
		}
	case kind == "complaint" && m.Complaint != nil:
		ev.Type = "complaint"
		ev.FeedbackType = m.Complaint.ComplaintFeedbackType
		for _, r := range m.Complaint.ComplainedRecipients {
			ev.Recipients = append(ev.Recipients, Recipient{Address: r.EmailAddress})
		}
	case kind == "delivery" && m.Delivery != nil:
		ev.Type = "delivery"
		ev.ReportingMTA = m.Delivery.ReportingMTA
		for _, a := range m.Delivery.Recipients {
			ev.Recipients = append(ev.Recipients, Recipient{Address: a, Action: "delivered", Diagnostic: m.Delivery.SMTPResponse})
		}
	default:
		return Event{}, false
	}
	h := m.Mail.CommonHeaders
	ev.From, ev.To, ev.Subject = strings.Join(h.From, ", "), strings.Join(h.To, ", "), h.Subject
	ev.MessageID = h.MessageID
	if ev.MessageID == "" {
		ev.MessageID = m.Mail.MessageID
	}
	return ev, len(ev.Recipients) > 0
}
