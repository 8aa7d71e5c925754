package classify

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// maxFuzzTime is the longest Classify may take on a fuzzed input (which
// the fuzzer keeps small, a few kilobytes at most).
const maxFuzzTime = time.Second

// FuzzClassify feeds arbitrary input to Classify: it must return a report
// that satisfies checkReport (which fails on a recovered panic), and take
// no longer than maxFuzzTime. Seeds are the
// fixtures in testdata/ plus testdata/fuzz/FuzzClassify.
func FuzzClassify(f *testing.F) {
	for _, pat := range []string{"*.eml", "*.txt"} {
		files, _ := filepath.Glob(filepath.Join("testdata", pat))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	for _, s := range []string{
		"",
		"550 5.1.1 User unknown",
		"Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.2.2\n",
		"Content-Type: multipart/report; boundary=x\n\n--x\nContent-Type: message/delivery-status\n\nFinal-Recipient: a@b.example\n--x",
		"From: MAILER-DAEMON@b.example\nSubject: failure notice\n\n<a@b.example>:\nRemote host said: 552 Mailbox full\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		start := time.Now()
		rep := Classify(in)
		if took := time.Since(start); took > maxFuzzTime {
			// Measured again, so that a busy machine does not fail it.
			start = time.Now()
			Classify(in)
			if again := time.Since(start); again > maxFuzzTime {
				t.Errorf("classifying %d bytes took %v, then %v", len(in), took, again)
			}
		}
		checkReport(t, in, rep)
	})
}
