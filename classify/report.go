package classify

// Report is what Classify says about one input. Its JSON form is the shape
// DESIGN.md fixes for the CLI and for JavaScript.
type Report struct {
	Bounce   bool     `json:"bounce"` // a delivery report of some kind
	Kind     string   `json:"kind"`   // failure, delay, delivered, feedback, autoreply, snippet, unknown
	MTA      string   `json:"mta"`    // who wrote the report, when recognised
	Subject  string   `json:"subject,omitempty"`
	Original Original `json:"original"`
	// Language is the BCP 47 tag of the language the bounce's text is
	// written in ("de", "zh-Hant"), or "" when it could not be told.
	Language string `json:"language"`
	// LanguageRead says whether the classifier has wording for Language.
	// Text in a language it does not read is not called "not a bounce"
	// with confidence: the page says which language it could not read.
	LanguageRead bool `json:"language_read"`
	// LanguageName is Language's English name ("German"), for the page's
	// "This bounce is in German"; "" when Language is.
	LanguageName string `json:"language_name"`
	// Backscatter says whether the returned original looks like mail the
	// person never sent (spam forged with their address), and why.
	Backscatter Backscatter `json:"backscatter"`
	Recipients  []Recipient `json:"recipients"`
	Warnings    []string    `json:"warnings"`
}

// Original describes the message that bounced, as far as the report quotes it.
type Original struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	MessageID string `json:"message_id"`
}

// Recipient is the verdict for one recipient of the original message.
type Recipient struct {
	Address    string `json:"address"`    // may be empty for a bare error line
	Action     string `json:"action"`     // failed, delayed, delivered, relayed, expanded
	Status     string `json:"status"`     // enhanced status code, e.g. 5.1.1
	ReplyCode  string `json:"reply_code"` // SMTP reply code, e.g. 550
	RemoteMTA  string `json:"remote_mta"` // the server that refused or deferred
	Command    string `json:"command"`    // SMTP command the error answered: RCPT, DATA, ...
	Diagnostic string `json:"diagnostic"` // the server's own words
	Reason     string `json:"reason"`     // one of the reason vocabulary
	Hard       bool   `json:"hard"`       // retrying will not help
	Who        string `json:"who"`        // sender, sender-admin, recipient, recipient-admin
	Entry      string `json:"entry"`      // KB entry id; its page is kb/<entry>/
	Title      string `json:"title"`      // the entry's plain headline
	Summary    string `json:"summary"`    // the entry's one-sentence explanation
	Evidence   []Span `json:"evidence"`   // byte ranges of the input that decided it

	// The presentation decisions, made once here so that the page, the web
	// component, the CLI and the help site only render them.
	Outcome      string `json:"outcome"`       // failed (returned), delayed (still retried), not-failure
	OutcomeLabel string `json:"outcome_label"` // Outcome in the reader's words
	Cause        string `json:"cause"`         // lasting | can-clear: will the cause go away by itself? "" when not a failure
	CauseLabel   string `json:"cause_label"`   // Cause in the reader's words
	Retry        string `json:"retry"`         // the retry advice that follows from Outcome and Cause
	WhoLabel     string `json:"who_label"`     // Who in the reader's words

	// How the verdict was reached: "pattern" (a KB pattern matched the
	// server's words), "code" (only the status or reply code decided),
	// "format" (the report's own format said it: a complaint, an
	// auto-reply, a delivery notice), "likely" (the fallback model judged
	// the words) or "" (undecided).
	Basis      string   `json:"basis"`
	Confidence float64  `json:"confidence"` // 0-1; 1 for pattern, lower for code and likely
	Words      []string `json:"words"`      // for "likely": the words that decided it
}

// Backscatter is the verdict on whether the bounced message was forged.
type Backscatter struct {
	Suspected bool     `json:"suspected"`
	Signals   []string `json:"signals"` // each signal in plain words
	Evidence  []Span   `json:"evidence"`
}

// Span is a byte range [Start, End) of the input.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Kinds of report.
const (
	KindFailure   = "failure"
	KindDelay     = "delay"
	KindDelivered = "delivered"
	KindFeedback  = "feedback"
	KindAutoreply = "autoreply"
	KindSnippet   = "snippet"
	KindUnknown   = "unknown"
)
