package classify

import (
	"sort"
	"strings"
)

// warnNotBounce says an input is not a bounce; finish adds it when no
// other warning says so.
const warnNotBounce = "Nothing in this text looks like a bounce, a delivery report or a mail server error."

// finish is the last stage: it makes every report keep the Report's
// invariants whatever its kind, then fills the presentation fields.
func finish(rep *Report) {
	rep.Bounce = len(rep.Recipients) > 0
	if (rep.Kind == KindFailure || rep.Kind == KindSnippet) && allVacation(rep.Recipients) {
		// Out-of-office wording with no error in it: an automatic reply
		// (or a note about one), not a failed delivery.
		rep.Kind = KindAutoreply
		for i := range rep.Recipients {
			rep.Recipients[i].Action = "delivered"
		}
	}
	if (rep.Kind == KindSnippet || rep.Kind == KindFailure) && allSuccess(rep.Recipients) {
		// "250 2.1.5 Ok", a log line of mail sent, Exchange's "Delivered:"
		// receipt: no failure to explain.
		rep.Kind = KindDelivered
		for i := range rep.Recipients {
			rep.Recipients[i].Action = "delivered"
		}
	}
	if rep.Language != "" && !rep.LanguageRead {
		rep.Warnings = append(rep.Warnings, warnUnread(rep))
	}
	if !rep.Bounce {
		rep.Kind = KindUnknown
		if !hasNotBounceWarning(rep.Warnings) {
			rep.Warnings = append(rep.Warnings, warnNotBounce)
		}
	}
	for i := range rep.Recipients {
		r := &rep.Recipients[i]
		if r.Evidence == nil {
			r.Evidence = []Span{}
		}
		if r.Words == nil {
			r.Words = []string{}
		}
		sort.Slice(r.Evidence, func(a, b int) bool { return r.Evidence[a].Start < r.Evidence[b].Start })
	}
	if rep.Warnings == nil {
		rep.Warnings = []string{}
	}
	if rep.Backscatter.Signals == nil {
		rep.Backscatter.Signals = []string{}
	}
	if rep.Backscatter.Evidence == nil {
		rep.Backscatter.Evidence = []Span{}
	}
	present(rep)
}

// allSuccess reports recipients whose codes all say success (2xx, 2.x.x),
// or with no code, whose words say the message was delivered.
func allSuccess(rs []Recipient) bool {
	for _, r := range rs {
		if r.Status == "" && r.ReplyCode == "" {
			if r.Reason != "delivered" {
				return false
			}
			continue
		}
		if r.Status != "" && r.Status[0] != '2' || r.ReplyCode != "" && r.ReplyCode[0] != '2' {
			return false
		}
	}
	return len(rs) > 0
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

func hasNotBounceWarning(ws []string) bool {
	for _, w := range ws {
		if strings.Contains(w, "like a bounce") {
			return true
		}
	}
	return false
}
