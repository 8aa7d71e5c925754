package mimewalk

import (
	"encoding/base64"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file reads Content-Type values and RFC 2047 encoded words. The
// standard library's mime package does both, but linking it brings its
// file-based type tables along (and with them os.Stat, time formatting and
// bufio): about 50 kB of the brotli-compressed WebAssembly.

// parseMediaType splits a Content-Type value into its media type (lower
// case) and parameters (names in lower case), as RFC 2045 and RFC 2231
// write them. It is lenient: a parameter it cannot read is skipped, and
// the first of two with the same name wins, except that an RFC 2231 value
// (name*= or name*0=) wins over a plain one.
func parseMediaType(v string) (string, map[string]string) {
	t, rest, _ := strings.Cut(v, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	params := map[string]string{}
	parts := map[string]map[int]piece{} // RFC 2231 continuations: name → index → piece
	for rest != "" {
		var key, val string
		var ok bool
		key, val, rest, ok = nextParam(rest)
		if !ok || key == "" {
			continue
		}
		if name, idx, encoded, isPart := splitContinuation(key); isPart {
			if name == "" {
				continue
			}
			if parts[name] == nil {
				parts[name] = map[int]piece{}
			}
			parts[name][idx] = piece{val, encoded}
			continue
		}
		if _, seen := params[key]; !seen {
			params[key] = val
		}
	}
	for name, pieces := range parts {
		joinContinuation(params, name, pieces)
	}
	for key, val := range params {
		if name, ok := strings.CutSuffix(key, "*"); ok {
			delete(params, key)
			if name != "" {
				if dec, ok := decode2231(val); ok {
					params[name] = dec
				}
			}
		}
	}
	return t, params
}

// nextParam reads one "name=value" from s (after its ';'), value either a
// token or a quoted string, and returns what follows the next ';'.
func nextParam(s string) (key, val, rest string, ok bool) {
	s = strings.TrimLeftFunc(s, isBlank)
	eq := strings.IndexByte(s, '=')
	semi := strings.IndexByte(s, ';')
	if eq < 0 || (semi >= 0 && semi < eq) {
		if semi < 0 {
			return "", "", "", false
		}
		return "", "", s[semi+1:], false
	}
	key = strings.ToLower(strings.TrimSpace(s[:eq]))
	s = strings.TrimLeftFunc(s[eq+1:], isBlank)
	if strings.HasPrefix(s, `"`) {
		var b strings.Builder
		i := 1
		for ; i < len(s) && s[i] != '"'; i++ {
			// Only a special character is escaped; a backslash before
			// anything else is a backslash (Windows paths in file names).
			if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`()<>@,;:\"/[]?=`, s[i+1]) >= 0 {
				i++
			}
			b.WriteByte(s[i])
		}
		val, s = b.String(), s[min(i+1, len(s)):]
	} else {
		// A token ends at ';', space or a control character; other
		// punctuation is kept (unquoted boundaries often hold '=' or '/').
		end := strings.IndexFunc(s, func(r rune) bool { return r == ';' || isBlank(r) || r == 0x7f })
		if end < 0 {
			end = len(s)
		}
		val, s = s[:end], s[end:]
	}
	if semi := strings.IndexByte(s, ';'); semi >= 0 {
		rest = s[semi+1:]
	}
	return key, val, rest, true
}

// piece is one part of a parameter split over several (RFC 2231 section 3).
type piece struct {
	val     string
	encoded bool // name*n*=: percent-encoded
}

// isBlank reports whether r is space (Unicode's too) or a control character.
func isBlank(r rune) bool { return r <= ' ' || unicode.IsSpace(r) }

// splitContinuation reads "name*0" or "name*1*": the name, the index, and
// whether the piece is percent-encoded.
func splitContinuation(key string) (name string, idx int, encoded, ok bool) {
	name, num, found := strings.Cut(key, "*")
	if !found {
		return "", 0, false, false
	}
	num, encoded = strings.CutSuffix(num, "*")
	if num == "" || len(num) > 3 {
		return "", 0, false, false
	}
	for _, c := range num {
		if c < '0' || c > '9' {
			return "", 0, false, false
		}
		idx = idx*10 + int(c-'0')
	}
	return name, idx, encoded, true
}

// joinContinuation puts the pieces name*0, name*1, ... together in order.
// Encoded pieces (name*n*=) are percent-decoded, and the first one names
// the charset of the whole; a piece that cannot be read is left out.
func joinContinuation(params map[string]string, name string, pieces map[int]piece) {
	var b []byte
	cs := ""
	for i := 0; ; i++ {
		p, ok := pieces[i]
		if !ok {
			break
		}
		text := p.val
		if p.encoded && i == 0 {
			if cs, text, ok = split2231(p.val); !ok || CanonicalCharset(cs) == "" {
				cs = ""
				continue // no charset, or an unknown one: unreadable
			}
		}
		if p.encoded {
			b = percentDecode(b, text)
		} else {
			b = append(b, text...)
		}
	}
	if len(b) == 0 {
		return // nothing read: a plain value of the same name stands
	}
	if cs == "" {
		params[name] = string(b)
	} else if out, err := decodeCharset(cs, b); err == nil {
		params[name] = out
	}
}

// split2231 splits charset'language'text.
func split2231(v string) (cs, text string, ok bool) {
	cs, rest, ok := strings.Cut(v, "'")
	if !ok {
		return "", "", false
	}
	if _, text, ok = strings.Cut(rest, "'"); !ok {
		return "", "", false
	}
	return cs, text, true
}

// decode2231 decodes charset'language'percent-encoded-text; false when
// v is not written so or its charset is unknown (or empty).
func decode2231(v string) (string, bool) {
	cs, text, ok := split2231(v)
	if !ok {
		return "", false
	}
	out, err := decodeCharset(cs, percentDecode(nil, text))
	return out, err == nil
}

// percentDecode appends text to b with %XX escapes undone.
func percentDecode(b []byte, text string) []byte {
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]) {
			b = append(b, unhex(text[i+1])<<4|unhex(text[i+2]))
			i += 2
			continue
		}
		b = append(b, text[i])
	}
	return b
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// decodeWords decodes the RFC 2047 encoded words (=?charset?B?...?= and
// =?charset?Q?...?=) in a header value, as the standard library's
// mime.WordDecoder does: space between two encoded words is dropped, a word
// whose text cannot be decoded is left as written, and the rest of the
// value stays as written from a word that is not complete. It fails only
// when a word's charset is unknown.
func decodeWords(v string) (string, error) {
	if !strings.Contains(v, "=?") {
		return v, nil
	}
	var b strings.Builder
	between := false // only space since the last decoded word
	for {
		start := strings.Index(v, "=?")
		if start < 0 {
			break
		}
		cs, text, n, err := encodedWord(v[start:])
		if err == errIncomplete {
			break
		}
		if err != nil {
			b.WriteString(v[:start+n])
			v, between = v[start+n:], false
			continue
		}
		if !between || strings.TrimLeft(v[:start], " \t\r\n") != "" {
			b.WriteString(v[:start])
		}
		out, err := wordText(cs, text)
		if err != nil {
			return "", err
		}
		b.WriteString(out)
		v, between = v[start+n:], true
	}
	b.WriteString(v)
	return b.String(), nil
}

