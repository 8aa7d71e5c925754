package kbform

import "testing"

func TestNormalize(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"  User\tUnknown \r\n", "user unknown"},
		{"550 5.1.1  <A@Example.COM>", "550 5.1.1 <a@example.com>"},
		{"\n\n\n", ""},
	} {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
