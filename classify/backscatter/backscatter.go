// Package backscatter judges whether a bounce is for mail the person never
// sent: spam sent by someone else with the person's address forged as the
// sender, whose bounces come back to them ("backscatter"). It reads the
// returned original's header fields, which the bounce quotes, and says why
// in plain words; a person told "you may not have sent this" then knows
// there is nothing to fix in their own mail.
//
// No single sign is proof: large senders write Message-IDs on other hosts,
// and a spam verdict also hits real mail. A bounce is suspected only when
// signs agree (see Judge).
package backscatter

import "strings"

// Field is one header field of the returned original, with where it is in
// the input (Start, End are -1 when the part was encoded and has no place).
type Field struct {
	Name, Value string
	Start, End  int
}

// Original is what a bounce tells of the message it returns.
type Original struct {
	Present bool    // the bounce quotes the original's header at all
	Fields  []Field // its header fields, in order
	Subject string  // the original's subject, from the fields or the bounce's text
}

// Signal is one sign of a forged sender, in plain words, and where it is.
type Signal struct {
	Text       string
	Start, End int
}

// Verdict is the judgement on one bounce.
type Verdict struct {
	Suspected bool
	Signals   []Signal
}

// weights of the signs; a bounce is suspected at threshold. A spam
// verdict, an origin unrelated to the From domain (a Message-ID made on
// another host, a first hop at a stranger's host: one sign, since the same
// server usually writes both) or one spam word in the subject is common on
// real mail, so each weighs 1 and two must agree. A subject full of spam
// words with no copy of the message returned weighs 2: there is nothing
// else to read.
const (
	weightSpamVerdict = 1
	weightOrigin      = 1
	weightSpamSubject = 1
	weightHomeHop     = 1
	weightAuthFail    = 1
	threshold         = 2
)

// Judge weighs the signs in o.
func Judge(o Original) Verdict {
	var v Verdict
	score := 0
	add := func(w int, s Signal) {
		score += w
		v.Signals = append(v.Signals, s)
	}
	from := orgDomain(addressDomain(get(o.Fields, "from").Value))
	if f, ok := spamVerdict(o.Fields); ok {
		add(weightSpamVerdict, Signal{"The returned message carries a spam verdict (" + strings.TrimSpace(f.Name) + ": " + clip(f.Value) + ").", f.Start, f.End})
	}
	origin := 0
	if f := get(o.Fields, "message-id"); from != "" && f.Value != "" {
		if host := idDomain(f.Value); strings.Contains(host, ".") && !related(host, from) && !knownSender(host) {
			origin = weightOrigin
			v.Signals = append(v.Signals, Signal{"Its Message-ID was made on " + host + ", not by " + from + ", the domain it claims to come from.", f.Start, f.End})
		}
	}
	if f, host := firstHop(o.Fields); from != "" && host != "" && !local(host) && !related(orgDomain(host), from) && !knownSender(host) && !submitted(o.Fields) {
		origin = weightOrigin
		v.Signals = append(v.Signals, Signal{"It first entered the mail system at " + host + ", a host unrelated to " + from + ", with no sign of a login.", f.Start, f.End})
	}
	score += origin
	if f, host := firstHop(o.Fields); origin > 0 && residential(host) && !submitted(o.Fields) {
		add(weightHomeHop, Signal{"The host it came from, " + host + ", is named like a home or dial-up connection, which sends mail for no domain.", f.Start, f.End})
	}
	if f, ok := authFail(o.Fields); ok {
		add(weightAuthFail, Signal{"The receiving server's check of the sender failed (" + strings.TrimSpace(f.Name) + ": " + clip(f.Value) + ").", f.Start, f.End})
	}
	switch w := spamSubject(o.Subject); {
	case !o.Present && w > 0:
		add(w, Signal{"No copy of the message came back, and its subject (“" + clip(o.Subject) + "”) is typical of spam.", -1, -1})
	case w == 2:
		// With the original to read, one everyday word ("dating") is
		// too weak to count; a strong word or two words are not.
		add(weightSpamSubject, Signal{"Its subject (“" + clip(o.Subject) + "”) is typical of spam.", -1, -1})
	}
	v.Suspected = score >= threshold
	if !v.Suspected {
		v.Signals = nil
	}
	return v
}

// homeLabels start the labels of host names that providers give home and
// dial-up connections (dsl-203-0-113-9.example.net).
var homeLabels = []string{"dsl", "adsl", "vdsl", "xdsl", "dyn", "dhcp", "pool", "ppp", "cable", "dial", "broadband", "cpe", "dip", "pppoe"}

