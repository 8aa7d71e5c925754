package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// collect runs the source over args and returns what it emitted.
func collect(t *testing.T, stdin string, maxSize int64, args ...string) []input {
	t.Helper()
	var got []input
	s := source{stdin: strings.NewReader(stdin), maxSize: maxSize, emit: func(in input) { got = append(got, in) }}
	for _, a := range args {
		s.walk(a)
	}
	return got
}

func TestMboxSplit(t *testing.T) {
	tests := []struct {
		name    string
		mbox    string
		max     int64
		want    []string // message bodies, in order
		names   []string
		trunc   []bool
		comment string
	}{
		{
			name:  "two messages",
			mbox:  "From a@x.example Mon Mar  2 10:00:00 2026\nSubject: one\n\nbody one\n\nFrom b@x.example Mon Mar  2 11:00:00 2026\nSubject: two\n\nbody two\n",
			want:  []string{"Subject: one\n\nbody one\n", "Subject: two\n\nbody two"},
			names: []string{"-#1", "-#2"},
		},
		{
			name:  "CRLF line endings",
			mbox:  "From a@x.example Mon Mar  2 10:00:00 2026\r\nSubject: one\r\n\r\nbody one\r\n\r\nFrom b@x.example Mon Mar  2 11:00:00 2026\r\nSubject: two\r\n\r\nbody two\r\n",
			want:  []string{"Subject: one\r\n\r\nbody one\r\n", "Subject: two\r\n\r\nbody two"},
			names: []string{"-#1", "-#2"},
		},
		{
			name:  "a lone message keeps the plain name",
			mbox:  "From - Thu Mar  5 08:00:00 2026\nSubject: only\n\n550 5.1.1 User unknown\n",
			want:  []string{"Subject: only\n\n550 5.1.1 User unknown"},
			names: []string{"-"},
		},
		{
			name:  "quoted From lines lose one > and do not split",
			mbox:  "From a@x.example Mon Mar  2 10:00:00 2026\nSubject: q\n\n>From here on\n>>From deeper\n> From unrelated\n",
			want:  []string{"Subject: q\n\nFrom here on\n>From deeper\n> From unrelated"},
			names: []string{"-"},
		},
		{
			name:  "an unquoted body line without a postmark date does not split",
			mbox:  "From a@x.example Mon Mar  2 10:00:00 2026\nSubject: q\n\nFrom the desk of Carol\nbye\n",
			want:  []string{"Subject: q\n\nFrom the desk of Carol\nbye"},
			names: []string{"-"},
		},
		{
			name:  "a message over the size cap is cut and flagged",
			mbox:  "From a@x.example Mon Mar  2 10:00:00 2026\n0123456789abcdef\n\nFrom b@x.example Mon Mar  2 11:00:00 2026\nshort\n",
			max:   8,
			want:  []string{"01234567", "short"},
			names: []string{"-#1", "-#2"},
			trunc: []bool{true, false},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			max := tc.max
			if max == 0 {
				max = 1 << 20
			}
			got := collect(t, tc.mbox, max, "-")
			var bodies, names []string
			var trunc []bool
			for _, in := range got {
				if in.err != nil {
					t.Fatalf("%s: %v", in.name, in.err)
				}
				bodies = append(bodies, string(in.data))
				names = append(names, in.name)
				trunc = append(trunc, in.truncated)
			}
			if !reflect.DeepEqual(bodies, tc.want) {
				t.Errorf("messages:\n got %q\nwant %q", bodies, tc.want)
			}
			if !reflect.DeepEqual(names, tc.names) {
				t.Errorf("names: got %q, want %q", names, tc.names)
			}
			if tc.trunc != nil && !reflect.DeepEqual(trunc, tc.trunc) {
				t.Errorf("truncated: got %v, want %v", trunc, tc.trunc)
			}
		})
	}
}

func TestStdinThatIsNotAnMbox(t *testing.T) {
	for _, text := range []string{
		"550 5.1.1 <a@b.example>: User unknown",
		"From the server: 550 5.1.1 User unknown", // "From " but no postmark
		"",
	} {
		got := collect(t, text, 1<<20, "-")
		if len(got) != 1 || got[0].name != "-" || string(got[0].data) != text {
			t.Errorf("%q: got %+v, want one input named - with the text", text, got)
		}
	}
}

func TestDirectoryWalk(t *testing.T) {
	got := collect(t, "", 1<<20, "testdata")
	var names []string
	for _, in := range got {
		if in.err != nil {
			t.Errorf("%s: %v", in.name, in.err)
		}
		names = append(names, filepath.ToSlash(in.name))
	}
	// Sorted walk; every file that looks like mail whatever its name, mbox
	// messages split; maildir tmp/, hidden files and text without a sign of
	// mail (notes.txt) skipped.
	want := []string{
		"testdata/hello.eml",
		"testdata/mailboxfull.txt",
		"testdata/maildir/cur/1709557200.M100P200.desk",
		"testdata/maildir/new/1709557300.M101P201.desk",
		"testdata/mbox/inbox.mbox#1",
		"testdata/mbox/inbox.mbox#2",
		"testdata/mbox/inbox.mbox#3",
		"testdata/mbox/single.mbox",
		"testdata/userunknown.eml",
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("walk:\n got %q\nwant %q", names, want)
	}
}

