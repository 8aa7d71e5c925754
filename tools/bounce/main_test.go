package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// runCLI runs the command and returns its exit status, stdout and stderr.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// jsonLines parses -json output, failing on any line that is not an object
// with a "file" field.
func jsonLines(t *testing.T, out string) []record {
	t.Helper()
	var recs []record
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not JSON: %q: %v", line, err)
		}
		if r.File == "" {
			t.Fatalf("no file field: %q", line)
		}
		recs = append(recs, r)
	}
	return recs
}

const unknownLine = "550 5.1.1 <a@b.example>: Recipient address rejected: User unknown"

func TestExitStatus(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  int
		files []string
	}{
		{"one bounce", "", []string{"-json", "testdata/userunknown.eml"}, exitOK, []string{"testdata/userunknown.eml"}},
		{"an error line on stdin", unknownLine, []string{"-json", "-"}, exitOK, []string{"-"}},
		{"no arguments reads stdin", unknownLine, []string{"-json"}, exitOK, []string{"-"}},
		{"not a bounce", "", []string{"-json", "testdata/hello.eml"}, exitNotBounce, []string{"testdata/hello.eml"}},
		{"empty stdin", "", []string{"-json", "-"}, exitNotBounce, []string{"-"}},
		{"bounce and non-bounce", "", []string{"-json", "testdata/userunknown.eml", "testdata/hello.eml"}, exitNotBounce,
			[]string{"testdata/userunknown.eml", "testdata/hello.eml"}},
		{"missing file", "", []string{"-json", "testdata/no-such.eml"}, exitUnreadable, []string{"testdata/no-such.eml"}},
		{"unreadable wins over not a bounce", "", []string{"-json", "testdata/hello.eml", "testdata/no-such.eml", "testdata/userunknown.eml"}, exitUnreadable,
			[]string{"testdata/hello.eml", "testdata/no-such.eml", "testdata/userunknown.eml"}},
		{"a directory with no message", "", []string{"-json", "testdata/nomail"}, exitNotBounce, nil},
		{"bad flag", "", []string{"-nope"}, exitUnreadable, nil},
		{"json and csv together", "", []string{"-json", "-csv", "testdata/userunknown.eml"}, exitUnreadable, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, _ := runCLI(t, tc.stdin, tc.args...)
			if code != tc.want {
				t.Errorf("exit status %d, want %d", code, tc.want)
			}
			var files []string
			for _, r := range jsonLines(t, out) {
				files = append(files, r.File)
			}
			if !reflect.DeepEqual(files, tc.files) {
				t.Errorf("files %q, want %q", files, tc.files)
			}
		})
	}
}

func TestJSONRecord(t *testing.T) {
	code, out, errOut := runCLI(t, "", "-json", "testdata/userunknown.eml", "testdata/hello.eml", "testdata/gone.eml")
	if code != exitUnreadable {
		t.Errorf("exit status %d, want %d", code, exitUnreadable)
	}
	recs := jsonLines(t, out)
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	b := recs[0]
	if !b.Bounce || len(b.Recipients) == 0 || b.Recipients[0].Reason != "userunknown" || !b.Recipients[0].Hard {
		t.Errorf("userunknown.eml: %+v", b)
	}
	if recs[1].Bounce || len(recs[1].Recipients) != 0 || recs[1].Error != "" {
		t.Errorf("hello.eml: %+v", recs[1])
	}
	if recs[2].Error == "" || recs[2].Bounce || recs[2].Recipients == nil {
		t.Errorf("gone.eml: want an error record with the Report shape, got %+v", recs[2])
	}
	if !strings.Contains(errOut, "testdata/gone.eml") {
		t.Errorf("stderr does not name the unreadable file: %q", errOut)
	}
	// The Report's field names are what tools downstream rely on.
	for _, key := range []string{`"file":`, `"bounce":`, `"kind":`, `"recipients":`, `"reason":`, `"status":`, `"reply_code":`, `"entry":`} {
		if !strings.Contains(strings.SplitN(out, "\n", 2)[0], key) {
			t.Errorf("first line lacks %s", key)
		}
	}
}

