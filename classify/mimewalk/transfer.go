package mimewalk

import (
	"encoding/base64"
	"io"
	"strconv"
	"strings"
)

// This file undoes a part's transfer encoding and charset. It is done here
// rather than by a MIME library because the libraries that do it also link
// what writing mail needs (random boundaries, net/textproto): about 300 kB
// of the WebAssembly for code the classifier never runs.

// decodeBody returns the body of a part whose header is h, with its
// transfer encoding undone and, for text, its charset converted to UTF-8.
// At most max bytes of transfer-decoded data are read; cut reports that
// there was more. What cannot be decoded is said in a warning and read as
// it is.
func (w *walker) decodeBody(h Header, raw string, max int) (body string, cut bool) {
	t, params := h.ContentType()
	data := raw
	// RFC 2045 forbids encoding a multipart entity, and what does so is
	// read as written.
	if !strings.HasPrefix(t, "multipart/") {
		data, cut = w.undoTransfer(h.Get("Content-Transfer-Encoding"), raw, max)
	}
	cs := strings.TrimSpace(params["charset"])
	if !strings.HasPrefix(t, "text/") || cs == "" {
		return data, cut
	}
	out, err := decodeCharset(cs, []byte(data))
	if err != nil {
		w.warn("unknown character set " + strconv.Quote(cs) + ": the text was read as it is and may show wrong characters")
		return data, cut
	}
	return out, cut
}

// undoTransfer decodes base64 and quoted-printable; other encodings leave
// the data as it is.
func (w *walker) undoTransfer(enc, raw string, max int) (string, bool) {
	var r io.Reader
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "", "7bit", "8bit", "binary":
		return raw, false
	case "quoted-printable":
		return decodeQP(raw, max)
	case "base64":
		// Spaces and tabs (a continuation indent, against the rules but
		// seen) are skipped like line breaks.
		r = base64.NewDecoder(base64.StdEncoding, &blankSkipper{s: raw})
	default:
		w.warn("unknown transfer encoding " + strconv.Quote(enc) + ": the part was read undecoded")
		return raw, false
	}
	var b strings.Builder
	n, err := io.Copy(&b, io.LimitReader(r, int64(max)+1))
	if err != nil && n == 0 {
		w.warn("a part could not be decoded; it was read as it is")
		return raw, false
	}
	out := b.String()
	if len(out) > max {
		return out[:max], true
	}
	return out, false
}

// blankSkipper reads s with spaces and tabs turned into line breaks, which
// the base64 decoder ignores.
type blankSkipper struct {
	s   string
	pos int
}

// Read copies the next bytes, blanks turned into line breaks on the way.
func (r *blankSkipper) Read(p []byte) (int, error) {
	if r.pos >= len(r.s) {
		return 0, io.EOF
	}
	n := copy(p, r.s[r.pos:])
	r.pos += n
	for i, c := range p[:n] {
		if c == ' ' || c == '\t' {
			p[i] = '\n'
		}
	}
	return n, nil
}
