package classify

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzClassify feeds arbitrary input to Classify: it must return a report
// that satisfies checkReport, never panic and never hang. Seeds are the
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
		rep := Classify(in)
		checkReport(t, in, rep)
	})
}
