package classify

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bounce-explainer/bounce/classify/rules"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
)

// This file tells a mail server's error line from text that only talks
// about one, or that another program wrote: a person asking what "mailbox
// full" means, a changelog, an HTTP or FTP status line, a stack trace. A
// pasted text explained from the knowledge base's words alone must read
// like a server's line; a confident wrong verdict is worse than none.

// serverWords reports whether pasted text whose words, not a code, made it
// look like an error line (match, in the normalised text norm) reads like
// a server's line rather than a person's words or another protocol's.
func serverWords(whole, norm string, m rules.Match) bool {
	if rules.Entries[m.Entry].Reason == "vacation" {
		return true // an out-of-office reply is a person's words by nature, and no failure
	}
	if personal(whole) {
		return false
	}
	pieces := rules.Patterns[m.Pattern].Pieces
	words := plainWords(pieces[0])
	if len(pieces) > 1 || words == 0 || words > 2 || words == 1 && len(pieces[0]) >= 16 {
		return true // several pieces, a phrase, or a token no prose has
	}
	// One or two plain words ("spam", "phishing", "mailbox full") are a topic, not an error line, unless they make up most
	// of the text ("Connection refused", "Envelope expired"), or a code or
	// mail company stands beside them ("<jdoe@example.com>: mailbox full").
	// Quoted, they are cited, not said.
	if quoted(norm, m) {
		return false
	}
	if 2*(m.End-m.Start) >= len(strings.TrimSpace(norm)) || leadingCode(whole) {
		return true
	}
	rest := norm[:m.Start] + " " + norm[m.End:]
	if words == 1 {
		// One word needs a server naming a host and saying what went
		// wrong: "Client host [192.0.2.7] blocked using spamsource...".
		return mailPlace(rest) && containsAny(" "+rest+" ", failureWords)
	}
	return mailCompany(rest)
}

// failureWords say that something went wrong.
var failureWords = []string{
	" not ", " no ", "reject", "refuse", "denied", "block", "fail", "error", "unable", "cannot",
	"can't", "couldn't", "unknown", "invalid", "exceed", " full", "disabled", "listed", "try again",
}

// plainWords counts the words of a piece made of letters and spaces only,
// and is 0 for a piece with anything else ("command failed:", a host) or
// a phrase of five Chinese or Japanese characters or more ("宛先不明",
// four, is also a parcel's).
func plainWords(piece string) int {
	cjk := 0
	for _, r := range piece {
		if r != ' ' && !unicode.IsLetter(r) {
			return 0
		}
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			cjk++
		}
	}
	if cjk >= 5 {
		return 0 // "找不到域名": a phrase in a script written without spaces
	}
	return strings.Count(piece, " ") + 1
}

// leadingCode reports a line that opens with an error reply or enhanced
// status code, the way servers write them ("550 Bare linefeeds ...").
func leadingCode(text string) bool {
	for _, line := range strings.Split(firstN(text, proseScan), "\n") {
		f := strings.Fields(strings.TrimLeft(line, " >"))
		if len(f) == 0 {
			continue
		}
		w := strings.TrimRight(f[0], "-")
		if c := smtpcode.Reply(w); c.Text == w && c.Class() >= '4' || smtpcode.Status(w).Text == w {
			return true
		}
	}
	return false
}

// otherProtocol reports output of another protocol or program: an HTTP
// status line or reason, an FTP session, a stack trace, a package
// manager's or resolver's error.
func otherProtocol(text string) bool {
	text = firstN(text, proseScan)
	low := strings.ToLower(text)
	if containsAny(low, otherMarkers) || settingName(low) {
		return true
	}
	for _, c := range smtpcode.Replies(text) {
		rest := strings.ToLower(strings.TrimLeft(text[c.End:], " )"))
		for _, p := range httpReasons {
			if strings.HasPrefix(p, c.Text+" ") && strings.HasPrefix(rest, p[4:]) {
				return true
			}
		}
	}
	return false
}

// settingName reports a configuration setting's name, lower case words
// joined by two underscores or more ("reject_unknown_sender_domain"):
// text about configuring a server, not a server's reply.
func settingName(low string) bool {
	start, under := 0, 0
	for i := 0; i <= len(low); i++ {
		c := byte(' ')
		if i < len(low) {
			c = low[i]
		}
		switch {
		case c >= 'a' && c <= 'z':
		case c == '_' && i > start && low[i-1] != '_':
			under++
		default:
			if under >= 2 && low[i-1] != '_' {
				return true
			}
			start, under = i+1, 0
		}
	}
	return false
}

// proseScan is how much of a pasted text the tests of this file read: a
// question or a stack trace shows in its first lines.
const proseScan = 16 << 10

// otherMarkers are what HTTP, FTP, stack traces, package managers,
// resolvers and browsers print and mail servers do not.
var otherMarkers = []string{
	"http/1.", "http/2", "ftp>", "ftp:", "remote server returned an error: (", "npm err!",
	"traceback (most recent call last)", "exception in thread", "\n\tat ", "curl: (", ";; ->>header",
	"[errno ", "error response from daemon",
	// A browser's or an app's words to its user.
	"internet connection", "this page", "your browser", "the website", "this website",
}

