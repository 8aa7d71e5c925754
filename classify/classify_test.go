package classify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type wantRecipient struct {
	address, action, status, reason string
	hard                            bool
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		file       string
		bounce     bool
		kind       string
		recipients []wantRecipient
		original   string // the original Subject, when the report quotes it
		warning    string // a warning that must be given
	}{
		{"postfix-dsn.eml", true, KindFailure, []wantRecipient{
			{"jdoe@example.com", "failed", "5.1.1", "userunknown", true},
			{"asmith@example.org", "failed", "5.2.2", "mailboxfull", false},
		}, "Quarterly figures", ""},
		{"exim-text.eml", true, KindFailure, []wantRecipient{{"jdoe@example.com", "failed", "5.1.1", "userunknown", true}}, "Lunch on Friday", ""},
		{"qmail-text.eml", true, KindFailure, []wantRecipient{{"asmith@example.org", "failed", "5.2.2", "mailboxfull", false}}, "Photos", ""},
		{"iso2022jp-text.eml", true, KindFailure, []wantRecipient{{"jdoe@example.jp", "failed", "5.1.1", "userunknown", true}}, "", ""},
		{"qp-base64-dsn.eml", true, KindFailure, []wantRecipient{{"jdoe@example.com", "failed", "5.2.2", "mailboxfull", false}}, "", ""},
		{"delay-dsn.eml", true, KindDelay, []wantRecipient{{"jdoe@example.com", "delayed", "4.4.1", "", false}}, "", ""},
		{"delivered-dsn.eml", true, KindDelivered, []wantRecipient{{"jdoe@example.com", "relayed", "2.0.0", "delivered", false}}, "", ""},
		{"arf.eml", true, KindFeedback, []wantRecipient{{"jdoe@example.com", "", "", "feedback", false}}, "Quarterly figures", ""},
		{"autoreply.eml", true, KindAutoreply, []wantRecipient{{"jdoe@example.com", "delivered", "", "vacation", false}}, "", ""},
		{"not-bounce.eml", false, KindUnknown, nil, "", "like a bounce"},
		// The header and one sentence say it bounced; nothing names the address.
		{"bare-bounce.eml", true, KindFailure, []wantRecipient{{"", "failed", "", "undefined", false}}, "", "does not say which address"},
		{"pasted-outlook.txt", true, KindFailure, []wantRecipient{{"jdoe@example.com", "failed", "5.1.1", "userunknown", true}}, "", ""},
		{"snippet.txt", true, KindSnippet, []wantRecipient{{"", "failed", "5.1.1", "userunknown", true}}, "", ""},
		// A list manager's own notice, with no DSN and no bounce sender.
		{"mailman-nonmember.eml", true, KindFailure, []wantRecipient{{"", "failed", "", "rejected", true}}, "", ""},
		{"mailman-held.eml", true, KindFailure, []wantRecipient{{"", "failed", "", "rejected", true}}, "", ""},
		{"sympa-nonmember.eml", true, KindFailure, []wantRecipient{{"", "failed", "", "rejected", true}}, "", ""},
		{"snippet-soft.txt", true, KindSnippet, []wantRecipient{{"", "delayed", "4.2.2", "mailboxfull", false}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rep := Classify(in)
			if rep.Bounce != tt.bounce || rep.Kind != tt.kind {
				t.Errorf("bounce=%v kind=%s, want %v %s (warnings %q)", rep.Bounce, rep.Kind, tt.bounce, tt.kind, rep.Warnings)
			}
			if len(rep.Recipients) != len(tt.recipients) {
				t.Fatalf("%d recipients, want %d: %+v", len(rep.Recipients), len(tt.recipients), rep.Recipients)
			}
			for i, w := range tt.recipients {
				r := rep.Recipients[i]
				if r.Address != w.address || r.Action != w.action || r.Status != w.status || r.Hard != w.hard {
					t.Errorf("recipient %d = %s %s %s hard=%v, want %s %s %s hard=%v", i, r.Address, r.Action, r.Status, r.Hard, w.address, w.action, w.status, w.hard)
				}
				if w.reason != "" && r.Reason != w.reason {
					t.Errorf("recipient %d: reason %s (entry %s), want %s; diagnostic %q", i, r.Reason, r.Entry, w.reason, r.Diagnostic)
				}
				if r.Entry == "" || r.Title == "" || r.Who == "" {
					t.Errorf("recipient %d: verdict incomplete: entry %q title %q who %q", i, r.Entry, r.Title, r.Who)
				}
				checkEvidence(t, in, r)
			}
			if rep.Original.Subject != tt.original {
				t.Errorf("original subject %q, want %q", rep.Original.Subject, tt.original)
			}
			if tt.warning != "" && !strings.Contains(strings.Join(rep.Warnings, "\n"), tt.warning) {
				t.Errorf("warnings %q lack %q", rep.Warnings, tt.warning)
			}
		})
	}
}

