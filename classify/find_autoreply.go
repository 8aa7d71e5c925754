package classify

import "strings"

// findAutoreply reads an automatic reply (RFC 3834: out of office,
// vacation): not a bounce, the message was delivered. The recipient is
// the person who is away, who wrote the reply.
func findAutoreply(rd *reading, sc *scan) (found, bool) {
	if rd.bounceish || !isAutoReply(rd.header, rd.subject) {
		return found{}, false
	}
	addr := ""
	if addrs := addressList(rd.from); len(addrs) > 0 {
		addr = addrs[0]
	}
	r := Recipient{Address: addr, Action: "delivered", Diagnostic: collapse(firstN(rd.subject, 200))}
	var ev []Span
	for _, k := range append([]string{"Auto-Submitted", "Subject"}, autoReplyHeaders...) {
		if rd.header.Has(k) {
			ev = rd.src.locate(strings.ToLower(k)+":", 0)
			break
		}
	}
	c := candidate{rcpt: r, hint: rd.body, fixed: "vacation", evidence: ev}
	return found{kind: KindAutoreply, candidates: []candidate{c}}, true
}
