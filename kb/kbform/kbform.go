// Package kbform is the shared form of knowledge-base data: the entry kinds
// and the normalisation that KB patterns and classified text both go
// through before they are compared. It has no dependencies beyond the
// standard library, so that the KB compiler (tools/kbgen) and the matcher it
// generates tables for (classify/rules) agree on it without one importing
// the other: a broken generated table must never block its own
// regeneration.
package kbform

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says what a knowledge-base entry explains. It decides where an entry
// is listed on the help site and how the classifier uses its codes.
type Kind string

// Kinds of entry.
const (
	KindReason   Kind = "reason"   // one of the reason vocabulary in DESIGN.md
	KindReply    Kind = "reply"    // a three-digit SMTP reply code (RFC 5321)
	KindStatus   Kind = "status"   // an enhanced status code (RFC 3463), written X.s.d
	KindProvider Kind = "provider" // a message that one provider or product writes
)

// Normalize puts s into the form patterns are written and compared in:
// Unicode lower case, full-width letters and digits as ASCII, half-width
// katakana as full-width, a combining accent composed with the letter before
// it, zero-width characters dropped, and every run of white space (Unicode
// spaces included) one ASCII space, with none at either end; Romanian s and t
// with cedilla or comma below, Turkish dotless i and accented Greek vowels
// compare as one plain form (see foldRune). Bounces in any
// language then match patterns written in the plain form.
func Normalize(s string) string {
	if isPlainASCII(s) {
		return normalizeASCII(s)
	}
	n, _ := normalize(s, false)
	return n
}

// NormalizeMap is Normalize that also returns, for every byte offset i of
// the result (and len(result) itself), the byte offset in s where the
// character at i came from, so that a match in normalised text can be
// shown in the text as written.
func NormalizeMap(s string) (string, []int) {
	return normalize(s, true)
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// normalizeASCII is the fast path for the common all-ASCII line.
func normalizeASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading space
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isASCIISpace(c):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		b.WriteByte(c)
		space = false
	}
	return strings.TrimSuffix(b.String(), " ")
}

// normalize is the general path; with withMap it records where each output
// byte came from.
func normalize(s string, withMap bool) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	var at []int
	emit := func(r rune, from int) {
		n := b.Len()
		b.WriteRune(r)
		if withMap {
			for k := n; k < b.Len(); k++ {
				at = append(at, from)
			}
		}
	}
	space := true
	var prev rune = -1 // the last rune written, for composing accents
	prevAt, prevLen := 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		r = foldRune(r)
		switch {
		case r == dropRune:
		case r == ' ':
			if !space {
				emit(' ', i)
				space = true
				prev = -1
			}
		default:
			if c, ok := compose(prev, r); ok {
				// Replace the letter just written by its composed form.
				out := b.String()[:b.Len()-prevLen]
				b.Reset()
				b.WriteString(out)
				if withMap {
					at = at[:len(out)]
				}
				r, i2 := c, prevAt
				emit(r, i2)
				prev, prevLen = r, utf8.RuneLen(r)
				break
			}
			prevAt = i
			emit(r, i)
			prev, prevLen = r, utf8.RuneLen(r)
			space = false
		}
		i += size
	}
	out := b.String()
	if strings.HasSuffix(out, " ") {
		out = out[:len(out)-1]
		if withMap {
			at = at[:len(out)]
		}
	}
	if withMap {
		at = append(at, len(s))
	}
	return out, at
}

// FoldRune is the compared form of one character, as Normalize folds it:
// lower case, Turkish ı as i, Romanian ş ţ (cedilla) as ș ț, Greek vowels
// unaccented, full-width ASCII as ASCII; ' ' for any space and a negative
// rune for the invisible characters Normalize drops. Marks written apart
// are joined by Compose.
func FoldRune(r rune) rune { return foldRune(r) }

// Compose joins a folded letter and the combining mark after it into the
// precomposed form Normalize gives ("e" + U+0301 → "é").
func Compose(base, mark rune) (rune, bool) { return compose(base, mark) }

// dropRune marks characters that vanish: zero-width spaces and joiners,
// the byte-order mark and the soft hyphen.
const dropRune = -2

// foldRune maps one character to its compared form: ' ' for any space,
// dropRune for invisible ones, ASCII for full-width forms (and for the wave
// dash and minus sign that Japanese decoders give in their place),
// full-width for half-width katakana, lower case otherwise.
func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if isASCIISpace(byte(r)) {
			return ' '
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r == 0x00AD:
		return dropRune
	case unicode.IsSpace(r) || r == 0x3000:
		return ' '
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return foldRune(r - 0xFF01 + '!')
	case r >= 0xFF61 && r <= 0xFF9F:
		return halfKana[r-0xFF61]
	case r >= 0xFFE0 && r <= 0xFFE6: // full-width currency and signs
		return fullSigns[r-0xFFE0]
	case r == 0x301C: // wave dash: Shift_JIS decoders give it where CP932 ones give ～
		return '~'
	case r == 0x2212: // minus sign: likewise for －
		return '-'
	case r == 0x03C2: // final sigma compares as sigma
		return 0x03C3
	case r == 0x015E || r == 0x015F: // Ş ş with cedilla compare as ș: Romanian
		return 0x0219 // text is written with either, and Turkish only has this one
	case r == 0x0162 || r == 0x0163: // Ţ ţ with cedilla compare as ț
		return 0x021B
	case r == 0x0131: // Turkish dotless ı compares as i, as "I" lower-cases to i
		return 'i'
	}
	r = unicode.ToLower(r)
	if r >= 0x370 && r <= 0x3FF { // the map only for Greek: the other letters skip the lookup
		if b, ok := greekBase[r]; ok {
			return b // Greek capitals are written without accents: compare unaccented
		}
	}
	return r
}

