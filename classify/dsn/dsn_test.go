package dsn

import (
	"strings"
	"testing"
)

const twoRecipients = `Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: 4Q0ABC
Arrival-Date: Mon, 2 Jan 2023 10:00:00 +0000

Final-Recipient: rfc822; jdoe@example.com
Original-Recipient: rfc822;jdoe@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <jdoe@example.com>: Recipient address
    rejected: User unknown in local recipient table

Final-Recipient: rfc822; asmith@example.org
Action: delayed
Status: 4.2.2
Diagnostic-Code: smtp; 452 4.2.2 Mailbox full
`

func TestParseTwoRecipients(t *testing.T) {
	r := Parse(twoRecipients)
	if got := r.Message.Get("reporting-mta"); got != "dns; mx.example.net" {
		t.Errorf("Reporting-MTA = %q", got)
	}
	if len(r.Recipients) != 2 {
		t.Fatalf("got %d recipient groups, want 2", len(r.Recipients))
	}
	first := r.Recipients[0]
	if got := Address(first.Get("final-recipient")); got != "jdoe@example.com" {
		t.Errorf("first recipient = %q", got)
	}
	_, diag := TypedValue(first.Get("diagnostic-code"))
	if want := "550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown in local recipient table"; diag != want {
		t.Errorf("folded diagnostic = %q, want %q", diag, want)
	}
	f, _ := first.Field("diagnostic-code")
	if raw := twoRecipients[f.Start:f.End]; !strings.HasPrefix(raw, "Diagnostic-Code:") || !strings.HasSuffix(raw, "local recipient table") {
		t.Errorf("field range covers %q", raw)
	}
	second := r.Recipients[1]
	if second.Get("action") != "delayed" || second.Get("status") != "4.2.2" {
		t.Errorf("second group = %+v", second)
	}
}

func TestParseVariants(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		recipients []string
	}{
		{"CRLF line breaks", "Reporting-MTA: dns; a.example\r\n\r\nFinal-Recipient: rfc822; a@example.com\r\nAction: failed\r\nStatus: 5.0.0\r\n", []string{"a@example.com"}},
		{"no blank line between recipients", "Final-Recipient: rfc822; a@example.com\nAction: failed\nFinal-Recipient: rfc822; b@example.com\nAction: failed\n", []string{"a@example.com", "b@example.com"}},
		{"angle brackets and no type", "Final-Recipient: <c@example.com>\nAction: failed\n", []string{"c@example.com"}},
		{"only per-message fields", "Reporting-MTA: dns; a.example\nArrival-Date: now\n", nil},
		{"noise around fields", "some text\nFinal-Recipient: rfc822; d@example.com\nnot a field line\nStatus: 5.1.1\n", []string{"d@example.com"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Parse(tt.in)
			var got []string
			for _, g := range r.Recipients {
				got = append(got, Address(g.Get("final-recipient")))
			}
			if strings.Join(got, ",") != strings.Join(tt.recipients, ",") {
				t.Errorf("recipients = %q, want %q", got, tt.recipients)
			}
		})
	}
}

func TestTypedValue(t *testing.T) {
	tests := []struct{ in, typ, rest string }{
		{"smtp; 550 no", "smtp", "550 no"},
		{"X-Unix; 77", "x-unix", "77"},
		{"550 5.1.1 no type; here", "", "550 5.1.1 no type; here"},
		{"rfc822;a@b.example", "rfc822", "a@b.example"},
	}
	for _, tt := range tests {
		typ, rest := TypedValue(tt.in)
		if typ != tt.typ || rest != tt.rest {
			t.Errorf("TypedValue(%q) = %q, %q; want %q, %q", tt.in, typ, rest, tt.typ, tt.rest)
		}
	}
}
