package lang

import (
	"strings"

	"github.com/bounce-explainer/bounce/kb/kbform"
)

// originalTitles are the titles under which a report quotes the returned
// message or its headers (the `original:` lines of the data files, and
// English), normalised; titleMin and titleMax bound their lengths in bytes
// so that most lines are ruled out before they are normalised.
var (
	originalTitles     = map[string]bool{"original message headers": true, "original message": true}
	titleMin, titleMax = len("original message"), len("original message headers")
)

func addOriginalTitles(d *Data) {
	for _, t := range d.Original {
		originalTitles[t] = true
		titleMin, titleMax = min(titleMin, len(t)), max(titleMax, len(t))
	}
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
