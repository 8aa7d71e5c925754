package ndrtext

import (
	"strings"
	"unicode/utf8"
)

// Address is an e-mail address found in a text.
type Address struct {
	Addr       string
	Start, End int
}

func isLocalByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~.", c) >= 0 || c >= 0x80
}

func isDomainByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c >= 0x80
}

// isPunctRune reports the punctuation that surrounds addresses in Chinese,
// Japanese and Korean text and in typeset quotes, and that no address
// holds: general punctuation (“ ” ‘ ’ …), CJK symbols and punctuation
// (、。「」【】〈〉 and the ideographic space) and the full-width forms
// (：，（）＜＞). "收件人：jdoe@example.cn）" names jdoe@example.cn.
func isPunctRune(r rune) bool {
	return r >= 0x2000 && r <= 0x206F || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// Longest local part and domain taken as an address. RFC 5321 allows 64
// and 255 octets; the local part gets some slack for the long tagged
// addresses mailing lists use. Longer runs are not addresses, and
// comparing them with every line would cost their length each time.
const (
	maxLocal  = 256
	maxDomain = 255
)

// hasSuffixFold reports whether s ends with suffix (lower case), ignoring
// ASCII case, without copying s.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// Addresses returns the e-mail addresses in s (local@domain, the domain
// with at least one dot or a bracketed literal), in order. Addresses inside
// URLs and message identifiers are skipped.
func Addresses(s string) []Address {
	var out []Address
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			j := strings.IndexByte(s[i:], '@')
			if j < 0 {
				break
			}
			i += j
		}
		a, b := localStart(s, i), domainEnd(s, i)
		if !plausible(s, a, i, b) {
			continue
		}
		out = append(out, Address{Addr: s[a:b], Start: a, End: b})
		i = b - 1
	}
	return out
}

// localStart walks back from the '@' at i to where the local part begins,
// stopping at CJK and typographic punctuation, and drops leading dots and
// quotes, which are the sentence's, not the address's.
func localStart(s string, i int) int {
	a := i
	for a > 0 && isLocalByte(s[a-1]) && s[a-1] != '/' && s[a-1] != '=' {
		if s[a-1] >= utf8.RuneSelf {
			r, size := utf8.DecodeLastRuneInString(s[:a])
			if isPunctRune(r) {
				break
			}
			a -= size
			continue
		}
		a--
	}
	for a < i && (s[a] == '.' || s[a] == '\'' || s[a] == '`') {
		a++
	}
	return a
}

// domainEnd walks forward from the '@' at i to where the domain ends, and
// drops a trailing dot or hyphen, which ends the sentence instead.
func domainEnd(s string, i int) int {
	b := i + 1
	for b < len(s) && isDomainByte(s[b]) {
		if s[b] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[b:])
			if isPunctRune(r) {
				break
			}
			b += size
			continue
		}
		b++
	}
	for b > i+1 && (s[b-1] == '.' || s[b-1] == '-') {
		b--
	}
	return b
}

// plausible reports whether s[a:b], with its '@' at i, is taken as an
// address: it rules out empty parts, URLs, overlong parts and Message-IDs.
func plausible(s string, a, i, b int) bool {
	if a == i || b == i+1 {
		return false
	}
	dom := s[i+1 : b]
	if !strings.Contains(dom, ".") || strings.Contains(dom, "..") {
		return false
	}
	if a > 0 && (s[a-1] == '/' || s[a-1] == ':' && a > 1 && s[a-2] != ' ' && !hasSuffixFold(s[:a-1], "to") && !hasSuffixFold(s[:a-1], "from") && !hasSuffixFold(s[:a-1], "rfc822")) {
		return false // part of a URL or a "user:pass@host"
	}
	local := s[a:i]
	if len(local) > maxLocal || len(dom) > maxDomain {
		return false // no mail system takes such an address
	}
	if strings.Contains(local, "..") {
		return false
	}
	// Message-IDs look like addresses; skip those introduced as such.
	pre := strings.ToLower(s[max(0, a-16):a])
	return !strings.Contains(pre, "message-id") && !strings.Contains(pre, "msgid")
}
