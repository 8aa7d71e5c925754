// Package likely is the classifier's fallback for a failed recipient that
// no KB pattern and no specific code explains: a naive Bayes model
// (package nb), trained by tools/kbgen on every KB example and generated
// into model.go, picks the most likely reason from the diagnostic's words,
// codes and SMTP stage. Its guess counts only when its posterior reaches
// Threshold, and its confidence is the accuracy that cross-validation
// measured at that posterior, not the posterior itself.
package likely

import (
	"sync"

	"github.com/bounce-explainer/bounce/classify/likely/nb"
)

// Threshold is the posterior a guess must reach to be given. At 0.9,
// leave-one-entry-out cross-validation over the KB examples measured
// about 64% of guesses right for 32% of the held-out examples
// (README.md has the table): below it, "undefined" is the honest answer.
const Threshold = 0.9

// threshold is one row of the cross-validated accuracy table (model.go).
type threshold struct {
	Posterior, Accuracy float64
}

// Verdict is a guess the fallback stands by.
type Verdict struct {
	Reason     string
	Confidence float64  // the measured accuracy of guesses this sure
	Words      []string // the words that weighed most, strongest first
}

var (
	once   sync.Once
	loaded *nb.Model
)

func load() *nb.Model {
	once.Do(func() { loaded, _ = nb.Decode(model) })
	return loaded
}

// Guess returns the most likely reason for a failed recipient's diagnostic
// text, enhanced status code, reply code and SMTP command, and false when
// the model is not sure enough (or knows none of the words).
func Guess(text, status, reply, command string) (Verdict, bool) {
	return guess(text, status, reply, command, Threshold)
}

// SureThreshold is the posterior a guess must reach to replace the
// verdict of a generic reply code (a bare 550 or 554, whose entry names
// the commonest reason): cross-validation measured about 71% of guesses
// this sure right.
const SureThreshold = 0.99

// Sure is Guess at SureThreshold.
func Sure(text, status, reply, command string) (Verdict, bool) {
	return guess(text, status, reply, command, SureThreshold)
}

func guess(text, status, reply, command string, threshold float64) (Verdict, bool) {
	m := load()
	if m == nil {
		return Verdict{}, false
	}
	g := m.Predict(nb.Tokens(text, status, reply, command))
	if g.Class == "" || g.Posterior < threshold || len(g.Words) == 0 {
		return Verdict{}, false
	}
	return Verdict{Reason: g.Class, Confidence: confidence(g.Posterior), Words: g.Words}, true
}

// confidence is the measured accuracy at the highest threshold p reaches.
func confidence(p float64) float64 {
	c := 0.0
	for _, t := range accuracy {
		if p >= t.Posterior && t.Posterior >= Threshold {
			c = t.Accuracy
		}
	}
	return c
}
