package kb

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// linkTable is kb/links.tsv: every page outside the site that an article
// links to, reviewed by a person. An article may link out only to a page
// listed there, and every row must be used, so the table stays the list of
// what the KB sends readers to.
const linkTable = "links.tsv"

// linkRow is one reviewed outside page.
type linkRow struct {
	URL, Owner, What, Reviewed string
	line                       int
}

// parseLinkTable reads the table: comment lines start with "#", the first
// other line is the header, then one row per URL with four tab-separated
// fields. It returns the rows and every problem found.
func parseLinkTable(data string) ([]linkRow, []string) {
	var rows []linkRow
	var problems []string
	header := false
	seen := map[string]int{}
	for i, line := range strings.Split(data, "\n") {
		n := i + 1
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if !header {
			header = true
			if strings.Join(f, ",") != "url,owner,what,reviewed" {
				problems = append(problems, fmt.Sprintf("line %d: header must be url, owner, what, reviewed", n))
			}
			continue
		}
		if len(f) != 4 {
			problems = append(problems, fmt.Sprintf("line %d: want 4 tab-separated fields, got %d", n, len(f)))
			continue
		}
		r := linkRow{URL: f[0], Owner: f[1], What: f[2], Reviewed: f[3], line: n}
		if r.Owner == "" || r.What == "" {
			problems = append(problems, fmt.Sprintf("line %d: owner and what must be filled in", n))
		}
		if _, err := time.Parse("2006-01-02", r.Reviewed); err != nil {
			problems = append(problems, fmt.Sprintf("line %d: reviewed %q is not a date (YYYY-MM-DD)", n, r.Reviewed))
		}
		if p := outsideURLProblem(r.URL); p != "" {
			problems = append(problems, fmt.Sprintf("line %d: %s: %s", n, r.URL, p))
		}
		if prev, dup := seen[r.URL]; dup {
			problems = append(problems, fmt.Sprintf("line %d: %s is already on line %d", n, r.URL, prev))
		}
		seen[r.URL] = n
		rows = append(rows, r)
	}
	return rows, problems
}

// trackingParams are query parameters that identify a campaign or a click
// rather than a page. Parameters starting with "utm_" are tracking too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
	"igshid": true, "ref_src": true, "_ga": true, "wt.mc_id": true, "cmpid": true, "spm": true,
}

// outsideURLProblem says what is wrong with a link to another site, or ""
// when it may be used: https only, a host, no credentials, no tracking.
func outsideURLProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "does not parse: " + err.Error()
	}
	if u.Scheme != "https" {
		return "not https"
	}
	if u.Host == "" || u.User != nil {
		return "needs a host and no user name"
	}
	for key := range u.Query() {
		k := strings.ToLower(key)
		if strings.HasPrefix(k, "utm_") || trackingParams[k] {
			return "has the tracking parameter " + key
		}
	}
	return ""
}

var (
	fenceRe      = regexp.MustCompile("(?ms)^```.*?^```[^\n]*$")
	codeSpanRe   = regexp.MustCompile("`[^`\n]*`")
	linkDestRe   = regexp.MustCompile(`\]\(\s*<?([^)\s>]+)`)
	autolinkRe   = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>`)
	bareURLRe    = regexp.MustCompile(`(?i)\b(?:https?|ftp)://[^\s<>()\[\]]+`)
	schemeRe     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)
	linkOrAutoRe = regexp.MustCompile(`\]\([^)]*\)|<[^>\s]*>`)
)

// outsideLinks lists the links of a Markdown body that leave the site: link
// destinations and autolinks with a scheme or starting with "//", and URLs
// written out bare in the text. Code (fenced blocks, which hold the example
// bounces, and code spans) is text, not links, and is skipped.
func outsideLinks(body string) (links, bare []string) {
	text := fenceRe.ReplaceAllString(body, "")
	text = codeSpanRe.ReplaceAllString(text, "")
	for _, m := range linkDestRe.FindAllStringSubmatch(text, -1) {
		if schemeRe.MatchString(m[1]) || strings.HasPrefix(m[1], "//") {
			links = append(links, m[1])
		}
	}
	for _, m := range autolinkRe.FindAllStringSubmatch(text, -1) {
		links = append(links, m[1])
	}
	// A URL outside a link is not clickable on the site: report it so the
	// author writes a link (with words) instead.
	rest := linkOrAutoRe.ReplaceAllString(text, "")
	bare = bareURLRe.FindAllString(rest, -1)
	return links, bare
}