func TestCSV(t *testing.T) {
	code, out, _ := runCLI(t, "", "-csv", "testdata/userunknown.eml", "testdata/hello.eml", "testdata/gone.eml")
	if code != exitUnreadable {
		t.Errorf("exit status %d, want %d", code, exitUnreadable)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, out)
	}
	if len(rows) != 4 || !reflect.DeepEqual(rows[0], csvColumns) {
		t.Fatalf("want a header and 3 rows, got %q", rows)
	}
	col := map[string]int{}
	for i, c := range csvColumns {
		col[c] = i
	}
	if r := rows[1]; r[col["file"]] != "testdata/userunknown.eml" || r[col["reason"]] != "userunknown" || r[col["hard"]] != "true" || r[col["entry"]] == "" {
		t.Errorf("bounce row: %q", r)
	}
	if r := rows[2]; r[col["reason"]] != "" || !strings.HasPrefix(r[col["note"]], "not a bounce") {
		t.Errorf("non-bounce row: %q", r)
	}
	if r := rows[3]; !strings.HasPrefix(r[col["note"]], "unreadable") {
		t.Errorf("unreadable row: %q", r)
	}
}

func TestCSVCellsAreNotFormulas(t *testing.T) {
	got := cells("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "550 ok", "", "a=b")
	want := []string{"'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "550 ok", "", "a=b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestText(t *testing.T) {
	code, out, _ := runCLI(t, "", "-kb-base", "https://help.example/articles", "testdata/userunknown.eml", "testdata/hello.eml")
	if code != exitNotBounce {
		t.Errorf("exit status %d, want %d", code, exitNotBounce)
	}
	for _, want := range []string{
		"testdata/userunknown.eml: ",
		"permanent",
		"who acts: you, the sender",
		"https://help.example/articles/",
		"testdata/hello.eml: not recognised as a bounce",
		"2 inputs: 1 bounces, 1 not recognised, 0 unreadable",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestTextKeepsHostileTextOnOneLine(t *testing.T) {
	// A diagnostic is a stranger's words: it must not forge output lines or
	// send terminal escape sequences.
	in := "550 5.1.1 User unknown\n\x1b[2J\r\nfake.eml: all good\u009b"
	_, out, _ := runCLI(t, in, "-")
	if strings.Contains(out, "\x1b") || strings.Contains(out, "\u009b") || strings.Contains(out, "\nfake.eml") {
		t.Errorf("control characters or forged lines in output:\n%q", out)
	}
}

func TestMaxSize(t *testing.T) {
	// A 3 MiB message read with a 1 MiB cap: classified from its start,
	// flagged, never fatal.
	p := filepath.Join(t.TempDir(), "big.eml")
	body := unknownLine + "\n" + strings.Repeat("x", 3<<20)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "", "-json", "-max-size", "1", p)
	recs := jsonLines(t, out)
	if code != exitOK || len(recs) != 1 || !recs[0].Bounce {
		t.Fatalf("exit %d, %+v", code, recs)
	}
	if w := strings.Join(recs[0].Warnings, " "); !strings.Contains(w, "first 1 MiB") {
		t.Errorf("no truncation warning: %q", w)
	}
}

func TestMaxSizeRange(t *testing.T) {
	for _, v := range []string{"0", "-1", "4097", "8796093022208", "9223372036854775807"} {
		code, _, errOut := runCLI(t, unknownLine, "-max-size", v, "-")
		if code != exitUnreadable || !strings.Contains(errOut, "between 1 and") {
			t.Errorf("-max-size %s: exit %d, stderr %q", v, code, errOut)
		}
	}
	if code, _, _ := runCLI(t, unknownLine, "-max-size", "4096", "-"); code != exitOK {
		t.Errorf("-max-size 4096: exit %d", code)
	}
}

func TestTextEscapesFileNamesAndServerNames(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a\nfake.eml: all good\x1b[31m.eml")
	msg := "From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail Returned to Sender\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: text/plain\n\nfailed\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; jdoe@example.com\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; evil\x1b]0;pwned\x07.example.net\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n--b--\n"
	if err := os.WriteFile(name, []byte(msg), 0o644); err != nil {
		t.Skip("file names with control characters not allowed here:", err)
	}
	_, out, _ := runCLI(t, "", name)
	if strings.ContainsAny(out, "\x1b\x07") || strings.Contains(out, "\nfake.eml") {
		t.Errorf("control characters or a forged line in output:\n%q", out)
	}
	if !strings.Contains(out, `a\nfake.eml`) || !strings.Contains(out, `\x1b`) {
		t.Errorf("escapes not shown:\n%s", out)
	}
}

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain mx.example.com", "plain mx.example.com"},
		{"a\nb", `a\nb`},
		{"\x1b[2J", `\x1b[2J`},
		{"\u009b31m", `\x9b31m`},
		{"evil\u202egnp.exe", `evil\u202egnp.exe`},
		{"Empfänger 宛先", "Empfänger 宛先"},
	} {
		if got := printable(tc.in); got != tc.want {
			t.Errorf("printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
