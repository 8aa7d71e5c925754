package smtpcode

import "strings"

// InContext reports whether a code found in text stands where, and in
// what company, mail servers write codes, so that "550 kg of flour",
// "room 552", "call 421 555 0100" and "release 5.1.1" are not taken for
// server replies. A code counts when both hold:
//
//   - position: it opens its line (after quoting such as "> ", "<<< ",
//     "smtp;"), follows a colon, quote, bracket or a word like "said" or
//     "returned", or sits next to the other kind of code ("550 5.1.1");
//   - company: its line also has the other kind of code, an address, a DSN
//     field, or a word of mail-server vocabulary (mailbox, recipient,
//     relay, rejected, ...).
//
// Localised wording has no vocabulary here: callers also accept a code on
// a line where the knowledge base recognises the words.
func InContext(text string, c Code) bool {
	if !c.Found() || c.Start < 0 || c.End > len(text) || c.Start > c.End {
		return false
	}
	ls := strings.LastIndexByte(text[:c.Start], '\n') + 1
	le := strings.IndexByte(text[c.End:], '\n')
	if le < 0 {
		le = len(text)
	} else {
		le += c.End
	}
	line := text[ls:le]
	at, end := c.Start-ls, c.End-ls
	if at > 0 && line[at-1] == '#' && end-at > 3 {
		return true // qmail's and Exchange's "(#5.1.1)": mail's own spelling
	}
	paired := pairedCode(line, at, end)
	if !paired && parenthesized(line, at, end) {
		return false // "(404) Not Found", "(550) File unavailable": .NET's WebException and FTP's own replies
	}
	if !paired && end-at == 3 && (httpOnly[line[at:end]] || at > 0 && line[at-1] == '#' || quantity(line[end:])) {
		// "(error 403)": a web server's status; "order #550", "421
		// records": a number, not a reply.
		return false
	}
	if !paired && !openingPosition(line[:at]) {
		return false
	}
	return paired || hasCompany(line)
}

// parenthesized reports a bare reply code in parentheses, "(550)": the way
// .NET's WebException ("The remote server returned an error: (404) Not
// Found.") and FTP clients quote HTTP and FTP replies. Mail servers write
// a reply code bare, or "(#5.1.1)" for a status code.
func parenthesized(line string, at, end int) bool {
	return end-at == 3 && at > 0 && line[at-1] == '(' && end < len(line) && line[end] == ')'
}

// quantity reports a number's unit or counted noun right after it.
func quantity(after string) bool {
	f := strings.Fields(strings.ToLower(firstWords(after)))
	return len(f) > 0 && units[strings.TrimRight(f[0], ".,;:)")]
}

// firstWords is the start of s, enough to hold its first word.
func firstWords(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

// units are what a number counts or measures in ordinary text.
var units = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`kg g km m cm mm ml l t lbs lb oz points pts records rows items units pieces pcs
		pages seats people persons boxes pallets euro eur usd dollars minutes mins hours days weeks months years
		files bytes kb mb gb ms seconds secs visitors clicks opens votes times copies tickets orders
		stück stunden tage minuten personen seiten pièces heures jours personnes minutos horas días personas`) {
		m[w] = true
	}
	return m
}()

// httpOnly are HTTP status codes that look like SMTP reply codes but that
// no SMTP specification defines; alone, they are a web server's.
var httpOnly = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields("400 401 403 404 405 406 407 408 409 410 411 412 413 414 415 416 417 418 422 423 424 425 426 428 429 431 505 506 507 508") {
		m[c] = true
	}
	return m
}()

// pairedCode reports a reply code written next to an enhanced status code,
// either way round: "550 5.1.1", "550-5.7.1", "550 #5.1.1", "5.1.1 550".
func pairedCode(line string, at, end int) bool {
	after := strings.TrimLeft(line[end:], " -#(")
	before := strings.TrimRight(line[:at], " -#(")
	if end-at == 3 {
		return len(after) >= 5 && statusAt(after, 0) > 0
	}
	return len(before) >= 3 && replyAt(before, len(before)-3)
}

