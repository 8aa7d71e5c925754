package classify

import (
	"os"
	"strings"
	"testing"

	"github.com/bounce-explainer/bounce/kb"
)

// TestMailLinesStillExplained: the precision checks must not cost real
// server lines the KB does not quote. Each line of testdata/mail-lines.txt
// must be explained as a failure or delay; the reasons are measured and
// logged, not required, since a few are judgement calls.
func TestMailLinesStillExplained(t *testing.T) {
	data, err := os.ReadFile("testdata/mail-lines.txt")
	if err != nil {
		t.Fatal(err)
	}
	examples := map[string]bool{}
	entries, err := kb.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		for _, ex := range e.Examples {
			examples[ex] = true
		}
	}
	n, agree := 0, 0
	for _, l := range strings.Split(string(data), "\n") {
		want, line, ok := strings.Cut(l, "\t")
		if !ok || strings.HasPrefix(l, "#") {
			continue
		}
		n++
		if examples[line] {
			t.Errorf("%q is a KB example verbatim", line)
		}
		rep := Classify([]byte(line))
		if !explainedAsFailure(rep) || len(rep.Recipients) == 0 {
			t.Errorf("not explained: %q", line)
			continue
		}
		if got := rep.Recipients[0].Reason; got == want {
			agree++
		} else {
			t.Logf("reason %s, expected %s: %q", got, want, line)
		}
	}
	if n < 30 {
		t.Errorf("only %d mail lines", n)
	}
	t.Logf("%d mail lines explained; reason as expected for %d", n, agree)
}
