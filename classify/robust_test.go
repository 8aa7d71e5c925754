package classify

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bounce-explainer/bounce/classify/rules"
)

var reasons = map[string]bool{}

func init() {
	for _, r := range strings.Fields(`authfailure badreputation blocked contenterror delivered exceedlimit
		expired failedstarttls feedback filtered hasmoved hostunknown mailboxfull mailererror mesgtoobig
		networkerror norelaying notaccept notcompliantrfc onhold policyviolation rejected requireptr
		securityerror spamdetected speeding suppressed suspend syntaxerror systemerror systemfull
		toomanyconn undefined userunknown vacation virusdetected`) {
		reasons[r] = true
	}
}

// checkReport asserts what every report must satisfy, whatever the input.
func checkReport(t testing.TB, in []byte, rep Report) {
	t.Helper()
	if rep.Recipients == nil || rep.Warnings == nil {
		t.Fatalf("nil recipients or warnings: %+v", rep)
	}
	for _, w := range rep.Warnings {
		if w == warnInternal {
			t.Errorf("Classify recovered from a panic on this input (%d bytes)", len(in))
		}
	}
	if rep.Bounce != (len(rep.Recipients) > 0) {
		t.Errorf("bounce=%v with %d recipients", rep.Bounce, len(rep.Recipients))
	}
	switch rep.Kind {
	case KindFailure, KindDelay, KindDelivered, KindFeedback, KindAutoreply, KindSnippet:
		if !rep.Bounce {
			t.Errorf("kind %s but not a bounce", rep.Kind)
		}
	case KindUnknown:
		if rep.Bounce {
			t.Error("kind unknown for a bounce")
		}
		if len(rep.Warnings) == 0 {
			t.Error("not a bounce, and no warning says so")
		}
	default:
		t.Errorf("kind %q", rep.Kind)
	}
	for _, r := range rep.Recipients {
		if !reasons[r.Reason] {
			t.Errorf("reason %q is not in the vocabulary", r.Reason)
		}
		if r.Entry != "" && rules.ByID(r.Entry) < 0 {
			t.Errorf("entry %q does not exist", r.Entry)
		}
		for _, e := range r.Evidence {
			if e.Start < 0 || e.End > len(in) || e.Start >= e.End {
				t.Errorf("evidence [%d,%d) outside the input of %d bytes", e.Start, e.End, len(in))
			}
		}
	}
}

// recorder is a testing.TB that only notes whether a check failed.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Error(...any)          { r.failed = true }
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }
func (r *recorder) Logf(string, ...any)   {}
func (r *recorder) Skipf(string, ...any)  {}

// TestPanicIsCaught checks the guard itself: the report made after a
// recovered panic is still a report, and checkReport (hence every test
// and the fuzz target) fails on it.
func TestPanicIsCaught(t *testing.T) {
	in := []byte("550 5.1.1 user unknown")
	rep := classifyWith(in, func(*reading) found { panic("boom") })
	if len(rep.Warnings) != 1 || rep.Warnings[0] != warnInternal || rep.Bounce {
		t.Fatalf("after a panic: %+v", rep)
	}
	r := &recorder{TB: t}
	checkReport(r, in, rep)
	if !r.failed {
		t.Error("checkReport accepted the report of a recovered panic")
	}
	r = &recorder{TB: t}
	checkReport(r, in, Classify(in))
	if r.failed {
		t.Error("checkReport rejected a good report")
	}
}

func hasWarning(rep Report, sub string) bool {
	return strings.Contains(strings.Join(rep.Warnings, "\n"), sub)
}

func TestEmptyAndBlank(t *testing.T) {
	for _, in := range []string{"", " ", "\n\n\r\n\t"} {
		rep := Classify([]byte(in))
		checkReport(t, []byte(in), rep)
		if rep.Bounce || !hasWarning(rep, "empty") {
			t.Errorf("%q: %+v", in, rep)
		}
	}
}

func TestRandomBytes(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		in := make([]byte, rng.Intn(4000))
		rng.Read(in)
		rep := Classify(in)
		checkReport(t, in, rep)
	}
	bin := bytes.Repeat([]byte{0, 1, 2, 0xff, 0}, 1000)
	if rep := Classify(bin); rep.Bounce || !hasWarning(rep, "binary") {
		t.Errorf("binary input: %+v", rep)
	}
}

// TestTruncated cuts a real-shaped bounce at many points: every prefix
// must give a report, never a panic.
func TestTruncated(t *testing.T) {
	full, err := os.ReadFile(filepath.Join("testdata", "postfix-dsn.eml"))
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(full); n += 13 {
		in := full[:n]
		checkReport(t, in, Classify(in))
	}
	// Cut inside the delivery-status part: the recipients before the cut
	// are still read, and the broken structure is reported.
	cut := bytes.Index(full, []byte("Final-Recipient: rfc822; asmith"))
	rep := Classify(full[:cut])
	if len(rep.Recipients) == 0 || rep.Recipients[0].Address != "jdoe@example.com" {
		t.Errorf("cut report: %+v", rep.Recipients)
	}
	if !hasWarning(rep, "cut short") {
		t.Errorf("warnings %q do not mention the cut", rep.Warnings)
	}
}

func TestDeepNesting(t *testing.T) {
	var b strings.Builder
	b.WriteString("From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail\n")
	const depth = 2000
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i)
	}
	b.WriteString("Content-Type: text/plain\n\n550 5.1.1 <jdoe@example.com>: User unknown\n")
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\n", i)
	}
	in := []byte(b.String())
	rep := Classify(in)
	checkReport(t, in, rep)
	if !hasWarning(rep, "nested deeper") {
		t.Errorf("warnings %q do not say what was skipped", rep.Warnings)
	}
}

func TestHugeInput(t *testing.T) {
	head := "From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail\nContent-Type: text/plain\n\n<jdoe@example.com>: 550 5.1.1 User unknown\n"
	line := "filler text that goes on and on without saying anything in particular\n"
	var b bytes.Buffer
	b.WriteString(head)
	for b.Len() < 50<<20 {
		b.WriteString(line)
	}
	in := b.Bytes()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rep := Classify(in)
	runtime.ReadMemStats(&after)
	checkReport(t, in, rep)
	if !hasWarning(rep, "only the first") {
		t.Errorf("warnings %q do not say the input was cut", rep.Warnings)
	}
	if len(rep.Recipients) != 1 || rep.Recipients[0].Reason != "userunknown" {
		t.Errorf("the bounce at the start was not read: %+v", rep.Recipients)
	}
	// Memory is bounded by what is read (MaxInput), not by the input.
	if got := after.TotalAlloc - before.TotalAlloc; got > 16*MaxInput {
		t.Errorf("allocated %d MB for a 50 MB input", got>>20)
	}
	// One long line without line breaks, pasted.
	long := bytes.Repeat([]byte("word "), MaxInput/5+1000)
	checkReport(t, long, Classify(long))
}