// openingPosition reports whether what precedes a code on its line is
// nothing but quoting, or ends the way a server's words lead into a code.
func openingPosition(prefix string) bool {
	p := strings.TrimRight(prefix, " \t")
	lead := strings.TrimLeft(p, " \t>|*-'\"([<")
	if lead == "" || strings.EqualFold(lead, "smtp;") || strings.EqualFold(lead, "x-postfix;") {
		return true
	}
	if p == "" {
		return true
	}
	if len(p) >= 2 && p[len(p)-1] == '=' && strings.IndexByte("=<>!~", p[len(p)-2]) >= 0 {
		return false // "tool==5.1.1", ">=4.2.0": a version requirement
	}
	low := strings.ToLower(p)
	for _, w := range versionWords {
		if strings.HasSuffix(low, w) {
			return false // "versions: 5.0.0", "Version 5.1.1:"
		}
	}
	switch p[len(p)-1] {
	case ':', ';', '#', '(', '[', '\'', '"', '=', '<', '>':
		return true
	}
	for _, w := range leadWords {
		if strings.HasSuffix(low, w) && (len(low) == len(w) || !isAlnum(low[len(low)-len(w)-1])) {
			return true
		}
	}
	return false
}

// versionWords label a version number, which looks like an enhanced
// status code.
var versionWords = []string{"version", "version:", "versions:", "release", "release:", "releases:", "versión", "ver."}

// leadWords end the words servers and bounce templates put before a code.
var leadWords = []string{
	"said", "says", "returned", "replied", "reply", "response", "responded", "answered", "error", "code",
	"status", "failed with", "with error", "rejected with", "smtp", "esmtp", "lmtp", "reason",
}

// hasCompany reports mail-server company on a line: an address, a DSN
// field, both kinds of code, or a word of the vocabulary.
func hasCompany(line string) bool {
	if strings.IndexByte(line, '@') > 0 || Status(line).Found() && Reply(line).Found() {
		return true
	}
	low := strings.ToLower(line)
	for _, f := range dsnFields {
		if strings.Contains(low, f) {
			return true
		}
	}
	for i := 0; i < len(low); {
		for i < len(low) && !isWordByte(low[i]) {
			i++
		}
		j := i
		for j < len(low) && (isWordByte(low[j]) || low[j] == '-') {
			j++
		}
		if j > i && vocabulary[strings.TrimRight(low[i:j], "-")] {
			return true
		}
		i = j
	}
	return false
}

// isWordByte: ASCII letters and digits, and every byte of a non-ASCII
// character, so that "empfänger" is one word.
func isWordByte(c byte) bool { return isAlnum(c) || c >= 0x80 }

var dsnFields = []string{"diagnostic-code:", "final-recipient:", "original-recipient:", "remote-mta:", "reporting-mta:", "status:", "action:"}

// vocabulary is what mail servers' error lines are made of and ordinary
// prose about flour, rooms and release numbers is not.
var vocabulary = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		mail email e-mail mails mailbox mailboxes mailer maildir smtp esmtp lmtp mta mx dns rbl dnsbl
		blacklist blacklisted blocklist blocklisted listed spamhaus recipient recipients rcpt sender senders
		relay relaying relayed delivery deliver delivered undeliverable undelivered message messages domain
		domains host hostname server spam virus malware quota storage user users address addresses account
		unknown rejected reject rejecting refused refuse denied blocked block policy authentication
		authenticated auth spf dkim dmarc tls starttls ssl connection connections timeout timed transaction
		service unavailable temporarily temporary permanent permanently try again deferred defer greylisted
		greylisting greylist command syntax parameter parameters helo ehlo data size exceeded exceeds
		limit rate postmaster mailer-daemon requested action taken local insufficient system
		channel closing transmission administrative prohibited forwarding alias inbox full over disabled
		suspended inactive exist exists nonexistent invalid resolver recipnotfound ndr bounce bounced
		mailfrom reverse ptr ip reputation content attachment header headers line lines too many
		adresse destinataire destinataires expéditeur boîte boite courrier courriel utilisateur inconnu
		inconnue invalide refusé refusée rejeté pleine connexions connexion relais
		empfänger absender postfach benutzer unbekannt nachricht zustellung unzustellbar abgelehnt voll
		speicherplatz verbindung
		destinatario remitente buzón buzon usuario desconocido correo mensaje rechazado lleno entrega
		destinatário remetente caixa usuário utilizador desconhecido mensagem recusado cheia entrega
		casella utente sconosciuto messaggio rifiutato piena consegna
		ontvanger afzender mailbox gebruiker onbekend bericht geweigerd bezorging
		`) {
		m[w] = true
	}
	return m
}()
