package advice

import (
	"strings"
	"testing"
)

func TestDecide(t *testing.T) {
	tests := []struct {
		name      string
		in        Input
		outcome   string
		cause     string
		retryHas  string
		who       string
		labelHas  string
		noWhoText string
	}{
		{"block list 550 is returned, can clear", Input{Kind: "failure", Action: "failed", Reason: "blocked", Who: "sender-admin", Status: "5.7.1", ReplyCode: "550"},
			Failed, CanClear, "block is lifted", "Your email administrator or provider", "Not delivered", ""},
		{"user unknown is lasting", Input{Kind: "failure", Action: "failed", Reason: "userunknown", Hard: true, Who: "sender", Status: "5.1.1"},
			Failed, Lasting, "fails the same way", "You, the sender", "Not delivered", ""},
		{"mailbox full 552 returned", Input{Kind: "failure", Action: "failed", Reason: "mailboxfull", Who: "recipient", Status: "5.2.2", ReplyCode: "552"},
			Failed, CanClear, "made room", "The recipient", "Not delivered", ""},
		{"delay report", Input{Kind: "delay", Action: "delayed", Reason: "expired", Who: "recipient-admin", Status: "4.4.7"},
			Delayed, CanClear, "still trying", "The recipient's email administrator", "Delayed", ""},
		{"bare 4xx line is retried", Input{Kind: "snippet", Reason: "speeding", Who: "sender-admin", Status: "4.7.0", ReplyCode: "421"},
			Delayed, CanClear, "still trying", "Your email administrator or provider", "Delayed", ""},
		{"bare 5xx line failed", Input{Kind: "snippet", Reason: "speeding", Who: "sender-admin", ReplyCode: "550"},
			Failed, CanClear, "more slowly", "Your email administrator or provider", "Not delivered", ""},
		{"hard flag on 4xx-only codes can clear", Input{Kind: "delay", Action: "delayed", Reason: "userunknown", Hard: true, Who: "sender", Status: "4.1.1", ReplyCode: "450"},
			Delayed, CanClear, "still trying", "You, the sender", "Delayed", ""},
		{"out of office", Input{Kind: "autoreply", Reason: "vacation", Who: "sender"},
			NotFailure, "", "automatic reply", "No one", "automatic reply", "You, the sender"},
		{"complaint", Input{Kind: "feedback", Reason: "feedback", Who: "sender", Hard: false},
			NotFailure, "", "reported it as spam", "You, the sender", "Not a delivery failure", ""},
		{"delivered", Input{Kind: "delivered", Action: "delivered", Reason: "delivered", Who: "sender"},
			NotFailure, "", "delivered", "No one", "Delivered", "You, the sender"},
		{"relayed", Input{Kind: "failure", Action: "relayed", Reason: "delivered"},
			NotFailure, "", "delivered", "No one", "Passed on", ""},
		{"unknown who stays empty", Input{Kind: "failure", Action: "failed", Reason: "undefined"},
			Failed, CanClear, "once the cause has cleared", "", "Not delivered", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.in)
			if d.Outcome != tt.outcome || d.Cause != tt.cause {
				t.Errorf("outcome, cause = %q, %q; want %q, %q", d.Outcome, d.Cause, tt.outcome, tt.cause)
			}
			if !strings.Contains(d.Retry, tt.retryHas) {
				t.Errorf("retry %q lacks %q", d.Retry, tt.retryHas)
			}
			if d.WhoLabel != tt.who {
				t.Errorf("who label %q, want %q", d.WhoLabel, tt.who)
			}
			if !strings.Contains(d.OutcomeLabel, tt.labelHas) {
				t.Errorf("outcome label %q lacks %q", d.OutcomeLabel, tt.labelHas)
			}
			if tt.noWhoText != "" && strings.Contains(d.WhoLabel, tt.noWhoText) {
				t.Errorf("who label %q must not say %q", d.WhoLabel, tt.noWhoText)
			}
			if (d.Cause == "") != (d.CauseLabel == "") {
				t.Errorf("cause %q with label %q", d.Cause, d.CauseLabel)
			}
			for _, w := range []string{"Temporary", "Permanent"} {
				if strings.Contains(d.OutcomeLabel+d.CauseLabel+d.Retry, w) {
					t.Errorf("old label %q in %+v", w, d)
				}
			}
		})
	}
}

func TestForEntry(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		hard   bool
		who    string
		codes  []string
		cause  string
		label  string
		retry  string
	}{
		{"lasting", "userunknown", true, "sender", []string{"5.1.1", "550"}, Lasting, "Lasting problem", "No:"},
		{"4xx only can clear despite hard", "userunknown", true, "sender", []string{"450", "4.1.1"}, CanClear, "Can clear up", "Yes,"},
		{"block list can clear", "blocked", false, "sender-admin", []string{"550"}, CanClear, "Can clear up", "block is lifted"},
		{"no codes, hard", "hostunknown", true, "sender", nil, Lasting, "Lasting problem", "No:"},
		{"complaint", "feedback", false, "sender", nil, "", "Not a delivery failure: a spam complaint", "reported it as spam"},
		{"vacation", "vacation", false, "sender", nil, "", "Not a delivery failure: an automatic reply", "automatic reply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ForEntry(tt.reason, tt.hard, tt.who, tt.codes)
			if e.Cause != tt.cause || e.CauseLabel != tt.label || !strings.Contains(e.Retry, tt.retry) {
				t.Errorf("ForEntry = %+v; want cause %q label %q retry containing %q", e, tt.cause, tt.label, tt.retry)
			}
		})
	}
	if e := ForEntry("vacation", false, "sender", nil); e.WhoLabel == WhoLabels["sender"].Short {
		t.Errorf("an out-of-office entry says who acts: %q", e.WhoLabel)
	}
}

// TestLabelsComplete checks that every value a decision can take has a
// short label and a legend sentence.
func TestLabelsComplete(t *testing.T) {
	for _, m := range []map[string]Label{OutcomeLabels, CauseLabels, WhoLabels} {
		for k, l := range m {
			if l.Short == "" || l.Explain == "" {
				t.Errorf("%q: incomplete label %+v", k, l)
			}
		}
	}
	for _, k := range []string{Failed, Delayed, NotFailure} {
		if _, ok := OutcomeLabels[k]; !ok {
			t.Errorf("no label for outcome %q", k)
		}
	}
	for _, k := range []string{"sender", "sender-admin", "recipient", "recipient-admin"} {
		if _, ok := WhoLabels[k]; !ok {
			t.Errorf("no label for who %q", k)
		}
	}
}
