package classify

import (
	"os"
	"strings"
	"testing"
)

// ordinaryFiles hold texts that are not bounces; ordinary-hard.txt is the
// harder set: people discussing email problems, other protocols' errors,
// parcel notices, read receipts.
var ordinaryFiles = []string{"testdata/ordinary.txt", "testdata/ordinary-hard.txt"}

// ordinaryTexts reads the ordinary texts of every file, by name.
func ordinaryTexts(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for _, f := range ordinaryFiles {
		readOrdinary(t, f, texts)
	}
	return texts
}

// readOrdinary adds the texts of one file to texts.
func readOrdinary(t *testing.T, file string, texts map[string]string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	name := ""
	var b strings.Builder
	flush := func() {
		if _, dup := texts[name]; dup {
			t.Errorf("%s: %q used twice", file, name)
		}
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
	if len(texts) < 170 {
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
