package backscatter

import (
	"strings"
	"testing"
)

// fields parses "Name: value" lines (no folding) into Fields with offsets
// into the text.
func fields(text string) []Field {
	var fs []Field
	off := 0
	for _, line := range strings.Split(text, "\n") {
		if name, val, ok := strings.Cut(line, ":"); ok && line != "" {
			fs = append(fs, Field{Name: name, Value: strings.TrimSpace(val), Start: off, End: off + len(line)})
		}
		off += len(line) + 1
	}
	return fs
}

func TestJudge(t *testing.T) {
	tests := []struct {
		name    string
		orig    Original
		want    bool
		signals int
	}{
		{"an ordinary bounce of mail sent through the person's provider", Original{Present: true, Fields: fields(
			"Received: from smtp.example.com (smtp.example.com [192.0.2.10]) by mx.example.net with ESMTPS\n" +
				"Received: from [198.51.100.7] (unknown [198.51.100.7]) by smtp.example.com with ESMTPSA id 4F\n" +
				"From: Ann <ann@example.com>\nMessage-ID: <20261201.abc@example.com>\nSubject: Quarterly report")}, false, 0},
		{"Workspace mail: Gmail writes the Message-ID", Original{Present: true, Fields: fields(
			"Received: by mail-lj1-f170.google.com with SMTP id 38308e7fff4ca\n" +
				"From: Bob <bob@example.org>\nMessage-ID: <CAFx9=abc@mail.gmail.com>\nSubject: Lunch")}, false, 0},
		{"Microsoft 365 mail", Original{Present: true, Fields: fields(
			"From: Carol <carol@example.co.uk>\nMessage-ID: <AM0PR01MB1234.eurprd01.prod.exchangelabs.com>\nSubject: Invoice")}, false, 0},
		{"a spam verdict alone is not enough", Original{Present: true, Fields: fields(
			"From: ann@example.com\nMessage-ID: <1@example.com>\nX-Spam-Flag: YES\nSubject: Newsletter")}, false, 0},
		{"forged: foreign Message-ID and a first hop from a stranger's host", Original{Present: true, Fields: fields(
			"Received: from relay.example.net (relay.example.net [192.0.2.1]) by mx.example.org with ESMTP\n" +
				"Received: from pc-203.dsl.example.biz (pc-203.dsl.example.biz [203.0.113.9]) by relay.example.net with SMTP\n" +
				"From: \"Ann\" <ann@example.com>\nMessage-ID: <8F3A1C.77@pc-203.dsl.example.biz>\nSubject: Your order")}, true, 3},
		{"forged: a spam verdict and a foreign Message-ID", Original{Present: true, Fields: fields(
			"From: ann@example.com\nMessage-ID: <x1y2z3@bulk.example.info>\nX-Spam-Status: Yes, score=14.2 required=5.0\nSubject: hello")}, true, 2},
		{"no copy returned and a spam subject", Original{Present: false, Subject: "You have WON the lottery!!!"}, true, 1},
		{"no copy returned and an ordinary subject", Original{Present: false, Subject: "Meeting notes"}, false, 0},
		{"nothing at all", Original{}, false, 0},
		{"a hosting provider's server writes both: one sign, not two", Original{Present: true, Fields: fields(
			"Received: from out3.hosting.example.org (out3.hosting.example.org [192.0.2.33]) by mx.example.net with ESMTPS\n" +
				"From: ann@example.com\nMessage-ID: <77A1@out3.hosting.example.org>\nSubject: Minutes")}, false, 0},
		{"handed over on the sender's own machine", Original{Present: true, Fields: fields(
			"Received: from localhost.localdomain (localhost [127.0.0.1]) by mail.example.net with ESMTP\n" +
				"From: ann@example.com\nMessage-ID: <1@mail.example.net>\nX-Spam-Flag: YES")}, true, 2},
		{"a private network's name is the sender's own", Original{Present: true, Fields: fields(
			"Received: from ip-10-0-0-5.ec2.internal (ip-10-0-0-5.ec2.internal [10.0.0.5]) by mx.example.net with ESMTP\n" +
				"From: ann@example.com\nMessage-ID: <1@example.com>\nSubject: Report")}, false, 0},
		{"a failed SPF check and a foreign Message-ID", Original{Present: true, Fields: fields(
			"Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=example.com\n" +
				"From: ann@example.com\nMessage-ID: <9@bulk.example.info>")}, true, 2},
		{"one everyday spam word with the original returned", Original{Present: true, Subject: "Dating the invoices", Fields: fields(
			"From: ann@example.com\nMessage-ID: <9@bulk.example.info>")}, false, 0},
		{"a strong spam word with the original returned", Original{Present: true, Subject: "Cheap Cialis", Fields: fields(
			"From: ann@example.com\nMessage-ID: <9@bulk.example.info>")}, true, 2},
		{"no copy and one everyday word", Original{Present: false, Subject: "Team dating app review"}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Judge(tt.orig)
			if v.Suspected != tt.want || len(v.Signals) != tt.signals {
				t.Fatalf("suspected %v with %d signals %+v, want %v with %d", v.Suspected, len(v.Signals), v.Signals, tt.want, tt.signals)
			}
			for _, s := range v.Signals {
				if s.Text == "" || (s.Start >= 0) != (s.End >= 0) || s.End < s.Start {
					t.Errorf("bad signal %+v", s)
				}
			}
		})
	}
}

func TestResidential(t *testing.T) {
	for host, want := range map[string]bool{
		"dsl-203-0-113-9.example.net": true, "203-0-113-9.cust.example.net": true, "pool12.example.net": true,
		"mail.example.net": false, "smtp2.example.net": false, "dynamo.example.net": false,
	} {
		if got := residential(host); got != want {
			t.Errorf("residential(%q) = %v", host, got)
		}
	}
}

func TestOrgDomain(t *testing.T) {
	for in, want := range map[string]string{
		"mail.example.com": "example.com", "example.com": "example.com", "a.b.example.co.uk": "example.co.uk",
		"localhost": "localhost", "MX1.Example.NET.": "example.net",
	} {
		if got := orgDomain(in); got != want {
			t.Errorf("orgDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAddressDomain(t *testing.T) {
	for in, want := range map[string]string{
		`"Ann, Sales" <Ann@Example.COM>`: "example.com", "bob@example.org": "example.org",
		"bob@example.org (Bob)": "example.org", "no address": "",
	} {
		if got := addressDomain(in); got != want {
			t.Errorf("addressDomain(%q) = %q, want %q", in, got, want)
		}
	}
}
