package mimewalk

import "strings"

// decodeQP undoes quoted-printable (RFC 2045 section 6.7) as leniently as
// mail clients do, and as mime/quotedprintable does where that one is
// lenient: "=\n" is a soft break as well as "=\r\n", trailing blanks are
// dropped, an "=" not followed by two hex digits (either case) is kept
// as it is. Unlike mime/quotedprintable it never stops at an unexpected
// byte: control characters and 8-bit bytes pass through. (That package
// also links fmt into the WebAssembly build.) At most max bytes are
// written; cut reports that there was more.
func decodeQP(raw string, max int) (out string, cut bool) {
	var b strings.Builder
	for len(raw) > 0 {
		line, eol, rest := splitQPLine(raw)
		raw = rest
		line = strings.TrimRight(line, " \t\r\n")
		soft := strings.HasSuffix(line, "=")
		if soft {
			line = line[:len(line)-1]
		}
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c == '=' && i+2 < len(line) && isHex(line[i+1]) && isHex(line[i+2]) {
				c = unhex(line[i+1])<<4 | unhex(line[i+2])
				i += 2
			}
			b.WriteByte(c)
		}
		if !soft {
			b.WriteString(eol)
		}
		if b.Len() > max {
			return b.String()[:max], true
		}
	}
	return b.String(), false
}

// splitQPLine cuts s after its first line break and returns the line,
// its break ("\r\n", "\n" or "" at the end) and the rest.
func splitQPLine(s string) (line, eol, rest string) {
	i := strings.IndexByte(s, '\n')
	if i < 0 {
		return s, "", ""
	}
	if i > 0 && s[i-1] == '\r' {
		return s[:i-1], "\r\n", s[i+1:]
	}
	return s[:i], "\n", s[i+1:]
}
