package classify

import (
	"fmt"
	"strings"

	"github.com/bounce-explainer/bounce/classify/dsn"
	"github.com/bounce-explainer/bounce/classify/jsonevent"
	"github.com/bounce-explainer/bounce/classify/mimewalk"
	"github.com/bounce-explainer/bounce/classify/ndrtext"
	"github.com/bounce-explainer/bounce/classify/rules"
	"github.com/bounce-explainer/bounce/classify/smtpcode"
)

// analysis holds one input while it is being explained.
type analysis struct {
	orig  []byte // the input as given, for evidence offsets
	data  []byte // the input with line breaks normalised to LF
	text  string // the same, as a string
	drops []int  // offsets in text where a CR was removed
	body  int    // offset in text where the top-level body starts
	hint  int    // where in text to look first for a recipient's evidence
	// groupOffs holds, for each DSN recipient group in order, where it
	// starts in the normalised input (-1 when its part was encoded).
	groupOffs []int
	segs      []segment

	from, to, subject string
	senders           map[string]bool // the bounce's addressee and the original author
}

// segment maps a stretch of the explanation text (the bounce's text parts
// joined) back to the input: verbatim parts map byte for byte, decoded ones
// only to where the part starts.
type segment struct {
	exp, off int // start in the explanation; start in the normalised input
	n        int // length
	verbatim bool
}

// verbatimRange maps an explanation offset to the normalised input, with
// the end of its part, when the part was copied verbatim.
func (a *analysis) verbatimRange(i int) (from, to int, ok bool) {
	for k := len(a.segs) - 1; k >= 0; k-- {
		sg := a.segs[k]
		if i >= sg.exp {
			if !sg.verbatim || i > sg.exp+sg.n {
				return 0, 0, false
			}
			return sg.off + i - sg.exp, sg.off + sg.n, true
		}
	}
	return 0, 0, false
}

// saysNothing reports whether a report has no recipient with a reason.
func saysNothing(rep *Report) bool {
	for _, r := range rep.Recipients {
		if r.Reason != "undefined" {
			return false
		}
	}
	return true
}

// expOffset maps an offset in the explanation to the normalised input.
func (a *analysis) expOffset(i int) int {
	for k := len(a.segs) - 1; k >= 0; k-- {
		sg := a.segs[k]
		if i >= sg.exp {
			if sg.verbatim {
				return sg.off + i - sg.exp
			}
			return sg.off
		}
	}
	return a.body
}

func newAnalysis(orig, in []byte) *analysis {
	data, drops := normalizeNewlines(in)
	return &analysis{orig: orig, data: data, text: string(data), drops: drops, senders: map[string]bool{}}
}

func (a *analysis) run(rep *Report) {
	// A pasted message often starts with a blank line or two.
	start := 0
	for start < len(a.text) && (a.text[start] == '\n' || a.text[start] == ' ' || a.text[start] == '\t') {
		start++
	}
	if looksLikeMessage(a.text[start:]) {
		a.message(rep, start, len(a.text), 0)
		return
	}
	a.pasted(rep)
}

// looksLikeMessage reports whether text starts with a mail header: its
// first line is a header field and the block before the first empty line
// holds a field every message has.
func looksLikeMessage(text string) bool {
	if strings.HasPrefix(text, "From ") {
		// An mbox separator line before the header.
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			text = text[i+1:]
		}
	}
	end := strings.Index(text, "\n\n")
	if end < 0 {
		end = len(text)
	}
	if end > 256<<10 {
		end = 256 << 10
	}
	block := text[:end]
	first := block
	if i := strings.IndexByte(block, '\n'); i >= 0 {
		first = block[:i]
	}
	if !isField(first) {
		return false
	}
	for pos := 0; pos < len(block); {
		e := strings.IndexByte(block[pos:], '\n')
		if e < 0 {
			e = len(block)
		} else {
			e += pos
		}
		for _, f := range messageFields {
			if hasPrefixFold(block[pos:e], f) {
				return true
			}
		}
		pos = e + 1
	}
	return false
}

// messageFields are header fields every real message has one of.
var messageFields = []string{"from:", "received:", "return-path:", "content-type:", "subject:", "date:", "message-id:", "mime-version:", "delivered-to:", "x-failed-recipients:"}

// hasPrefixFold reports whether s starts with prefix (lower case),
// ignoring ASCII case, without allocating.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isField(line string) bool {
	c := strings.IndexByte(line, ':')
	if c <= 0 || c > 60 {
		return false
	}
	for i := 0; i < c; i++ {
		ch := line[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
			return false
		}
	}
	return true
}

