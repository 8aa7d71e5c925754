package classify

import "github.com/bounce-explainer/bounce/classify/ndrtext"

// found is what a finder read in a report: its kind and one candidate per
// recipient, each with the words explain is to judge.
type found struct {
	kind       string
	candidates []candidate
	warnings   []string
	// original, when the reading has none, describes the returned
	// message (a JSON notification names it in its own fields).
	original Original
}

// candidate is one recipient as a finder read it, before explain decides
// why its delivery failed.
type candidate struct {
	// rcpt holds what the report says outright: address, action, codes,
	// remote server, command, diagnostic.
	rcpt Recipient
	// statements are the recipient's error statements in tiers, the most
	// telling tier first (the Diagnostic-Code field, then the lines that
	// name the recipient, then the rest).
	statements [][]string
	// hint is where in the normalised input the recipient's evidence is
	// looked for first.
	hint int
	// fixed, when set, is the KB entry the report's format decides (a
	// complaint, an auto-reply, a delivery): explain matches no words.
	fixed    string
	evidence []Span // with fixed, or when nothing decides: where the input says so
	// noPattern, when set, is the KB entry to use when no pattern matches
	// the statements, whatever the codes say.
	noPattern string
	// like, when not 0, is 1 + the index of an earlier candidate that
	// says the same in the same words (sameWords): explain copies its
	// verdict instead of judging the words again.
	like int
}

// sameWords reports whether two candidates differ in their address only:
// the same fields and the very same statements (shared, not equal: the
// test costs nothing).
func sameWords(a, b candidate) bool {
	ra, rb := a.rcpt, b.rcpt
	if ra.Action != rb.Action || ra.Status != rb.Status || ra.ReplyCode != rb.ReplyCode || ra.RemoteMTA != rb.RemoteMTA ||
		ra.Command != rb.Command || ra.Diagnostic != rb.Diagnostic || a.fixed != b.fixed || a.noPattern != b.noPattern ||
		len(a.statements) != len(b.statements) {
		return false
	}
	for i := range a.statements {
		sa, sb := a.statements[i], b.statements[i]
		if len(sa) != len(sb) || len(sa) > 0 && &sa[0] != &sb[0] {
			return false
		}
	}
	return true
}

// A finder reads one kind of report. It returns ok false when the
// reading is not of its kind, and the next finder is tried; a finder that
// recognises its kind but finds no recipient returns ok true and no
// candidates, which makes the input "not a bounce".
type finder func(rd *reading, sc *scan) (fd found, ok bool)

// finders are tried in this order; the first that recognises the report
// wins. Each lives in its own file, find_*.go.
var finders = []finder{
	findEvent,       // a sending service's JSON notification
	findFeedback,    // an abuse or complaint report (RFC 5965)
	findDSN,         // a delivery status notification (RFC 3464)
	findUnsubscribe, // a one-click unsubscribe request
	findAutoreply,   // an automatic reply (RFC 3834), not a bounce
	findText,        // a bounce in plain words
	findSnippet,     // pasted: one error line or a few
}

// find is the second stage: it runs the finders over a reading.
func find(rd *reading) found {
	sc := &scan{rd: rd}
	for _, f := range finders {
		if fd, ok := f(rd, sc); ok {
			return fd
		}
	}
	return found{}
}

// scan is the explanation's lines read for recipients and error lines
// (ndrtext.Find), made when a finder first asks and shared by the finders
// of one find call: pasted text goes through findText and findSnippet.
type scan struct {
	rd   *reading
	done bool
	res  ndrtext.Result
}

// lines returns the scan of the explanation.
func (s *scan) lines() ndrtext.Result {
	if !s.done {
		isError := isErrorLine
		if reportShaped(s.rd) {
			isError = isForeignErrorLine
		}
		s.res = ndrtext.Find(s.rd.explanation, ndrtext.Options{IsError: isError, Sender: s.rd.isSender})
		s.done = true
	}
	return s.res
}
