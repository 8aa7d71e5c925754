package lang

import (
	"strings"
	"unicode/utf8"

	"github.com/bounce-explainer/bounce/kb/kbform"
)

// originalTitles are the titles under which a report quotes the returned
// message or its headers (the `original:` lines of the data files, and
// English), normalised; titleMin and titleMax bound their lengths in bytes
// so that most lines are ruled out before they are normalised.
// titleKeys holds the first two letters of every title, folded, so that
// a line is normalised only when it starts like one.
var (
	originalTitles     = map[string]bool{}
	titleKeys          = map[string]bool{}
	titleMin, titleMax = 1 << 30, 0
)

func addOriginalTitles(titles []string) {
	for _, t := range titles {
		originalTitles[t] = true
		titleMin, titleMax = min(titleMin, len(t)), max(titleMax, len(t))
		k, n := titleKey(t)
		titleKeys[string(k[:n])] = true
	}
}

// titleKey is the first two characters of s, folded as kbform.Normalize
// folds them; no allocation.
func titleKey(s string) (k [2 * utf8.UTFMax]byte, n int) {
	runes := 0
	for _, r := range s {
		if f := kbform.FoldRune(r); f >= 0 {
			n += utf8.EncodeRune(k[n:], f)
			if runes++; runes == 2 {
				break
			}
		}
	}
	return k, n
}

// IsOriginalTitle reports whether core (a line without its decoration and
// colon) is a title of the quoted original message in any language: the
// whole line, or, when the line is decorated ("-----Ursprüngliche
// Nachricht-----"), a line that starts with one. Below such a title is the
// sender's own text, not the report's.
func IsOriginalTitle(core string, decorated bool) bool {
	// Folding may shorten a letter by a byte (İ → i): allow some slack.
	if len(core) < titleMin || len(core) > titleMax+16 {
		return false
	}
	if k, n := titleKey(core); !titleKeys[string(k[:n])] {
		return false
	}
	norm := kbform.Normalize(core)
	if originalTitles[norm] {
		return true
	}
	if !decorated {
		return false
	}
	for t := range originalTitles {
		if strings.HasPrefix(norm, t) {
			return true
		}
	}
	return false
}

// senderLabels label the sender's own address in a report's details
// (the `sender:` lines of the data files, and English), normalised and
// without their colon.
var senderLabels = map[string]bool{"sender address": true}

// IsSenderLabel reports whether line, the text before an address on its
// line, is nothing but a label of the sender's address ("Sender Address:",
// "Absenderadresse:"): that address is not a failed recipient.
func IsSenderLabel(line string) bool {
	line = strings.TrimRight(line, " \t:")
	if len(line) < 6 || len(line) > 64 {
		return false
	}
	return senderLabels[kbform.Normalize(line)]
}
