package likely

import (
	"testing"

	"github.com/bounce-explainer/bounce/classify/rules"
)

// TestModelLoads checks that the generated model decodes and that every
// reason it can give has a KB entry of that id for the verdict to show.
func TestModelLoads(t *testing.T) {
	m := load()
	if m == nil {
		t.Fatal("model.go does not decode: run make kb")
	}
	for _, c := range m.Classes {
		if e := rules.ByID(c); e < 0 || rules.Entries[e].Reason != c {
			t.Errorf("class %q has no KB entry of its own", c)
		}
	}
}

func TestGuess(t *testing.T) {
	tests := []struct {
		text, status, reply, command string
		want                         string // "" for no guess
	}{
		{"The storage allocation for this account is used up", "", "", "", "mailboxfull"},
		{"No MX record found for the domain you wrote to", "", "", "", "hostunknown"},
		{"qwerty zxcvb", "5.0.0", "550", "RCPT", ""},
		{"", "", "", "", ""},
	}
	for _, tt := range tests {
		v, ok := Guess(tt.text, tt.status, tt.reply, tt.command)
		if v.Reason != tt.want || ok != (tt.want != "") {
			t.Errorf("Guess(%q) = %+v, %v, want %q", tt.text, v, ok, tt.want)
		}
		if ok && (v.Confidence < accuracy[0].Accuracy || v.Confidence >= 1 || len(v.Words) == 0) {
			t.Errorf("Guess(%q) = %+v: confidence or words missing", tt.text, v)
		}
	}
}

func TestConfidence(t *testing.T) {
	if c := confidence(Threshold - 0.01); c != 0 {
		t.Errorf("confidence below the threshold = %v, want 0", c)
	}
	if lo, hi := confidence(Threshold), confidence(1); lo <= 0 || hi < lo {
		t.Errorf("confidence(%v) = %v, confidence(1) = %v", Threshold, lo, hi)
	}
}
