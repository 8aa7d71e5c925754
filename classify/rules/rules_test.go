package rules

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  User   Unknown \r\n", "user unknown"},
		{"550-5.1.1\tThe\nemail", "550-5.1.1 the email"},
		{"ÄÖ Mailbox FULL", "ÄÖ mailbox full"}, // only ASCII is folded; UTF-8 bytes pass through
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDigitBoundary(t *testing.T) {
	tests := []struct {
		text       string
		start, end int
		want       bool
	}{
		{"550 5.7.1 denied", 4, 9, true},
		{"550 5.7.12 denied", 4, 9, false}, // 5.7.1 inside 5.7.12
		{"code 5500 here", 5, 8, false},    // 550 inside 5500
		{"x15.7.1", 2, 7, false},           // continues a number on the left
		{"5.7.1.", 0, 5, true},             // sentence full stop is fine
		{"user unknown", 0, 4, true},       // no digits, no constraint
	}
	for _, tt := range tests {
		if got := digitBoundary(tt.text, tt.start, tt.end); got != tt.want {
			t.Errorf("digitBoundary(%q, %d, %d) = %v, want %v", tt.text, tt.start, tt.end, got, tt.want)
		}
	}
}

// TestBestOnTheKB checks matcher behaviour that must hold whatever the KB
// says: matches begin at word starts, the longer literal wins, and text with
// no known wording matches nothing.
func TestBestOnTheKB(t *testing.T) {
	if len(Patterns) == 0 {
		t.Skip("empty KB")
	}
	// Every pattern matches its own literal text, at word start.
	for i, p := range Patterns {
		text := ""
		for k, piece := range p.Pieces {
			if k > 0 {
				text += " and then "
			}
			text += piece
		}
		m := Best(text)
		if !m.Found() {
			t.Errorf("pattern %d (%s) %q does not match its own text", i, Entries[p.Entry].ID, text)
			continue
		}
		if m.Score < len(p.Pieces[0])+Entries[p.Entry].Priority {
			t.Errorf("pattern %d (%s): best score %d is below its own", i, Entries[p.Entry].ID, m.Score)
		}
	}
	if m := Best(Normalize("The weather is lovely today and the garden needs water")); m.Found() {
		t.Errorf("plain prose matched %s (pattern %d)", Entries[m.Entry].ID, m.Pattern)
	}
}

func TestByCode(t *testing.T) {
	if len(codeIndex) == 0 {
		t.Skip("empty KB")
	}
	for code, wantKind := range map[string]string{"5.1.1": "status", "4.1.1": "status", "550": "reply", "421": "reply"} {
		i := ByCode(code)
		if i < 0 {
			t.Errorf("ByCode(%q): no entry", code)
			continue
		}
		if Entries[i].Kind != wantKind {
			t.Errorf("ByCode(%q) = %s (%s), want a %s entry", code, Entries[i].ID, Entries[i].Kind, wantKind)
		}
	}
	if i := ByCode("9.9.9"); i >= 0 {
		t.Errorf("ByCode(9.9.9) = %s, want none", Entries[i].ID)
	}
	if i := ByID(Entries[0].ID); i != 0 {
		t.Errorf("ByID(%q) = %d", Entries[0].ID, i)
	}
}
