package classify

import (
	"strings"
	"testing"
)

// The cases below are issue 9's "rules that can't mislead", each with
// example lines and whole bounces written for this test (example.com,
// 192.0.2.x). A verdict passes when its reason is one of want and its
// outcome is outcome ("" for any).

type misleadCase struct {
	name    string
	in      string
	want    []string // acceptable reasons
	outcome string
}

func checkMislead(t *testing.T, cases []misleadCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Classify([]byte(c.in))
			if len(rep.Recipients) == 0 {
				t.Fatalf("no verdict; warnings %v", rep.Warnings)
			}
			for _, r := range rep.Recipients {
				ok := false
				for _, w := range c.want {
					ok = ok || r.Reason == w
				}
				if !ok || c.outcome != "" && r.Outcome != c.outcome {
					t.Errorf("%s: reason %q (entry %s), outcome %q; want one of %v, outcome %q", r.Address, r.Reason, r.Entry, r.Outcome, c.want, c.outcome)
				}
			}
		})
	}
}

// TestGreylistingIsTemporary: greylisting and "try again later" wording is
// a deferral, never a security error.
func TestGreylistingIsTemporary(t *testing.T) {
	temp := []string{"blocked", "badreputation", "toomanyconn", "systemerror", "requireptr"}
	checkMislead(t, []misleadCase{
		{"postgrey", "450 4.2.0 <jdoe@example.com>: Recipient address rejected: Greylisted, see http://postgrey.example.com/", temp, "delayed"},
		{"exim greylist", "451 4.7.1 Greylisting in action, please come back later", temp, "delayed"},
		{"come back in seconds", "451-4.7.1 Greylisted, please try again in 300 seconds", temp, "delayed"},
		{"bare try again later", "421 4.7.0 Try again later, closing connection.", temp, "delayed"},
		{"temporarily rejected", "451 4.7.1 Temporarily rejected. Try again later.", temp, "delayed"},
		{"please try later", "450 4.7.1 Service temporarily unavailable, please try later", temp, "delayed"},
		{"deferred", "451 4.7.1 <jdoe@example.com>: Message deferred, try again later", temp, "delayed"},
		{"server busy", "451 4.7.500 Server busy. Please try again later from [192.0.2.10]. (AS770)", temp, "delayed"},
		{"whole bounce", greylistBounce, temp, "delayed"},
	})
}

// greylistBounce is a delay notice for a greylisted message.
const greylistBounce = `From: MAILER-DAEMON@mail.example.com (Mail Delivery System)
To: jdoe@example.com
Subject: Delayed Mail (still being retried)
Content-Type: text/plain

This is the mail system at host mail.example.com.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 30 minute(s).
It will be retried until it is 5 day(s) old.

<ann@example.net>: host mx.example.net[192.0.2.20] said: 451 4.7.1 Please try
    again later: greylisting in effect (in reply to RCPT TO command)
`

// TestBlockWordingIsBlocked: X.7.1 with block, reputation or listing
// wording is a block of the sending server, not a generic policy refusal.
func TestBlockWordingIsBlocked(t *testing.T) {
	block := []string{"blocked"}
	rep := []string{"blocked", "badreputation"}
	checkMislead(t, []misleadCase{
		{"blocked ip", "550 5.7.1 Your IP address 192.0.2.9 has been blocked", block, "failed"},
		{"listed", "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using bl.example.org", block, "failed"},
		{"on a list", "550 5.7.1 Rejected: 192.0.2.9 is listed on the block list of example.org", block, "failed"},
		{"local reputation service", "550 5.7.1 Your message was blocked by the local reputation service", rep, "failed"},
		{"ip reputation", "550 5.7.1 Message rejected due to the reputation of the sending IP 192.0.2.9", rep, "failed"},
		{"poor reputation", "554 5.7.1 Mail from 192.0.2.9 refused because of poor reputation", rep, "failed"},
		{"blacklisted", "550 5.7.1 Sender IP 192.0.2.9 is blacklisted", block, "failed"},
		{"whole bounce", blockBounce, block, "failed"},
	})
}

const blockBounce = `From: Mail Delivery System <Mailer-Daemon@mail.example.com>
To: jdoe@example.com
Subject: Mail delivery failed: returning message to sender

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  ann@example.net
    host mx.example.net [192.0.2.20]
    SMTP error from remote mail server after RCPT TO:<ann@example.net>:
    550 5.7.1 Service unavailable; client [192.0.2.10] blocked using dnsbl.example.org
`

// TestTranscriptReadWhole: a server's multi-line reply in an SMTP
// transcript (">>> DATA", "<<< 552-5.7.0 ...") is one statement, so the
// provider's wording on its later lines decides.
func TestTranscriptReadWhole(t *testing.T) {
	for _, c := range []struct{ name, in, entry, words string }{
		{"DSN cut, transcript whole", transcriptBounce, "gmail-blocked-content", "content presents"},
		{"text only", transcriptText, "gmail-likely-unsolicited", "likely unsolicited mail"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Classify([]byte(c.in))
			if len(rep.Recipients) != 1 {
				t.Fatalf("recipients %+v", rep.Recipients)
			}
			r := rep.Recipients[0]
			if r.Entry != c.entry || r.Basis != "pattern" {
				t.Errorf("entry %q reason %q basis %q; want %s by pattern", r.Entry, r.Reason, r.Basis, c.entry)
			}
			if !strings.Contains(r.Diagnostic, c.words) {
				t.Errorf("diagnostic %q is not the whole reply", r.Diagnostic)
			}
		})
	}
}

