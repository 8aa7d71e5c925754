package classify

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bounce-explainer/bounce/classify/dsn"
	"github.com/bounce-explainer/bounce/classify/ndrtext"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
)

// This file holds the helpers the finders share to fill a recipient's
// fields from what a report says: addresses, codes, the remote server,
// the diagnostic.

// addressList returns the addresses of an address-list header value,
// tolerating the malformed lists bounces carry: every addr-spec in it, in
// order, once.
func addressList(v string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range ndrtext.Addresses(v) {
		key := strings.ToLower(x.Addr)
		if !seen[key] {
			seen[key] = true
			out = append(out, x.Addr)
		}
	}
	return out
}

// validAddress reports whether a is a mailbox address: something before
// and after one "@".
func validAddress(a string) bool {
	at := strings.LastIndexByte(a, '@')
	return at > 0 && at < len(a)-1 && !strings.ContainsAny(a, " /")
}

// maxDiagnostic bounds the length of a diagnostic shown to the reader.
const maxDiagnostic = 2000

// collapse folds white space runs into single spaces and bounds the length
// of a diagnostic. It reads no more of s than it keeps (strings.Fields
// would split a megabyte-long text into words first).
func collapse(s string) string {
	var b strings.Builder
	pending := false // a space is owed before the next word
	for i := 0; i < len(s) && b.Len() < maxDiagnostic; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
		} else {
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return firstN(b.String(), maxDiagnostic)
}

// blockText is a recipient's block without the address line's own noise:
// the explanation near the address when no line was recognised as an error.
func blockText(block, addr string) string {
	var keep []string
	for block != "" && len(keep) < 6 {
		l := block
		if i := strings.IndexByte(block, '\n'); i >= 0 {
			l, block = block[:i], block[i+1:]
		} else {
			block = ""
		}
		t := strings.TrimSpace(l)
		if t == "" || strings.Trim(t, "<>:") == addr {
			continue
		}
		keep = append(keep, t)
	}
	return strings.Join(keep, " ")
}

// remoteName returns the host of a "dns; mx.example.com" value.
func remoteName(v string) string {
	_, h := dsn.TypedValue(v)
	h = strings.TrimSpace(h)
	if i := strings.IndexAny(h, " ("); i > 0 {
		h = h[:i]
	}
	return strings.Trim(h, "[]<>.")
}

// remoteFromText finds the name of the server that answered in an error
// text: "host mx.example.com[192.0.2.1] said", "remote host 192.0.2.1 said".
func remoteFromText(s string) string {
	lower := ndrtext.LowerASCII(s) // offsets in lower are offsets in s
	for _, key := range []string{"remote host ", "host ", "talking to ", "server "} {
		i := strings.Index(lower, key)
		if i < 0 {
			continue
		}
		rest := s[i+len(key):]
		end := strings.IndexAny(rest, " [(:,;")
		if end < 0 {
			end = len(rest)
		}
		h := strings.Trim(rest[:end], ".<>")
		if strings.Contains(h, ".") && !strings.Contains(h, "@") {
			return h
		}
	}
	return ""
}

// codes fills in the status and reply code from the diagnostic, or from
// the recipient's text when the diagnostic has none.
func codes(r *Recipient, lines string) {
	// The remote server's own code, in its reply, is more specific than the
	// reporting server's summary in the Status field: when the reply
	// quotes another reply (a relay passing on the next hop's answer),
	// the innermost, last one is the origin.
	st := lastStatus(r.Diagnostic)
	if !st.Found() && (r.Status == "" || smtpcode.IsGeneric(r.Status)) {
		st = lastStatus(lines)
	}
	if st.Found() && (r.Status == "" || smtpcode.IsGeneric(r.Status) || !smtpcode.IsGeneric(st.Text)) {
		r.Status = st.Text
	}
	rc := smtpcode.Reply(r.Diagnostic)
	if !rc.Found() {
		rc = smtpcode.Reply(lines)
	}
	if rc.Found() {
		r.ReplyCode = rc.Text
	}
}

// lastStatus returns the last enhanced status code of s that is not a bare
// X.0.0, or the first code when all are.
func lastStatus(s string) smtpcode.Code {
	all := smtpcode.Statuses(s)
	for i := len(all) - 1; i >= 0; i-- {
		if !smtpcode.IsGeneric(all[i].Text) {
			return all[i]
		}
	}
	if len(all) > 0 {
		return all[0]
	}
	return smtpcode.Code{}
}

// kindOf derives a report's kind from its recipients' actions.
func kindOf(cs []candidate) string {
	failed, delayed, delivered := 0, 0, 0
	for _, c := range cs {
		switch c.rcpt.Action {
		case "delayed":
			delayed++
		case "delivered", "relayed", "expanded":
			delivered++
		default:
			failed++
		}
	}
	switch {
	case failed > 0:
		return KindFailure
	case delayed > 0:
		return KindDelay
	case delivered > 0:
		return KindDelivered
	}
	return KindFailure
}
