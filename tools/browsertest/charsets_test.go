package browsertest

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// charsetDir holds the charset fixtures of classify/mimewalk: one sentence
// per charset, encoded by iconv, listed in charsets.tsv.
var charsetDir = filepath.Join("..", "..", "classify", "mimewalk", "testdata", "charsets")

func charsetFixture(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(charsetDir, file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCharsetsInThePage decodes bounces in the charsets mail servers use,
// in the browser, where the classifier has no charset tables of its own
// and asks TextDecoder: whole bodies in Big5, GB18030 and ISO-2022-JP, and
// every fixture charset as an RFC 2047 subject of the returned message.
func TestCharsetsInThePage(t *testing.T) {
	srv := newSiteServer(t, distDir(t), false)
	ctx := newBrowser(t, 800, 600)
	if err := loadPage(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	waitUntilAsync(t, ctx, "the classifier", `bounce.ready.then(() => true)`)
	classify := func(raw []byte) map[string]any {
		t.Helper()
		return evalIn[map[string]any](t, ctx, `(async () => {
  const bin = atob(`+quoteJS(base64.StdEncoding.EncodeToString(raw))+`);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return bounce.classify(bytes);
})()`)
	}
	diagnostic := func(rep map[string]any) string {
		rs, _ := rep["recipients"].([]any)
		if len(rs) == 0 {
			return ""
		}
		r, _ := rs[0].(map[string]any)
		d, _ := r["diagnostic"].(string)
		return d
	}

	for _, tt := range []struct{ file, label, want string }{
		{"big5.txt", "Big5", "收件者信箱不存在，郵件無法送達。"},
		{"gb18030.txt", "GB18030", "邮件被拒收：发件服务器在黑名单中。𠀀"},
		{"iso-2022-jp.txt", "ISO-2022-JP", "宛先のメールアドレスが見つかりません（ユーザー不明）。"},
	} {
		raw := "From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail\nMIME-Version: 1.0\n" +
			"Content-Type: text/plain; charset=" + tt.label + "\n\n<jdoe@example.com>:\n550 5.1.1 <jdoe@example.com>: " +
			string(charsetFixture(t, tt.file)) + "\n"
		rep := classify([]byte(raw))
		if d := diagnostic(rep); !strings.Contains(d, tt.want) {
			t.Errorf("%s body: diagnostic %q, want it to hold %q", tt.label, d, tt.want)
		}
		if ws, _ := rep["warnings"].([]any); len(ws) != 0 {
			t.Errorf("%s body: warnings %v", tt.label, ws)
		}
	}

	table, err := os.ReadFile(filepath.Join(charsetDir, "charsets.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(table)), "\n") {
		f := strings.Split(line, "\t")
		word := "=?" + f[1] + "?B?" + base64.StdEncoding.EncodeToString(charsetFixture(t, f[0])) + "?="
		raw := "From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n" +
			"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n" +
			"Final-Recipient: rfc822; jdoe@example.com\nAction: failed\nStatus: 5.1.1\n" +
			"Diagnostic-Code: smtp; 550 5.1.1 User unknown\n\n" +
			"--B\nContent-Type: text/rfc822-headers\n\nFrom: sender@example.org\nTo: jdoe@example.com\n" +
			"Subject: " + word + "\n\n--B--\n"
		rep := classify([]byte(raw))
		orig, _ := rep["original"].(map[string]any)
		if got, _ := orig["subject"].(string); got != f[2] {
			t.Errorf("%s subject: %q, want %q", f[1], got, f[2])
		}
	}
}
