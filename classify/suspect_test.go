package classify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackscatter classifies built bounces: forged originals are flagged
// with their signs and evidence, the person's own mail is not.
func TestBackscatter(t *testing.T) {
	tests := []struct {
		file    string
		want    bool
		signals []string // words each expected signal carries, in order
	}{
		{"forged-spam-verdict.eml", true, []string{"spam verdict", "Message-ID was made on bulk7.example.net", "first entered the mail system at bulk7.example.net"}},
		{"forged-home-host.eml", true, []string{"Message-ID", "first entered", "home or dial-up", "check of the sender failed"}},
		{"no-copy-spam-subject.eml", true, []string{"No copy of the message came back"}},
		{"ordinary-own-server.eml", false, nil},
		{"ordinary-hosted.eml", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "backscatter", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rep := Classify(in)
			bs := rep.Backscatter
			if !rep.Bounce || bs.Suspected != tt.want || len(bs.Signals) != len(tt.signals) {
				t.Fatalf("bounce %v, backscatter %+v; want suspected %v with %d signals", rep.Bounce, bs, tt.want, len(tt.signals))
			}
			for i, w := range tt.signals {
				if !strings.Contains(bs.Signals[i], w) {
					t.Errorf("signal %d %q lacks %q", i, bs.Signals[i], w)
				}
			}
			for _, sp := range bs.Evidence {
				if sp.Start < 0 || sp.End > len(in) || sp.End <= sp.Start || !strings.Contains(string(in[sp.Start:sp.End]), ":") {
					t.Errorf("evidence %+v is not a header field: %q", sp, in[max(sp.Start, 0):min(max(sp.End, 0), len(in))])
				}
			}
			if tt.want && !strings.Contains(tt.file, "no-copy") && len(bs.Evidence) == 0 {
				t.Errorf("no evidence for %v", bs.Signals)
			}
		})
	}
}

// TestBackscatterOtherKinds keeps the judgement to failure and delay
// reports: a single error line has no original to read.
func TestBackscatterOtherKinds(t *testing.T) {
	for _, in := range []string{"550 5.1.1 <jdoe@example.com>: User unknown", "Subject: cheap viagra\n\nhello"} {
		if bs := Classify([]byte(in)).Backscatter; bs.Suspected || bs.Signals == nil || bs.Evidence == nil {
			t.Errorf("%q: %+v", in, bs)
		}
	}
}

// corpusBackscatter are the corpus bounces whose returned original shows
// forgery signs, each read by hand: rhost-gsuite-02 returns a message
// claiming a German domain that came straight from a host named after its
// IP address on another continent, with a Message-ID naming no domain.
var corpusBackscatter = map[string]bool{"rhost-gsuite-02.eml": true}

// TestCorpusBackscatter checks that no corpus bounce is flagged unless its
// original was read and found to show forgery signs.
func TestCorpusBackscatter(t *testing.T) {
	dir := sharedDir(t)
	flagged := map[string]bool{}
	for _, f := range corpusFiles(t, dir) {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if Classify(in).Backscatter.Suspected {
			flagged[filepath.Base(f)] = true
		}
	}
	for f := range flagged {
		if !corpusBackscatter[f] {
			t.Errorf("%s is flagged as backscatter", f)
		}
	}
	for f := range corpusBackscatter {
		if !flagged[f] {
			t.Errorf("%s is no longer flagged as backscatter", f)
		}
	}
}
