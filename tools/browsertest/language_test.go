package browsertest

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bounce-explainer/bounce/classify/lang"
)

// langCase is one of a language's bounce fixtures: its first, and its
// first .eml (or, for a language the classifier does not read, its first
// unread- fixture).
type langCase struct {
	tag, file, reason string
	unread            bool
}

// languageCases takes, for every directory under classify/testdata/lang/,
// the first fixture whose name starts with a reason, and the first .eml
// such fixture when that is another file.
func languageCases(t *testing.T) []langCase {
	t.Helper()
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "classify", "testdata", "lang", "*"))
	sort.Strings(dirs)
	var cases []langCase
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		sort.Strings(files)
		first, eml := "", ""
		for _, f := range files {
			base := filepath.Base(f)
			reason, _, _ := strings.Cut(base, "-")
			if reason == "none" || reason == "delayed" || strings.HasSuffix(base, "-line.txt") {
				continue
			}
			if first == "" {
				first = f
				cases = append(cases, langCase{tag: filepath.Base(dir), file: f, reason: reason, unread: reason == "unread"})
			}
			if eml == "" && strings.HasSuffix(base, ".eml") {
				// The first full message too: it comes in the language's
				// legacy charset, which the page decodes with TextDecoder.
				eml = f
				if f != first {
					cases = append(cases, langCase{tag: filepath.Base(dir), file: f, reason: reason, unread: reason == "unread"})
				}
			}
		}
	}
	if len(cases) == 0 {
		t.Skip("no language fixtures")
	}
	return cases
}

// TestLanguagesInPage pastes every language's first bounce fixture and its
// first .eml (in the charset the language comes in) into
// the page: the card's data-reason is the fixture's reason and the page
// says which language the bounce is in; for a language the classifier
// does not read, the page says so instead of "not a bounce".
func TestLanguagesInPage(t *testing.T) {
	cases := languageCases(t)
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	consoleErrors := watchConsole(ctx)
	openPage(t, ctx, s.URL)
	shot := false
	for _, c := range cases {
		in, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		res := paste(t, ctx, string(in))
		name := lang.Name(c.tag)
		if c.unread {
			title := evalPage[string](t, ctx, `document.getElementById("not-bounce-title").textContent`)
			if !res.NotBounce || title != "This text is in "+name {
				t.Errorf("%s: unread language: not-bounce %v, title %q, want %q", c.file, res.NotBounce, title, "This text is in "+name)
			}
			continue
		}
		if len(res.Cards) == 0 || res.Cards[0].Reason != c.reason {
			t.Errorf("%s: cards %+v, want data-reason %s", c.file, res.Cards, c.reason)
			continue
		}
		line := evalPage[string](t, ctx, `(document.querySelector("#notices .notice--language") || {}).textContent || ""`)
		if c.tag != "en" && !strings.Contains(line, "This bounce is in "+name) {
			t.Errorf("%s: language line %q, want %q", c.file, line, "This bounce is in "+name)
		}
		marks := evalPage[int](t, ctx, `document.querySelectorAll(".bcard__original mark").length`)
		if c.tag != "en" && marks == 0 {
			t.Errorf("%s: the card shows no original sentence", c.file)
		}
		if !shot && c.tag == "de" {
			viewShot(t, ctx, "paste-language-de")
			shot = true
		}
	}
	for _, e := range consoleErrors() {
		t.Errorf("console: %s", e)
	}
}
