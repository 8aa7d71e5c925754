// Package mimewalk reads a MIME message into the flat list of parts a bounce
// decoder needs: every leaf part decoded to UTF-8 text (transfer encoding and
// charset undone, transfer.go and charsets.go), and the header of every
// attached message, within firm limits on size, part count and nesting so
// hostile input costs bounded time and memory.
//
// Headers and multipart boundaries are split here, leniently, rather than by
// a strict MIME reader: bounces are often malformed (a folded line without
// its indent, a missing closing boundary, a message cut short), and
// a decoder that gives up at the first flaw loses the very text it needs.
package mimewalk

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits bound the work done on one message.
type Limits struct {
	MaxParts     int // leaf parts read; later ones are skipped
	MaxDepth     int // multipart nesting followed
	MaxPartBytes int // decoded bytes kept per part
	MaxTotal     int // decoded bytes kept over all parts
}

// DefaultLimits are generous for any real bounce (a few parts, a few
// hundred kilobytes) and small enough to keep a browser tab responsive.
var DefaultLimits = Limits{MaxParts: 200, MaxDepth: 24, MaxPartBytes: 1 << 20, MaxTotal: 4 << 20}

// Part is one leaf of the MIME tree.
type Part struct {
	Type   string // media type, lower case: "text/plain", "message/delivery-status", ...
	Header Header // the part's own header
	Text   string // decoded body; for attached messages only their header block
	// Inner is the header of an attached message (message/rfc822,
	// text/rfc822-headers, message/global-headers).
	Inner *Header
	Depth int // 0 for a single-part message's body
	// Offset is where the part's body starts in the walked data, and
	// Verbatim reports whether Text is a copy of the bytes there (no
	// transfer encoding or charset conversion changed them), so that
	// offsets in Text map to the input.
	Offset   int
	End      int // where the part's raw body ends in the walked data
	Verbatim bool
}

// Message is what Walk read.
type Message struct {
	// Header holds the top-level fields a bounce decoder reads (TopFields,
	// and the first few Received fields), not every field.
	Header Header
	// Names lists the names of all top-level fields, lower case, one per
	// line: some name the software that wrote the message.
	Names    string
	Body     int // offset of the body in the walked data
	Parts    []Part
	Warnings []string
}

// Walk reads data as a MIME message. It never fails: whatever could not be
// read is said in Warnings, and the parts read before it are kept.
func Walk(data string, lim Limits) *Message {
	m := &Message{}
	w := walker{m: m, lim: lim, seen: map[string]bool{}, data: data}
	var names []byte
	h, body := parseHeaderNames(data, 0, TopFields, &names)
	m.Names = string(names)
	m.Header = h
	m.Body = body
	w.entity(h, body, len(data), 0)
	return m
}

type walker struct {
	m     *Message
	lim   Limits
	data  string
	total int
	parts int
	seen  map[string]bool // warnings already given
}

func (w *walker) warn(s string) {
	if !w.seen[s] {
		w.seen[s] = true
		w.m.Warnings = append(w.m.Warnings, s)
	}
}

// ParseHeader reads the header block that starts at data[start:], leniently:
// an mbox "From " line before it is skipped, and a line that is neither a
// field nor indented continues the field before it. It returns the header
// and the offset of the body.
func ParseHeader(data string, start int) (Header, int) {
	return parseHeaderNames(data, start, nil, nil)
}

// TopFields are the top-level header fields Walk keeps. Storing every
// Received and DKIM-Signature field costs more than reading the report.
var TopFields = []string{
	"from", "to", "cc", "subject", "date", "message-id", "return-path", "content-type",
	"content-transfer-encoding", "x-failed-recipients", "auto-submitted", "precedence",
	"in-reply-to", "references", "x-autoreply", "x-autorespond", "x-autoresponder",
	"x-vacation", "x-mail-autoreply", "x-apple-unsubscribe", "x-mailer", "received",
	"reply-to", "sender",
}

// maxReceived is how many Received fields the top-level header keeps.
const maxReceived = 3

// partFields and innerFields are the header fields kept for MIME parts and
// for attached messages: only what the decoder reads, since storing every
// Received and DKIM-Signature field of every part costs more than the rest
// of the work together.
var (
	partFields  = []string{"content-type", "content-transfer-encoding", "content-disposition", "content-description"}
	innerFields = []string{"from", "to", "cc", "subject", "message-id", "date", "content-type", "x-failed-recipients", "return-path"}
)

// parseHeader parses a header block keeping the fields named in keep (all
// when nil); most callers do not want the field names.
func parseHeader(data string, start int, keep []string) (Header, int) {
	return parseHeaderNames(data, start, keep, nil)
}

