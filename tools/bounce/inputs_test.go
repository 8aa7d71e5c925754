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
	// Sorted walk; .eml files, both maildir folders, mbox messages split;
	// maildir tmp/, hidden files and other extensions skipped.
	want := []string{
		"testdata/hello.eml",
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
		if err := os.WriteFile(p, msg, 0o644); err != nil {
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

func TestKindOf(t *testing.T) {
	tests := []struct {
		path string
		want int
	}{
		{"a/b.eml", kindMessage},
		{"a/B.EML", kindMessage},
		{"a/box.mbox", kindMbox},
		{"m/cur/123.host:2,S", kindMessage},
		{"m/new/123.host", kindMessage},
		{"m/tmp/123.host", kindSkip},
		{"m/cur/.DS_Store", kindSkip},
		{"a/readme.txt", kindSkip},
		{"a/.b.eml", kindSkip},
	}
	for _, tc := range tests {
		if got := kindOf(filepath.FromSlash(tc.path)); got != tc.want {
			t.Errorf("kindOf(%q) = %d, want %d", tc.path, got, tc.want)
		}
	}
}
