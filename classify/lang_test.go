package classify

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestLanguages runs every fixture under testdata/lang/<tag>/; what each
// must give is in its name:
//
//	<reason>-<n>.eml|txt      a bounce: every failed recipient has <reason>
//	<reason>-<n>-line.txt     one pasted error line: the reason; the
//	                          language may be too short to tell
//	delayed-<n>.eml|txt       a delay notice: kind delay
//	none-<n>.txt              ordinary text: not a bounce
//	unread-<n>.txt            text in a language the classifier does not
//	                          read: language told, LanguageRead false
//
// Every file but -line.txt must also be told to be in <tag>. It logs a
// table of passes per language and fails on any miss.
func TestLanguages(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "lang", "*"))
	sort.Strings(dirs)
	var table []string
	for _, dir := range dirs {
		tag := filepath.Base(dir)
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		pass, total := 0, 0
		for _, f := range files {
			if !strings.HasSuffix(f, ".eml") && !strings.HasSuffix(f, ".txt") {
				continue
			}
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			total++
			if miss := langMiss(tag, filepath.Base(f), Classify(in)); miss != "" {
				t.Errorf("%s: %s", f, miss)
				continue
			}
			pass++
		}
		table = append(table, tag+"\t"+strconv.Itoa(pass)+"/"+strconv.Itoa(total))
	}
	t.Logf("language fixtures (tag, passed/files):\n%s", strings.Join(table, "\n"))
}

// langMiss is what is wrong with rep for the fixture named name, or "".
func langMiss(tag, name string, rep Report) string {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".eml"), ".txt")
	line := strings.HasSuffix(base, "-line")
	want := base
	if i := strings.IndexByte(base, '-'); i > 0 {
		want = base[:i]
	}
	if !line && rep.Language != tag {
		return "language " + langQuote(rep.Language) + ", want " + langQuote(tag)
	}
	switch want {
	case "none":
		if rep.Bounce {
			return "explained as a bounce (" + langReasons(rep) + "), want not a bounce"
		}
	case "unread":
		if rep.LanguageRead {
			return "language_read true, want false"
		}
	case "delayed":
		if rep.Kind != KindDelay {
			return "kind " + langQuote(rep.Kind) + ", want delay (" + langReasons(rep) + ")"
		}
	default:
		if len(rep.Recipients) == 0 {
			return "not a bounce, want " + want + " (" + strings.Join(rep.Warnings, " ") + ")"
		}
		for _, r := range rep.Recipients {
			if r.Reason != want {
				return "got " + langReasons(rep) + ", want " + want
			}
		}
	}
	return ""
}

func langReasons(rep Report) string {
	var out []string
	for _, r := range rep.Recipients {
		out = append(out, r.Action+":"+r.Reason+" "+langQuote(r.Diagnostic))
	}
	return rep.Kind + " " + strings.Join(out, ", ")
}

func langQuote(s string) string {
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return "\"" + s + "\""
}

// TestQuotedOriginalNotRecipients: a localized Exchange report that quotes
// the returned message's headers (To:, CC: and 20-odd other lines under
// its "original message headers" title; userunknown-10, -11) or names the
// sender in its details table (Exchange Online's newer layout,
// userunknown-12, -13) has one failed recipient, not the quoted ones or
// the sender, and keeps its language.
func TestQuotedOriginalNotRecipients(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "lang", "*", "userunknown-1[0-3].*"))
	if len(files) < 8 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rep := Classify(in)
		var got []string
		for _, r := range rep.Recipients {
			got = append(got, r.Address)
		}
		want := "jdoe.smith@example.es"
		if strings.Contains(f, "-12.") || strings.Contains(f, "-13.") {
			want = "jdoe@example.com"
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%s: recipients %v, want [%s]", f, got, want)
		}
		if tag := filepath.Base(filepath.Dir(f)); rep.Language != tag {
			t.Errorf("%s: language %q, want %q", f, rep.Language, tag)
		}
	}
}
