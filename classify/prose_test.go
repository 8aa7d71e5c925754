package classify

import "testing"

func TestPersonal(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"what does mailbox full mean", true},
		{"Hallo, meine E-Mails werden abgelehnt", true},
		{"Is this spam?", true},
		{"你好，提示“收件人不存在”是什么意思？", true},
		{"Learn more at https://support.google.com/mail/?p=CustomFromDenied", false},
		{"550 5.2.1 Mailbox currently suspended - please contact the recipient by other means", false},
		{"Sorry, I couldn't find any host named mail.example.invalid. (#5.1.2)", false},
	}
	for _, tt := range tests {
		if got := personal(tt.text); got != tt.want {
			t.Errorf("personal(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestOtherProtocol(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"503 Service Unavailable", true},
		{"The remote server returned an error: (404) Not Found.", true},
		{"ftp> get a.pdf\n550 a.pdf: Permission denied", true},
		{"smtpd_recipient_restrictions = reject_unauth_destination", true},
		{"550 5.7.1 Service unavailable; Client host [192.0.2.7] blocked", false},
		{"T=remote_smtp: 550 No such user", false},
	}
	for _, tt := range tests {
		if got := otherProtocol(tt.text); got != tt.want {
			t.Errorf("otherProtocol(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestMailPlace(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"client host [192.0.2.7] blocked using", true},
		{"<jdoe@example.com>:", true},
		{"blocked using zen.spamhaus.org", true},
		{"for service maps.example.com", false},
		{"in main.cf and reload", false},
	}
	for _, tt := range tests {
		if got := mailPlace(tt.text); got != tt.want {
			t.Errorf("mailPlace(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
