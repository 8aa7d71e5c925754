package classify

import (
	"sort"
	"strconv"
	"strings"

	"github.com/bounce-explainer/bounce/classify/mimewalk"
	"github.com/bounce-explainer/bounce/classify/ndrtext"
)

// reading is what the read stage makes of an input: the text to explain
// and what is known about the message around it. The stages after read
// only look at it; none changes it.
type reading struct {
	// lang is the language of the text, told once (language.go).
	lang   *langOf
	src    *source
	pasted bool // no mail header: a pasted bounce text, DSN fields or error line
	start  int  // where the message read begins in src.text
	body   int  // where its body begins in src.text

	header          mimewalk.Header
	ctype           string
	params          map[string]string
	from, subject   string
	parts           []mimewalk.Part
	inner           *mimewalk.Header // the returned message's header, if quoted
	innerText       string           // that header as written, every field
	innerOff        int              // where innerText starts in src.text, -1 when decoded
	original        Original
	mta             string
	failed          []string        // X-Failed-Recipients
	senders         map[string]bool // the bounce's addressee and the original author
	bounceish       bool            // the header says this is a delivery report
	warnings        []string
	explanation     string    // the text parts joined: what a person reads
	cut             int       // where the returned message starts in explanation (ndrtext.Cut)
	segs            []segment // explanation offsets back to src.text
	dsnParts        []dsnPart
	feedback        string // a message/feedback-report part's fields
	hasFeedbackPart bool
}

// dsnPart is a message/delivery-status part: its fields and where they
// start in src.text (-1 when the part was encoded).
type dsnPart struct {
	text string
	off  int
}

// segment maps a stretch of the explanation (the bounce's text parts
// joined) back to the input: verbatim parts map byte for byte, decoded ones
// only to where the part starts.
type segment struct {
	exp, off int // start in the explanation; start in the normalised input
	n        int // length
	verbatim bool
}

// maxPasted bounds text without a mail header: the visible text of a
// bounce or an error line is a few kilobytes.
const maxPasted = 1 << 20

// maxHeaderValue bounds the header values read (From, Subject, the
// original's To): real ones are under a kilobyte, and every test on them
// and the page that shows them would pay for a longer one.
const maxHeaderValue = 4096

// maxForwarded bounds how many forwarding layers are taken off.
const maxForwarded = 3

// read is the first stage: it tells a whole message from pasted text,
// walks the message's MIME structure, and when the message only forwards
// a bounce (attached or quoted below the forwarder's words) reads that
// bounce instead.
func read(src *source) *reading {
	start := 0
	for start < len(src.text) && (src.text[start] == '\n' || src.text[start] == ' ' || src.text[start] == '\t') {
		start++ // a pasted message often starts with a blank line or two
	}
	if !looksLikeMessage(src.text[start:]) {
		return readPasted(src)
	}
	rd := readMessage(src, start, len(src.text))
	for depth := 0; depth < maxForwarded; depth++ {
		inner := unwrap(rd)
		if inner == nil {
			break
		}
		inner.warnings = append(append(rd.warnings[:len(rd.warnings):len(rd.warnings)],
			"The bounce was found inside a forwarded message; this explains the forwarded bounce."), inner.warnings...)
		rd = inner
	}
	return rd
}

// readPasted reads text that is not a whole message.
func readPasted(src *source) *reading {
	text := src.text
	rd := &reading{src: src, pasted: true, senders: map[string]bool{}}
	if len(text) > maxPasted {
		rd.warnings = append(rd.warnings, "The text has no mail header and is "+strconv.Itoa(len(text))+" bytes long; only the first "+strconv.Itoa(maxPasted)+" bytes were read.")
		text = text[:maxPasted]
	}
	rd.explanation, rd.cut = text, len(text) // pasted text is read whole
	rd.segs = []segment{{exp: 0, off: 0, n: len(text), verbatim: true}}
	return rd
}

// readMessage reads the message in src.text[start:end].
func readMessage(src *source, start, end int) *reading {
	msg := mimewalk.Walk(src.text[start:end], mimewalk.DefaultLimits)
	h := msg.Header
	rd := &reading{src: src, start: start, body: start + msg.Body, header: h, parts: msg.Parts,
		warnings: msg.Warnings, senders: map[string]bool{}}
	rd.from = firstN(mimewalk.DecodeHeader(h, "From"), maxHeaderValue)
	rd.subject = firstN(mimewalk.DecodeHeader(h, "Subject"), maxHeaderValue)
	rd.ctype, rd.params = h.ContentType()
	rd.sortParts()
	rd.cut = ndrtext.Cut(rd.explanation)
	rd.readOriginal()
	for _, x := range addressList(mimewalk.DecodeHeader(h, "To")) {
		rd.senders[strings.ToLower(x)] = true
	}
	for _, x := range addressList(strings.Trim(h.Get("Return-Path"), " ")) {
		rd.senders[strings.ToLower(x)] = true
	}
	rd.mta = ndrtext.MTA(msg.Names+headerText(h), firstN(rd.explanation, 512))
	rd.failed = addressList(strings.Join(h.Values("X-Failed-Recipients"), ","))
	rd.bounceish = bounceSigns(h, rd.ctype, rd.from, rd.subject)
	return rd
}

