package lang

import (
	"strings"

	"github.com/bounce-explainer/bounce/kb/kbform"
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
	for i := range text {
		if kbform.WordStart(text, i) {
			if p := s.at(text[i:]); p != "" {
				return p, i
			}
		}
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
