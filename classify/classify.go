// Package classify explains bounced email: input bytes in (a raw bounce, the
// text a mail client shows, or one error line), Report out. It is pure Go and
// builds natively and for GOOS=js GOARCH=wasm.
//
// The work is split into small packages: mimewalk reads the MIME structure,
// dsn the machine-readable delivery status, ndrtext the human-readable text
// of bounces without one, smtpcode the codes in error lines, and rules the
// knowledge base compiled into match tables. This package puts their
// findings together into one verdict per recipient.
package classify

import (
	"bytes"
	"fmt"
	"sort"
)

// MaxInput is how much of an input is read. Bounces are a few kilobytes;
// anything past this is skipped with a warning, so that a pasted mailbox or
// a huge attachment cannot stall the page.
const MaxInput = 8 << 20

// Classify explains input. It never panics and always returns a Report; what
// it could not make sense of is said in Report.Warnings.
func Classify(input []byte) (rep Report) {
	defer func() {
		if r := recover(); r != nil {
			rep = Report{Kind: KindUnknown, Recipients: []Recipient{}, Warnings: []string{"internal error while reading this input; please report it"}}
		}
	}()
	rep = Report{Kind: KindUnknown, Recipients: []Recipient{}, Warnings: []string{}}
	if len(bytes.TrimSpace(input)) == 0 {
		rep.Warnings = append(rep.Warnings, "the input is empty")
		return rep
	}
	in := input
	if len(in) > MaxInput {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("the input is %d bytes; only the first %d were read", len(in), MaxInput))
		in = in[:MaxInput]
	}
	if bytes.IndexByte(in, 0) >= 0 && !mostlyText(in) {
		rep.Warnings = append(rep.Warnings, "the input is binary data, not text; nothing in it looks like a bounce")
		return rep
	}
	a := newAnalysis(input, in)
	a.run(&rep)
	finish(&rep)
	return rep
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

// finish fills in what every report needs whatever its kind.
func finish(rep *Report) {
	if len(rep.Recipients) == 0 {
		rep.Bounce = false
		if rep.Kind != KindUnknown {
			rep.Kind = KindUnknown
		}
		if len(rep.Warnings) == 0 || !hasNotBounceWarning(rep.Warnings) {
			rep.Warnings = append(rep.Warnings, "nothing in this text looks like a bounce, a delivery report or a mail server error")
		}
	}
	for i := range rep.Recipients {
		r := &rep.Recipients[i]
		if r.Evidence == nil {
			r.Evidence = []Span{}
		}
		sort.Slice(r.Evidence, func(a, b int) bool { return r.Evidence[a].Start < r.Evidence[b].Start })
	}
	if rep.Warnings == nil {
		rep.Warnings = []string{}
	}
	present(rep)
}

func hasNotBounceWarning(ws []string) bool {
	for _, w := range ws {
		if bytes.Contains([]byte(w), []byte("like a bounce")) {
			return true
		}
	}
	return false
}

// normalizeNewlines turns CRLF, CR CR LF and lone CR line breaks into LF, so
// that every later step sees one kind of line break. drops records, for
// each removed byte, its offset in the result, to map offsets back to the
// input. Input without CR comes back as it is, not copied.
func normalizeNewlines(in []byte) ([]byte, []int) {
	if bytes.IndexByte(in, '\r') < 0 {
		return in, nil
	}
	out := make([]byte, 0, len(in))
	var drops []int
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c != '\r' {
			out = append(out, c)
			continue
		}
		// A run of CRs followed by LF is one line break; a run of CRs
		// without LF is one break per CR.
		j := i
		for j < len(in) && in[j] == '\r' {
			j++
		}
		if j < len(in) && in[j] == '\n' {
			for k := i; k < j; k++ {
				drops = append(drops, len(out))
			}
			i = j - 1
			continue
		}
		out = append(out, '\n')
	}
	return out, drops
}
