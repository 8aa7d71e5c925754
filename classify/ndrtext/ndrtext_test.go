package ndrtext

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bounce-explainer/bounce/classify/smtpcode"
)

// isError is a small stand-in for the knowledge base: codes and a few
// phrases, enough to test how lines are assigned to recipients.
func isError(line string) bool {
	if smtpcode.Status(line).Found() || smtpcode.Reply(line).Class() >= '4' {
		return true
	}
	l := strings.ToLower(line)
	for _, p := range []string{"unknown", "not recognized", "not listed", "mailbox full", "over quota"} {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

func TestFind(t *testing.T) {
	tests := []struct {
		file   string
		sender string
		want   map[string]string // recipient -> a phrase its error lines must contain
		cutAt  string            // the line the explanation must end before
	}{
		{"exim.txt", "sender@example.net", map[string]string{"jdoe@example.com": "User unknown", "asmith@example.org": "Mailbox full"}, "------ This is a copy"},
		{"qmail.txt", "sender@example.net", map[string]string{"jdoe@example.com": "550 No such user here"}, "--- Below this line"},
		{"transcript.txt", "sender@example.net", map[string]string{"jdoe@example.com": "550 5.1.1"}, ""},
		{"reason-first.txt", "", map[string]string{"jdoe@example.com": "User not listed"}, "------- Returned Message"},
		{"exchange.txt", "", map[string]string{"jdoe@example.com": "not recognized", "asmith@example.com": "not recognized"}, ""},
		{"carrier-notice.txt", "", map[string]string{"5555550100@vtext.example.com": "no such user here"}, ""},
		{"after-list.txt", "", map[string]string{"jdoe@example.com": "554 5.7.1", "asmith@example.com": "554 5.7.1"}, ""},
		// "Please reply to postmaster@...": whom to ask, not a recipient.
		{"reply-to-postmaster.txt", "", map[string]string{"jdoe@example.org": "over quota"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			res := Find(text, Options{IsError: isError, Sender: func(a string) bool { return strings.EqualFold(a, tt.sender) }})
			if tt.cutAt != "" {
				if i := strings.Index(text, tt.cutAt); res.End != i {
					t.Errorf("explanation ends at %d, want %d", res.End, i)
				}
			}
			got := map[string]string{}
			for _, r := range res.Recipients {
				var lines []string
				for _, s := range r.Lines {
					lines = append(lines, text[s.Start:s.End])
				}
				got[r.Address] = strings.Join(lines, "\n")
			}
			if len(got) != len(tt.want) {
				t.Errorf("recipients %q, want %d of them", keys(got), len(tt.want))
			}
			for addr, phrase := range tt.want {
				lines, ok := got[addr]
				if !ok {
					t.Errorf("recipient %s not found (got %q)", addr, keys(got))
					continue
				}
				if !strings.Contains(lines, phrase) {
					t.Errorf("%s: error lines %q lack %q", addr, lines, phrase)
				}
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestAddresses(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"<jdoe@example.com>: rejected", []string{"jdoe@example.com"}},
		{"see https://user:pw@host.example.com/x and mailto:a@b.example", []string{"a@b.example"}},
		{"Message-ID: <123.456@mail.example.net>", nil},
		{"user@localhost has no dot", nil},
		{"RCPT To:<x.y+tag@sub.example.co.jp>", []string{"x.y+tag@sub.example.co.jp"}},
		{"trailing dot jdoe@example.com.", []string{"jdoe@example.com"}},
		// CJK and typeset punctuation glued to an address is not part of it;
		// letters of any script still are (internationalised addresses).
		{"收件人：zhoujie@example.net", []string{"zhoujie@example.net"}},
		{"宛先（jdoe@example.jp）に配信できません", []string{"jdoe@example.jp"}},
		{"받는 사람：＜jdoe@example.kr＞", []string{"jdoe@example.kr"}},
		{"“jdoe@example.com”", []string{"jdoe@example.com"}},
		{"「jdoe@example.jp」、", []string{"jdoe@example.jp"}},
		{"用户@例子.广告", []string{"用户@例子.广告"}},
		{"mail to josé@exämple.de", []string{"josé@exämple.de"}},
	}
	for _, tt := range tests {
		var got []string
		for _, a := range Addresses(tt.in) {
			got = append(got, a.Addr)
			if tt.in[a.Start:a.End] != a.Addr {
				t.Errorf("%q: offsets [%d,%d) do not match %q", tt.in, a.Start, a.End, a.Addr)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Addresses(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSenderContext(t *testing.T) {
	res := Find(">>> MAIL From:<sender@example.net>\n<<< 550 5.1.1 <jdoe@example.com>... User unknown\n", Options{IsError: isError})
	if len(res.Recipients) != 1 || res.Recipients[0].Address != "jdoe@example.com" {
		t.Errorf("recipients = %+v, want only jdoe@example.com", res.Recipients)
	}
}

func TestCommand(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SMTP error from remote mail server after RCPT TO:<a@b.example>:", "RCPT"},
		{"host x said: 550 no (in reply to end of DATA command)", "DATA"},
		{"did not like our final DATA:", "DATA"},
		{"after MAIL FROM:<a@b.example> SIZE=100", "MAIL"},
		{"nothing here", ""},
	}
	for _, tt := range tests {
		if got := Command(tt.in); got != tt.want {
			t.Errorf("Command(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMTA(t *testing.T) {
	tests := []struct{ author, text, want string }{
		// Office 365's relays are under protection.outlook.com, which
		// contains outlook.com: the more specific marker must win.
		{"From: postmaster@example.onmicrosoft.com\nMessage-Id: <x@AM0PR01MB1234.eurprd01.prod.protection.outlook.com>", "", "office365"},
		{"From: postmaster@outlook.com", "", "outlook"},
		{"From: MAILER-DAEMON@example.net", "This is the mail system at host mx.example.net.", "postfix"},
		{"From: someone@example.net", "nothing telling", ""},
	}
	for _, tt := range tests {
		if got := MTA(tt.author, tt.text); got != tt.want {
			t.Errorf("MTA(%q, %q) = %q, want %q", tt.author, tt.text, got, tt.want)
		}
	}
}

// TestMarkerOrder guards the rule the MTA table relies on: the first
// marker found wins, so a marker that contains another must come first.
func TestMarkerOrder(t *testing.T) {
	for i, a := range MTAs {
		for _, b := range MTAs[:i] {
			if strings.Contains(a.Marker, b.Marker) && a.Name != b.Name {
				t.Errorf("marker %q (%s) comes after %q (%s), which it contains: it can never win", a.Marker, a.Name, b.Marker, b.Name)
			}
		}
	}
}

func TestAddressLimits(t *testing.T) {
	long := strings.Repeat("a", maxLocal+1) + "@example.com"
	if got := Addresses("<" + long + ">: 550 user unknown"); len(got) != 0 {
		t.Errorf("an address with a %d-byte local part was taken", maxLocal+1)
	}
	ok := strings.Repeat("a", 64) + "@example.com"
	if got := Addresses("<" + ok + ">"); len(got) != 1 || got[0].Addr != ok {
		t.Errorf("a 64-byte local part was not taken: %+v", got)
	}
}
