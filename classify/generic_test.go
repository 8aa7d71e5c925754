package classify

import (
	"testing"

	"github.com/bounce-explainer/bounce/classify/rules"
)

// genericLines are error lines in wording any mail server may write: no
// provider's host name, bracketed code, help URL or own turn of phrase.
// Each covers a reason of the vocabulary or wording that a provider entry
// once claimed for itself.
var genericLines = []string{
	// userunknown
	"550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown",
	"550 5.1.1 User unknown",
	"550 No such user here",
	"550 5.1.1 Mailbox does not exist",
	"550 5.1.1 Recipient not found",
	"550 Unknown user",
	"550 5.1.1 This user doesn't have an account here",
	"550 Invalid recipient",
	"550 5.1.1 Address rejected",
	"550 5.1.1 Bounced address",
	// mailboxfull
	"552 5.2.2 Mailbox full",
	"552 Mailbox is full",
	"452 4.2.2 Over quota",
	"452 4.2.2 Recipient overquota",
	"552 5.2.2 Quota exceeded",
	// suspend
	"550 5.2.1 Mailbox disabled",
	"550 This mailbox is disabled",
	"550 5.2.1 This account has been disabled",
	"550 5.2.1 Inactive email address",
	// rejected, filtered, policy
	"554 5.7.1 Message rejected",
	"550 Access denied",
	"451 4.7.1 Access denied, please try again later",
	"554 5.7.1 <jdoe@example.com>: Recipient address rejected: Access denied",
	"550 5.7.1 Mail sending denied",
	"550 5.7.1 Rejected due to policy restrictions",
	"550 Reject due to policy violations",
	"550 Reject due to policy restrictions",
	"451 4.7.1 Greylisted, please try again later",
	"550 Administrative reject",
	"554 Message not accepted for policy reasons",
	"550 Email rejected due to security policies",
	"550 Envelope blocked",
	"550 5.7.1 Your email address has been blocked",
	"550 5.7.1 Your domain has been blacklisted",
	"550 Sender not in allowed senders list",
	"550 5.7.1 Mail rejected by destination domain",
	// spam, virus, content
	"554 Message rejected as spam",
	"550 5.7.1 Spam detected",
	"554 5.7.1 Message rejected for spam or virus content",
	"550 5.7.1 Mail content denied",
	"550 5.7.1 Blocked for spamming issues",
	"554 5.7.0 Message contains a virus",
	"554 5.6.0 Bare line feeds not allowed",
	"550 Bare linefeeds are not allowed",
	"552 5.3.4 Message size exceeds fixed maximum message size",
	"552 5.3.4 Message too large for this recipient",
	"552 Message size exceeds maximum permitted",
	"421 4.7.0 Message header size limit exceeded",
	// blocked, reputation, rDNS
	"554 Blocked",
	"554 5.7.1 IP address is blacklisted",
	"421 4.7.0 IP temporarily blacklisted",
	"554 RBL reject",
	"554 5.7.1 Rejected: 192.0.2.1 found on one or more DNSBLs",
	"550 Rejected: 192.0.2.1 is in an RBL",
	"550 5.7.25 The sending IP address must have a reverse DNS record",
	"450 4.7.1 Rejected - no rDNS",
	"421 DNS check failure - try again later",
	"421 Service refused, please try later",
	// relaying
	"550 5.7.1 Relaying denied",
	"550 5.7.1 Unable to relay",
	"554 5.7.1 Relay access denied",
	"550 5.7.1 Mail relay denied",
	"550 5.7.1 Open relay not allowed",
	"550 5.7.1 Client was not authenticated",
	"550 5.7.1 Sender was not authenticated",
	// authentication
	"550 5.7.23 SPF validation failed",
	"550 5.7.26 Message failing both SPF and DKIM",
	"550 5.7.1 Message does not pass DMARC verification",
	"550 5.7.1 Your message was rejected due to the sender's DMARC policy",
	"550 5.7.1 Email rejected per DMARC policy",
	// rate limits, connections
	"421 Too many connections",
	"421 4.7.0 192.0.2.1 has exceeded the maximum number of connections",
	"421 4.7.0 Rate limit reached. Please try again later",
	"421 4.7.0 Deferred due to excessive volume",
	"450 4.7.1 Too many messages, slow down",
	"550 5.7.1 Message threshold exceeded",
	"550 5.4.5 Daily sending quota exceeded",
	"452 4.5.3 Too many recipients",
	"452 Your message has too many recipients",
	"451 4.7.1 Greylisted, try again after some time",
	// system and protocol errors
	"421 4.3.2 Service not available",
	"451 4.3.0 Temporary server error. Please try again later",
	"451 Temporary system problem. Try again later",
	"451 4.3.0 Mail server temporarily rejected message",
	"421 4.7.0 Try again later, closing connection",
	"421 4.4.2 Timeout - closing connection",
	"500 5.5.1 SMTP protocol violation",
	"502 5.5.1 Too many unrecognized commands, goodbye",
	"530 5.7.0 Must issue a STARTTLS command first",
	"530 5.7.0 STARTTLS is required to send mail",
	"550 5.4.6 Routing loop detected",
	// more wording that provider entries once claimed
	"552 5.2.2 Storage quota exceeded",
	"550 5.2.2 Submission quota exceeded",
	"421 4.7.0 Too many unauthenticated commands",
	"452 4.5.3 Too many recipients for this sender",
	"550 5.1.1 Recipient no longer on server",
	"550 5.1.1 unknown or illegal alias: jdoe@example.com",
	"Your message was not delivered within 5 days",
	"550 Spam message discarded",
	"550 You may not relay through this server without authentication",
	"550 5.7.1 Mail from unregistered domains is not accepted",
	"Message could not be delivered because the domain is not reachable",
	"550 5.7.1 This server does not accept email over IPv6",
	"550 5.7.1 Message must be RFC 5322 section 3.6.2 compliant",
	"530 5.7.0 Client not authenticated to send mail",
	"421 Trop de connexions",
	"553 5.7.1 Mail from not owned by user",
	"550 Adresse destinataire invalide",
	"421 4.7.0 Max message per connection reached, closing transmission channel",
	"452 4.2.1 The user is receiving mail too quickly",
	"421 Messages from 192.0.2.1 will be permanently deferred",
	"421 Messages from 192.0.2.1 temporarily deferred due to user complaints",
	"550 5.7.1 Unusual sending activity detected",
	"550 5.7.1 Email policy violation detected",
	"421 4.4.5 Server busy, try again later",
	"550 5.4.6 Message exceeded 50 hops",
	"554 5.7.1 Message rejected under suspicion of spam",
	"550 Sender verify failed",
	"421 Connection frequency limited",
	"550 Message cannot be delivered. This mailbox is disabled",
	"550 5.7.1 Very low reputation of the sending IP address",
	"550 5.7.26 The sending domain doesn't have a DMARC record",
	"554 5.6.0 Message is missing a valid Message-ID header",
	"550 5.7.1 Suspected spam IP",
	"550 SPF sender invalid",
	"451 Internal resources are temporarily unavailable",
	"554 ESMTP no data before greeting",
	"550 5.7.1 You are not allowed to send as this sender",
	"550 5.1.1 Mailbox unavailable, account is disabled",
	"554 5.7.9 Message not accepted for policy reasons",
	// moved, filtered, mailer and mailbox-limit wording
	"551 5.1.6 User not local; please try <jdoe@example.org>",
	"550 5.7.1 Recipient has blocked this sender",
	"550 Message refused by the recipient's filter rules",
	"554 5.3.0 Command died with status 1",
	"552 5.2.3 Message exceeds the size limit of this mailbox",
	// host and network
	"550 5.1.2 Host or domain name not found",
	"Connection timed out",
	"Connection refused",
	"553 5.1.3 Bad recipient address syntax",
}

