// Package classify explains bounced email: input bytes in (a raw bounce, the
// text a mail client shows, or one error line), Report out. It is pure Go and
// builds natively and for GOOS=js GOARCH=wasm.
package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/rules"
)

// Classify explains input. It never panics and always returns a Report; what
// it could not make sense of is said in Report.Warnings.
func Classify(input []byte) (rep Report) {
	defer func() {
		if r := recover(); r != nil {
			rep = Report{Kind: KindUnknown, Recipients: []Recipient{}, Warnings: []string{"internal error while reading this input; please report it"}}
		}
	}()
	rep = Report{Kind: KindUnknown, Recipients: []Recipient{}, Warnings: []string{}}
	text := string(input)
	if strings.TrimSpace(text) == "" {
		rep.Warnings = append(rep.Warnings, "the input is empty")
		return rep
	}
	r := Recipient{Diagnostic: strings.TrimSpace(text)}
	explain(&r)
	if r.Entry == "" {
		rep.Warnings = append(rep.Warnings, "nothing in this text looks like a bounce or a mail server error")
		return rep
	}
	rep.Bounce = true
	rep.Kind = KindSnippet
	rep.Recipients = append(rep.Recipients, r)
	return rep
}

// explain fills in the verdict fields of r from its diagnostic text and codes.
func explain(r *Recipient) {
	m := rules.Best(rules.Normalize(r.Diagnostic))
	if !m.Found() {
		return
	}
	e := rules.Entries[m.Entry]
	r.Entry, r.Reason, r.Title, r.Summary, r.Who, r.Hard = e.ID, e.Reason, e.Title, e.Summary, e.Who, e.Hard
	if r.Action == "" {
		r.Action = "failed"
	}
}
