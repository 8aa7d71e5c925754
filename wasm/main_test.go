//go:build js && wasm

package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall/js"
	"testing"

	"github.com/bounce-explainer/bounce/classify"
	"github.com/bounce-explainer/bounce/classify/mimewalk"
)

// TestReportIsJSON checks that JavaScript receives the Report's JSON form
// (DESIGN.md) exactly as encoding/json writes it.
func TestReportIsJSON(t *testing.T) {
	inputs := []string{
		"",
		"hello, this is not a bounce",
		"550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown",
		"421 4.7.0 Try again later, closing connection.",
	}
	for _, in := range inputs {
		got := report(js.ValueOf(in))
		rep := classify.Classify([]byte(in))
		want, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%q:\n got %s\nwant %s", in, got, want)
		}
	}
}

// parsed is what worker.js does with the answer: JSON.parse.
func parsed(s any) js.Value {
	return js.Global().Get("JSON").Call("parse", s)
}

func TestBytesInput(t *testing.T) {
	text := "550 5.1.1 User unknown"
	u8 := js.Global().Get("Uint8Array").New(len(text))
	js.CopyBytesToJS(u8, []byte(text))
	for name, v := range map[string]js.Value{
		"string":      js.ValueOf(text),
		"Uint8Array":  u8,
		"ArrayBuffer": u8.Get("buffer"),
	} {
		got := parsed(report(v))
		if !got.Get("bounce").Bool() || got.Get("recipients").Length() != 1 {
			t.Errorf("%s: %s", name, js.Global().Get("JSON").Call("stringify", got).String())
		}
	}
	if got := parsed(classifyJS(js.Undefined(), nil)); got.Get("bounce").Bool() {
		t.Error("no argument: want an empty, non-bounce report")
	}
	if got := parsed(report(js.ValueOf(42))); got.Get("bounce").Bool() {
		t.Error("a number: want an empty, non-bounce report")
	}
}

// TestCharsetsThroughTextDecoder reads the charset fixtures of
// classify/mimewalk (one sentence per charset, encoded by iconv) through the
// TextDecoder hook: as a part's body and as an RFC 2047 word.
func TestCharsetsThroughTextDecoder(t *testing.T) {
	dir := filepath.Join("..", "classify", "mimewalk", "testdata", "charsets")
	table, err := os.ReadFile(filepath.Join(dir, "charsets.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(table)), "\n") {
		f := strings.Split(line, "\t")
		data, err := os.ReadFile(filepath.Join(dir, f[0]))
		if err != nil {
			t.Fatal(err)
		}
		if f[1] == "windows-1252" && nodeWindows1252Bug() {
			t.Logf("%s: skipped: this Node decodes windows-1252 as ISO-8859-1 (nodejs/node#60888); browsers do not", f[0])
			continue
		}
		b64 := base64.StdEncoding.EncodeToString(data)
		m := mimewalk.Walk("Content-Type: text/plain; charset="+f[1]+"\nContent-Transfer-Encoding: base64\n\n"+b64, mimewalk.DefaultLimits)
		if len(m.Parts) != 1 || m.Parts[0].Text != f[2] || len(m.Warnings) != 0 {
			t.Errorf("%s: %+v, warnings %q; want %q", f[0], m.Parts, m.Warnings, f[2])
		}
		var h mimewalk.Header
		h.Add("Subject", "=?"+f[1]+"?B?"+b64+"?=")
		if got := mimewalk.DecodeHeader(h, "Subject"); got != f[2] {
			t.Errorf("%s: encoded word %q", f[0], got)
		}
	}
}

// nodeWindows1252Bug reports whether the TextDecoder at hand has the bug of
// Node 20.18.3 and later 20.x/22.x: windows-1252 read as ISO-8859-1, so
// 0x80 is U+0080 instead of the euro sign.
func nodeWindows1252Bug() bool {
	got, err := decodeWithTextDecoder("windows-1252", []byte{0x80})
	return err == nil && got != "€"
}

// TestTextDecoderRefuses checks that a charset the browser does not know
// is a warning, not a crash, and that the refusal is remembered.
func TestTextDecoderRefuses(t *testing.T) {
	for i := 0; i < 2; i++ {
		m := mimewalk.Walk("Content-Type: text/plain; charset=ibm437\n\n550 User unknown", mimewalk.DefaultLimits)
		if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "ibm437") || m.Parts[0].Text != "550 User unknown" {
			t.Errorf("warnings %q, parts %+v", m.Warnings, m.Parts)
		}
	}
	if _, err := decodeWithTextDecoder("no-such-charset", []byte("x")); err == nil {
		t.Error("an unknown charset decoded")
	}
}

// TestBig5BounceClassifies runs a whole bounce in Big5 through Classify:
// the diagnostic keeps its Chinese words.
func TestBig5BounceClassifies(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "classify", "mimewalk", "testdata", "charsets", "big5.txt"))
	if err != nil {
		t.Fatal(err)
	}
	in := "From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail\nContent-Type: text/plain; charset=big5\n\n" +
		"<jdoe@example.com>:\n550 5.1.1 <jdoe@example.com>: " + string(data) + "\n"
	rep := classify.Classify([]byte(in))
	if len(rep.Recipients) != 1 || !strings.Contains(rep.Recipients[0].Diagnostic, "收件者信箱不存在") {
		t.Errorf("report %+v", rep)
	}
}