// message explains a whole message: DSN, feedback report, auto-reply or a
// text bounce.
func (a *analysis) message(rep *Report, start, end, depth int) {
	msg := mimewalk.Walk(a.text[start:end], mimewalk.DefaultLimits)
	rep.Warnings = append(rep.Warnings, msg.Warnings...)
	a.body = start + msg.Body
	a.hint = a.body
	var explanation string
	defer func() {
		if !saysNothing(rep) || depth >= 3 {
			return
		}
		restart := func(from, to int) {
			w := rep.Warnings
			*rep = Report{Kind: KindUnknown, Recipients: []Recipient{}, Warnings: w}
			rep.Warnings = append(rep.Warnings, "the bounce was found inside a forwarded message")
			a.senders = map[string]bool{}
			a.message(rep, from, to, depth+1)
		}
		// A bounce forwarded as an attachment: explain the attached one.
		for _, p := range msg.Parts {
			if p.Inner != nil && p.Type != "text/rfc822-headers" && looksLikeBounce(*p.Inner) {
				restart(start+p.Offset, start+p.End)
				return
			}
		}
		// A bounce forwarded inline, below the forwarder's own words.
		cut := ndrtext.Cut(explanation)
		if cut >= len(explanation) {
			return
		}
		rest := cut
		if i := strings.IndexByte(explanation[rest:], '\n'); i >= 0 {
			rest += i + 1
		}
		for rest < len(explanation) && explanation[rest] == '\n' {
			rest++
		}
		if !looksLikeMessage(explanation[rest:]) {
			return
		}
		if h, _ := mimewalk.ParseHeader(explanation[rest:], 0); !looksLikeBounce(h) {
			return
		}
		if from, to, ok := a.verbatimRange(rest); ok {
			restart(from, to)
			return
		}
		// The forwarder's part was decoded (charset, transfer encoding):
		// read the inner bounce from the decoded text. Evidence is then
		// found by searching the input for the words that decided.
		sub := newAnalysis(a.orig, []byte(explanation[rest:]))
		sub.drops = nil
		w := rep.Warnings
		*rep = Report{Kind: KindUnknown, Recipients: []Recipient{}, Warnings: w}
		rep.Warnings = append(rep.Warnings, "the bounce was found inside a forwarded message")
		sub.message(rep, 0, len(sub.text), depth+1)
	}()
	h := msg.Header
	a.from = mimewalk.DecodeHeader(h, "From")
	a.to = mimewalk.DecodeHeader(h, "To")
	a.subject = mimewalk.DecodeHeader(h, "Subject")
	rep.Subject = a.subject
	for _, x := range addressList(a.to) {
		a.senders[strings.ToLower(x)] = true
	}

	var dsnParts, texts, htmls []string
	var dsnOffs []int
	var textParts, htmlParts []mimewalk.Part
	var feedback string
	var inner *mimewalk.Header
	for _, p := range msg.Parts {
		switch {
		case p.Type == "message/delivery-status" || p.Type == "message/global-delivery-status":
			dsnParts = append(dsnParts, p.Text)
			off := -1
			if p.Verbatim {
				off = start + p.Offset
			}
			dsnOffs = append(dsnOffs, off)
		case p.Type == "message/feedback-report":
			feedback = p.Text
		case p.Inner != nil:
			if inner == nil {
				inner = p.Inner
			}
		case p.Type == "text/html":
			htmls = append(htmls, p.Text) // reduced to text only if needed
			htmlParts = append(htmlParts, p)
		case strings.HasPrefix(p.Type, "text/") || p.Type == "application/octet-stream":
			texts = append(texts, p.Text)
			textParts = append(textParts, p)
		}
	}
	if len(texts) == 0 {
		texts, textParts = htmls, htmlParts
		for i := range textParts {
			texts[i] = htmlText(texts[i])
			textParts[i].Verbatim = false
		}
	}
	explanation = strings.Join(texts, "\n\n")
	a.segs = a.segs[:0]
	for i, exp := 0, 0; i < len(texts); i++ {
		a.segs = append(a.segs, segment{exp: exp, off: start + textParts[i].Offset, n: len(texts[i]), verbatim: textParts[i].Verbatim})
		exp += len(texts[i]) + 2
	}
	if inner == nil {
		// A text bounce carries the original message inline after a
		// marker line: its header gives the original From, To, Subject.
		cut := ndrtext.Cut(explanation)
		if cut < len(explanation) {
			rest := explanation[cut:]
			if i := strings.IndexByte(rest, '\n'); i >= 0 {
				rest = rest[i+1:]
			}
			rest = strings.TrimLeft(rest, "\n")
			if looksLikeMessage(rest) || isField(firstLine(rest)) {
				ih, _ := mimewalk.ParseHeader(rest, 0)
				inner = &ih
			}
		}
	}
	if inner != nil {
		rep.Original = Original{
			From:      mimewalk.DecodeHeader(*inner, "From"),
			To:        mimewalk.DecodeHeader(*inner, "To"),
			Subject:   mimewalk.DecodeHeader(*inner, "Subject"),
			MessageID: strings.TrimSpace(inner.Get("Message-Id")),
		}
		for _, x := range addressList(rep.Original.From) {
			a.senders[strings.ToLower(x)] = true
		}
	}
	for _, x := range addressList(strings.Trim(h.Get("Return-Path"), " ")) {
		a.senders[strings.ToLower(x)] = true
	}

	mta := ndrtext.MTA(msg.Names+headerText(h), firstN(explanation, 512))
	rep.MTA = mta
	ctype, params := h.ContentType()

	// 0. A sending service's JSON notification sent by mail.
	if ev, ok := jsonevent.Find(explanation); ok {
		a.fromEvent(rep, ev)
		return
	}
	// 1. Feedback report (RFC 5965).
	if feedback != "" || (ctype == "multipart/report" && strings.EqualFold(params["report-type"], "feedback-report")) ||
		inner != nil && containsAny(strings.ToLower(a.subject), feedbackSubjects) {
		a.feedback(rep, feedback, rep.Original, "")
		return
	}
	// 2. Delivery status notification (RFC 3464).
	var groups []dsn.Group
	var perMsg dsn.Group
	a.groupOffs = a.groupOffs[:0]
	for i, d := range dsnParts {
		r := dsn.Parse(d)
		groups = append(groups, r.Recipients...)
		perMsg = append(perMsg, r.Message...)
		for _, g := range r.Recipients {
			off := -1
			if dsnOffs[i] >= 0 && len(g) > 0 {
				off = dsnOffs[i] + g[0].Start
			}
			a.groupOffs = append(a.groupOffs, off)
		}
	}
	if len(groups) == 0 && strings.Contains(strings.ToLower(explanation), "final-recipient:") {
		// A DSN pasted or forwarded as plain text.
		r := dsn.Parse(explanation[:ndrtext.Cut(explanation)])
		groups, perMsg = r.Recipients, r.Message
	}
	if len(groups) > 0 && !dsnNeedsText(groups) {
		// Every recipient's Diagnostic-Code says all there is to say: the
		// human-readable part need not be read line by line.
		a.fromDSN(rep, groups, perMsg, explanation, ndrtext.Result{End: len(explanation)}, addressList(strings.Join(h.Values("X-Failed-Recipients"), ",")))
		return
	}
	find := ndrtext.Find(explanation, ndrtext.Options{IsError: isErrorLine, Sender: a.isSender})
	if len(groups) > 0 {
		a.fromDSN(rep, groups, perMsg, explanation, find, addressList(strings.Join(h.Values("X-Failed-Recipients"), ",")))
		return
	}
	// 3. A one-click unsubscribe request or a complaint sent as a plain
	// message.
	for _, k := range feedbackHeaders {
		if h.Has(k) {
			a.feedback(rep, "", rep.Original, k)
			return
		}
	}
	// 4. Not a bounce but an automatic reply (RFC 3834).
	bounceish := a.bounceSigns(h, ctype)
	if !bounceish && isAutoReply(h, a.subject) {
		a.autoreply(rep, h, explanation)
		return
	}
	if !bounceish && len(find.Errors) == 0 {
		return
	}
	// 5. A text bounce.
	failed := addressList(strings.Join(h.Values("X-Failed-Recipients"), ","))
	a.fromText(rep, explanation, find, failed, rep.Original)
	if len(rep.Recipients) == 0 && (ctype == "multipart/report" || len(failed) > 0) {
		// Certainly a delivery report, but one that names no error: say
		// so, for the one recipient of the returned message if there is
		// exactly one.
		to := failed
		if len(to) == 0 {
			to = addressList(rep.Original.To)
		}
		if len(to) == 1 {
			r := Recipient{Address: to[0], Action: "failed"}
			a.explain(&r)
			rep.Recipients = append(rep.Recipients, r)
			rep.Bounce, rep.Kind = true, KindFailure
			rep.Warnings = append(rep.Warnings, "this is a delivery report, but it does not say why delivery failed; the recipient is the returned message's addressee")
		}
	}
	if !bounceish && len(rep.Recipients) > 0 && !hasCodes(explanation[:find.End]) && !containsAny(strings.ToLower(explanation[:find.End]), bounceBodyPhrases) {
		// Error-like words in an ordinary message are not a bounce.
		rep.Recipients = rep.Recipients[:0]
		rep.Kind = KindUnknown
	}
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func firstOf(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[0]
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// headerText is what of a header tells who wrote a report: the values of
// the few fields that name software or a provider.
func headerText(h mimewalk.Header) string {
	var b strings.Builder
	// Not Received: those name the servers the report passed through on
	// its way back, often the sender's own, not the one that wrote it.
	for _, k := range []string{"From", "Subject", "X-Mailer", "Message-Id"} {
		for _, v := range h.Values(k) {
			b.WriteString(firstN(v, 200))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func hasCodes(s string) bool {
	return smtpcode.Status(s).Found() || smtpcode.Reply(s).Class() >= '4'
}

// looksLikeBounce reports whether an attached message's header is that of a
// delivery report.
func looksLikeBounce(h mimewalk.Header) bool {
	ct, params := h.ContentType()
	if ct == "multipart/report" && !strings.EqualFold(params["report-type"], "feedback-report") || h.Has("X-Failed-Recipients") {
		return true
	}
	from := strings.ToLower(h.Get("From"))
	for _, s := range bounceSenders {
		if strings.Contains(from, s) {
			return true
		}
	}
	return false
}

// bounceSigns reports whether the header says this is a delivery report.
func (a *analysis) bounceSigns(h mimewalk.Header, ctype string) bool {
	if ctype == "multipart/report" || h.Has("X-Failed-Recipients") {
		return true
	}
	from := strings.ToLower(a.from)
	for _, s := range bounceSenders {
		if strings.Contains(from, s) {
			return true
		}
	}
	subj := strings.ToLower(a.subject)
	for _, s := range bounceSubjects {
		if strings.Contains(subj, s) {
			return true
		}
	}
	return false
}

func isAutoReply(h mimewalk.Header, subject string) bool {
	for _, k := range autoReplyHeaders {
		if h.Has(k) {
			return true
		}
	}
	as := strings.ToLower(h.Get("Auto-Submitted"))
	prec := strings.ToLower(h.Get("Precedence"))
	subj := strings.ToLower(subject)
	subjectSays := false
	for _, s := range autoReplySubjects {
		if strings.Contains(subj, s) {
			subjectSays = true
		}
	}
	if strings.HasPrefix(as, "auto-replied") || prec == "auto_reply" {
		return true
	}
	for _, p := range autoReplyPrefixes {
		if strings.HasPrefix(subj, p) {
			return true
		}
	}
	return subjectSays && (as != "" && as != "no" || prec == "bulk" || prec == "junk" || h.Has("In-Reply-To") || h.Has("References"))
}

func (a *analysis) isSender(addr string) bool {
	return a.senders[strings.ToLower(addr)]
}

// isErrorLine reports whether a line of a bounce's text states an error: it
// carries a 4xx/5xx code or a phrase the knowledge base knows.
func isErrorLine(line string) bool {
	if len(strings.TrimSpace(line)) < 3 {
		return false
	}
	if st := smtpcode.Status(line); st.Found() && st.Class() != '2' && smtpcode.InContext(line, st) {
		return true
	}
	if rc := smtpcode.Reply(line); rc.Found() && rc.Class() != '2' && smtpcode.InContext(line, rc) {
		return true
	}
	return rules.Best(rules.Normalize(line)).Found()
}

// onlyCode reports text that is nothing but one code, or a reply code and
// an enhanced status code: "552", "5.7.26", "550 5.1.1".
func onlyCode(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 {
		return false
	}
	for _, w := range f {
		if !(len(w) == 3 && smtpcode.Reply(w).Found() || smtpcode.Status(w).Text == w) {
			return false
		}
	}
	return true
}

// credibleCode reports whether s has a code that stands where and with
// what servers write codes (smtpcode.InContext), or words the knowledge
// base knows: a number in ordinary text ("550 kg of flour") is not a reply.
func credibleCode(s string) bool {
	if onlyCode(s) {
		return true // a code typed alone, to look it up
	}
	for _, c := range smtpcode.Replies(s) {
		if smtpcode.InContext(s, c) {
			return true
		}
	}
	for _, c := range smtpcode.Statuses(s) {
		if smtpcode.InContext(s, c) {
			return true
		}
	}
	return rules.Best(rules.Normalize(s)).Found()
}

// addressList returns the addresses of an address-list header value,
// tolerating the malformed lists bounces carry: every addr-spec in it, in
// order, once.
func addressList(v string) []string {
	var out []string
	for _, x := range ndrtext.Addresses(v) {
		dup := false
		for _, o := range out {
			dup = dup || strings.EqualFold(o, x.Addr)
		}
		if !dup {
			out = append(out, x.Addr)
		}
	}
	return out
}

// fromDSN builds recipients from delivery-status groups, completed with the
// human-readable text where the machine-readable part says little.
func (a *analysis) fromDSN(rep *Report, groups []dsn.Group, perMsg dsn.Group, explanation string, find ndrtext.Result, failed []string) {
	byAddr := map[string]*ndrtext.Recipient{}
	for i := range find.Recipients {
		byAddr[strings.ToLower(find.Recipients[i].Address)] = &find.Recipients[i]
	}
	reporting := remoteName(perMsg.Get("reporting-mta"))
	seen := map[string]int{}
	for gi, g := range groups {
		a.hint = a.body
		if gi < len(a.groupOffs) && a.groupOffs[gi] >= 0 {
			a.hint = a.groupOffs[gi]
		}
		addr := dsn.Address(g.Get("final-recipient"))
		if !validAddress(addr) {
			// A local delivery path or a bare "@host": the recipient's
			// address is elsewhere.
			switch {
			case validAddress(dsn.Address(g.Get("original-recipient"))):
				addr = dsn.Address(g.Get("original-recipient"))
			case validAddress(dsn.Address(g.Get("x-actual-recipient"))):
				addr = dsn.Address(g.Get("x-actual-recipient"))
			case len(groups) == 1 && len(failed) == 1:
				addr = failed[0]
			case len(groups) == 1 && len(find.Recipients) == 1:
				addr = find.Recipients[0].Address
			}
		}
		r := Recipient{Address: addr}
		if f := strings.Fields(g.Get("action")); len(f) > 0 {
			r.Action = strings.ToLower(f[0])
		}
		if st := smtpcode.Status(g.Get("status")); st.Found() {
			r.Status = st.Text
		}
		r.RemoteMTA = remoteName(g.Get("remote-mta"))
		diagType, diag := dsn.TypedValue(g.Get("diagnostic-code"))
		r.Diagnostic = collapse(diag)
		var spans []ndrtext.Span
		t := byAddr[strings.ToLower(addr)]
		if t != nil {
			spans = t.Lines
		} else if len(groups) == 1 && len(find.Errors) > 0 {
			spans = find.Errors
		}
		textLines := logicalLines(explanation, spans)
		if len(textLines) == 0 && t != nil && t.Block.End > t.Block.Start && r.Diagnostic == "" {
			// No recognised error line, no Diagnostic-Code: the words next
			// to the address in the text part are all there is.
			if b := blockText(explanation[t.Block.Start:t.Block.End], addr); b != "" {
				textLines = []string{b}
			}
		}
		lines := strings.Join(textLines, " ")
		// The text part may say more than the Diagnostic-Code field (or
		// the field may be missing): the field decides when it matches a
		// pattern, the text otherwise.
		own, rest := ownFirst(textLines, addr)
		var tiers [][]string
		if r.Diagnostic == "" {
			r.Diagnostic = collapse(lines)
		} else {
			tiers = append(tiers, []string{r.Diagnostic})
		}
		tiers = append(tiers, own, rest)
		if r.RemoteMTA == "" && r.Diagnostic != "" {
			r.RemoteMTA = remoteFromText(r.Diagnostic)
		}
		_ = reporting
		a.codes(&r, lines)
		r.Command = ndrtext.Command(r.Diagnostic + " " + lines)
		if !a.explain(&r, tiers...) && diagType == "x-unix" {
			// The diagnostic is a local delivery program's exit status
			// (RFC 3464 "X-Unix"): the program failed, whatever the code.
			if e := rules.ByID("mailererror"); e >= 0 {
				r.Evidence = nil
				a.setEntry(&r, e, a.locate("x-unix", a.hint))
				r.Hard = r.Hard && !soft(&r)
			}
		}
		if k, ok := seen[strings.ToLower(addr)]; ok && addr != "" {
			// The same recipient twice (Original- and Final-Recipient in
			// two groups): keep the more telling one.
			if rep.Recipients[k].Diagnostic == "" && r.Diagnostic != "" {
				rep.Recipients[k] = r
			}
			continue
		}
		seen[strings.ToLower(addr)] = len(rep.Recipients)
		rep.Recipients = append(rep.Recipients, r)
	}
	rep.Bounce = true
	rep.Kind = kindOf(rep.Recipients)
}

// dsnNeedsText reports whether any recipient group needs the text part to
// be explained: its address, diagnostic, codes or verdict are incomplete,
// or its verdict depends on the SMTP command, which only the text names.
func dsnNeedsText(groups []dsn.Group) bool {
	for _, g := range groups {
		if !validAddress(dsn.Address(g.Get("final-recipient"))) {
			return true
		}
		_, diag := dsn.TypedValue(g.Get("diagnostic-code"))
		st := smtpcode.Status(g.Get("status"))
		if diag == "" || !st.Found() || !smtpcode.Reply(diag).Found() {
			return true
		}
		m, _ := bestOf([]string{diag})
		if !m.Found() {
			return true
		}
		switch e := rules.Entries[m.Entry]; {
		case e.Kind == "reply", e.Reason == "userunknown", e.Reason == "hostunknown", e.Reason == "securityerror":
			return true
		}
	}
	return false
}

// validAddress reports whether a is a mailbox address: something before
// and after one "@".
func validAddress(a string) bool {
	at := strings.LastIndexByte(a, '@')
	return at > 0 && at < len(a)-1 && !strings.ContainsAny(a, " /")
}

// kindOf derives the report's kind from its recipients' actions.
func kindOf(rs []Recipient) string {
	failed, delayed, delivered := 0, 0, 0
	for _, r := range rs {
		switch r.Action {
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

// codes fills in the status and reply code from the diagnostic, or from
// the recipient's text when the diagnostic has none.
func (a *analysis) codes(r *Recipient, lines string) {
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

// fromText builds recipients from a text bounce.
func (a *analysis) fromText(rep *Report, explanation string, find ndrtext.Result, failed []string, orig Original) {
	byAddr := map[string]*ndrtext.Recipient{}
	for i := range find.Recipients {
		byAddr[strings.ToLower(find.Recipients[i].Address)] = &find.Recipients[i]
	}
	type cand struct {
		addr  string
		lines []ndrtext.Span
		block ndrtext.Span
	}
	var cands []cand
	switch {
	case len(failed) > 0:
		for _, f := range failed {
			c := cand{addr: f}
			if t := byAddr[strings.ToLower(f)]; t != nil {
				c.lines, c.block = t.Lines, t.Block
			} else if len(failed) == 1 {
				c.lines = find.Errors
			}
			cands = append(cands, c)
		}
	case len(find.Recipients) > 0:
		for _, t := range find.Recipients {
			cands = append(cands, cand{addr: t.Address, lines: t.Lines, block: t.Block})
		}
	default:
		to := addressList(orig.To)
		if len(to) == 1 && len(find.Errors) > 0 {
			cands = append(cands, cand{addr: to[0], lines: find.Errors})
		} else if len(find.Errors) > 0 {
			cands = append(cands, cand{lines: find.Errors})
		}
	}
	for _, c := range cands {
		a.hint = a.body
		switch {
		case c.block.End > c.block.Start:
			a.hint = a.expOffset(c.block.Start)
		case len(c.lines) > 0:
			a.hint = a.expOffset(c.lines[0].Start)
		}
		r := Recipient{Address: c.addr, Action: "failed"}
		ll := logicalLines(explanation, c.lines)
		if len(ll) == 0 && c.block.End > c.block.Start {
			if b := blockText(explanation[c.block.Start:c.block.End], c.addr); b != "" {
				ll = []string{b}
			}
		}
		r.Diagnostic = collapse(strings.Join(ll, " "))
		r.RemoteMTA = remoteFromText(r.Diagnostic)
		a.codes(&r, "")
		cmdText := r.Diagnostic
		if c.block.End > c.block.Start {
			cmdText = explanation[c.block.Start:c.block.End] + " " + cmdText
		}
		r.Command = ndrtext.Command(cmdText)
		if r.RemoteMTA == "" && c.block.End > c.block.Start {
			// "host mx.example.com [192.0.2.1]" often stands on a line of
			// its own next to the error.
			r.RemoteMTA = remoteFromText(explanation[c.block.Start:c.block.End])
		}
		own, rest := ownFirst(ll, c.addr)
		a.explain(&r, own, rest)
		rep.Recipients = append(rep.Recipients, r)
	}
	if len(rep.Recipients) > 0 {
		rep.Bounce = true
		rep.Kind = KindFailure
		if allVacation(rep.Recipients) {
			// Out-of-office wording with no error in it: an automatic
			// reply (or a note about one), not a failed delivery.
			rep.Kind = KindAutoreply
			for i := range rep.Recipients {
				rep.Recipients[i].Action = "delivered"
			}
			return
		}
		if isDelayNotice(a.subject, explanation[:find.End]) {
			rep.Kind = KindDelay
			for i := range rep.Recipients {
				rep.Recipients[i].Action = "delayed"
				rep.Recipients[i].Hard = false
			}
		}
	}
}

// allVacation reports recipients whose only verdict is an absence notice.
func allVacation(rs []Recipient) bool {
	for _, r := range rs {
		if r.Reason != "vacation" || r.Status != "" || r.ReplyCode != "" {
			return false
		}
	}
	return len(rs) > 0
}

// isDelayNotice tells a "still trying" warning from a failure in a text
// bounce: it says the server will go on trying, and its subject says delay
// or the text does not also say the delivery failed for good.
func isDelayNotice(subject, text string) bool {
	t := strings.ToLower(text)
	if !containsAny(t, delayPhrases) {
		return false
	}
	s := strings.ToLower(subject)
	return strings.Contains(s, "delay") || strings.HasPrefix(s, "warning") || !containsAny(t, permanentPhrases)
}

// blockText is a recipient's block without the address line's own noise:
// the explanation near the address when no line was recognised as an error.
func blockText(block, addr string) string {
	lines := strings.Split(block, "\n")
	var keep []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.Trim(t, "<>:") == addr {
			continue
		}
		keep = append(keep, t)
		if len(keep) == 6 {
			break
		}
	}
	return strings.Join(keep, " ")
}

// collapse folds white space runs into single spaces and bounds the length
// of a diagnostic.
func collapse(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 2000 {
		s = s[:2000]
	}
	return s
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
	lower := strings.ToLower(s)
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

// feedback builds the report for an ARF feedback report: the recipients
// are the complained-about message's recipients.
// header, when set, is the header field that made this a feedback report
// (the recipient then is the message's author).
func (a *analysis) feedback(rep *Report, fb string, orig Original, header string) {
	g := dsn.Parse(fb)
	fields := append(dsn.Group{}, g.Message...)
	for _, rg := range g.Recipients {
		fields = append(fields, rg...)
	}
	var addrs []string
	for _, f := range fields {
		if f.Name == "original-rcpt-to" || f.Name == "removal-recipient" {
			addrs = append(addrs, dsn.Address(f.Value))
		}
	}
	if header != "" {
		addrs = addressList(a.from)
	}
	if len(addrs) == 0 {
		addrs = addressList(orig.To)
	}
	if len(addrs) == 0 {
		addrs = []string{""}
	}
	ftype := fields.Get("feedback-type")
	diag, evidence := "feedback-type: "+ftype, "feedback-type"
	if header != "" {
		diag, evidence = header+": "+a.subject, strings.ToLower(header)
	}
	for _, ad := range addrs {
		r := Recipient{Address: ad, Action: "", Diagnostic: collapse(diag)}
		a.setEntry(&r, rules.ByID("feedback"), nil)
		if r.Reason == "" {
			r.Reason = "feedback"
		}
		r.Hard = false
		r.Evidence = a.locate(evidence, 0)
		rep.Recipients = append(rep.Recipients, r)
	}
	rep.Bounce = true
	rep.Kind = KindFeedback
	if ftype == "" && header == "" && fb != "" {
		rep.Warnings = append(rep.Warnings, "the feedback report has no Feedback-Type field")
	}
}

// fromEvent builds the report for a JSON delivery notification.
func (a *analysis) fromEvent(rep *Report, ev jsonevent.Event) {
	if rep.Original == (Original{}) {
		rep.Original = Original{From: ev.From, To: ev.To, Subject: ev.Subject, MessageID: ev.MessageID}
	}
	for _, er := range ev.Recipients {
		r := Recipient{Address: er.Address, Action: strings.ToLower(er.Action)}
		_, r.Diagnostic = dsn.TypedValue(er.Diagnostic)
		r.Diagnostic = collapse(r.Diagnostic)
		if st := smtpcode.Status(er.Status); st.Found() {
			r.Status = st.Text
		}
		r.RemoteMTA = remoteName(ev.ReportingMTA)
		switch ev.Type {
		case "complaint":
			r.Diagnostic = collapse("complaint feedback type: " + ev.FeedbackType)
			a.setEntry(&r, rules.ByID("feedback"), a.locate("complaint", a.body))
			r.Reason, r.Hard, r.Action = "feedback", false, ""
		case "delivery":
			a.codes(&r, "")
			a.setEntry(&r, rules.ByID("delivered"), a.locate("delivery", a.body))
			r.Reason, r.Hard = "delivered", false
		default:
			if r.Action == "" {
				r.Action = "failed"
			}
			if strings.EqualFold(ev.BounceType, "transient") && r.Action == "failed" {
				r.Action = "delayed"
			}
			a.codes(&r, "")
			a.explain(&r, []string{r.Diagnostic}, []string{ev.BounceType + " " + ev.SubType})
		}
		rep.Recipients = append(rep.Recipients, r)
	}
	rep.Bounce = len(rep.Recipients) > 0
	switch ev.Type {
	case "complaint":
		rep.Kind = KindFeedback
	case "delivery":
		rep.Kind = KindDelivered
	default:
		rep.Kind = kindOf(rep.Recipients)
	}
}

// autoreply builds the report for an RFC 3834 automatic reply: the
// recipient is the person who is away, who wrote the reply.
func (a *analysis) autoreply(rep *Report, h mimewalk.Header, explanation string) {
	addrs := addressList(a.from)
	addr := ""
	if len(addrs) > 0 {
		addr = addrs[0]
	}
	r := Recipient{Address: addr, Action: "delivered", Diagnostic: collapse(firstN(a.subject, 200))}
	a.setEntry(&r, rules.ByID("vacation"), nil)
	if r.Reason == "" {
		r.Reason = "vacation"
	}
	r.Hard = false
	for _, k := range append([]string{"Auto-Submitted", "Subject"}, autoReplyHeaders...) {
		if h.Has(k) {
			r.Evidence = append(r.Evidence, a.locate(strings.ToLower(k)+":", 0)...)
			break
		}
	}
	rep.Recipients = append(rep.Recipients, r)
	rep.Bounce = true
	rep.Kind = KindAutoreply
}

// maxPasted bounds text without a mail header: the visible text of a
// bounce or an error line is a few kilobytes.
const maxPasted = 1 << 20

// pasted explains text that is not a whole message: a DSN's fields, the
// visible text of a bounce, or one error line.
func (a *analysis) pasted(rep *Report) {
	text := a.text
	if len(text) > maxPasted {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("the text has no mail header and is %d bytes long; only the first %d were read", len(text), maxPasted))
		text = text[:maxPasted]
	}
	if strings.Contains(strings.ToLower(text), "final-recipient:") {
		r := dsn.Parse(text)
		if len(r.Recipients) > 0 {
			find := ndrtext.Find(text, ndrtext.Options{IsError: isErrorLine, Sender: a.isSender})
			a.fromDSN(rep, r.Recipients, r.Message, text, find, nil)
			return
		}
	}
	if ev, ok := jsonevent.Find(text); ok {
		a.fromEvent(rep, ev)
		return
	}
	a.segs = []segment{{exp: 0, off: 0, verbatim: true}}
	find := ndrtext.Find(text, ndrtext.Options{IsError: isErrorLine, Sender: a.isSender})
	if moreThanOneLine(text[:find.End]) && len(find.Recipients) > 0 && len(find.Errors) > 0 {
		a.fromText(rep, text, find, nil, Original{})
		return
	}
	// One error line (or a few): a snippet with no address.
	ll := logicalLines(text, find.Errors)
	if len(ll) == 0 {
		ll = []string{strings.TrimSpace(text[:find.End])}
	}
	r := Recipient{Diagnostic: collapse(strings.Join(ll, " ")), Action: "failed"}
	if !credibleCode(strings.Join(ll, "\n")) {
		return
	}
	a.codes(&r, "")
	r.Command = ndrtext.Command(r.Diagnostic)
	r.RemoteMTA = remoteFromText(r.Diagnostic)
	a.explain(&r, ll)
	if r.Entry == "" && r.Reason == "" {
		return
	}
	if r.Status != "" && r.Status[0] == '4' || r.Status == "" && r.ReplyCode != "" && r.ReplyCode[0] == '4' {
		r.Action = "delayed"
	}
	rep.Recipients = append(rep.Recipients, r)
	rep.Bounce = true
	rep.Kind = KindSnippet
}

// moreThanOneLine reports whether s has two or more non-blank lines.
func moreThanOneLine(s string) bool {
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, '\n')
	return i >= 0 && strings.TrimSpace(s[i:]) != ""
}

// htmlText reduces an HTML part to its text, enough to find addresses and
// error lines in it.
func htmlText(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<':
			in = true
			// Block-level tags end a line.
			rest := strings.ToLower(s[i+1 : min(len(s), i+6)])
			if strings.HasPrefix(rest, "br") || strings.HasPrefix(rest, "p") || strings.HasPrefix(rest, "/p") ||
				strings.HasPrefix(rest, "div") || strings.HasPrefix(rest, "/div") || strings.HasPrefix(rest, "tr") || strings.HasPrefix(rest, "li") {
				b.WriteByte('\n')
			}
		case c == '>' && in:
			in = false
		case !in:
			b.WriteByte(c)
		}
	}
	r := strings.NewReplacer("&nbsp;", " ", "&lt;", "<", "&gt;", ">", "&amp;", "&", "&quot;", "\"", "&#39;", "'")
	return r.Replace(b.String())
}
