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

// ContainsFold reports whether s contains sub, ignoring ASCII case, in
// time linear in both (strings.Index is): comparing sub at every offset
// of s would cost len(s)·len(sub) on a long address in a long line.
func ContainsFold(s, sub string) bool {
	return len(sub) <= len(s) && strings.Contains(lowerASCII(s), lowerASCII(sub))
}

// containsLower reports whether s contains sub, ignoring ASCII case; sub
// must be lower case. It allocates nothing but compares sub at each
// candidate offset, so callers keep s short (a marker line).
func containsLower(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasPrefixFold(s[i:], sub) {
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