// residential reports a host named like a home or dial-up connection: a
// label from homeLabels, or its IP address written into the name.
func residential(host string) bool {
	numeric := 0
	for _, l := range strings.FieldsFunc(host, func(r rune) bool { return r == '.' || r == '-' }) {
		if isDigits(l) {
			numeric++
			continue
		}
		for _, h := range homeLabels {
			if strings.HasPrefix(l, h) && (len(l) == len(h) || isDigits(l[len(h):])) {
				return true
			}
		}
	}
	return numeric >= 3
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// authFail finds a failed sender check on the original, as the server that
// received it wrote it: SPF fail or softfail, or DMARC fail.
func authFail(fs []Field) (Field, bool) {
	for _, f := range fs {
		name := strings.ToLower(strings.TrimSpace(f.Name))
		val := strings.ToLower(f.Value)
		switch {
		case name == "received-spf" && (strings.HasPrefix(val, "fail") || strings.HasPrefix(val, "softfail")):
			return f, true
		case name == "authentication-results" && (strings.Contains(val, "spf=fail") || strings.Contains(val, "spf=softfail") || strings.Contains(val, "dmarc=fail")):
			return f, true
		}
	}
	return Field{}, false
}

// local reports a host name of the sending machine itself: mail handed
// over on the machine it was written on says nothing about forgery.
// So does a name in a private network's own top-level domain
// (ip-10-0-0-5.ec2.internal): the sender's own infrastructure.
func local(host string) bool {
	if host == "localhost" || strings.HasPrefix(host, "localhost.") || !strings.Contains(host, ".") {
		return true
	}
	for _, tld := range []string{".internal", ".local", ".localdomain", ".lan", ".home.arpa", ".corp", ".intranet"} {
		if strings.HasSuffix(host, tld) {
			return true
		}
	}
	return false
}

// get returns the first field named name (case-insensitive).
func get(fs []Field, name string) Field {
	for _, f := range fs {
		if strings.EqualFold(strings.TrimSpace(f.Name), name) {
			return f
		}
	}
	return Field{Start: -1, End: -1}
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}

// spamVerdict finds a content filter's "this is spam" on the original.
func spamVerdict(fs []Field) (Field, bool) {
	for _, f := range fs {
		name := strings.ToLower(strings.TrimSpace(f.Name))
		val := strings.ToLower(strings.TrimSpace(f.Value))
		switch name {
		case "x-spam-flag", "x-spam":
			if strings.HasPrefix(val, "yes") || strings.HasPrefix(val, "true") {
				return f, true
			}
		case "x-spam-status":
			if strings.HasPrefix(val, "yes") {
				return f, true
			}
		}
	}
	return Field{}, false
}

// addressDomain is the domain of the address in a From value, written
// "Name <local@domain>" or bare. (net/mail would do, but pulls the net
// package into the WebAssembly build.)
func addressDomain(v string) string {
	if lt := strings.LastIndexByte(v, '<'); lt >= 0 {
		v = v[lt+1:]
		if gt := strings.IndexByte(v, '>'); gt >= 0 {
			v = v[:gt]
		}
	}
	at := strings.LastIndexByte(v, '@')
	if at < 0 {
		return ""
	}
	d := v[at+1:]
	if end := strings.IndexAny(d, " \t,;>)\""); end >= 0 {
		d = d[:end]
	}
	return strings.ToLower(d)
}

// idDomain is the right-hand side of a Message-ID.
func idDomain(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, '>'); i >= 0 {
		v = v[:i]
	}
	at := strings.LastIndexByte(v, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(v[at+1:], "<>[] \t"))
}

// related reports whether host belongs to the organisation domain org.
func related(host, org string) bool {
	host = strings.ToLower(host)
	return host == org || strings.HasSuffix(host, "."+org)
}

// secondLevel are public suffixes of two labels, under which an
// organisation's domain has three (example.co.uk).
var secondLevel = map[string]bool{
	"co.uk": true, "org.uk": true, "ac.uk": true, "gov.uk": true, "com.au": true, "net.au": true, "org.au": true,
	"co.jp": true, "ne.jp": true, "or.jp": true, "ac.jp": true, "co.nz": true, "com.br": true, "com.cn": true,
	"com.tw": true, "co.kr": true, "co.in": true, "co.za": true, "com.mx": true, "com.ar": true, "com.tr": true,
}

