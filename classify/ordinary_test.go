package classify

import (
	"os"
	"strings"
	"testing"
)

// ordinaryTexts reads testdata/ordinary.txt: texts that are not bounces.
func ordinaryTexts(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("testdata/ordinary.txt")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() {
		if name != "" {
			texts[name] = strings.TrimSpace(b.String())
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if n, ok := strings.CutPrefix(line, "=== "); ok {
			flush()
			name = strings.TrimSpace(n)
			continue
		}
		if name != "" {
			b.WriteString(line)
		}
	}
	flush()
	return texts
}

// explainedAsFailure reports a report that tells of a failed or delayed
// delivery (an automatic reply or a read receipt is not one).
func explainedAsFailure(rep Report) bool {
	switch rep.Kind {
	case KindFailure, KindDelay, KindSnippet:
		return true
	}
	for _, r := range rep.Recipients {
		if r.Action == "failed" || r.Action == "delayed" {
			return true
		}
	}
	return false
}

// TestOrdinaryTextIsNotABounce: numbers that look like codes (550 kg, room
// 552, release 5.1.1) in ordinary text must not be explained as a delivery
// failure. A confident wrong verdict is worse than none.
func TestOrdinaryTextIsNotABounce(t *testing.T) {
	texts := ordinaryTexts(t)
	if len(texts) < 60 {
		t.Fatalf("only %d ordinary texts", len(texts))
	}
	for name, text := range texts {
		rep := Classify([]byte(text))
		if explainedAsFailure(rep) {
			r := Recipient{}
			if len(rep.Recipients) > 0 {
				r = rep.Recipients[0]
			}
			t.Errorf("%s: explained as %s (%s %s %s)", name, rep.Kind, r.Reason, r.ReplyCode, r.Status)
		}
	}
}