// TestGenericLinesNoProvider keeps provider entries from claiming wording
// that any server writes: a generic line must be explained by a reason,
// status or reply entry, never under another provider's title. A provider
// entry's pattern should carry something only that provider writes (a host
// name, a bracketed code, a help URL, its own phrase).
func TestGenericLinesNoProvider(t *testing.T) {
	for _, line := range genericLines {
		rep := Classify([]byte(line))
		if len(rep.Recipients) == 0 {
			t.Errorf("%q: not recognised as a bounce (warnings %q)", line, rep.Warnings)
			continue
		}
		r := rep.Recipients[0]
		i := rules.ByID(r.Entry)
		if i < 0 {
			t.Errorf("%q: entry %q is not in the KB", line, r.Entry)
			continue
		}
		if e := rules.Entries[i]; e.Kind == "provider" {
			t.Errorf("%q: explained by provider entry %s (%s: %q); a generic line needs a reason, status or reply entry", line, e.ID, e.Provider, rules.Normalize(matched(line)))
		}
	}
}

// matched returns the pattern text that decided line, for the error
// message.
func matched(line string) string {
	m := rules.Best(rules.Normalize(line))
	if !m.Found() {
		return ""
	}
	s := ""
	for k, p := range rules.Patterns[m.Pattern].Pieces {
		if k > 0 {
			s += " * "
		}
		s += p
	}
	return s
}