// checkEvidence asserts that a recipient's evidence points at text of the
// input: non-empty ranges inside it, at least one of them.
func checkEvidence(t *testing.T, in []byte, r Recipient) {
	t.Helper()
	if len(r.Evidence) == 0 {
		t.Errorf("%s: no evidence", r.Address)
	}
	for _, e := range r.Evidence {
		if e.Start < 0 || e.End > len(in) || e.Start >= e.End {
			t.Errorf("%s: evidence [%d,%d) outside the input of %d bytes", r.Address, e.Start, e.End, len(in))
		}
	}
}

func TestEvidencePointsAtTheDecidingText(t *testing.T) {
	in := []byte("Subject: x\nFrom: MAILER-DAEMON@example.net\n\n<jdoe@example.com>:\nRemote host said: 552 5.2.2 Mailbox full\n")
	rep := Classify(in)
	if len(rep.Recipients) != 1 {
		t.Fatalf("recipients: %+v", rep.Recipients)
	}
	r := rep.Recipients[0]
	if len(r.Evidence) == 0 {
		t.Fatal("no evidence")
	}
	e := r.Evidence[0]
	if got := strings.ToLower(string(in[e.Start:e.End])); !strings.Contains(got, "mailbox full") && !strings.Contains(got, "5.2.2") {
		t.Errorf("evidence %q does not show what decided %s", got, r.Reason)
	}
}

func TestCodeOnlyFallsBackToTheCodesEntry(t *testing.T) {
	tests := []struct{ in, status, reply string }{
		{"550 5.1.1", "5.1.1", "550"},
		{"Status: 5.1.1", "5.1.1", ""},
	}
	for _, tt := range tests {
		rep := Classify([]byte(tt.in))
		if len(rep.Recipients) != 1 {
			t.Fatalf("%q: %d recipients", tt.in, len(rep.Recipients))
		}
		r := rep.Recipients[0]
		if r.Status != tt.status || r.ReplyCode != tt.reply || r.Reason != "userunknown" {
			t.Errorf("%q: status %q reply %q reason %q", tt.in, r.Status, r.ReplyCode, r.Reason)
		}
	}
}

func TestTextBeatsCode(t *testing.T) {
	// 5.1.1 alone would say userunknown; the words say the mailbox is full.
	rep := Classify([]byte("550 5.1.1 Mailbox full"))
	if len(rep.Recipients) != 1 || rep.Recipients[0].Reason != "mailboxfull" {
		t.Errorf("got %+v, want mailboxfull decided by the text", rep.Recipients)
	}
}

// TestEvidencePerRecipient checks that each recipient's evidence points at
// its own part of the bounce, not at the same phrase elsewhere, with LF and
// CRLF line breaks.
func TestEvidencePerRecipient(t *testing.T) {
	lf, err := os.ReadFile(filepath.Join("testdata", "postfix-dsn.eml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string][]byte{"LF": lf, "CRLF": []byte(strings.ReplaceAll(string(lf), "\n", "\r\n"))} {
		rep := Classify(in)
		if len(rep.Recipients) != 2 {
			t.Fatalf("%s: %d recipients", name, len(rep.Recipients))
		}
		for i, want := range []string{"recipient address rejected: user unknown", "mailbox full"} {
			r := rep.Recipients[i]
			if len(r.Evidence) == 0 {
				t.Fatalf("%s: %s: no evidence", name, r.Address)
			}
			e := r.Evidence[0]
			got := strings.ToLower(strings.Join(strings.Fields(string(in[e.Start:e.End])), " "))
			if got != want {
				t.Errorf("%s: %s: evidence %q, want %q", name, r.Address, got, want)
			}
			// The phrase must be read in this recipient's own
			// delivery-status group, after its Final-Recipient field.
			if at := strings.Index(string(in), "Final-Recipient: rfc822; "+r.Address); e.Start < at {
				t.Errorf("%s: %s: evidence at %d, before its own group at %d", name, r.Address, e.Start, at)
			}
		}
	}
}
