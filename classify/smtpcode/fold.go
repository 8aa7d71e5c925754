package smtpcode

import (
	"strings"
	"unicode/utf8"
)

// fold returns s with full-width ASCII forms (U+FF01..U+FF5E: "５", "．",
// "：", "（") as ASCII and the ideographic space as a space, and at, where
// at[i] is the offset in s of the character that byte i of the result came
// from (at[len(result)] is len(s)). at is nil, and s is returned as it is,
// when s holds none of them: the common case costs two byte scans.
func fold(s string) (string, []int) {
	if strings.IndexByte(s, 0xEF) < 0 && !strings.Contains(s, "\u3000") {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	at := make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			b.WriteByte(byte(r - 0xFF01 + '!'))
			at = append(at, i)
		case r == 0x3000:
			b.WriteByte(' ')
			at = append(at, i)
		default:
			b.WriteString(s[i : i+size])
			for k := 0; k < size; k++ {
				at = append(at, i+k)
			}
		}
		i += size
	}
	return b.String(), append(at, len(s))
}

// unfold maps a code found in folded text back to offsets in the text as
// written; its Text stays in ASCII.
func unfold(c Code, at []int) Code {
	if !c.Found() {
		return c
	}
	c.Start, c.End = at[c.Start], at[c.End]
	return c
}
