package kb

import (
	"strings"
	"testing"
)

// TestProviderPatternsNotGeneric flags a provider pattern that the wording
// of a reason, status or reply pattern already satisfies. Provider entries
// carry a priority, so such a pattern wins every time that generic wording
// turns up, and a bounce from any server would be explained under the
// provider's title. Either the wording is generic (then the provider's
// pattern needs the provider's own token with it: a host name, a bracketed
// code, a help URL), or it is the provider's own (then the generic entry
// need not list it: that pattern of the generic entry could never win).
func TestProviderPatternsNotGeneric(t *testing.T) {
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	type generic struct{ id, text string }
	var texts []generic
	for _, e := range entries {
		if e.Kind == KindProvider {
			continue
		}
		for _, p := range e.Patterns {
			texts = append(texts, generic{e.ID, fold(strings.ReplaceAll(p, "*", " "))})
		}
	}
	n := 0
	for _, e := range entries {
		if e.Kind != KindProvider {
			continue
		}
		for _, p := range e.Patterns {
			n++
			for _, g := range texts {
				if inOrder(p, g.text) {
					t.Errorf("%s: pattern %q is satisfied by %s's generic pattern %q", e.ID, p, g.id, g.text)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no provider patterns found")
	}
}

// fold lower-cases s and folds runs of white space into one space, the form
// the classifier matches in.
func fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// inOrder reports whether every "*"-separated piece of pattern occurs in
// text, in order. It is looser than the classifier's matcher (no word
// starts), so it errs towards flagging.
func inOrder(pattern, text string) bool {
	pos := 0
	for _, piece := range strings.Split(pattern, "*") {
		piece = fold(piece)
		if piece == "" {
			continue
		}
		i := strings.Index(text[pos:], piece)
		if i < 0 {
			return false
		}
		pos += i + len(piece)
	}
	return true
}

func TestInOrder(t *testing.T) {
	tests := []struct {
		pattern, text string
		want          bool
	}{
		{"mailbox is full", "mailbox is full", true},
		{"yahoo * mailbox is disabled", "this mailbox is disabled", false},
		{"mailbox * disabled", "mailbox is disabled", true},
		{"disabled * mailbox", "mailbox is disabled", false},
		{"Mailbox   IS full", "mailbox is full", true},
		{"[ts01]", "deferred", false},
	}
	for _, tt := range tests {
		if got := inOrder(tt.pattern, tt.text); got != tt.want {
			t.Errorf("inOrder(%q, %q) = %v, want %v", tt.pattern, tt.text, got, tt.want)
		}
	}
}