// greekBase maps the accented lower-case Greek vowels (tonos, dialytika) to
// the plain vowel.
var greekBase = map[rune]rune{
	'ά': 'α', 'έ': 'ε', 'ή': 'η', 'ί': 'ι', 'ό': 'ο', 'ύ': 'υ', 'ώ': 'ω',
	'ϊ': 'ι', 'ϋ': 'υ', 'ΐ': 'ι', 'ΰ': 'υ',
}

// halfKana is U+FF61..U+FF9F (half-width katakana and marks) in full width;
// the half-width voicing marks become the combining ones, which compose
// below.
var halfKana = []rune("。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン\u3099\u309A")

// fullSigns is U+FFE0..U+FFE6 (￠￡￢￣￤￥￦) as their ordinary forms.
var fullSigns = []rune("¢£¬¯¦¥₩")

// compose joins a letter and a combining mark that follows it into the
// precomposed character, for the marks European and Japanese text uses,
// so that decomposed input matches patterns written precomposed.
func compose(base, mark rune) (rune, bool) {
	if base < 0 {
		return 0, false
	}
	switch mark {
	case 0x3099, 0x309A: // kana voiced and semi-voiced marks
		return composeKana(base, mark)
	}
	if mark < 0x0300 || mark > 0x036F {
		return 0, false
	}
	if base >= 0x0370 && base <= 0x03FF && (mark == 0x0301 || mark == 0x0308) {
		return base, true // a Greek accent written apart is dropped, as in greekBase
	}
	c, ok := latinMarks[[2]rune{base, mark}]
	return c, ok
}

// composeKana voices か→が, は→ば/ぱ and their katakana forms.
func composeKana(base, mark rune) (rune, bool) {
	off := base
	if off >= 0x30A1 && off <= 0x30F6 {
		off -= 0x60 // katakana to hiragana for the lookup
	}
	switch {
	case mark == 0x3099 && off >= 0x304B && off <= 0x3062 && off%2 == 1,
		mark == 0x3099 && off >= 0x3064 && off <= 0x3069 && off%2 == 0:
		return base + 1, true
	case off >= 0x306F && off <= 0x307D && (off-0x306F)%3 == 0:
		if mark == 0x3099 {
			return base + 1, true
		}
		return base + 2, true
	case base == 0x30A6 && mark == 0x3099:
		return 0x30F4, true
	}
	return 0, false
}

// latinMarks composes lower-case Latin letters with the common combining
// accents (grave, acute, circumflex, tilde, diaeresis, ring, caron,
// cedilla, comma below, ogonek). Input is already lower case when it gets here.
var latinMarks = func() map[[2]rune]rune {
	m := map[[2]rune]rune{}
	add := func(mark rune, pairs string) {
		rs := []rune(pairs)
		for i := 0; i+1 < len(rs); i += 2 {
			m[[2]rune{rs[i], mark}] = rs[i+1]
		}
	}
	add(0x0300, "aàeèiìoòuù")
	add(0x0301, "aáeéiíoóuúyýcćnńsśzźlĺrŕ")
	add(0x0302, "aâeêiîoôuû")
	add(0x0303, "aãoõnñ")
	add(0x0308, "aäeëiïoöuüyÿ")
	add(0x030A, "aåuů")
	add(0x030C, "cčsšzžrřeěnňdďtťlľ")
	add(0x0327, "cçsștț") // s and t with cedilla fold to comma below, as in foldRune
	add(0x0326, "sștț")
	add(0x0328, "aąeę")
	add(0x030B, "oőuű")
	add(0x0306, "aăgğ")
	add(0x0307, "zżeė")
	return m
}()

// Pieces splits a KB pattern on "*" into its normalised literal pieces,
// dropping empty ones: the form the classifier's matcher compares with.
func Pieces(pattern string) []string {
	var pieces []string
	for _, piece := range strings.Split(pattern, "*") {
		if n := Normalize(piece); n != "" {
			pieces = append(pieces, n)
		}
	}
	return pieces
}

// The separators of the packed tables tools/kbgen writes for
// classify/rules (see classify/rules/packed.go): a table is rows ended by
// RowEnd, each made of fields separated by FieldSep. KB text never holds
// these control characters; kbgen checks.
const (
	FieldSep = "\x1f" // ASCII unit separator
	RowEnd   = "\x1e" // ASCII record separator
)
