package rules

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  User   Unknown\r\n in table ", "user unknown in table"},
		{"ÄÖ Mixed", "äö mixed"}, // Unicode lower case (kbform)
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// withTables swaps in a small KB for the duration of a test.
func withTables(t *testing.T, entries []Entry, patterns []Pattern) {
	t.Helper()
	oe, op := Entries, Patterns
	ok, os, osh, om := byKey, byShort, short, maybe
	Entries, Patterns = entries, patterns
	byKey, byShort, short, maybe = nil, nil, nil, [1 << 16]bool{}
	buildIndex()
	t.Cleanup(func() {
		Entries, Patterns = oe, op
		byKey, byShort, short, maybe = ok, os, osh, om
	})
}

func TestBest(t *testing.T) {
	withTables(t,
		[]Entry{{ID: "generic"}, {ID: "specific", Priority: 5}, {ID: "code"}, {ID: "short"}},
		[]Pattern{
			{Entry: 0, Pieces: []string{"user unknown"}},
			{Entry: 1, Pieces: []string{"mailbox", "not found"}},
			{Entry: 2, Pieces: []string{"5.7.1"}},
			{Entry: 3, Pieces: []string{"ofr"}},
		})
	tests := []struct {
		text, want, matched string
	}{
		{"550 user unknown", "generic", "user unknown"},
		{"superuser unknown", "", ""}, // patterns start at a word start
		{"the mailbox jdoe was not found", "specific", "mailbox jdoe was not found"},
		{"user unknown: mailbox x not found", "specific", "mailbox x not found"}, // longer and with priority
		{"550 5.7.1 denied", "code", "5.7.1"},
		{"550 5.7.12 denied", "", ""}, // a code does not match inside a longer one
		{"error ofr_506", "short", "ofr"},
		{"nothing here", "", ""},
	}
	for _, tt := range tests {
		m := Best(tt.text)
		got, matched := "", ""
		if m.Found() {
			got, matched = Entries[m.Entry].ID, tt.text[m.Start:m.End]
		}
		if got != tt.want || matched != tt.matched {
			t.Errorf("Best(%q) = %q matching %q, want %q matching %q", tt.text, got, matched, tt.want, tt.matched)
		}
	}
}

func TestByCodeAndID(t *testing.T) {
	if len(Entries) == 0 {
		t.Skip("no KB compiled")
	}
	if i := ByID(Entries[0].ID); i != 0 {
		t.Errorf("ByID(%q) = %d", Entries[0].ID, i)
	}
	if ByID("no-such-entry") != -1 || ByCode("999") != -1 {
		t.Error("unknown id or code found")
	}
	for code, i := range codeIndex {
		if got := ByCode(code); got != i {
			t.Errorf("ByCode(%q) = %d, want %d", code, got, i)
		}
	}
}
