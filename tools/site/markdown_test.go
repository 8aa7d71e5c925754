package main

import (
	"net/url"
	"strings"
	"testing"
)

func TestRenderIsInert(t *testing.T) {
	base, _ := url.Parse("https://help.example.org/")
	md := newMarkdown(base)
	body := []byte("## What it means\n\n<script>alert(1)</script>\n\n" +
		"Text with <img src=x onerror=alert(1)> inline.\n\n" +
		"[click](javascript:alert(1)) and [data](data:text/html,hi)\n\n" +
		"```text\n<script>alert(2)</script>\n```\n")
	out, toc, err := md.render(body, "kb/x/", false)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, bad := range []string{"<script", "<img", "onerror", "javascript:", "data:text"} {
		if strings.Contains(s, bad) {
			t.Errorf("rendered HTML contains %q:\n%s", bad, s)
		}
	}
	if !strings.Contains(s, "&lt;script&gt;alert(2)&lt;/script&gt;") {
		t.Errorf("code block not escaped:\n%s", s)
	}
	if len(toc) != 1 || toc[0].ID != "what-it-means" || toc[0].Text != "What it means" {
		t.Errorf("toc = %+v", toc)
	}
	if !strings.Contains(s, `<h2 id="what-it-means"><a href="#what-it-means" class="anchor">What it means</a></h2>`) {
		t.Errorf("heading is not self-linked:\n%s", s)
	}
}

func TestRenderLinks(t *testing.T) {
	tests := []struct {
		base, dest string
		absolute   bool
		want       string
	}{
		{"https://h.example/", "../smtp-550/", false, "../../kb/smtp-550/"},
		{"https://h.example/", "../smtp-550/", true, "https://h.example/kb/smtp-550/"},
		{"https://h.example/", "/kb/smtp-550/", false, "../../kb/smtp-550/"},
		{"https://h.example/", "/kb/codes/#r-550", false, "../../kb/codes/#r-550"},
		{"https://h.example/help/", "/kb/smtp-550/", false, "../../kb/smtp-550/"},
		{"https://h.example/help/", "/kb/smtp-550/", true, "https://h.example/help/kb/smtp-550/"},
		{"https://h.example/help/", "/", false, "../../"},
		{"https://h.example/", "#why-it-happens", true, "#why-it-happens"},
		{"https://h.example/", "https://www.rfc-editor.org/rfc/rfc3463", false, "https://www.rfc-editor.org/rfc/rfc3463"},
		{"https://h.example/", "mailto:postmaster@example.com", false, "mailto:postmaster@example.com"},
	}
	for _, tt := range tests {
		base, _ := url.Parse(tt.base)
		md := newMarkdown(base)
		out, _, err := md.render([]byte("[x]("+tt.dest+")"), "kb/userunknown/", tt.absolute)
		if err != nil {
			t.Fatal(err)
		}
		if want := `<a href="` + tt.want + `">x</a>`; !strings.Contains(string(out), want) {
			t.Errorf("base %s, %q (absolute %v): got %s, want %s", tt.base, tt.dest, tt.absolute, out, want)
		}
	}
}

func TestRootPrefix(t *testing.T) {
	for path, want := range map[string]string{"": "", "kb/": "../", "kb/smtp-550/": "../../", "kb/reason/blocked/": "../../../", "index.html": ""} {
		if got := rootPrefix(path); got != want {
			t.Errorf("rootPrefix(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Gmail": "gmail", "Microsoft 365": "microsoft-365", "1&1 / IONOS": "1-1-ionos",
		"Yahoo / AOL": "yahoo-aol", "GMX / web.de": "gmx-web-de", "  ": "other", "mail.ru": "mail-ru",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCodeRowsSortNumerically(t *testing.T) {
	var keys [][]int
	for _, c := range []string{"X.7.26", "5.7.3", "X.1.10", "X.1.1", "5.7.708"} {
		_, _, k := codeKey(c)
		keys = append(keys, k)
	}
	order := []int{3, 2, 1, 0, 4} // X.1.1, X.1.10, 5.7.3, X.7.26, 5.7.708
	for i := 0; i+1 < len(order); i++ {
		if !lessInts(keys[order[i]], keys[order[i+1]]) {
			t.Errorf("%v should sort before %v", keys[order[i]], keys[order[i+1]])
		}
	}
	for c, want := range map[string]string{"550": "r-550", "5.7.26": "x-7-26", "X.7.26": "x-7-26", "4.7.26": "x-7-26"} {
		if got := codeAnchor(c); got != want {
			t.Errorf("codeAnchor(%q) = %q, want %q", c, got, want)
		}
	}
}

func TestHeadingIDsAvoidThePage(t *testing.T) {
	base, _ := url.Parse("https://help.example.org/")
	out, _, err := newMarkdown(base).render([]byte("## Main\n\n## KB title\n\n## Main\n"), "kb/x/", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="main-section"`, `id="kb-title-section"`, `id="main-1"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("want %s in\n%s", want, out)
		}
	}
}