// orgDomain is a host's organisational domain: its last two labels, or
// three under a two-label public suffix.
func orgDomain(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	labels := strings.Split(host, ".")
	n := 2
	if len(labels) >= 3 && secondLevel[strings.Join(labels[len(labels)-2:], ".")] {
		n = 3
	}
	if len(labels) < n {
		return host
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

// knownSenders are the hosts that write Message-IDs and first Received
// lines for mail their customers send from their own domains.
var knownSenders = []string{
	"gmail.com", "google.com", "googlemail.com", "outlook.com", "exchangelabs.com", "office365.com",
	"microsoft.com", "hotmail.com", "yahoo.com", "yahoo.co.jp", "aol.com", "icloud.com", "me.com", "apple.com",
	"zoho.com", "zohomail.com", "protonmail.ch", "proton.me", "fastmail.com", "messagingengine.com",
	"amazonses.com", "sendgrid.net", "mailgun.org", "mailgun.net", "mandrillapp.com", "mcsv.net",
	"mailchimp.com", "sparkpostmail.com", "mtasv.net", "postmarkapp.com", "mailjet.com", "sendinblue.com",
	"brevo.com", "hubspot.com", "salesforce.com", "exacttarget.com", "gmx.net", "web.de", "ionos.com",
}

func knownSender(host string) bool {
	for _, k := range knownSenders {
		if related(host, k) {
			return true
		}
	}
	return false
}

// receivedFrom is the host a Received value names after "from": its
// reverse-DNS name in parentheses when there is one, else the HELO name.
// (Written by hand: regexp would enter the WebAssembly build.)
func receivedFrom(v string) (host string, ok bool) {
	f := strings.Fields(strings.ToLower(v))
	if len(f) < 2 || f[0] != "from" {
		return "", false
	}
	helo := hostName(f[1])
	if len(f) > 2 && strings.HasPrefix(f[2], "(") {
		if rdns := hostName(strings.TrimLeft(f[2], "(")); rdns != "" {
			return rdns, true
		}
	}
	return helo, helo != ""
}

// hostName is s when it is a dotted host name ending in a two-letter or
// longer label, with trailing punctuation taken off; else "".
func hostName(s string) string {
	s = strings.TrimRight(s, ")];,")
	dot := strings.LastIndexByte(s, '.')
	if dot <= 0 || len(s)-dot-1 < 2 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z'
		if i > dot && !letter {
			return ""
		}
		if !letter && !(c >= '0' && c <= '9') && c != '.' && c != '-' {
			return ""
		}
	}
	return s
}

// firstHop is the earliest Received line (the last in the header) and the
// host it names.
func firstHop(fs []Field) (Field, string) {
	for i := len(fs) - 1; i >= 0; i-- {
		if !strings.EqualFold(strings.TrimSpace(fs[i].Name), "received") {
			continue
		}
		host, _ := receivedFrom(fs[i].Value)
		return fs[i], host
	}
	return Field{}, ""
}

// submitted reports a Received line of an authenticated submission: the
// person's own server taking mail from them after a login.
func submitted(fs []Field) bool {
	for _, f := range fs {
		if !strings.EqualFold(strings.TrimSpace(f.Name), "received") {
			continue
		}
		v := strings.ToLower(f.Value)
		if strings.Contains(v, "esmtpsa") || strings.Contains(v, "esmtpa") || strings.Contains(v, "authenticated") || strings.Contains(v, "with http") {
			return true
		}
	}
	return false
}

// spamWords are words and phrases that spam runs put in subjects and
// people rarely write; strongSpamWords are rarer still in real mail.
var (
	strongSpamWords = []string{
		"viagra", "cialis", "casino", "lottery", "jackpot", "you've won", "you have won", "replica watch",
		"payday loan", "cheap meds", "cheap pills", "hot singles", "penis", "enlargement",
	}
	spamWords = []string{
		"winner", "bitcoin", "cryptocurrency", "crypto currency", "weight loss", "weightloss", "pharmacy",
		"enlarge", "dating", "inheritance", "beneficiary", "urgent business", "urgent reply", "dear friend",
		"prize", "million dollars", "wire transfer",
	}
)

// spamSubject weighs a subject by its spam words (whole words only): 2
// for a strong word or two others, 1 for one other, else 0.
func spamSubject(subject string) int {
	s := strings.ToLower(subject)
	n := 0
	for _, w := range strongSpamWords {
		if hasWord(s, w) {
			return 2
		}
	}
	for _, w := range spamWords {
		if hasWord(s, w) {
			n++
		}
	}
	return min(n, 2)
}

// hasWord reports whether w occurs in s as whole words.
func hasWord(s, w string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		if !wordByte(s, i-1) && !wordByte(s, i+len(w)) {
			return true
		}
		from = i + 1
	}
}

// wordByte reports whether s[i] is a letter or digit (false outside s).
func wordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}
