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