// parseHeaderNames parses a header block, keeping the fields named in keep
// (all when nil), and appends every field's name to names when non-nil.
func parseHeaderNames(data string, start int, keep []string, names *[]byte) (Header, int) {
	pos := start
	if strings.HasPrefix(data[pos:], "From ") {
		if e := strings.IndexByte(data[pos:], '\n'); e >= 0 {
			pos += e + 1
		}
	}
	var p headerParser
	fields := 0
	for pos < len(data) {
		ln, next := headerLine(data, pos)
		if len(ln) == 0 {
			p.flush(keep, names)
			return p.h, next
		}
		if ln[0] == ' ' || ln[0] == '\t' {
			p.more(ln)
		} else if c := strings.IndexByte(ln, ':'); c > 0 && validKey(ln[:c]) {
			p.flush(keep, names)
			p.begin(ln, c, keep)
			fields++
		} else if fields == 0 {
			// Not a header at all: the whole thing is body.
			return p.h, start
		} else {
			p.more(ln)
		}
		pos = next
	}
	p.flush(keep, names)
	return p.h, len(data)
}

// headerLine returns the line at pos without its line break, and where the
// next line starts; it allocates nothing.
func headerLine(data string, pos int) (ln string, next int) {
	e := strings.IndexByte(data[pos:], '\n')
	next = len(data)
	if e >= 0 {
		ln = data[pos : pos+e]
		next = pos + e + 1
	} else {
		ln = data[pos:]
	}
	return strings.TrimRight(ln, "\r"), next
}

// headerParser is the state of one header block being read: the field in
// progress is held here until the next field (or the blank line) ends it.
// keep and names are passed to the methods rather than stored, so that
// escape analysis keeps the caller's names buffer on its stack.
type headerParser struct {
	h        Header
	received int
	// key and a one-line value point into data; only a value folded over
	// several lines is built, in val (reused from field to field).
	key, first     string
	val            []byte
	folded, keepIt bool
}

// begin starts the field named ln[:c], keeping its value only if wanted.
func (p *headerParser) begin(ln string, c int, keep []string) {
	p.key = ln[:c]
	p.keepIt = wanted(p.key, keep)
	if p.keepIt {
		p.first = strings.TrimSpace(ln[c+1:])
	}
}

// more adds a continuation line to the field in progress.
func (p *headerParser) more(ln string) {
	if p.keepIt {
		if !p.folded {
			p.val = append(p.val[:0], p.first...)
			p.folded = true
		}
		p.val = append(p.val, ' ')
		p.val = append(p.val, strings.TrimSpace(ln)...)
	}
}

// flush ends the field in progress: it is added to the header unless it is
// one Received field too many, and its name is recorded when asked for.
func (p *headerParser) flush(keep []string, names *[]byte) {
	if p.keepIt {
		isReceived := keep != nil && len(p.key) == 8 && strings.EqualFold(p.key, "received")
		if isReceived {
			p.received++
		}
		if !isReceived || p.received <= maxReceived {
			v := p.first
			if p.folded {
				v = string(bytes.TrimSpace(p.val))
			}
			p.h.Add(p.key, v)
		}
	}
	if p.key != "" && names != nil {
		appendLowerName(names, p.key)
	}
	p.key, p.first, p.val, p.folded, p.keepIt = "", "", p.val[:0], false, false
}

// appendLowerName appends key in ASCII lower case and a newline to names,
// byte by byte so no lowered copy of the key is allocated.
func appendLowerName(names *[]byte, key string) {
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		*names = append(*names, c)
	}
	*names = append(*names, '\n')
}

func wanted(key string, keep []string) bool {
	if keep == nil {
		return true
	}
	for _, k := range keep {
		if len(k) == len(key) && equalFoldASCII(key, k) {
			return true
		}
	}
	return false
}

// equalFoldASCII compares b with the lower-case s, ignoring ASCII case.
func equalFoldASCII(b, s string) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

