package classify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestForwarded checks that a bounce forwarded by a person (quoted inline
// or attached) is explained as the bounce, and that a bounce which
// returns another bounce is explained by its own words.
func TestForwarded(t *testing.T) {
	tests := []struct {
		file, addr, reason, evidence string
		forwarded                    bool
	}{
		{"forwarded-inline.eml", "jdoe@example.com", "userunknown", "user unknown", true},
		{"forwarded-attached.eml", "asmith@example.net", "mailboxfull", "", true},
		{"bounce-of-bounce.eml", "jdoe@example.com", "userunknown", "user unknown", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rep := Classify(in)
			checkReport(t, in, rep)
			if len(rep.Recipients) != 1 {
				t.Fatalf("recipients %+v, want one", rep.Recipients)
			}
			r := rep.Recipients[0]
			if r.Address != tt.addr || r.Reason != tt.reason {
				t.Errorf("got %s %s, want %s %s", r.Address, r.Reason, tt.addr, tt.reason)
			}
			if got := hasWarning(rep, "forwarded"); got != tt.forwarded {
				t.Errorf("warns of a forwarded bounce: %v, want %v (%q)", got, tt.forwarded, rep.Warnings)
			}
			if tt.evidence == "" {
				return
			}
			found := false
			for _, e := range r.Evidence {
				found = found || strings.Contains(strings.ToLower(string(in[e.Start:e.End])), tt.evidence)
			}
			if !found {
				t.Errorf("no evidence span holds %q: %+v", tt.evidence, r.Evidence)
			}
		})
	}
}
