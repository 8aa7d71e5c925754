package classify

import (
	"testing"

	"github.com/bounce-explainer/bounce/kb"
)

// TestKBExamples classifies every example of every KB entry and expects the
// entry itself: the examples are the KB's test vectors.
func TestKBExamples(t *testing.T) {
	entries, err := kb.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if len(e.Examples) == 0 {
			t.Errorf("%s: no examples", e.File)
		}
		for _, ex := range e.Examples {
			n++
			rep := Classify([]byte(ex))
			if len(rep.Recipients) == 0 {
				t.Errorf("%s: example not recognised as a bounce: %q (warnings %q)", e.ID, ex, rep.Warnings)
				continue
			}
			if got := rep.Recipients[0].Entry; got != e.ID {
				t.Errorf("%s: example classified as %s (reason %s): %q", e.ID, got, rep.Recipients[0].Reason, ex)
			}
		}
	}
	t.Logf("%d examples in %d entries", n, len(entries))
}
