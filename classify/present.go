package classify

import "github.com/bounce-explainer/bounce/classify/advice"

// present fills each recipient's presentation fields (outcome, cause,
// retry advice, who-acts label) from the one table in classify/advice, so
// that the page, the web component, the CLI and the help site only render
// them.
func present(rep *Report) {
	for i := range rep.Recipients {
		r := &rep.Recipients[i]
		d := advice.Decide(advice.Input{
			Kind: rep.Kind, Action: r.Action, Reason: r.Reason, Hard: r.Hard,
			Who: r.Who, Status: r.Status, ReplyCode: r.ReplyCode,
		})
		r.Outcome, r.OutcomeLabel = d.Outcome, d.OutcomeLabel
		r.Cause, r.CauseLabel = d.Cause, d.CauseLabel
		r.Retry, r.WhoLabel = d.Retry, d.WhoLabel
	}
}
