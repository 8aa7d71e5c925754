// Package kbform is the shared form of knowledge-base data: the entry kinds
// and the normalisation that KB patterns and classified text both go
// through before they are compared. It has no dependencies, so that the KB
// compiler (tools/kbgen) and the matcher it generates tables for
// (classify/rules) agree on it without one importing the other: a broken
// generated table must never block its own regeneration.
package kbform

import "strings"

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

// Normalize lower-cases s and folds every run of white space into one
// space, the form patterns are written in.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading space
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
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
