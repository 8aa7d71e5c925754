package kb

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bounce-explainer/bounce/classify/mimewalk"
	"github.com/bounce-explainer/bounce/kb/kbform"
)

// minCopied is the shortest example line the corpus check compares: shorter
// lines ("Status: 5.1.1", "Action: failed") are the fixed vocabulary of
// every bounce, not anybody's copy.
const minCopied = 30

// TestExamplesNotCopiedFromCorpus fails for a KB example line that is a
// line of a message of the evaluation corpus (../shared/corpus), or the
// value of one ("Diagnostic-Code: smtp; <the line>"), ignoring case and runs
// of white space. The corpus measures the classifier; an
// example copied from it makes the measure flatter itself. The corpus is
// read at test time and never committed; without it the test is skipped,
// unless BOUNCE_REQUIRE_CORPUS=1.
func TestExamplesNotCopiedFromCorpus(t *testing.T) {
	corpus := corpusText(t)
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		for _, ex := range e.Examples {
			for _, line := range strings.Split(ex, "\n") {
				n := kbform.Normalize(line)
				if len(n) >= minCopied && corpus[n] {
					t.Errorf("%s: example line is copied from the corpus: %q", e.File, strings.TrimSpace(line))
				}
			}
		}
	}
}

// corpusText returns the set of every line of every corpus message, raw and
// with its MIME parts decoded, normalised, with the value of each field
// line as well.
func corpusText(t *testing.T) map[string]bool {
	t.Helper()
	dir := os.Getenv("BOUNCE_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared")
	}
	var files []string
	for _, sub := range []string{"eml", "not"} {
		f, _ := filepath.Glob(filepath.Join(dir, "corpus", sub, "*.eml"))
		files = append(files, f...)
	}
	if len(files) == 0 {
		if os.Getenv("BOUNCE_REQUIRE_CORPUS") == "1" {
			t.Fatalf("no corpus at %s and BOUNCE_REQUIRE_CORPUS=1", dir)
		}
		t.Skipf("no corpus at %s: skipping", dir)
	}
	set := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts := []string{string(data)}
		for _, p := range mimewalk.Walk(string(data), mimewalk.DefaultLimits).Parts {
			texts = append(texts, p.Text)
		}
		for _, text := range texts {
			for _, line := range strings.Split(text, "\n") {
				for _, v := range lineValues(kbform.Normalize(line)) {
					set[v] = true
				}
			}
		}
	}
	return set
}

// lineValues returns a normalised line and, when it is a field
// ("diagnostic-code: smtp; 550 ..."), its value with and without the type
// before ";".
func lineValues(line string) []string {
	out := []string{line}
	name, value, ok := strings.Cut(line, ":")
	if !ok || name == "" || strings.ContainsAny(name, " <>@") {
		return out
	}
	value = strings.TrimSpace(value)
	out = append(out, value)
	if typ, rest, ok := strings.Cut(value, ";"); ok && !strings.Contains(typ, " ") {
		out = append(out, strings.TrimSpace(rest))
	}
	return out
}

func TestLineValues(t *testing.T) {
	got := lineValues("diagnostic-code: smtp; 550 5.1.1 user unknown")
	want := []string{"diagnostic-code: smtp; 550 5.1.1 user unknown", "smtp; 550 5.1.1 user unknown", "550 5.1.1 user unknown"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lineValues = %q, want %q", got, want)
	}
	if got := lineValues("550 5.1.1 <jdoe@example.com>: user unknown"); len(got) != 1 {
		t.Errorf("lineValues of a reply = %q, want the line alone", got)
	}
}

// Redaction artefacts: the corpus hides addresses, hosts and ids behind
// placeholder names and runs of one digit. In a KB example they show a line
// copied from it (or written to look like it); a real server writes real
// ids, so an example should look like one.
var (
	placeholderWords = regexp.MustCompile(`(?i)kijitora|shironeko|sironeko|nyaan|libsisimai`)
	// A number that is one digit repeated (2222, 000000) or that holds
	// seven of the same digit in a row (-0000000022).
	repeatedDigits = regexp.MustCompile(`\b(?:0{4,}|1{4,}|2{4,}|3{4,}|4{4,}|5{4,}|6{4,}|7{4,}|8{4,}|9{4,})\b|0{7}|1{7}|2{7}|3{7}|4{7}|5{7}|6{7}|7{7}|8{7}|9{7}`)
)

// TestExamplesHaveNoRedactionArtefacts runs without the corpus: it looks
// for the corpus's placeholders themselves.
func TestExamplesHaveNoRedactionArtefacts(t *testing.T) {
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		for _, ex := range e.Examples {
			for _, line := range strings.Split(ex, "\n") {
				if m := redactionArtefact(line); m != "" {
					t.Errorf("%s: example has the redaction placeholder %q: %q", e.File, m, strings.TrimSpace(line))
				}
			}
		}
	}
}

func redactionArtefact(line string) string {
	if m := placeholderWords.FindString(line); m != "" {
		return m
	}
	return repeatedDigits.FindString(line)
}

func TestRedactionArtefact(t *testing.T) {
	tests := []struct{ line, want string }{
		{"550-mail.example.com [192.0.2.21]:11111 is not permitted", "11111"},
		{"mailbox unavailable (-0000000022:2222:-0000000022)", "0000000"},
		{"resimta-h1p-000000.sys.comcast.net", "000000"},
		{"550 5.1.1 <kijitora@example.jp>: user unknown", "kijitora"},
		{"id 1700000000-AbCd", "0000000"},
		{"421 see postmaster.comcast.net/smtp-error-codes.php#RL000001", ""},
		{"550 5.1.1 <jdoe@example.com>: user unknown (2024)", ""},
		{"queue id 4Xb2Kq1tLmz3", ""},
	}
	for _, tt := range tests {
		if got := redactionArtefact(tt.line); got != tt.want {
			t.Errorf("redactionArtefact(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}
