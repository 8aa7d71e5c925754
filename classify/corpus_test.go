package classify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir finds ../shared (the corpus and labels, never part of the
// repository): $BOUNCE_SHARED, or ../../shared from this package.
func sharedDir(t testing.TB) string {
	dir := os.Getenv("BOUNCE_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "corpus", "eml")); err != nil {
		noCorpus(t, "no corpus at %s", dir)
	}
	return dir
}

// noCorpus skips a test that needs ../shared, or fails it when
// BOUNCE_REQUIRE_CORPUS is set (as .ci/run does): there a missing corpus
// is a broken setup, not a reason to pass.
func noCorpus(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("BOUNCE_REQUIRE_CORPUS") != "" {
		t.Fatalf(format+" (BOUNCE_REQUIRE_CORPUS is set)", args...)
	}
	t.Skipf(format+": skipping", args...)
}

type label struct {
	File      string `json:"file"`
	Recipient string `json:"recipient"`
	Status    string `json:"status"`
	Reason    string `json:"reason"`
}

func corpusFiles(t testing.TB, dir string) []string {
	files, err := filepath.Glob(filepath.Join(dir, "corpus", "eml", "*.eml"))
	if err != nil || len(files) == 0 {
		noCorpus(t, "the corpus at %s is empty", dir)
	}
	return files
}

// TestCorpusAgreement classifies every corpus email and compares the
// verdicts with go-sisimai's labels the way ../shared/tools/score.py does.
// The floors sit a little under the measured figures so a regression
// fails the test; see DISAGREEMENTS.md for where the labels are doubted.
func TestCorpusAgreement(t *testing.T) {
	dir := sharedDir(t)
	got := map[string][]Recipient{}
	for _, f := range corpusFiles(t, dir) {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got[filepath.Base(f)] = Classify(in).Recipients
	}
	lf, err := os.Open(filepath.Join(dir, "corpus", "labels.jsonl"))
	if err != nil {
		noCorpus(t, "no labels: %v", err)
	}
	defer lf.Close()
	n, okReason, okAddr, okStatus := 0, 0, 0, 0
	// Labels whose status is a real code, not one of go-sisimai's own
	// X.0.9xx codes (see DISAGREEMENTS.md), and how many we match.
	nReal, okReal := 0, 0
	sc := bufio.NewScanner(lf)
	for sc.Scan() {
		var l label
		if json.Unmarshal(sc.Bytes(), &l) != nil || l.Reason == "onhold" || l.Reason == "undefined" {
			continue
		}
		n++
		recs := got[l.File]
		var match *Recipient
		for i := range recs {
			if norm(recs[i].Address) == norm(l.Recipient) {
				match = &recs[i]
				okAddr++
				break
			}
		}
		if match == nil && len(recs) == 1 {
			match = &recs[0]
		}
		if match == nil {
			match = &Recipient{}
		}
		if match.Reason == l.Reason {
			okReason++
		}
		if match.Status == l.Status || l.Status == "" {
			okStatus++
		}
		if !sisimaiOwnCode(l.Status) {
			nReal++
			if match.Status == l.Status || l.Status == "" {
				okReal++
			}
		}
	}
	pct := func(k int) float64 { return 100 * float64(k) / float64(n) }
	realPct := 100 * float64(okReal) / float64(max(nReal, 1))
	t.Logf("%d recipients: reason %.1f%%, address %.1f%%, status %.1f%% (%.1f%% of %d with a real code)", n, pct(okReason), pct(okAddr), pct(okStatus), realPct, nReal)
	floors := []struct {
		name       string
		got, floor float64
	}{
		{"reason", pct(okReason), corpusReasonFloor},
		{"address", pct(okAddr), 97.5},
		{"status", pct(okStatus), 78},
		{"status (real codes)", realPct, 98},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s agreement %.1f%% is under the floor of %.1f%%", f.name, f.got, f.floor)
		}
	}
}

// corpusReasonFloor is the reason agreement the corpus test insists on.
const corpusReasonFloor = 88

// sisimaiOwnCode reports go-sisimai's internal X.0.9xx status codes, which
// appear in no bounce.
func sisimaiOwnCode(s string) bool {
	return len(s) == 7 && s[1:4] == ".0." && s[4] == '9'
}

func norm(a string) string { return strings.ToLower(strings.Trim(strings.TrimSpace(a), "<>")) }

// verdicts is a report without its evidence offsets, which move when line
// breaks change length.
func verdicts(rep Report) string {
	for i := range rep.Recipients {
		rep.Recipients[i].Evidence = nil
	}
	rep.Backscatter.Evidence = nil
	b, _ := json.Marshal(rep)
	return string(b)
}

// TestLineEndings gives every corpus email with LF, CRLF and CR-only line
// breaks and expects the same verdicts each time.
func TestLineEndings(t *testing.T) {
	dir := sharedDir(t)
	for _, f := range corpusFiles(t, dir) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		base, _ := normalizeNewlines(raw)
		crlf := bytes.ReplaceAll(base, []byte("\n"), []byte("\r\n"))
		cr := bytes.ReplaceAll(base, []byte("\n"), []byte("\r"))
		want := verdicts(Classify(base))
		for name, in := range map[string][]byte{"CRLF": crlf, "CR": cr} {
			if got := verdicts(Classify(in)); got != want {
				t.Errorf("%s with %s line breaks:\n got %s\nwant %s", filepath.Base(f), name, got, want)
			}
		}
	}
}

// TestEvidenceInCorpus checks on real bounces that evidence ranges lie
// inside the input, with CRLF line breaks too.
func TestEvidenceInCorpus(t *testing.T) {
	dir := sharedDir(t)
	for _, f := range corpusFiles(t, dir) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range [][]byte{raw, bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n"))} {
			for _, r := range Classify(in).Recipients {
				for _, e := range r.Evidence {
					if e.Start < 0 || e.End > len(in) || e.Start >= e.End {
						t.Errorf("%s: %s: evidence [%d,%d) outside %d bytes", filepath.Base(f), r.Address, e.Start, e.End, len(in))
					}
				}
			}
		}
	}
}