func TestOutsideLinks(t *testing.T) {
	body := "See [Spamhaus](https://check.spamhaus.org/) and <https://example.org/a>.\n" +
		"Old: [x](http://example.net/) and [y](//example.com/z), internal [z](../smtp-550/).\n" +
		"Bare https://example.com/bare here, code `https://example.com/code` skipped.\n" +
		"```text\n550 see https://example.com/in-fence\n```\n"
	links, bare := outsideLinks(body)
	want := "https://check.spamhaus.org/ http://example.net/ //example.com/z https://example.org/a"
	if got := strings.Join(links, " "); got != want {
		t.Errorf("links = %q, want %q", got, want)
	}
	if got := strings.Join(bare, " "); got != "https://example.com/bare" {
		t.Errorf("bare = %q", got)
	}
}

func TestOutsideURLProblem(t *testing.T) {
	for raw, bad := range map[string]bool{
		"https://check.spamhaus.org/":                   false,
		"https://www.rfc-editor.org/rfc/rfc5321.html":   false,
		"https://example.org/?q=1":                      false,
		"http://example.org/":                           true,
		"//example.org/":                                true,
		"mailto:postmaster@example.org":                 true,
		"https://example.org/?utm_source=kb":            true,
		"https://example.org/page?UTM_Campaign=x&a=b":   true,
		"https://example.org/?fbclid=abc":               true,
		"https://user@example.org/":                     true,
		"https:///nohost":                               true,
		"https://senders.yahooinc.com/smtp-error-codes": false,
	} {
		if got := outsideURLProblem(raw) != ""; got != bad {
			t.Errorf("outsideURLProblem(%q) = %q, want bad=%v", raw, outsideURLProblem(raw), bad)
		}
	}
}

func TestParseLinkTable(t *testing.T) {
	data := "# comment\nurl\towner\twhat\treviewed\n" +
		"https://a.example/\tA\tA's page\t2026-12-01\n" +
		"http://b.example/\tB\tB's page\t2026-12-01\n" +
		"https://a.example/\tA\tagain\t2026-12-01\n" +
		"https://c.example/\tC\t\tyesterday\n" +
		"https://d.example/\tD\n"
	rows, problems := parseLinkTable(data)
	if len(rows) != 4 {
		t.Errorf("got %d rows, want 4", len(rows))
	}
	if len(problems) != 5 { // not https, duplicate, empty what, bad date, 2 fields
		t.Errorf("got %d problems, want 5: %q", len(problems), problems)
	}
}

// TestOutsideLinksReviewed holds every article to the table: each link out is
// https, free of tracking parameters and listed; no URL stands bare in the
// text; and every row of the table is used by some article.
func TestOutsideLinksReviewed(t *testing.T) {
	data, err := os.ReadFile(linkTable)
	if err != nil {
		t.Fatal(err)
	}
	rows, problems := parseLinkTable(string(data))
	for _, p := range problems {
		t.Errorf("%s %s", linkTable, p)
	}
	listed := map[string]bool{}
	for _, r := range rows {
		listed[r.URL] = true
	}
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]int{}
	for _, e := range entries {
		links, bare := outsideLinks(string(e.Body))
		for _, l := range links {
			used[l]++
			if p := outsideURLProblem(l); p != "" {
				t.Errorf("%s: link %s: %s", e.File, l, p)
			} else if !listed[l] {
				t.Errorf("%s: link %s is not in %s; review it and add a row", e.File, l, linkTable)
			}
		}
		for _, b := range bare {
			t.Errorf("%s: %s is written out bare; make it a link with words", e.File, b)
		}
	}
	var unused []string
	for _, r := range rows {
		if used[r.URL] == 0 {
			unused = append(unused, r.URL)
		}
	}
	sort.Strings(unused)
	for _, u := range unused {
		t.Errorf("%s lists %s, which no article links to", linkTable, u)
	}
	t.Logf("%d reviewed outside pages, %d links to them", len(rows), sumValues(used))
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