// httpReasons are HTTP status lines whose code SMTP also uses or looks like.
var httpReasons = []string{
	"400 bad request", "401 unauthorized", "403 forbidden", "404 not found", "405 method not allowed",
	"408 request timeout", "429 too many requests", "500 internal server error", "502 bad gateway",
	"503 service unavailable", "504 gateway timeout", "503 server unavailable", "421 misdirected request",
	"500 server error", "502 proxy error",
}

// personal reports a person's words: a question, a greeting that opens a
// letter, or words asking or telling what an error means.
func personal(text string) bool {
	t := strings.TrimSpace(firstN(text, proseScan))
	low := strings.ToLower(t)
	if question(t) || containsAny(low, meaningWords) {
		return true
	}
	first, _, ok := strings.Cut(firstLine(low), ",")
	return ok && containsAny(" "+first+" ", greetings) && len(first) < 30
}

// question reports a question mark that ends a sentence, not one inside
// a web address ("lookup?192.0.2.9", "?p=CustomFromDenied").
func question(t string) bool {
	if strings.Contains(t, "？") {
		return true
	}
	for i := strings.IndexByte(t, '?'); i >= 0; {
		if i+1 == len(t) || t[i+1] == ' ' || t[i+1] == '\n' || t[i+1] == '"' || t[i+1] == '\r' {
			return true
		}
		j := strings.IndexByte(t[i+1:], '?')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}

// meaningWords ask or tell what an error means, in the languages of the
// knowledge base; servers state errors, they do not discuss them.
var meaningWords = []string{
	"what does", "what is a", "why does", "why do i", "why do we", "why am i", "how do i", "how can i", "does anyone", "usually means", "what that means",
	"was bedeutet", "veut dire", "que significa", "qué significa", "vuol dire", "wat betekent",
	"co oznacza", "что значит", "что означает", "どういう意味", "什么意思", "是什么意思",
}

// greetings open a letter: "Hi support,", "Hallo,", "Здравствуйте,".
var greetings = []string{
	" hi ", " hello ", " dear ", " hey ", " hallo ", " liebe ", " lieber ", " bonjour ", " salut ",
	" hola ", " ciao ", " buongiorno ", " hoi ", " beste ", " dzień dobry ", " здравствуйте ",
	" добрый день ", " olá ", " bom dia ",
}

// quoted reports a match that stands in quotation marks: someone citing
// the words ("what does “user unknown” mean"), not a server saying them.
func quoted(norm string, m rules.Match) bool {
	if m.Start <= 0 || m.End >= len(norm) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(norm[:m.Start])
	after, _ := utf8.DecodeRuneInString(norm[m.End:])
	return strings.ContainsRune(openQuotes, before) && strings.ContainsRune(closeQuotes, after)
}

const (
	openQuotes  = "\"“„«「『‘"
	closeQuotes = "\"”“»」』’"
)

// mailPlace reports an address, a host name or a bracketed IP address:
// where a server names who it talks to ("Client host [192.0.2.7]").
func mailPlace(s string) bool {
	if strings.IndexByte(s, '@') > 0 {
		return true
	}
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".,;:()<>")
		if hostName(w) || strings.HasPrefix(w, "[") && strings.Count(w, ".") == 3 {
			return true
		}
	}
	return false
}

// mailCompany reports words only mail has near a match: a mail place or
// mail vocabulary ("smtpd_recipient_restrictions", a
// setting's name, is one word and not vocabulary).
func mailCompany(s string) bool {
	if strings.IndexByte(s, '@') > 0 {
		return true
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r >= 0x80)
	}) {
		if mailWords[strings.Trim(w, ".")] || hostName(w) {
			return true
		}
	}
	return false
}

// hostName reports a mail host's name like "mx1.example.net" or
// "zen.spamhaus.org": two dots or more, ending in letters, with a label
// that names mail ("main.cf", a file, and "maps.example.com" are not).
func hostName(w string) bool {
	i := strings.LastIndexByte(w, '.')
	if strings.Count(w, ".") < 2 || !mailLabel(w) {
		return false
	}
	if i <= 0 || i+2 >= len(w) {
		return false
	}
	for _, r := range w[i+1:] {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return unicode.IsLetter(rune(w[i-1])) || w[i-1] >= '0' && w[i-1] <= '9'
}

// mailLabel reports a host name with a label that names mail.
func mailLabel(host string) bool {
	for _, l := range strings.Split(host, ".") {
		for _, p := range []string{"mx", "mail", "smtp", "mta", "relay", "spam", "bl", "rbl", "dnsbl", "inbound", "outbound", "mxgw", "gw"} {
			if strings.HasPrefix(l, p) {
				return true
			}
		}
	}
	return false
}

// mailWords are words of mail delivery, narrower than smtpcode's
// vocabulary: "user", "account", "connection" and "limit" are every
// program's words.
var mailWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`mail email e-mail mails mailbox mailboxes smtp esmtp lmtp mta mx
		recipient recipients rcpt sender relay transport delivery undeliverable message messages postmaster
		mailer-daemon helo ehlo spf dkim dmarc dnsbl rbl spamhaus inbox alias
		destinataire expéditeur courriel boîte empfänger absender postfach nachricht
		destinatario remitente buzón correo mensaje casella messaggio ontvanger bericht
		adresat skrzynka wiadomość получатель письмо ящик
		domain domäne domaine dominio domein`) {
		m[w] = true
	}
	return m
}()