func validKey(k string) bool {
	if len(k) > 76 {
		return false
	}
	for _, c := range k {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// entity reads the entity whose header is h and whose body is data[start:end].
func (w *walker) entity(h Header, start, end, depth int) {
	t, params := h.ContentType()
	if t == "" {
		t = "text/plain"
	}
	t = strings.ToLower(t)
	if strings.HasPrefix(t, "multipart/") {
		if depth >= w.lim.MaxDepth {
			w.warn("parts nested deeper than " + strconv.Itoa(w.lim.MaxDepth) + " levels were skipped")
			return
		}
		b := params["boundary"]
		if b == "" {
			w.warn("a multipart section has no boundary; it was read as text")
			w.leaf(h, "text/plain", params, start, end, depth)
			return
		}
		w.multipart(b, start, end, depth)
		return
	}
	w.leaf(h, t, params, start, end, depth)
}

// multipart splits data[start:end] at the boundary lines.
func (w *walker) multipart(boundary string, start, end, depth int) {
	body := w.data[start:end]
	bounds, closed := delimiters(body, "--"+boundary)
	if len(bounds) == 0 {
		w.warn("a multipart section's boundary was not found; it was read as text")
		w.leaf(Header{}, "text/plain", nil, start, end, depth)
		return
	}
	if !closed {
		w.warn("the MIME structure is cut short (no closing boundary); the parts found were read")
		bounds = append(bounds, len(body))
	}
	for k := 0; k+1 < len(bounds); k++ {
		ps, pe, ok := partSpan(body, bounds[k], bounds[k+1])
		if !ok {
			continue
		}
		if w.parts >= w.lim.MaxParts {
			w.warn("the message has more than " + strconv.Itoa(w.lim.MaxParts) + " parts; the rest were skipped")
			return
		}
		ph, bs := parseHeader(w.data[:start+pe], start+ps, partFields)
		if ph.Len() == 0 && bs == start+ps {
			// No header: RFC 2046 default type.
			w.leaf(ph, "text/plain", nil, bs, start+pe, depth+1)
			continue
		}
		w.entity(ph, bs, start+pe, depth+1)
	}
}

// delimiters finds the offsets in body of the delimiter lines, in one pass,
// and whether the closing delimiter ended them.
func delimiters(body, delim string) (bounds []int, closed bool) {
	for pos := 0; pos < len(body); {
		i := strings.Index(body[pos:], delim)
		if i < 0 {
			break
		}
		i += pos
		if i == 0 || body[i-1] == '\n' {
			after := body[i+len(delim):]
			if strings.HasPrefix(after, "--") {
				return append(bounds, i), true
			}
			// The rest of the line must be blank for a delimiter.
			rest := after
			if e := strings.IndexByte(rest, '\n'); e >= 0 {
				rest = rest[:e]
			}
			if len(strings.TrimSpace(rest)) == 0 {
				bounds = append(bounds, i)
			}
		}
		pos = i + len(delim)
	}
	return bounds, false
}

// partSpan gives the body offsets of the part between the delimiter lines
// at from and to; ok is false when the delimiter line never ends.
func partSpan(body string, from, to int) (ps, pe int, ok bool) {
	ps = from
	e := strings.IndexByte(body[ps:], '\n')
	if e < 0 {
		return 0, 0, false
	}
	ps += e + 1
	pe = to
	// The line break before a delimiter belongs to the delimiter.
	if pe > ps && body[pe-1] == '\n' {
		pe--
		if pe > ps && body[pe-1] == '\r' {
			pe--
		}
	}
	return ps, pe, true
}

// leaf reads one leaf part; params are its Content-Type parameters.
func (w *walker) leaf(h Header, t string, params map[string]string, start, end, depth int) {
	w.parts++
	if w.parts > w.lim.MaxParts {
		w.warn("the message has more than " + strconv.Itoa(w.lim.MaxParts) + " parts; the rest were skipped")
		return
	}
	keep := w.lim.MaxPartBytes
	if left := w.lim.MaxTotal - w.total; left < keep {
		keep = left
	}
	if keep <= 0 {
		w.warn("the message is too large; later parts were skipped")
		return
	}
	// Attachments that cannot say anything about the bounce (images,
	// archives, application data) are not decoded at all.
	if !useful(t) {
		return
	}
	raw := w.data[start:end]
	p := Part{Type: t, Header: h, Depth: depth, Offset: start, End: end}
	enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding")))
	cs := strings.ToLower(params["charset"])
	verbatim := (enc == "" || enc == "7bit" || enc == "8bit" || enc == "binary") &&
		(cs == "" || cs == "us-ascii" || cs == "utf-8" || !strings.HasPrefix(t, "text/"))
	data := raw
	cut := false
	if !verbatim {
		// A charset may take several bytes to one character, so read
		// enough encoded bytes to fill keep after conversion.
		data, cut = w.decodeBody(h, raw, 4*keep)
	}
	if len(data) > keep {
		data, cut = data[:keep], true
	}
	if cut {
		w.warn("a part is larger than the size read; its end was skipped")
	}
	w.total += len(data)
	// A delivery-status part has no charset parameter, yet Japanese servers
	// write their ISO-2022-JP text into its Diagnostic-Code field as it is.
	if (strings.HasPrefix(t, "text/") || t == "message/delivery-status") && cs == "" {
		if g, ok := guessCharset(data); ok {
			data = g
			verbatim = false
		}
	}
	switch t {
	case "message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers", "message/partial":
		ih, bs := parseHeader(data, 0, innerFields)
		p.Inner = &ih
		p.Text = data[:bs]
	default:
		p.Text = toValidUTF8(data)
	}
	p.Verbatim = verbatim && utf8.ValidString(p.Text) && len(p.Text) == len(raw)
	w.m.Parts = append(w.m.Parts, p)
}

// useful reports whether a part of media type t can carry bounce text.
func useful(t string) bool {
	return strings.HasPrefix(t, "text/") || strings.HasPrefix(t, "message/") ||
		t == "application/octet-stream" // some servers label the report so
}

// guessCharset decodes text that declares no charset but is evidently
// ISO-2022-JP (Japanese mail servers often leave the charset out), and leaves
// anything else as it is.
func guessCharset(data string) (string, bool) {
	if strings.Contains(data, "\x1b$B") || strings.Contains(data, "\x1b$@") {
		if out, err := decodeCharset("iso-2022-jp", []byte(data)); err == nil {
			return out, true
		}
	}
	return data, false
}

// toValidUTF8 replaces byte sequences that are not UTF-8 (a part whose
// charset was unknown or wrong) so that later steps see well-formed text.
func toValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
