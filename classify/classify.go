// Package classify explains bounced email: input bytes in (a raw bounce, the
// text a mail client shows, or one error line), Report out. It is pure Go and
// builds natively and for GOOS=js GOARCH=wasm.
//
// Classify runs four stages, each in its own file, each handing a named
// value to the next:
//
//	input bytes
//	  │ read      read.go, forwarded.go: MIME walk (package mimewalk); a
//	  │           forwarded bounce is unwrapped here, before anything is
//	  ▼           decided
//	reading     the text to explain, the header, the parts, the original
//	  │ find      find.go runs the finders in order, the first that knows
//	  │           the report wins: find_event.go (JSON notification),
//	  │           find_feedback.go (complaint, unsubscribe), find_dsn.go
//	  │           (RFC 3464, package dsn), find_autoreply.go, find_text.go
//	  ▼           (plain words, package ndrtext), find_snippet.go (pasted)
//	found       the kind of report, one candidate per recipient
//	  │ explain   explain.go: KB patterns over the statements (package
//	  │           rules), else the codes (package smtpcode), else undecided
//	  ▼
//	Recipient   one verdict per candidate, with its evidence and basis
//	  │ finish    finish.go: the report's invariants and the presentation
//	  ▼           fields
//	Report
//
// No stage keeps state between calls: each takes what the stage before
// returned.
package classify

import (
	"bytes"
	"strconv"
)

// MaxInput is how much of an input is read. Bounces are a few kilobytes;
// anything past this is skipped with a warning, so that a pasted mailbox or
// a huge attachment cannot stall the page.
const MaxInput = 8 << 20

// warnInternal is the warning of a report made after Classify recovered
// from a panic. Readers still get a report; tests and fuzzing fail on it.
const warnInternal = "Something went wrong inside the explainer while reading this text, so it could not be explained. Please report it."

// Classify explains input. It never panics and always returns a Report; what
// it could not make sense of is said in Report.Warnings.
func Classify(input []byte) Report {
	return classifyWith(input, find)
}

// classifyWith is Classify with its find stage given, so that a test can
// make a stage fail.
func classifyWith(input []byte, find func(*reading) found) (rep Report) {
	defer func() {
		if r := recover(); r != nil {
			rep = Report{Kind: KindUnknown, Recipients: []Recipient{}, Warnings: []string{warnInternal}}
		}
	}()
	in, warnings, ok := admit(input)
	if !ok {
		return Report{Kind: KindUnknown, Recipients: []Recipient{}, Warnings: warnings}
	}
	rd := read(newSource(input, in))
	fd := find(rd)
	rep = Report{Kind: fd.kind, MTA: rd.mta, Subject: rd.subject, Original: rd.original, Recipients: []Recipient{}}
	if rep.Original == (Original{}) {
		rep.Original = fd.original
	}
	rep.Warnings = append(append(warnings, rd.warnings...), fd.warnings...)
	for _, c := range fd.candidates {
		if c.like > 0 {
			// The same words as an earlier recipient: the same verdict.
			r := rep.Recipients[c.like-1]
			r.Address, r.Evidence = c.rcpt.Address, append([]Span(nil), r.Evidence...)
			rep.Recipients = append(rep.Recipients, r)
			continue
		}
		rep.Recipients = append(rep.Recipients, explain(rd, c))
	}
	setLanguage(&rep, rd)
	finish(&rep)
	rep.Backscatter = suspect(rd, &rep)
	return rep
}

// admit decides whether and how much of an input to read: not an empty
// one, not binary data, at most MaxInput bytes.
func admit(input []byte) (in []byte, warnings []string, ok bool) {
	warnings = []string{}
	if len(bytes.TrimSpace(input)) == 0 {
		return nil, append(warnings, "The input is empty."), false
	}
	in = input
	if len(in) > MaxInput {
		warnings = append(warnings, "The input is "+strconv.Itoa(len(in))+" bytes long; only the first "+strconv.Itoa(MaxInput)+" bytes were read.")
		in = in[:MaxInput]
	}
	if bytes.IndexByte(in, 0) >= 0 && !mostlyText(in) {
		return nil, append(warnings, "The input is binary data, not text; nothing in it looks like a bounce."), false
	}
	return in, warnings, true
}

// mostlyText reports whether b looks like text despite a stray NUL byte.
func mostlyText(b []byte) bool {
	n := len(b)
	if n > 4096 {
		b = b[:4096]
		n = 4096
	}
	bad := 0
	for _, c := range b {
		if c < 0x09 || (c > 0x0d && c < 0x20) {
			bad++
		}
	}
	return bad*20 < n
}