// transcriptText is sendmail's text bounce whose reason line stops at the
// end of the reply's first line; the rest is in the transcript.
const transcriptText = `From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>
To: jdoe@example.com
Subject: Returned mail: see transcript for details

The original message was received at Mon, 7 Dec 2026 09:00:00 GMT

   ----- The following addresses had permanent fatal errors -----
<ann@example.net>
    (reason: 550-5.7.1 [192.0.2.10] Our system has detected that this message is)

   ----- Transcript of session follows -----
... while talking to mx.example.net.:
>>> DATA
<<< 550-5.7.1 [192.0.2.10] Our system has detected that this message is
<<< 550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,
<<< 550-5.7.1 this message has been blocked. Please visit
<<< 550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError x1si - gsmtp
554 5.0.0 Service unavailable
`

const transcriptBounce = `From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>
To: <jdoe@example.com>
Subject: Returned mail: see transcript for details
Content-Type: multipart/report; report-type=delivery-status; boundary="T1"

--T1
Content-Type: text/plain

The original message was received at Mon, 7 Dec 2026 09:00:00 GMT
from localhost [127.0.0.1]

   ----- The following addresses had permanent fatal errors -----
<ann@example.org>
    (reason: 552-5.7.0 This message was blocked because its content presents a potential)

   ----- Transcript of session follows -----
... while talking to aspmx.l.google.com.:
>>> DATA
<<< 552-5.7.0 This message was blocked because its content presents a potential
<<< 552-5.7.0 security issue. Please visit
<<< 552-5.7.0  https://support.google.com/mail/?p=BlockedMessage to review our
<<< 552 5.7.0 message content and attachment content guidelines. x1si.123 - gsmtp
554 5.0.0 Service unavailable

--T1
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.com

Final-Recipient: RFC822; ann@example.org
Action: failed
Status: 5.7.0
Remote-MTA: DNS; aspmx.l.google.com
Diagnostic-Code: SMTP; 552-5.7.0 This message was blocked because its content presents a potential

--T1--
`

// TestSenderAddressIsNotARecipient: a Microsoft 365 bounce as Outlook
// shows it lists the sender under "Sender Address:"; only the recipient
// failed.
func TestSenderAddressIsNotARecipient(t *testing.T) {
	for name, in := range map[string]string{"displayed": outlookDisplayed, "with header": "From: Microsoft Outlook <postmaster@example.onmicrosoft.com>\nTo: Jane Doe <jdoe@example.com>\nSubject: Undeliverable: Budget\n\n" + outlookDisplayed} {
		t.Run(name, func(t *testing.T) {
			rep := Classify([]byte(in))
			if len(rep.Recipients) != 1 || rep.Recipients[0].Address != "ann@example.net" {
				t.Fatalf("recipients %+v", rep.Recipients)
			}
			if r := rep.Recipients[0]; r.Reason != "userunknown" {
				t.Errorf("reason %q entry %q", r.Reason, r.Entry)
			}
		})
	}
}

const outlookDisplayed = `Your message to ann@example.net couldn't be delivered.
ann wasn't found at example.net.

jdoe            Office 365            ann
Action Required                       Recipient

Unknown To address

How to Fix It
The address may be misspelled or may not exist. Try one or more of the following:

Diagnostic information for administrators:
Generating server: DM6PR00MB0000.namprd00.prod.outlook.com

ann@example.net
Remote server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ann@example.net not found by SMTP address lookup'

Original message headers:

Original Message Details
Created Date: 12/7/2026 9:14:02 AM
Sender Address: jdoe@example.com
Recipient Address: ann@example.net
Subject: Budget
`

// TestCodeSenseOfTheEntry: the verdict that decides the Codes row is the
// matched entry's: Microsoft's 5.1.10 is recipient not found (the page
// reads the entry's own title when it names the code), 552 on a content
// block is not a full mailbox.
func TestCodeSenseOfTheEntry(t *testing.T) {
	checkMislead(t, []misleadCase{
		{"microsoft 5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", []string{"userunknown"}, "failed"},
		{"552 content", "552 5.7.0 Message rejected: message content looks like spam", []string{"spamdetected", "contenterror", "policyviolation"}, "failed"},
		{"552 gmail content", "552-5.7.0 This message was blocked because its content presents a potential security issue.", []string{"spamdetected", "contenterror", "policyviolation", "virusdetected"}, "failed"},
	})
}

// TestBlockedNeedsTheSendingServer: "blocked" with nothing naming the
// sending server (a message, an attachment, an address was refused) and a
// temporary failure with no request to come back are not blocks of the
// sending server.
func TestBlockedNeedsTheSendingServer(t *testing.T) {
	for _, line := range []string{
		"550 5.7.1 Message blocked due to attachment type",
		"554 5.7.1 Your message was blocked",
		"550 5.7.1 Content blocked",
		"550 5.7.1 Recipient not listed in allowed list",
		"451 4.7.1 Temporary lookup failure",
		"554 5.7.1 Our server blocked your message",
	} {
		rep := Classify([]byte(line))
		if len(rep.Recipients) != 1 || rep.Recipients[0].Reason == "blocked" {
			t.Errorf("%q: %+v", line, rep.Recipients)
		}
	}
}