// encodedWord reads the encoded word at the start of s ("=?..."): its
// charset, its decoded bytes and its length. errIncomplete: s does not
// hold a whole word; errBadWord: its text cannot be decoded (n is then
// still the word's length).
func encodedWord(s string) (cs string, text []byte, n int, err error) {
	cs, rest, ok := strings.Cut(s[2:], "?")
	if !ok || len(rest) < len("Q??=") || rest[1] != '?' {
		return "", nil, 0, errIncomplete
	}
	body, _, ok := strings.Cut(rest[2:], "?=")
	if !ok {
		return "", nil, 0, errIncomplete
	}
	switch rest[0] {
	case 'B', 'b':
		text, err = base64.StdEncoding.DecodeString(body)
	case 'Q', 'q':
		text, err = decodeQ(body)
	default:
		err = errBadWord
	}
	n = 2 + len(cs) + 3 + len(body) + 2
	if err != nil {
		return "", nil, n, errBadWord
	}
	return cs, text, n, nil
}

// wordText converts an encoded word's bytes from its charset. A language
// (RFC 2231: "utf-8*en") is ignored; US-ASCII keeps only ASCII.
func wordText(cs string, text []byte) (string, error) {
	cs, _, _ = strings.Cut(cs, "*")
	if strings.EqualFold(cs, "us-ascii") {
		var b strings.Builder
		for _, c := range text {
			if c >= 0x80 {
				b.WriteRune(utf8.RuneError)
			} else {
				b.WriteByte(c)
			}
		}
		return b.String(), nil
	}
	return decodeCharset(cs, text)
}

var errIncomplete = errors.New("not a whole encoded word")

var errBadWord = errors.New("not an encoded word")

// decodeQ decodes the "Q" encoding: "_" is a space, "=XX" a byte.
func decodeQ(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '_':
			out = append(out, ' ')
		case c == '=':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return nil, errBadWord
			}
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case (c >= ' ' && c <= '~') || c == '\n' || c == '\r' || c == '\t':
			out = append(out, c)
		default:
			return nil, errBadWord
		}
	}
	return out, nil
}
