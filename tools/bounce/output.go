package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/bounce-explainer/bounce/classify"
)

// writer prints the verdict for one input in one of the output formats.
type writer interface {
	write(in input, rep classify.Report) error
	// close finishes the output (flushes buffers, prints totals).
	close(t totals) error
}

// totals counts the inputs by outcome; the exit code is derived from it.
type totals struct {
	bounces, notBounces, unreadable int
}

// record is the JSON Lines object: the Report with the input's name, and
// the reason it could not be read, if any.
type record struct {
	File  string `json:"file"`
	Error string `json:"error,omitempty"`
	classify.Report
}

type jsonWriter struct {
	enc *json.Encoder
}

func newJSONWriter(w io.Writer) *jsonWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // diagnostics quote <addresses>; keep them readable
	return &jsonWriter{enc: enc}
}

func (j *jsonWriter) write(in input, rep classify.Report) error {
	r := record{File: in.name, Report: rep}
	if in.err != nil {
		r.Error = plainErr(in.err).Error()
	}
	return j.enc.Encode(r)
}

func (j *jsonWriter) close(totals) error { return nil }

// csvColumns is the CSV header: one row per recipient.
// outcome, cause and who_label are the Report's presentation fields (from
// classify/advice), so a spreadsheet says what the page says.
var csvColumns = []string{"file", "address", "action", "status", "reply_code", "reason", "hard", "who", "entry", "diagnostic", "note", "outcome", "cause", "who_label"}

type csvWriter struct {
	w *csv.Writer
}

func newCSVWriter(w io.Writer) *csvWriter {
	c := &csvWriter{w: csv.NewWriter(w)}
	c.w.Write(csvColumns)
	return c
}

func (c *csvWriter) write(in input, rep classify.Report) error {
	if in.err != nil {
		c.w.Write(cells(in.name, "", "", "", "", "", "", "", "", "", "unreadable: "+plainErr(in.err).Error(), "", "", ""))
		return c.w.Error()
	}
	if len(rep.Recipients) == 0 {
		// Every input gets a row, so a spreadsheet shows what was not recognised.
		c.w.Write(cells(in.name, "", "", "", "", "", "", "", "", "", "not a bounce: "+strings.Join(rep.Warnings, "; "), "", "", ""))
		return c.w.Error()
	}
	note := strings.Join(rep.Warnings, "; ")
	for _, r := range rep.Recipients {
		c.w.Write(cells(in.name, r.Address, r.Action, r.Status, r.ReplyCode, r.Reason,
			fmt.Sprint(r.Hard), r.Who, r.Entry, r.Diagnostic, note, r.Outcome, r.Cause, r.WhoLabel))
	}
	return c.w.Error()
}

func (c *csvWriter) close(totals) error {
	c.w.Flush()
	return c.w.Error()
}

// cells neutralises values a spreadsheet would run as a formula: a bounce's
// diagnostic or address is written by a stranger's mail server, so a cell
// starting with = + - @ gets a leading apostrophe (the OWASP advice for CSV
// injection).
func cells(vals ...string) []string {
	for i, v := range vals {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			vals[i] = "'" + v
		}
	}
	return vals
}

// textWriter prints a readable verdict per recipient.
type textWriter struct {
	w      io.Writer
	kbBase string
	n      int
}

