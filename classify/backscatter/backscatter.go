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

import (
	"regexp"
	"strings"
)

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
// verdict or a foreign Message-ID alone is common on real mail; a spam
// subject with nothing quoted, or two signs together, is not.
const (
	weightSpamVerdict = 1
	weightForeignID   = 1
	weightFirstHop    = 1
	weightSpamSubject = 2
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
	if f := get(o.Fields, "message-id"); from != "" && f.Value != "" {
		if host := idDomain(f.Value); host != "" && !related(host, from) && !knownSender(host) {
			add(weightForeignID, Signal{"Its Message-ID was made on " + host + ", not by " + from + ", the domain it claims to come from.", f.Start, f.End})
		}
	}
	if f, host := firstHop(o.Fields); from != "" && host != "" && !related(orgDomain(host), from) && !knownSender(host) && !submitted(o.Fields) {
		add(weightFirstHop, Signal{"It first entered the mail system at " + host + ", a host unrelated to " + from + ", with no sign of a login.", f.Start, f.End})
	}
	if !o.Present && spamSubject.MatchString(o.Subject) {
		add(weightSpamSubject, Signal{"No copy of the message came back, and its subject (“" + clip(o.Subject) + "”) is typical of spam.", -1, -1})
	}
	v.Suspected = score >= threshold
	if !v.Suspected {
		v.Signals = nil
	}
	return v
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

// receivedFrom is the host a Received line names after "from": its
// reverse-DNS name in parentheses when there is one, else the HELO name.
var receivedFrom = regexp.MustCompile(`(?i)^\s*from\s+([a-z0-9.-]+\.[a-z]{2,})\b(?:\s*\(([a-z0-9.-]+\.[a-z]{2,})[\s\[)])?`)

// firstHop is the earliest Received line (the last in the header) and the
// host it names.
func firstHop(fs []Field) (Field, string) {
	for i := len(fs) - 1; i >= 0; i-- {
		if !strings.EqualFold(strings.TrimSpace(fs[i].Name), "received") {
			continue
		}
		m := receivedFrom.FindStringSubmatch(fs[i].Value)
		if m == nil {
			return fs[i], ""
		}
		if m[2] != "" {
			return fs[i], strings.ToLower(m[2])
		}
		return fs[i], strings.ToLower(m[1])
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

// spamSubject matches subjects that spam runs use and people rarely write.
var spamSubject = regexp.MustCompile(`(?i)\b(viagra|cialis|casino|lottery|jackpot|you(?:'ve| have) won|winner|bitcoin|crypto ?currency|replica (?:watch|watches)|weight ?loss|pharmacy|payday loan|cheap (?:meds|pills)|enlarge|hot singles|dating|inheritance|beneficiary|urgent (?:business|reply)|dear friend)\b`)
