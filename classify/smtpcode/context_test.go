package smtpcode

import "testing"

func TestInContext(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		// Server replies, as they are written.
		{"550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown", true},
		{"550-5.7.1 [192.0.2.1] Our system has detected an unusual rate", true},
		{"421 Service not available, closing transmission channel", true},
		{"452 Too many recipients", true},
		{"554 Transaction failed", true},
		{"5.1.1 User unknown", true},
		{"> 552 Mailbox full", true},
		{"<<< 550 Requested action not taken: mailbox unavailable", true},
		{"host mx.example.com[192.0.2.1] said: 550 No such user here (in reply to RCPT TO command)", true},
		{"Remote Server returned '554 5.4.14 Hop count exceeded'", true},
		{"Diagnostic-Code: smtp; 550 unrouteable address", true},
		{"Status: 5.2.2", true},
		{"The error that the other server returned was: 550 5.1.1 The email account does not exist", true},
		{"#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##", true},
		{". (#5.5.0)", true},
		// Ordinary text.
		{"Could you deliver 550 kg of flour by Friday?", false},
		{"Please call me at 421 555 0100.", false},
		{"The workshop moved to room 552 at 4:50 pm.", false},
		{"Release 5.1.1 (2026-11-20)", false},
		// HTTP and FTP replies quoted by .NET and FTP clients.
		{"ERROR The remote server returned an error: (404) Not Found.", false},
		{"The remote server returned an error: (550) File unavailable.", false},
		{"550 people signed the petition in the first hour.", false},
		{"421", false},
		{"404 Not Found", false},
		{"Line 421 of the report is wrong too.", false},
		{"Meeting room 4.2.1, second floor", false},
		{"Bill to: Example Ltd, 550 Market Street, Springfield", false},
	}
	for _, tt := range tests {
		c := Reply(tt.text)
		if !c.Found() {
			c = Status(tt.text)
		}
		if !c.Found() {
			if tt.want {
				t.Errorf("%q: no code found", tt.text)
			}
			continue
		}
		if got := InContext(tt.text, c); got != tt.want {
			t.Errorf("InContext(%q, %s) = %v, want %v", tt.text, c.Text, got, tt.want)
		}
	}
}

func TestInContextNumbers(t *testing.T) {
	for _, s := range []string{"Your order #550 was shipped", "Mail merge failed: 421 records processed", "Access denied (error 403)", "exampletool==5.1.1", "from versions: 5.0.0"} {
		for _, c := range append(Replies(s), Statuses(s)...) {
			if InContext(s, c) {
				t.Errorf("%q: %s taken for a server's code", s, c.Text)
			}
		}
	}
	for _, s := range []string{"550 #5.1.1 user unknown", "dsn=5.1.1, status=bounced", "<jdoe@example.com>: host mx.example.com said: 550 mailbox unavailable"} {
		ok := false
		for _, c := range append(Replies(s), Statuses(s)...) {
			ok = ok || InContext(s, c)
		}
		if !ok {
			t.Errorf("%q: no code in context", s)
		}
	}
}
