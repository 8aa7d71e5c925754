package ndrtext

import "strings"

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case;
// prefix must be lower case. It allocates nothing, unlike lower-casing
// every line of a bounce.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// lowerASCII lower-cases the ASCII letters of s and leaves every other
// byte alone, allocating only when s has an upper-case letter.
func lowerASCII(s string) string {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			break
		}
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// ContainsFold reports whether s contains sub, ignoring ASCII case. A
// short sub (up to 32 bytes) is compared at each offset without copying
// s; a longer one is searched for in lower-cased copies, in time linear in
// both (comparing a long address at every offset of a long line would cost
// len(s)·len(sub)).
func ContainsFold(s, sub string) bool {
	if len(sub) > len(s) {
		return false
	}
	if len(sub) <= 32 {
		return containsLower(s, lowerASCII(sub))
	}
	return strings.Contains(lowerASCII(s), lowerASCII(sub))
}

// containsLower reports whether s contains sub, ignoring ASCII case; sub
// must be lower case. It allocates nothing but compares sub at each
// candidate offset, so callers keep s short (a marker line).
func containsLower(s, sub string) bool {
	if sub == "" {
		return true
	}
	c, u := sub[0], sub[0]
	if c >= 'a' && c <= 'z' {
		u = c - 'a' + 'A'
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if (s[i] == c || s[i] == u) && hasPrefixFold(s[i:], sub) {
			return true
		}
	}
	return false
}

// LowerASCII lower-cases the ASCII letters of s and leaves every other
// byte alone, so that offsets in the result are offsets in s (unlike
// strings.ToLower, which rewrites invalid UTF-8 and changes the length of
// some letters).
func LowerASCII(s string) string { return lowerASCII(s) }
