package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/mimewalk"
)

// unwrap returns the bounce a message forwards, or nil. A bounce is
// forwarded as an attachment (message/rfc822) or inline, below the
// forwarder's own words; it is read instead of the message that carries it
// only when that message states no error of its own, so that a bounce
// that returns a bounce is still explained by its own words.
func unwrap(rd *reading) *reading {
	if rd.pasted || len(rd.dsnParts) > 0 || rd.hasFeedbackPart {
		return nil // a report of its own: its fields say why
	}
	from, to, ok := forwardedPart(rd)
	rest := -1
	if !ok {
		if rest = forwardedInline(rd.explanation, rd.cut); rest < 0 {
			return nil
		}
	}
	if statesError(rd) {
		return nil
	}
	if ok {
		return readMessage(rd.src, from, to)
	}
	if from, to, ok := rd.verbatimRange(rest); ok {
		return readMessage(rd.src, from, to)
	}
	// The forwarder's part was decoded (charset, transfer encoding): read
	// the inner bounce from the decoded text. Its evidence is then found by
	// searching the input for the words that decided.
	sub := newSource(rd.src.orig, []byte(rd.explanation[rest:]))
	sub.drops = nil // its offsets are not the input's
	return readMessage(sub, 0, len(sub.text))
}

// forwardedPart returns where a bounce attached to the message is in the
// normalised input.
func forwardedPart(rd *reading) (from, to int, ok bool) {
	for _, p := range rd.parts {
		if p.Inner != nil && p.Type != "text/rfc822-headers" && looksLikeBounce(*p.Inner) {
			return rd.start + p.Offset, rd.start + p.End, true
		}
	}
	return 0, 0, false
}

// forwardedInline returns where a bounce quoted below a forwarder's words
// starts in explanation, or -1.
func forwardedInline(explanation string, cut int) int {
	if cut >= len(explanation) {
		return -1
	}
	rest := cut
	if i := strings.IndexByte(explanation[rest:], '\n'); i >= 0 {
		rest += i + 1
	}
	for rest < len(explanation) && explanation[rest] == '\n' {
		rest++
	}
	if !looksLikeMessage(explanation[rest:]) {
		return -1
	}
	if h, _ := mimewalk.ParseHeader(explanation[rest:], 0); !looksLikeBounce(h) {
		return -1
	}
	return rest
}

// statesError reports whether a message says by itself why a delivery
// failed: its text (before any returned message) has an error line.
func statesError(rd *reading) bool {
	text := rd.explanation[:rd.cut]
	for n := 0; text != "" && n < maxErrorScan; n++ {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if isErrorLine(firstN(line, 4096)) {
			return true
		}
	}
	return false
}

// maxErrorScan bounds the lines statesError reads, as ndrtext.Find does.
const maxErrorScan = 3000
