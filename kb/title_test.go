package kb

import (
	"regexp"
	"strings"
	"testing"
)

// codeRe finds a reply code (550) or an enhanced status code (5.7.1, X.7.1,
// 4.7.500) standing on its own in a title.
var codeRe = regexp.MustCompile(`(^|[^\w.#-])([245][0-9][0-9]|[245X]\.[0-9]{1,3}\.[0-9x]{1,3})($|[^\w.-])`)

// titleProblem says what is wrong with a title a reader sees as the headline
// of an explanation, or "" when nothing is. Titles are plain words first:
// no template placeholders ("[IP]", "<list>", "...") a reader would take
// for part of their own bounce, and any code comes last, in the closing
// parentheses, after the words that explain it.
func titleProblem(title string) string {
	if title == "" {
		return "empty"
	}
	if i := strings.IndexAny(title, "[]<>{}…"); i >= 0 {
		return "has a placeholder or bracket " + string(title[i])
	}
	if strings.Contains(title, "...") {
		return `has "..." standing for text`
	}
	first := []rune(title)[0]
	if !(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z') {
		return "does not start with a word"
	}
	words := title
	if strings.HasSuffix(title, ")") {
		if open := strings.LastIndex(title, "("); open > 0 {
			words = title[:open]
		}
	}
	if m := codeRe.FindStringSubmatch(words); m != nil {
		return "code " + m[2] + " comes before the closing parentheses"
	}
	return ""
}

func TestTitleProblem(t *testing.T) {
	tests := []struct {
		title string
		bad   bool
	}{
		{"Refused for a security or policy reason (X.7.0)", false},
		{"Gmail: the email account you tried to reach does not exist (550 5.1.1)", false},
		{"The mailbox is full (552)", false},
		{"Spectrum (Charter): too many connections (AUP#1300 to 1340)", false},
		{"Gmail: the message does not follow the email format standard", false},
		{"Orange: the recipient's mailbox is full (OFR_417)", false},
		{"X.7.0: Other or undefined security status", true},
		{"550: Requested action not taken", true},
		{"Gmail 550 5.1.1: no such user", true},
		{"Client host [IP] blocked using <list>", true},
		{"Your message was not delivered within ... days", true},
		{"Microsoft 4.4.7 / 5.4.300: message expired", true},
		{"\"Quoted\": a message", true},
		{"", true},
	}
	for _, tt := range tests {
		if got := titleProblem(tt.title) != ""; got != tt.bad {
			t.Errorf("titleProblem(%q) = %q, want bad=%v", tt.title, titleProblem(tt.title), tt.bad)
		}
	}
}

// TestTitlesPlain holds every entry's title to titleProblem. Ids are not
// touched by this: they are URLs and never change.
func TestTitlesPlain(t *testing.T) {
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if p := titleProblem(e.Title); p != "" {
			t.Errorf("%s: title %q %s", e.File, e.Title, p)
		}
	}
}