// sortParts files the message's parts by what they hold and joins the
// text parts into the explanation (HTML parts only when there is no plain
// text).
func (rd *reading) sortParts() {
	type text struct {
		s        string
		off      int
		verbatim bool
	}
	var texts, htmls []text
	for i := range rd.parts {
		p := &rd.parts[i]
		switch {
		case p.Type == "message/delivery-status" || p.Type == "message/global-delivery-status":
			off := -1
			if p.Verbatim {
				off = rd.start + p.Offset
			}
			rd.dsnParts = append(rd.dsnParts, dsnPart{text: p.Text, off: off})
		case p.Type == "message/feedback-report":
			rd.feedback, rd.hasFeedbackPart = p.Text, true
		case p.Inner != nil:
			if rd.inner == nil {
				rd.inner, rd.innerText, rd.innerOff = p.Inner, p.Text, -1
				// Verbatim is false for an attached message, whose Text is
				// only its header: compare the bytes instead.
				if at := rd.start + p.Offset; at >= 0 && at <= len(rd.src.text) && strings.HasPrefix(rd.src.text[at:], p.Text) {
					rd.innerOff = at
				}
			}
		case p.Type == "text/html":
			htmls = append(htmls, text{p.Text, rd.start + p.Offset, false})
		case strings.HasPrefix(p.Type, "text/") || p.Type == "application/octet-stream":
			texts = append(texts, text{p.Text, rd.start + p.Offset, p.Verbatim})
		}
	}
	if len(texts) == 0 {
		texts = htmls
		for i := range texts {
			texts[i].s = htmlText(texts[i].s) // reduced to text only when needed
		}
	}
	var b strings.Builder
	size := 0
	for _, t := range texts {
		size += len(t.s) + 2
	}
	b.Grow(size)
	for i, t := range texts {
		if i > 0 {
			b.WriteString("\n\n")
		}
		rd.segs = append(rd.segs, segment{exp: b.Len(), off: t.off, n: len(t.s), verbatim: t.verbatim})
		b.WriteString(t.s)
	}
	rd.explanation = b.String()
}

// readOriginal finds the returned message's header (attached, or quoted
// inline after a marker line) and the original From, To and Subject.
func (rd *reading) readOriginal() {
	if rd.inner == nil {
		if rest := afterCut(rd.explanation, rd.cut); looksLikeMessage(rest) || isField(firstLine(rest)) {
			ih, end := mimewalk.ParseHeader(rest, 0)
			rd.inner, rd.innerText, rd.innerOff = &ih, rest[:end], -1
			if from, to, ok := rd.verbatimRange(len(rd.explanation) - len(rest)); ok && to-from >= end {
				rd.innerOff = from
			}
		}
	}
	if rd.inner == nil {
		return
	}
	rd.original = Original{
		From:      firstN(mimewalk.DecodeHeader(*rd.inner, "From"), maxHeaderValue),
		To:        firstN(mimewalk.DecodeHeader(*rd.inner, "To"), maxHeaderValue),
		Subject:   firstN(mimewalk.DecodeHeader(*rd.inner, "Subject"), maxHeaderValue),
		MessageID: firstN(strings.TrimSpace(rd.inner.Get("Message-Id")), maxHeaderValue),
	}
	for _, x := range addressList(rd.original.From) {
		rd.senders[strings.ToLower(x)] = true
	}
}

// afterCut returns the text after the marker line that introduces the
// returned message in a bounce text ("" when there is none), blank lines
// skipped.
func afterCut(explanation string, cut int) string {
	if cut >= len(explanation) {
		return ""
	}
	rest := explanation[cut:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[i+1:]
	}
	return strings.TrimLeft(rest, "\n")
}

// isSender reports whether addr is the sender's: the bounce's addressee,
// the original author or the envelope sender, never a failed recipient.
func (rd *reading) isSender(addr string) bool {
	return rd.senders[strings.ToLower(addr)]
}

// segmentAt returns the segment holding explanation offset i, or false
// when i is before the first.
func (rd *reading) segmentAt(i int) (segment, bool) {
	k := sort.Search(len(rd.segs), func(k int) bool { return rd.segs[k].exp > i }) - 1
	if k < 0 {
		return segment{}, false
	}
	return rd.segs[k], true
}

// expOffset maps an offset in the explanation to the normalised input.
func (rd *reading) expOffset(i int) int {
	sg, ok := rd.segmentAt(i)
	switch {
	case !ok:
		return rd.body
	case sg.verbatim:
		return sg.off + i - sg.exp
	}
	return sg.off
}

// verbatimRange maps an explanation offset to the normalised input, with
// the end of its part, when the part was copied verbatim.
func (rd *reading) verbatimRange(i int) (from, to int, ok bool) {
	sg, ok := rd.segmentAt(i)
	if !ok || !sg.verbatim || i > sg.exp+sg.n {
		return 0, 0, false
	}
	return sg.off + i - sg.exp, sg.off + sg.n, true
}

// htmlText reduces an HTML part to its text, enough to find addresses and
// error lines in it.
func htmlText(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<':
			in = true
			// Block-level tags end a line.
			rest := strings.ToLower(s[i+1 : min(len(s), i+6)])
			if strings.HasPrefix(rest, "br") || strings.HasPrefix(rest, "p") || strings.HasPrefix(rest, "/p") ||
				strings.HasPrefix(rest, "div") || strings.HasPrefix(rest, "/div") || strings.HasPrefix(rest, "tr") || strings.HasPrefix(rest, "li") {
				b.WriteByte('\n')
			}
		case c == '>' && in:
			in = false
		case !in:
			b.WriteByte(c)
		}
	}
	r := strings.NewReplacer("&nbsp;", " ", "&lt;", "<", "&gt;", ">", "&amp;", "&", "&quot;", "\"", "&#39;", "'")
	return r.Replace(b.String())
}
