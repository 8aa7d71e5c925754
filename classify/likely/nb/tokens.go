// Package nb is a small naive Bayes classifier over the presence of the words
// of a bounce's diagnostic, its codes and its SMTP stage: the tokeniser,
// training, a compact text encoding of the model and prediction. It holds
// no generated data, so the KB compiler (tools/kbgen) that trains the model
// and the classifier that applies it (classify/likely) share one
// implementation without a stale generated file ever blocking its own
// regeneration.
package nb

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bounce-explainer/bounce/classify/ndrtext"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
	"github.com/bounce-explainer/bounce/kb/kbform"
)

// Feature tokens start with '#': they are not words and are never shown.
const featurePrefix = "#"

// stopWords are English function words: every class uses them, so they
// only add noise to the model and to the words a guess shows as deciding.
// "no" and "not" stay: they carry meaning in a bounce.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "been": true,
	"by": true, "for": true, "from": true, "has": true, "have": true, "in": true, "is": true, "it": true,
	"of": true, "on": true, "or": true, "our": true, "please": true, "that": true, "the": true,
	"this": true, "to": true, "was": true, "we": true, "with": true, "you": true, "your": true,
}

// maxWord bounds a word's length: longer runs are ids and hashes.
const maxWord = 24

// Tokens returns the tokens of a recipient's diagnostic text and codes:
// the text's words (kbform.Normalize'd; Chinese, Japanese and Korean as
// character bigrams), then a feature token each for the enhanced status
// code's class and subject ("#s5.1"), the reply code's first digit ("#r5")
// and the SMTP command ("#cRCPT"). Addresses, host names and numbers are
// left out: they name the parties, not the cause.
func Tokens(text, status, reply, command string) []string {
	out := Words(text)
	// A status of subject 0 (X.0.0, the generic code) tells no cause.
	if len(status) >= 3 && status[1] == '.' && status[2] != '0' {
		sub := status[:3]
		if i := strings.IndexByte(status[2:], '.'); i >= 0 {
			sub = status[:2+i]
		}
		out = append(out, featurePrefix+"s"+sub)
	}
	if reply != "" {
		out = append(out, featurePrefix+"r"+reply[:1])
	}
	if command != "" {
		out = append(out, featurePrefix+"c"+command)
	}
	return sortedUnique(out)
}

// ExampleTokens returns the tokens of a KB example as written: its codes
// and SMTP command are read from the text the way the classifier reads
// them from a diagnostic.
func ExampleTokens(text string) []string {
	return Tokens(text, smtpcode.Status(text).Text, smtpcode.Reply(text).Text, ndrtext.Command(text))
}

// IsWord reports whether a token is one of the text's words rather than a
// code or command feature.
func IsWord(tok string) bool { return !strings.HasPrefix(tok, featurePrefix) }

// Words returns the words of text: runs of letters, at least two long
// outside CJK, bigrams of CJK characters.
func Words(text string) []string {
	var out []string
	for _, f := range strings.Fields(kbform.Normalize(text)) {
		if skipField(f) {
			continue
		}
		out = appendRuns(out, f)
	}
	return out
}

// skipField reports a field that names a party: an address, a URL or a
// host name (a dot between two letters or digits).
func skipField(f string) bool {
	if strings.ContainsRune(f, '@') || strings.Contains(f, "://") {
		return true
	}
	f = strings.Trim(f, "<>[](){}\"',;:.")
	for i := 1; i+1 < len(f); i++ {
		if f[i] == '.' && isAlnum(f[i-1]) && isAlnum(f[i+1]) {
			return true
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// appendRuns appends the words of one field: Latin (or other alphabetic)
// letter runs whole, CJK runs as overlapping character bigrams.
func appendRuns(out []string, f string) []string {
	start, cjk := -1, false
	flush := func(end int) {
		if start < 0 {
			return
		}
		run := f[start:end]
		if cjk {
			out = appendBigrams(out, run)
		} else if n := utf8.RuneCountInString(run); n >= 2 && n <= maxWord && !stopWords[run] {
			out = append(out, run)
		}
		start = -1
	}
	for i, r := range f {
		letter := unicode.IsLetter(r)
		isCJK := letter && isCJKRune(r)
		if start >= 0 && (!letter || isCJK != cjk) {
			flush(i)
		}
		if letter && start < 0 {
			start, cjk = i, isCJK
		}
	}
	flush(len(f))
	return out
}

func appendBigrams(out []string, run string) []string {
	rs := []rune(run)
	if len(rs) == 1 {
		return append(out, run)
	}
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// isCJKRune reports Han, kana and Hangul: scripts written without spaces
// between words (Korean has spaces, but its words are long compounds).
func isCJKRune(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}
