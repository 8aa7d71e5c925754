package mimewalk

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

func encode(t *testing.T, e encoding.Encoding, s string) string {
	t.Helper()
	out, err := e.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func report(parts ...string) string {
	var b strings.Builder
	b.WriteString("From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;\n boundary=\"BOUND\"\n\npreamble\n")
	for _, p := range parts {
		b.WriteString("--BOUND\n")
		b.WriteString(p)
		b.WriteString("\n")
	}
	b.WriteString("--BOUND--\n")
	return b.String()
}

func textOf(m *Message, typ string) string {
	for _, p := range m.Parts {
		if p.Type == typ {
			return p.Text
		}
	}
	return ""
}

func TestDecoding(t *testing.T) {
	tests := []struct {
		name, part, want string
	}{
		{"base64", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nNTUwIDUuMS4xIFVzZXIgdW5rbm93bg==", "550 5.1.1 User unknown"},
		{"quoted-printable", "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n550 5.1.1 <jdoe@example.com>: Recipient addr=\ness rejected", "550 5.1.1 <jdoe@example.com>: Recipient address rejected"},
		{"ISO-2022-JP", "Content-Type: text/plain; charset=ISO-2022-JP\n\n" + encode(t, japanese.ISO2022JP, "宛先不明です"), "宛先不明です"},
		{"ISO-2022-JP without charset", "Content-Type: text/plain\n\n" + encode(t, japanese.ISO2022JP, "メールボックスが一杯です"), "メールボックスが一杯です"},
		{"Shift_JIS", "Content-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: 8bit\n\n" + encode(t, japanese.ShiftJIS, "ユーザーが存在しません"), "ユーザーが存在しません"},
		{"ISO-8859-1", "Content-Type: text/plain; charset=iso-8859-1\n\n" + encode(t, charmap.ISO8859_1, "Adresse destinataire invalide: boîte pleine"), "Adresse destinataire invalide: boîte pleine"},
		{"Windows-1251", "Content-Type: text/plain; charset=windows-1251\n\n" + encode(t, charmap.Windows1251, "Пользователь не найден"), "Пользователь не найден"},
		{"Windows-1252", "Content-Type: text/plain; charset=windows-1252\n\n" + encode(t, charmap.Windows1252, "Empfänger unbekannt – “quota”"), "Empfänger unbekannt – “quota”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Walk(report(tt.part), DefaultLimits)
			if got := strings.TrimSpace(textOf(m, "text/plain")); got != tt.want {
				t.Errorf("text = %q, want %q (warnings %q)", got, tt.want, m.Warnings)
			}
			if len(m.Warnings) != 0 {
				t.Errorf("unexpected warnings %q", m.Warnings)
			}
		})
	}
}

func TestUnknownCharset(t *testing.T) {
	m := Walk(report("Content-Type: text/plain; charset=x-no-such-charset\n\n550 User unknown"), DefaultLimits)
	if got := strings.TrimSpace(textOf(m, "text/plain")); got != "550 User unknown" {
		t.Errorf("best-effort text = %q", got)
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "x-no-such-charset") {
		t.Errorf("warnings = %q, want one naming the charset", m.Warnings)
	}
}

func TestReportParts(t *testing.T) {
	raw := report(
		"Content-Type: text/plain\n\nThe mail system could not deliver.",
		"Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; jdoe@example.com\nAction: failed\nStatus: 5.1.1",
		"Content-Type: text/rfc822-headers\n\nFrom: Sender <sender@example.org>\nTo: jdoe@example.com\nSubject: =?UTF-8?B?SGVsbG8gd29ybGQ=?=\nMessage-ID: <abc@example.org>\n",
	)
	m := Walk(raw, DefaultLimits)
	if len(m.Parts) != 3 {
		t.Fatalf("parts = %d, want 3", len(m.Parts))
	}
	if !strings.Contains(textOf(m, "message/delivery-status"), "Final-Recipient: rfc822; jdoe@example.com") {
		t.Error("delivery-status part not read")
	}
	inner := m.Parts[2].Inner
	if inner == nil {
		t.Fatal("no inner header for text/rfc822-headers")
	}
	if got := DecodeHeader(*inner, "Subject"); got != "Hello world" {
		t.Errorf("inner Subject = %q", got)
	}
	for _, p := range m.Parts {
		if p.Verbatim && raw[p.Offset:p.Offset+len(p.Text)] != p.Text {
			t.Errorf("%s: Offset %d does not point at its text", p.Type, p.Offset)
		}
	}
}

func TestLenientHeader(t *testing.T) {
	// A folded parameter without its indent, as some servers write it.
	raw := "From: a@example.net\nContent-Type: multipart/alternative; differences=Content-Type;\nboundary=\"B2\"\n\n--B2\nContent-Type: text/plain\n\nhello\n--B2--\n"
	m := Walk(raw, DefaultLimits)
	if got := strings.TrimSpace(textOf(m, "text/plain")); got != "hello" {
		t.Errorf("text = %q, warnings %q", got, m.Warnings)
	}
	h, body := ParseHeader("From MAILER-DAEMON Thu Apr 29 2007\nSubject: x\n\nbody", 0)
	if h.Get("Subject") != "x" || body != len("From MAILER-DAEMON Thu Apr 29 2007\nSubject: x\n\n") {
		t.Errorf("mbox From line: Subject %q, body at %d", h.Get("Subject"), body)
	}
	if _, body := ParseHeader("just text\nmore", 0); body != 0 {
		t.Errorf("text without header: body at %d, want 0", body)
	}
}

func TestBrokenAndHostile(t *testing.T) {
	deep := func(n int) string {
		var b strings.Builder
		b.WriteString("Subject: deep\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i)
		}
		b.WriteString("Content-Type: text/plain\n\n550 5.1.1 User unknown\n")
		for i := n - 1; i >= 0; i-- {
			fmt.Fprintf(&b, "--b%d--\n", i)
		}
		return b.String()
	}
	many := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = "Content-Type: text/plain\n\npart"
		}
		return report(parts...)
	}
	tests := []struct {
		name    string
		in      string
		warning string
		parts   int
	}{
		{"truncated", strings.TrimSuffix(report("Content-Type: text/plain\n\nfirst", "Content-Type: text/plain\n\nsecond"), "--BOUND--\n")[:200], "cut short", -1},
		{"no closing boundary", strings.TrimSuffix(report("Content-Type: text/plain\n\nfirst"), "--BOUND--\n"), "cut short", 1},
		{"boundary never used", "Content-Type: multipart/mixed; boundary=nope\n\nplain text", "boundary was not found", 1},
		{"no boundary parameter", "Content-Type: multipart/mixed\n\nplain text", "no boundary", 1},
		{"2000 levels deep", deep(2000), "nested deeper", 0},
		{"too many parts", many(500), "more than 200 parts", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Walk(tt.in, DefaultLimits)
			found := false
			for _, w := range m.Warnings {
				found = found || strings.Contains(w, tt.warning)
			}
			if !found {
				t.Errorf("warnings %q lack %q", m.Warnings, tt.warning)
			}
			if tt.parts >= 0 && len(m.Parts) != tt.parts {
				t.Errorf("parts = %d, want %d", len(m.Parts), tt.parts)
			}
		})
	}
}

func TestSizeLimit(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 3<<20)
	m := Walk("Content-Type: text/plain\n\n"+string(big), DefaultLimits)
	if len(m.Parts) != 1 || len(m.Parts[0].Text) != DefaultLimits.MaxPartBytes {
		t.Fatalf("part of %d bytes kept, want %d", len(m.Parts[0].Text), DefaultLimits.MaxPartBytes)
	}
	if len(m.Warnings) == 0 {
		t.Error("no warning about the skipped end")
	}
}
