package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Set finds phrases in normalised text (kbform.Normalize), each starting
// at a word start (in CJK text, anywhere), in one pass: every word start
// costs one map lookup on its first four bytes, whatever the number of
// phrases.
type Set struct {
	byKey map[string][]string
	short []string // phrases under four bytes, compared at every word start
}

// NewSet indexes phrases (already normalised). Empty phrases are dropped.
func NewSet(phrases ...[]string) *Set {
	s := &Set{byKey: map[string][]string{}}
	for _, ps := range phrases {
		for _, p := range ps {
			switch {
			case p == "":
			case len(p) < 4:
				s.short = append(s.short, p)
			default:
				s.byKey[p[:4]] = append(s.byKey[p[:4]], p)
			}
		}
	}
	return s
}

// Len is the number of phrases in the set.
func (s *Set) Len() int {
	n := len(s.short)
	for _, ps := range s.byKey {
		n += len(ps)
	}
	return n
}

// Find returns the first phrase found in text and where it starts, or "",
// -1.
func (s *Set) Find(text string) (phrase string, at int) {
	if s == nil || len(s.byKey) == 0 && len(s.short) == 0 {
		return "", -1
	}
	inWord := false
	for i, r := range text {
		cjk := isCJK(r)
		if !inWord || cjk {
			if p := s.at(text[i:]); p != "" {
				return p, i
			}
		}
		inWord = !cjk && (r >= utf8.RuneSelf && unicode.IsLetter(r) || isWordByte(r) || unicode.Is(unicode.Mn, r))
	}
	return "", -1
}

// Has reports whether text holds one of the phrases.
func (s *Set) Has(text string) bool {
	_, at := s.Find(text)
	return at >= 0
}

// at returns the phrase text starts with, or "".
func (s *Set) at(text string) string {
	if len(text) >= 4 {
		for _, p := range s.byKey[text[:4]] {
			if strings.HasPrefix(text, p) {
				return p
			}
		}
	}
	for _, p := range s.short {
		if strings.HasPrefix(text, p) {
			return p
		}
	}
	return ""
}

func isWordByte(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
}

// isCJK reports characters of scripts written without spaces between
// words, where a phrase may start anywhere.
func isCJK(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7AF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFF66 && r <= 0xFF9F || r >= 0x20000 && r <= 0x2FFFF
}
