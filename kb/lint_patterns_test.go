package kb

import (
	"testing"

	"github.com/bounce-explainer/bounce/classify/rules"
	"github.com/bounce-explainer/bounce/kb/kbform"
)

// TestEveryPatternHasAnExample fails for a pattern that matches none of its
// own entry's examples, by the classifier's own matching rules. Such a
// pattern is untested wording: nobody can tell whether a server writes it,
// or whether it was written to hit one message of the evaluation corpus.
// Add an example line in your own words (example.com, 192.0.2.x) as the
// software writes it, or delete the pattern.
func TestEveryPatternHasAnExample(t *testing.T) {
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	total, bad := 0, 0
	for _, e := range entries {
		total += len(e.Patterns)
		for _, p := range unexampled(e) {
			bad++
			t.Errorf("%s: pattern %q matches none of the entry's %d examples", e.File, p, len(e.Examples))
		}
	}
	if total == 0 {
		t.Fatal("no patterns found")
	}
	if bad > 0 {
		t.Logf("%d of %d patterns have no example", bad, total)
	}
}

// unexampled returns the patterns of e that match none of its examples.
func unexampled(e *Entry) []string {
	texts := make([]string, len(e.Examples))
	for i, ex := range e.Examples {
		texts[i] = kbform.Normalize(ex)
	}
	var out []string
	for _, p := range e.Patterns {
		if !matchesAny(kbform.Pieces(p), texts) {
			out = append(out, p)
		}
	}
	return out
}

// TestUnexampled checks the lint on an entry of its own: goodEntry's
// examples say "Mailbox full" but not "quota ... exceeded".
func TestUnexampled(t *testing.T) {
	e, err := Parse("mailboxfull.md", []byte(goodEntry))
	if err != nil {
		t.Fatal(err)
	}
	got := unexampled(e)
	if len(got) != 1 || got[0] != "quota * exceeded" {
		t.Errorf("unexampled = %q, want [\"quota * exceeded\"]", got)
	}
	e.Examples = append(e.Examples, "452 4.2.2 Quota for jdoe exceeded")
	if got := unexampled(e); len(got) != 0 {
		t.Errorf("unexampled with a quota example = %q, want none", got)
	}
}

func matchesAny(pieces []string, texts []string) bool {
	for _, text := range texts {
		if rules.MatchPieces(text, pieces) {
			return true
		}
	}
	return false
}

// TestNoPatternRepeatsItself fails for a pattern with a piece that another
// of its pieces already contains ("at a rate that * at a rate"): the text
// must then say the same words twice, which no server does, so the pattern
// never matches and reads as if it covered more than it does.
func TestNoPatternRepeatsItself(t *testing.T) {
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		for _, p := range e.Patterns {
			if a, b, ok := repeatedPiece(kbform.Pieces(p)); ok {
				t.Errorf("%s: pattern %q: piece %q repeats %q", e.File, p, b, a)
			}
		}
	}
}

// repeatedPiece returns two pieces of which the first contains the second
// where the matcher would find it (at a word start, not inside a number).
func repeatedPiece(pieces []string) (string, string, bool) {
	for i, a := range pieces {
		for j, b := range pieces {
			if i != j && rules.MatchPieces(a, []string{b}) {
				return a, b, true
			}
		}
	}
	return "", "", false
}

func TestRepeatedPiece(t *testing.T) {
	tests := []struct {
		pattern string
		want    bool
	}{
		{"at a rate that * at a rate", true},
		{"limit exceeded for customer * limit exceeded for", true},
		{"to reach * to reach", true},
		{"mailbox * not found", false},
		{"the email account * that you tried * to reach does * not exist", false},
		{"user * superuser", false}, // "user" is not a word of "superuser"
		{"5.7.1 * 5.7.12", false},   // nor is 5.7.1 a code inside 5.7.12
		{"5.7.1 * see 5.7.1", true},
		{"user unknown", false},
	}
	for _, tt := range tests {
		if _, _, got := repeatedPiece(kbform.Pieces(tt.pattern)); got != tt.want {
			t.Errorf("repeatedPiece(%q) = %v, want %v", tt.pattern, got, tt.want)
		}
	}
}
