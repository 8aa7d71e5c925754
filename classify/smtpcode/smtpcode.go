// Package smtpcode finds SMTP reply codes (RFC 5321, "550") and enhanced
// status codes (RFC 3463, "5.1.1") in free text, the way mail servers embed
// them in their error lines. Codes written with full-width digits, as
// Japanese and Chinese text often has them ("５５０ ５．１．１"), are found
// too: Text is then the ASCII spelling, and Start and End still delimit the
// code as written.
package smtpcode

import "strings"

// Code is one code found in a text: its spelling and where it is.
type Code struct {
	Text       string // in ASCII digits
	Start, End int    // byte offsets of the code in the searched string
}

// Found reports whether c holds a code.
func (c Code) Found() bool { return c.Text != "" }

// Class is the first digit of a code: '2' success, '4' temporary failure,
// '5' permanent failure; 0 when there is no code.
func (c Code) Class() byte {
	if c.Text == "" {
		return 0
	}
	return c.Text[0]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// statusAt reports the length of an enhanced status code starting at s[i]:
// class "2", "4" or "5", a subject of 1-3 digits and a detail of 1-3 digits
// (RFC 3463), not glued to other digits, dots or letters, so that version
// numbers and IP addresses ("192.0.2.5", "8.14.4/8.14.4") are not taken
// for codes.
func statusAt(s string, i int) int {
	if i > 0 {
		p := s[i-1]
		if isAlnum(p) || p == '.' || p == '/' || p == '_' {
			return 0
		}
	}
	if c := s[i]; c != '2' && c != '4' && c != '5' {
		return 0
	}
	j := i + 1
	if j >= len(s) || s[j] != '.' {
		return 0
	}
	j++
	n := 0
	for j < len(s) && isDigit(s[j]) && n < 4 {
		j++
		n++
	}
	if n == 0 || n > 3 || j >= len(s) || s[j] != '.' {
		return 0
	}
	j++
	n = 0
	for j < len(s) && isDigit(s[j]) && n < 4 {
		j++
		n++
	}
	if n == 0 || n > 3 {
		return 0
	}
	if j < len(s) {
		c := s[j]
		if isAlnum(c) || c == '/' || c == '_' || (c == '.' && j+1 < len(s) && isDigit(s[j+1])) {
			return 0
		}
	}
	return j - i
}

// nextClass returns the index of the next '2', '4' or '5' at or after i, or
// len(s): codes can only start there.
func nextClass(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	j := strings.IndexAny(s[i:], "245")
	if j < 0 {
		return len(s)
	}
	return i + j
}

// statuses returns every enhanced status code in s, in order.
func statuses(s string) []Code {
	var out []Code
	for i := nextClass(s, 0); i+5 <= len(s); i = nextClass(s, i+1) {
		if n := statusAt(s, i); n > 0 {
			out = append(out, Code{Text: s[i : i+n], Start: i, End: i + n})
			i += n
		}
	}
	return out
}

// status returns the most telling enhanced status code in s: the first one
// whose subject and detail are not both zero, else the first one. Servers
// often write a generic "5.0.0" next to the specific code.
func status(s string) Code {
	var first Code
	for i := nextClass(s, 0); i+5 <= len(s); i = nextClass(s, i+1) {
		n := statusAt(s, i)
		if n == 0 {
			continue
		}
		c := Code{Text: s[i : i+n], Start: i, End: i + n}
		if !IsGeneric(c.Text) {
			return c
		}
		if !first.Found() {
			first = c
		}
		i += n
	}
	return first
}

// IsGeneric reports whether an enhanced status code says nothing beyond its
// class: X.0.0.
func IsGeneric(status string) bool {
	return len(status) == 5 && status[1:] == ".0.0"
}

// replyAt reports whether a three-digit reply code starts at s[i]: 2xx, 4xx
// or 5xx with a second digit 0-5, standing alone as a word and followed by a
// space, a hyphen (multi-line reply), punctuation or the end of the text.
func replyAt(s string, i int) bool {
	if i+3 > len(s) {
		return false
	}
	c := s[i]
	if c != '2' && c != '4' && c != '5' {
		return false
	}
	if !isDigit(s[i+1]) || s[i+1] > '5' || !isDigit(s[i+2]) {
		return false
	}
	if i > 0 {
		p := s[i-1]
		if isAlnum(p) || p == '.' || p == '-' || p == '/' || p == '+' || p == '_' || p == '$' || p == '@' {
			return false
		}
		if p == ':' && i > 1 && isDigit(s[i-2]) { // a time of day or a port
			return false
		}
	}
	if i+3 == len(s) {
		return true
	}
	switch s[i+3] {
	case ' ', '-', '\t', '\n', '\r', ')', ',', ';', '"', '\'', ']':
		// "550-" starts a multi-line reply, but "550-5.7.1" and "550-Text"
		// only if followed by something that is not a digit run of a date.
		return !(s[i+3] == '-' && i+4 < len(s) && isDigit(s[i+4]) && statusAt(s, i+4) == 0)
	case '.', ':':
		return i+4 == len(s) || !isDigit(s[i+4])
	}
	return false
}

// replies returns every reply code in s, in order.
func replies(s string) []Code {
	var out []Code
	for i := nextClass(s, 0); i+3 <= len(s); i = nextClass(s, i+1) {
		if replyAt(s, i) {
			out = append(out, Code{Text: s[i : i+3], Start: i, End: i + 3})
			i += 2
		}
	}
	return out
}

// reply returns the most telling reply code in s: the first 4xx or 5xx one,
// else the first one at all (a 2xx answer is kept for delivered reports).
func reply(s string) Code {
	var first Code
	for i := nextClass(s, 0); i+3 <= len(s); i = nextClass(s, i+1) {
		if !replyAt(s, i) {
			continue
		}
		c := Code{Text: s[i : i+3], Start: i, End: i + 3}
		if c.Text[0] != '2' {
			return c
		}
		if !first.Found() {
			first = c
		}
		i += 2
	}
	return first
}

// Statuses returns every enhanced status code in s, in order.
func Statuses(s string) []Code {
	f, at := fold(s)
	if at == nil {
		return statuses(s)
	}
	out := statuses(f)
	for i := range out {
		out[i] = unfold(out[i], at)
	}
	return out
}

// Status returns the most telling enhanced status code in s: the first one
// whose subject and detail are not both zero, else the first one. Servers
// often write a generic "5.0.0" next to the specific code.
func Status(s string) Code {
	if f, at := fold(s); at != nil {
		return unfold(status(f), at)
	}
	return status(s)
}

// Replies returns every reply code in s, in order.
func Replies(s string) []Code {
	f, at := fold(s)
	if at == nil {
		return replies(s)
	}
	out := replies(f)
	for i := range out {
		out[i] = unfold(out[i], at)
	}
	return out
}

// Reply returns the most telling reply code in s: the first 4xx or 5xx one,
// else the first one at all (a 2xx answer is kept for delivered reports).
// A code glued to the Japanese or Chinese word after it ("550円", "550ページ")
// is not taken: such a number is far more often a price or a count.
func Reply(s string) Code {
	if f, at := fold(s); at != nil {
		return unfold(reply(f), at)
	}
	return reply(s)
}
