package classify

import "testing"

// TestBasis checks how a verdict says it was reached: a KB pattern, a
// code alone (a specific enhanced status code more surely than a bare
// reply code), or nothing.
func TestBasis(t *testing.T) {
	tests := []struct {
		in     string
		basis  string
		reason string
		conf   float64
	}{
		{"550 5.1.1 User unknown", "pattern", "userunknown", 1},
		{"554 5.7.1 qwerty zxcvb", "code", "securityerror", confidenceStatus},
		{"421", "code", "systemerror", confidenceReply},
		{"From: MAILER-DAEMON@example.net\nSubject: failure notice\nX-Failed-Recipients: jdoe@example.com\n\nqwerty zxcvb\n", "", "undefined", 0},
	}
	for _, tt := range tests {
		rep := Classify([]byte(tt.in))
		checkReport(t, []byte(tt.in), rep)
		if len(rep.Recipients) != 1 {
			t.Errorf("%q: %d recipients", tt.in, len(rep.Recipients))
			continue
		}
		r := rep.Recipients[0]
		if r.Basis != tt.basis || r.Reason != tt.reason || r.Confidence != tt.conf {
			t.Errorf("%q: basis %q reason %q confidence %v, want %q %q %v", tt.in, r.Basis, r.Reason, r.Confidence, tt.basis, tt.reason, tt.conf)
		}
	}
}

// TestRemoteFromText covers text whose lower-case form would differ in
// length (invalid UTF-8, found by fuzzing): offsets must stay valid.
func TestRemoteFromText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"host mx.example.com[192.0.2.1] said: 550", "mx.example.com"},
		{"Remote host 192.0.2.7 said: 554", "192.0.2.7"},
		{"\xd7\xd7Server 200", ""},
		{"\xd7\xd7 talking to mx.example.net.", "mx.example.net"},
	}
	for _, tt := range tests {
		if got := remoteFromText(tt.in); got != tt.want {
			t.Errorf("remoteFromText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// dsnWith is a delivery status notification for jdoe@example.com that
// carries only a generic status (5.0.0) and the diagnostic line.
func dsnWith(line string) string {
	return "From: MAILER-DAEMON@example.net\nTo: jdoe@example.org\nSubject: Delivery Status Notification (Failure)\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n" +
		"--b1\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n" +
		"--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n" +
		"Final-Recipient: rfc822; jdoe@example.com\nAction: failed\nStatus: 5.0.0\n" +
		"Diagnostic-Code: smtp; " + line + "\n\n--b1--\n"
}

// TestLikely checks the fallback on wording no KB example has: a failed
// recipient that no pattern and no specific code explains gets the
// model's reason with basis "likely", a measured confidence below a
// pattern's and the words that decided; ordinary text stays undefined.
func TestLikely(t *testing.T) {
	tests := []struct {
		line, reason string
	}{
		{"The storage allocation for this account is used up", "mailboxfull"},
		{"Your sending IP is listed on our deny list", "blocked"},
		{"Message body exceeds the size we accept", "mesgtoobig"},
		{"Reminder: the team lunch moved to Thursday at noon", "undefined"},
	}
	for _, tt := range tests {
		rep := Classify([]byte(dsnWith(tt.line)))
		if len(rep.Recipients) != 1 {
			t.Errorf("%q: %d recipients", tt.line, len(rep.Recipients))
			continue
		}
		r := rep.Recipients[0]
		if r.Reason != tt.reason {
			t.Errorf("%q: reason %q (basis %q, words %q), want %q", tt.line, r.Reason, r.Basis, r.Words, tt.reason)
			continue
		}
		if tt.reason == "undefined" {
			if r.Basis != "" || len(r.Words) != 0 {
				t.Errorf("%q: basis %q words %q, want neither", tt.line, r.Basis, r.Words)
			}
			continue
		}
		if r.Basis != "likely" || r.Entry != tt.reason || r.Confidence <= 0 || r.Confidence >= 1 || len(r.Words) == 0 {
			t.Errorf("%q: basis %q entry %q confidence %v words %q", tt.line, r.Basis, r.Entry, r.Confidence, r.Words)
		}
	}
	// A line of ordinary text is not explained at all.
	if rep := Classify([]byte("Reminder: the team lunch moved to Thursday at noon")); explainedAsFailure(rep) {
		t.Errorf("ordinary text explained as a failure: %+v", rep)
	}
}

// TestLikelyOverGenericReply checks that the fallback model replaces a
// bare 550 or 554's verdict (the code's commonest reason) only when it is
// very sure of another reason from the server's words.
func TestLikelyOverGenericReply(t *testing.T) {
	tests := []struct {
		line, reason, basis string
	}{
		{"550 The sending domain failed its SPF check", "authfailure", "likely"},
		{"550 The storage allocation for this account is used up", "mailboxfull", "likely"},
		{"550 Your sending IP is listed on our deny list", "blocked", "likely"},
		{"554 Hmm, not today", "rejected", "code"},
	}
	for _, tt := range tests {
		rep := Classify([]byte(dsnWith(tt.line)))
		if len(rep.Recipients) != 1 {
			t.Errorf("%q: %d recipients", tt.line, len(rep.Recipients))
			continue
		}
		if r := rep.Recipients[0]; r.Reason != tt.reason || r.Basis != tt.basis {
			t.Errorf("%q: reason %q basis %q (words %q), want %q %q", tt.line, r.Reason, r.Basis, r.Words, tt.reason, tt.basis)
		}
	}
}