func TestMaildirFileNames(t *testing.T) {
	// Real maildir names carry ":2,flags", which a module zip cannot hold,
	// so this tree is made at run time.
	dir := t.TempDir()
	msg, err := os.ReadFile("testdata/userunknown.eml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{
		"Maildir/cur/1709557200.M100P200.desk:2,RS":   true,
		"Maildir/new/1709557201.M101P201.desk":        true,
		"Maildir/tmp/1709557202.M102P202.desk":        false,
		"Maildir/.Sent/cur/1709557203.M103.desk:2,S":  true, // Maildir++ subfolder
		"Maildir/.git/cur/x.eml":                      true, // has cur/: a mail folder after all
		"Maildir/.cache/a/b.eml":                      false,
		"Maildir/Archive/cur/1709557204.M104.desk:2,": true,
		"Maildir/cur/.keep":                           false,
		"Maildir/dovecot-uidlist":                     false,
	}
	for name := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		data := msg
		if filepath.Base(p) == "dovecot-uidlist" {
			data = []byte("3 V1709557200 N4 G0123\n1 :W2048\n") // read by content: not mail
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for _, in := range collect(t, "", 1<<20, dir) {
		rel, _ := filepath.Rel(dir, in.name)
		seen[filepath.ToSlash(rel)] = true
		if in.err != nil || len(in.data) != len(msg) {
			t.Errorf("%s: err %v, %d bytes", rel, in.err, len(in.data))
		}
	}
	for name, want := range files {
		if seen[name] != want {
			t.Errorf("%s: read %v, want %v", name, seen[name], want)
		}
	}
}

func TestLooksLikeMail(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"Return-Path: <>\nSubject: Undelivered Mail\n", true},
		{"From MAILER-DAEMON Mon Mar  2 10:00:00 2026\n", true},
		{"Delivery has failed to these recipients or groups:\n\njdoe@example.com\n", true},
		{"Remote server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound'", true},
		{"The error was 5.7.1 and nothing else", true},
		{"3 V1709557200 N4 G0123456789abcdef\n1 :W2048\n", false}, // dovecot-uidlist
		{"not a message\n", false},
		{"version 1.2.3, room 12, 2026-12-01", false},
	}
	for _, tc := range tests {
		if got := looksLikeMail([]byte(tc.head)); got != tc.want {
			t.Errorf("looksLikeMail(%q) = %v, want %v", tc.head, got, tc.want)
		}
	}
}

func TestLooksLikeText(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"Return-Path: <>\nSubject: Undelivered Mail\n", true},
		{"550 5.1.1 User unknown", true},
		{"Unzustellbar: Empfänger unbekannt", true},
		{"\xff\xfeR\x00e\x00", true}, // UTF-16 with a byte-order mark
		{"%PDF-1.7\n", false},
		{"\x89PNG\r\n\x1a\n", false},
		{"PK\x03\x04\x14\x00\x00", false},
		{"\xff\xd8\xff\xe0", false},
	}
	for _, tc := range tests {
		if got := looksLikeText([]byte(tc.head)); got != tc.want {
			t.Errorf("looksLikeText(%q) = %v, want %v", tc.head, got, tc.want)
		}
	}
}

// TestWalkFollowsLinksOnce builds a tree with a symlinked folder, a
// symlinked file, a link back up the tree, a binary file and a UTF-16
// export, and checks what is read and what is said.
func TestWalkFollowsLinksOnce(t *testing.T) {
	msg, err := os.ReadFile("testdata/userunknown.eml")
	if err != nil {
		t.Fatal(err)
	}
	root, other := t.TempDir(), t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/bounce.txt", msg)
	write("a/photo.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"))
	write("a/index", []byte("3 V1709557200 N4\n"))
	write("a/.hidden.txt", msg)
	write("b/utf16.txt", append([]byte{0xff, 0xfe}, utf16le("550 5.1.1 User unknown")...))
	if err := os.WriteFile(filepath.Join(other, "elsewhere.eml"), msg, 0o644); err != nil {
		t.Fatal(err)
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	link(other, "linked-dir")
	link(filepath.Join(root, "a", "bounce.txt"), "b/linked.txt")
	link(root, "a/loop")

	var notes []string
	var got []string
	s := source{maxSize: 1 << 20, note: func(m string) { notes = append(notes, m) }, emit: func(in input) {
		rel, _ := filepath.Rel(root, in.name)
		if in.err != nil {
			t.Errorf("%s: %v", rel, in.err)
		}
		got = append(got, filepath.ToSlash(rel))
		if rel == filepath.Join("b", "utf16.txt") && string(in.data) != "550 5.1.1 User unknown" {
			t.Errorf("UTF-16 file read as %q", in.data)
		}
	}}
	s.walk(root)
	want := []string{"a/bounce.txt", "b/linked.txt", "b/utf16.txt", "linked-dir/elsewhere.eml"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read %q, want %q", got, want)
	}
	if s.skipped != 2 {
		t.Errorf("%d files skipped as not mail, want 2 (the photo and the index)", s.skipped)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "loop") {
		t.Errorf("notes %q, want one about the loop", notes)
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

func TestReadCappedStops(t *testing.T) {
	// An endless reader: the cap must end the read, not drain it.
	data, truncated, err := readCapped(endless{}, 1000)
	if err != nil || !truncated || len(data) != 1000 {
		t.Errorf("got %d bytes, truncated %v, err %v", len(data), truncated, err)
	}
	data, truncated, _ = readCapped(strings.NewReader("12345"), 5)
	if truncated || string(data) != "12345" {
		t.Errorf("exactly at the cap: %q truncated %v", data, truncated)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) { return len(p), nil }
