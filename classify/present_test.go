package classify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPresentationFields checks that every recipient leaves Classify with
// its presentation decided by classify/advice, on real report shapes.
func TestPresentationFields(t *testing.T) {
	tests := []struct {
		name, file, text string
		outcome, cause   string
		retryHas         string
		whoNot           string
	}{
		{name: "block-list 550 line", text: "550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
			outcome: "failed", cause: "can-clear", retryHas: "block is lifted"},
		{name: "user unknown line", text: "550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown",
			outcome: "failed", cause: "lasting", retryHas: "fails the same way"},
		{name: "mailbox full 552 line", text: "552 5.2.2 <jdoe@example.com>: Mailbox full",
			outcome: "failed", cause: "can-clear", retryHas: "made room"},
		{name: "out of office", file: "autoreply.eml", outcome: "not-failure", whoNot: "You, the sender"},
		{name: "complaint", file: "arf.eml", outcome: "not-failure", retryHas: "spam"},
		{name: "delay", file: "delay-dsn.eml", outcome: "delayed", retryHas: "still trying"},
		{name: "delivered", file: "delivered-dsn.eml", outcome: "not-failure", whoNot: "You, the sender"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.text)
			if tt.file != "" {
				var err error
				if in, err = os.ReadFile(filepath.Join("testdata", tt.file)); err != nil {
					t.Fatal(err)
				}
			}
			rep := Classify(in)
			if len(rep.Recipients) == 0 {
				t.Fatalf("no recipients: %+v", rep)
			}
			for _, r := range rep.Recipients {
				if r.Outcome != tt.outcome || r.OutcomeLabel == "" {
					t.Errorf("%s: outcome %q (%q), want %q", r.Address, r.Outcome, r.OutcomeLabel, tt.outcome)
				}
				if tt.cause != "" && r.Cause != tt.cause {
					t.Errorf("%s: cause %q, want %q", r.Address, r.Cause, tt.cause)
				}
				if tt.outcome == "not-failure" && (r.Cause != "" || r.CauseLabel != "") {
					t.Errorf("%s: not a failure but cause %q %q", r.Address, r.Cause, r.CauseLabel)
				}
				if !strings.Contains(r.Retry, tt.retryHas) {
					t.Errorf("%s: retry %q lacks %q", r.Address, r.Retry, tt.retryHas)
				}
				if tt.whoNot != "" && r.WhoLabel == tt.whoNot {
					t.Errorf("%s: who label %q", r.Address, r.WhoLabel)
				}
			}
		})
	}
}