// write prints one input's verdict, built whole first so a write error
// cannot leave half a verdict behind.
func (t *textWriter) write(in input, rep classify.Report) error {
	in.name, rep = printable(in.name), printableReport(rep)
	if t.n > 0 {
		fmt.Fprintln(t.w)
	}
	t.n++
	if in.err != nil {
		_, err := fmt.Fprintf(t.w, "%s: cannot read: %v\n", in.name, plainErr(in.err))
		return err
	}
	var b strings.Builder
	writeHeadline(&b, in.name, rep)
	for _, r := range rep.Recipients {
		t.writeRecipient(&b, r)
	}
	if in.truncated {
		b.WriteString("  note: input was larger than -max-size; only its beginning was read\n")
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(&b, "  note: %s\n", oneLine(w))
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

// writeHeadline says first whether the input is a bounce, of what kind and
// from which server, since that is what a reader scans a batch for.
func writeHeadline(b *strings.Builder, name string, rep classify.Report) {
	if !rep.Bounce {
		fmt.Fprintf(b, "%s: not recognised as a bounce\n", name)
		return
	}
	fmt.Fprintf(b, "%s: %s", name, kindText(rep.Kind))
	if rep.MTA != "" {
		fmt.Fprintf(b, " from %s", rep.MTA)
	}
	b.WriteString("\n")
	if rep.Original.Subject != "" {
		fmt.Fprintf(b, "  original subject: %s\n", oneLine(rep.Original.Subject))
	}
}

// writeRecipient prints one recipient's block: address, title, facts,
// advice and KB link, in the order a reader needs them.
func (t *textWriter) writeRecipient(b *strings.Builder, r classify.Recipient) {
	addr := r.Address
	if addr == "" {
		addr = "(no address given)"
	}
	fmt.Fprintf(b, "  %s\n", oneLine(addr))
	title := r.Title
	if title == "" {
		title = "unexplained " + r.Reason
	}
	fmt.Fprintf(b, "    %s\n", oneLine(title))
	if r.Basis == "likely" {
		// A guess, not a KB match: say so, how often such guesses were
		// right when tested, and the words that decided it.
		fmt.Fprintf(b, "    likely: no KB pattern matches; guesses this sure were right %.0f%% of the time in testing; deciding words: %s\n",
			100*r.Confidence, oneLine(strings.Join(r.Words, ", ")))
	}
	fmt.Fprintf(b, "    %s\n", strings.Join(recipientFacts(r), " · "))
	if r.Summary != "" {
		fmt.Fprintf(b, "    %s\n", oneLine(r.Summary))
	}
	if r.Retry != "" {
		fmt.Fprintf(b, "    %s\n", oneLine(r.Retry))
	}
	if r.Diagnostic != "" {
		fmt.Fprintf(b, "    server said: %s\n", clip(oneLine(r.Diagnostic), 200))
	}
	if r.Entry != "" {
		fmt.Fprintf(b, "    %s%s/\n", t.kbBase, r.Entry)
	}
}

// recipientFacts gathers the short facts shown on one line; the labels are
// the Report's (classify/advice): no rules here.
func recipientFacts(r classify.Recipient) []string {
	facts := []string{}
	for _, l := range []string{r.OutcomeLabel, r.CauseLabel} {
		if l != "" {
			facts = append(facts, strings.ToLower(l))
		}
	}
	if codes := strings.TrimSpace(r.ReplyCode + " " + r.Status); codes != "" {
		facts = append(facts, codes)
	}
	if r.WhoLabel != "" {
		facts = append(facts, "who acts: "+strings.ToLower(r.WhoLabel))
	}
	if r.RemoteMTA != "" {
		facts = append(facts, "server: "+r.RemoteMTA)
	}
	return facts
}

func (t *textWriter) close(tot totals) error {
	if n := tot.bounces + tot.notBounces + tot.unreadable; n > 1 {
		_, err := fmt.Fprintf(t.w, "\n%d inputs: %d bounces, %d not recognised, %d unreadable\n",
			n, tot.bounces, tot.notBounces, tot.unreadable)
		return err
	}
	return nil
}

func kindText(kind string) string {
	switch kind {
	case classify.KindFailure:
		return "delivery failure"
	case classify.KindDelay:
		return "delivery delayed, still retrying"
	case classify.KindDelivered:
		return "delivered (a success report)"
	case classify.KindFeedback:
		return "complaint (feedback report)"
	case classify.KindAutoreply:
		return "automatic reply"
	case classify.KindSnippet:
		return "mail server error"
	}
	return "delivery report"
}

// oneLine folds a value onto one line so a hostile or multi-line diagnostic
// cannot forge extra lines of output: control characters become spaces and
// what printable escapes is escaped.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) { // C0, DEL and C1, which drive terminals
			return ' '
		}
		return r
	}, s)
	return printable(strings.Join(strings.Fields(s), " "))
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
