// Package adversarial makes inputs that once took the classifier minutes
// or gigabytes: each stresses one place where work could grow faster than
// the input (joining lines per recipient, comparing long addresses with
// long lines, unfolding long fields, removing duplicates from long lists,
// re-scanning for repeated pattern prefixes), plus siblings of each. The
// benchmarks and the scaling test in package classify use them, and so
// does the browser benchmark in tools/browsertest.
package adversarial

import (
	"fmt"
	"strings"
)

// Input is one generated input.
type Input struct {
	Name string
	Data []byte
}

// Inputs returns every generator's input of about size bytes.
func Inputs(size int) []Input {
	var out []Input
	for _, g := range Generators {
		out = append(out, Input{Name: g.Name, Data: g.Make(size)})
	}
	return out
}

// Generator makes one kind of input of about a given size.
type Generator struct {
	Name string
	Make func(size int) []byte
}

// Generators are the kinds of input, each named for what it stresses.
var Generators = []Generator{
	{"recipients-then-errors", recipientsThenErrors},
	{"recipients-interleaved", recipientsInterleaved},
	{"huge-address-long-line", hugeAddressLongLine},
	{"many-long-addresses", manyLongAddresses},
	{"dsn-continuation", dsnContinuation},
	{"dsn-many-groups", dsnManyGroups},
	{"huge-to-header", hugeToHeader},
	{"long-folded-subject", longFoldedSubject},
	{"many-header-fields", manyHeaderFields},
	{"repeated-pattern-prefix", repeatedPatternPrefix},
	{"repeated-prefix-one-line", repeatedPrefixOneLine},
	{"folded-error-reply", foldedErrorReply},
	{"many-parts", manyParts},
	{"pasted-addresses", pastedAddresses},
}

const bounceHeader = "From: MAILER-DAEMON@example.net\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\nContent-Type: text/plain\n\n"

// fill repeats unit (formatted with its index) after head until size.
func fill(head string, size int, unit func(i int) string) []byte {
	var b strings.Builder
	b.Grow(size + 256)
	b.WriteString(head)
	for i := 0; b.Len() < size; i++ {
		b.WriteString(unit(i))
	}
	return []byte(b.String())
}

// recipientsThenErrors lists many recipients, then as many error lines:
// every recipient shares every error line.
func recipientsThenErrors(size int) []byte {
	n := size / 2 / 60
	var b strings.Builder
	b.WriteString(bounceHeader)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "<user%d@example.com>:\n", i)
	}
	return fill(b.String(), size, func(i int) string {
		return fmt.Sprintf("    550 5.1.1 mailbox unavailable, user unknown here %d\n", i)
	})
}

// recipientsInterleaved alternates recipients and their error lines.
func recipientsInterleaved(size int) []byte {
	return fill(bounceHeader, size, func(i int) string {
		return fmt.Sprintf("<user%d@example.com>: host mx.example.com said:\n    550 5.1.1 user unknown (in reply to RCPT TO command)\n", i)
	})
}

// hugeAddressLongLine is one address of a third of the input followed by
// one error line of the rest, of the same letter.
func hugeAddressLongLine(size int) []byte {
	local := strings.Repeat("a", size/3)
	line := "550 5.1.1 " + strings.Repeat("a", size-len(local)-200)
	return []byte(bounceHeader + "<" + local + "@example.com>:\n" + line + "\n")
}

// manyLongAddresses are many addresses near the length limit, each with
// an error line.
func manyLongAddresses(size int) []byte {
	return fill(bounceHeader, size, func(i int) string {
		return fmt.Sprintf("<%s%d@example.com>: 550 5.1.1 %s user unknown\n", strings.Repeat("b", 400), i, strings.Repeat("b", 300))
	})
}

const dsnHead = "From: MAILER-DAEMON@example.net\nSubject: Delivery Status Notification (Failure)\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nDelivery failed.\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"

// dsnContinuation is one recipient whose Diagnostic-Code is folded over
// the whole input.
func dsnContinuation(size int) []byte {
	head := dsnHead + "Final-Recipient: rfc822; jdoe@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n"
	return fill(head, size, func(i int) string { return " continued diagnostic words\n" })
}

// dsnManyGroups is a delivery-status part with a group per recipient.
func dsnManyGroups(size int) []byte {
	return fill(dsnHead, size, func(i int) string {
		return fmt.Sprintf("Final-Recipient: rfc822; user%d@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <user%d@example.com> user unknown\n\n", i, i)
	})
}

// hugeToHeader is a returned message whose To: field lists a great many
// addresses, half of them repeated.
func hugeToHeader(size int) []byte {
	head := bounceHeader + "<jdoe@example.com>: 550 5.1.1 user unknown\n\n------ This is a copy of the message, including all the headers. ------\n\nFrom: sender@example.org\nTo: a0@example.com"
	return append(fill(head, size, func(i int) string { return fmt.Sprintf(", a%d@example.com", i/2) }), "\nSubject: hello\n\nbody\n"...)
}

// longFoldedSubject is a header field folded over the whole input.
func longFoldedSubject(size int) []byte {
	b := fill("From: MAILER-DAEMON@example.net\nSubject: Undelivered", size, func(i int) string { return "\n folded subject words =?utf-8?q?caf=C3=A9?=" })
	return append(b, "\nContent-Type: text/plain\n\n<jdoe@example.com>: 550 5.1.1 user unknown\n"...)
}

// manyHeaderFields is a header of many short fields.
func manyHeaderFields(size int) []byte {
	b := fill("From: MAILER-DAEMON@example.net\nSubject: failure notice\n", size, func(i int) string {
		return fmt.Sprintf("X-Field-%d: value %d\nReceived: from mx%d.example.net\n", i, i, i)
	})
	return append(b, "\n<jdoe@example.com>: 550 5.1.1 user unknown\n"...)
}

// repeatedPatternPrefix is pasted lines of a pattern's first piece
// repeated, its later pieces never following.
func repeatedPatternPrefix(size int) []byte {
	line := strings.Repeat("aup#11 ", 100) + "\n"
	return fill("", size, func(i int) string { return line })
}

// repeatedPrefixOneLine is the same on one line.
func repeatedPrefixOneLine(size int) []byte {
	return fill("550 ", size, func(i int) string { return "aup#11 user unknown " })
}

// foldedErrorReply is one multi-line SMTP reply ("550-...") over the
// whole input, all one statement.
func foldedErrorReply(size int) []byte {
	head := bounceHeader + "<jdoe@example.com>: host mx.example.com said:\n"
	return fill(head, size, func(i int) string { return "550-5.7.1 the message was refused by policy\n" })
}

// manyParts is a multipart message of many small text parts.
func manyParts(size int) []byte {
	head := "From: MAILER-DAEMON@example.net\nSubject: failure notice\nContent-Type: multipart/mixed; boundary=\"p\"\n\n"
	b := fill(head, size, func(i int) string {
		return fmt.Sprintf("--p\nContent-Type: text/plain\n\n<user%d@example.com>: 550 5.1.1 user unknown\n", i)
	})
	return append(b, "--p--\n"...)
}

// pastedAddresses is pasted text of many addresses per line, with error
// lines between.
func pastedAddresses(size int) []byte {
	return fill("", size, func(i int) string {
		return fmt.Sprintf("to:a%d@example.com,b%d@example.com, c%d@example.com <d%d@example.com>\n550 5.1.1 user unknown\n", i, i, i, i)
	})
}
