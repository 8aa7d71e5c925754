package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"github.com/bounce-explainer/bounce/classify/advice"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/bounce-explainer/bounce/kb"
)

const testBase = "https://help.example.org/bounces/"

var (
	buildOnce    sync.Once
	builtDir     string
	builtEntries []*kb.Entry
	buildErr     error
)

// built builds the real knowledge base once into a temporary folder shared
// by the tests of this file. A screenshot and a precompressed file are put
// there first, to check the manifest leaves them out.
func built(t *testing.T) (string, []*kb.Entry) {
	t.Helper()
	buildOnce.Do(func() {
		builtDir, buildErr = os.MkdirTemp("", "site-test-")
		if buildErr != nil {
			return
		}
		for name, data := range map[string]string{
			"screenshots/page.png": "png",
			"bounce.wasm":          "\x00asm",
			"bounce.wasm.gz":       "gz",
			"bounce.wasm.br":       "br",
			"corpus.jsonl":         "{}",
			"bounce":               "ELF",
		} {
			p := filepath.Join(builtDir, filepath.FromSlash(name))
			_ = os.MkdirAll(filepath.Dir(p), 0o755)
			_ = os.WriteFile(p, []byte(data), 0o644)
		}
		var problems []string
		builtEntries, problems, buildErr = loadEntries(kb.Files)
		if buildErr != nil {
			return
		}
		for _, p := range problems {
			t.Logf("knowledge base: %s", p)
		}
		_, buildErr = build(config{Out: builtDir, Root: filepath.Join("..", ".."), Base: testBase}, builtEntries)
	})
	if buildErr != nil {
		t.Fatalf("build: %v", buildErr)
	}
	return builtDir, builtEntries
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

func read(t *testing.T, dir, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestEveryEntryRenders checks each entry's page and fragment: the title,
// summary and every section heading are there, the facts box names the
// reason, and nothing the author wrote was dropped as raw HTML.
func TestEveryEntryRenders(t *testing.T) {
	dir, entries := built(t)
	if len(entries) == 0 {
		t.Fatal("the knowledge base is empty")
	}
	for _, e := range entries {
		t.Run(e.ID, func(t *testing.T) {
			page := read(t, dir, e.URL()+"index.html")
			frag := read(t, dir, e.URL()+"fragment.html")
			for _, want := range []string{
				"<h1 id=\"kb-title\">" + html.EscapeString(e.Title) + "</h1>",
				html.EscapeString(e.Summary),
				`href="../../kb/reason/` + e.Reason + `/"`,
				`<link rel="canonical" href="` + testBase + e.URL() + `">`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, h := range headingsOf(e.Body) {
				if !strings.Contains(page, ">"+html.EscapeString(h)+"</a></h") {
					t.Errorf("heading %q is not rendered as a linked heading", h)
				}
			}
			seen := map[string]bool{}
			for _, m := range idRe.FindAllStringSubmatch(page, -1) {
				if seen[m[1]] {
					t.Errorf("id %q used twice", m[1])
				}
				seen[m[1]] = true
			}
			if strings.Contains(page, "raw HTML omitted") {
				t.Error("the entry contains raw HTML, which the site drops; write it as Markdown or in backticks")
			}
			if !strings.Contains(frag, html.EscapeString(e.Title)) || strings.Contains(frag, "<html") {
				t.Error("fragment is not the bare article")
			}
			if strings.Contains(frag, `href="../`) {
				t.Error("fragment has relative links; they break inside a helpdesk")
			}
			for _, r := range e.Related {
				if !strings.Contains(page, `href="../../kb/`+r+`/"`) {
					t.Errorf("related entry %s is not linked", r)
				}
			}
		})
	}
}

// headingsOf lists the Markdown headings of a body (outside code fences).
func headingsOf(body []byte) []string {
	var out []string
	fence := false
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
		}
		if !fence && strings.HasPrefix(line, "#") {
			t := strings.TrimSpace(strings.TrimLeft(line, "#"))
			if t != "" && !strings.ContainsAny(t, "`*_[") {
				out = append(out, t)
			}
		}
	}
	return out
}

var (
	attrRe = regexp.MustCompile(`\s(?:href|src|action)="([^"]*)"`)
	// inline matches the text of inline scripts and styles, whose contents
	// are code rather than markup (a comment there may quote a tag).
	inline = regexp.MustCompile(`(?is)(<(script|style)\b[^>]*>).*?(</(?:script|style)>)`)
	idRe   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// crawl checks that every link, script, stylesheet and form target in the
// HTML files under dir that match include resolves to a file in dir, and
// that every #fragment names an element of its target page.
func crawl(t *testing.T, dir string, include func(rel string) bool) int {
	t.Helper()
	ids := map[string]map[string]bool{}
	idsOf := func(rel string) map[string]bool {
		if m, ok := ids[rel]; ok {
			return m
		}
		m := map[string]bool{}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err == nil {
			for _, sm := range idRe.FindAllStringSubmatch(string(data), -1) {
				m[html.UnescapeString(sm[1])] = true
			}
		}
		ids[rel] = m
		return m
	}
	site, _ := url.Parse("https://site.test/")
	links := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !include(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pageURL := site.ResolveReference(&url.URL{Path: rel})
		markup := inline.ReplaceAllString(string(data), "$1$3")
		for _, m := range attrRe.FindAllStringSubmatch(markup, -1) {
			raw := html.UnescapeString(m[1])
			u, err := url.Parse(raw)
			if err != nil {
				t.Errorf("%s: bad URL %q", rel, raw)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue // another site, data: or mailto:
			}
			links++
			target := pageURL.ResolveReference(u)
			file := strings.TrimPrefix(target.Path, "/")
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(file)))
			if err != nil || st.IsDir() {
				t.Errorf("%s: link %q: no file %s", rel, raw, file)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(file, ".html") && !idsOf(file)[u.Fragment] {
				t.Errorf("%s: link %q: %s has no id %q", rel, raw, file, u.Fragment)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return links
}

// TestInternalLinksResolve crawls the pages the builder writes.
func TestInternalLinksResolve(t *testing.T) {
	dir, _ := built(t)
	n := crawl(t, dir, func(rel string) bool {
		return strings.HasPrefix(rel, "kb/") && !strings.HasSuffix(rel, "fragment.html")
	})
	if n < 100 {
		t.Errorf("only %d internal links checked", n)
	}
}

// TestBuiltSiteLinksResolve crawls a complete dist/ (make dist), including the
// paste page and the other pages in it, when one has been built.
func TestBuiltSiteLinksResolve(t *testing.T) {
	dir := os.Getenv("BOUNCE_DIST")
	if dir == "" {
		dir = filepath.Join("..", "..", "dist")
	}
	if _, err := os.Stat(filepath.Join(dir, "kb", "index.html")); err != nil {
		t.Skipf("no built site in %s: run make dist", dir)
	}
	crawl(t, dir, func(rel string) bool {
		return !strings.HasPrefix(rel, "screenshots/") && !strings.HasSuffix(rel, "fragment.html")
	})
}

func TestKBJSON(t *testing.T) {
	dir, entries := built(t)
	var records []kbRecord
	if err := json.Unmarshal([]byte(read(t, dir, "kb.json")), &records); err != nil {
		t.Fatalf("kb.json: %v", err)
	}
	if len(records) != len(entries) {
		t.Fatalf("kb.json has %d records, the KB %d entries", len(records), len(entries))
	}
	for i, e := range entries {
		r := records[i]
		if r.ID != e.ID || r.Title != e.Title || r.Kind != string(e.Kind) || r.Reason != e.Reason ||
			r.Provider != e.Provider || r.Hard != e.Hard || r.Who != e.Who || r.Summary != e.Summary ||
			len(r.Codes) != len(e.Codes) {
			t.Errorf("record %d does not match entry %s: %+v", i, e.ID, r)
		}
		if r.URL != testBase+"kb/"+e.ID+"/" {
			t.Errorf("%s: url %q", e.ID, r.URL)
		}
		if r.HTML != read(t, dir, e.URL()+"fragment.html") {
			t.Errorf("%s: html differs from fragment.html", e.ID)
		}
		if !strings.Contains(r.HTML, "<h2") || !strings.Contains(r.HTML, html.EscapeString(e.Title)) {
			t.Errorf("%s: html is not the rendered article", e.ID)
		}
	}
}

func TestSitemap(t *testing.T) {
	dir, entries := built(t)
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(read(t, dir, "sitemap.xml")), &set); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		if locs[u.Loc] {
			t.Errorf("%s listed twice", u.Loc)
		}
		locs[u.Loc] = true
		rel, ok := strings.CutPrefix(u.Loc, testBase)
		if !ok {
			t.Errorf("%s is not under %s", u.Loc, testBase)
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel), "index.html")); err != nil {
			t.Errorf("%s: no page", u.Loc)
		}
	}
	want := []string{testBase, testBase + "kb/", testBase + "kb/codes/", testBase + "kb/reason/", testBase + "kb/provider/"}
	for _, e := range entries {
		want = append(want, testBase+e.URL(), testBase+"kb/reason/"+e.Reason+"/")
		if e.Provider != "" {
			want = append(want, testBase+"kb/provider/"+slugify(e.Provider)+"/")
		}
	}
	for _, w := range want {
		if !locs[w] {
			t.Errorf("sitemap lacks %s", w)
		}
	}
	if robots := read(t, dir, "robots.txt"); !strings.Contains(robots, "Sitemap: "+testBase+"sitemap.xml\n") {
		t.Errorf("robots.txt does not point to the sitemap:\n%s", robots)
	}
}

func TestSearchIndex(t *testing.T) {
	dir, entries := built(t)
	var idx searchIndex
	if err := json.Unmarshal([]byte(read(t, dir, "kb/search.json")), &idx); err != nil {
		t.Fatalf("search.json: %v", err)
	}
	if len(idx.Entries) != len(entries) {
		t.Fatalf("search.json has %d entries, the KB %d", len(idx.Entries), len(entries))
	}
	for i, row := range idx.Entries {
		if len(row) != len(idx.Fields) {
			t.Fatalf("row %d has %d fields, want %d", i, len(row), len(idx.Fields))
		}
		if row[0] != entries[i].ID {
			t.Errorf("row %d is %v, want %s", i, row[0], entries[i].ID)
		}
	}
}

// TestManifest checks asset-manifest.json against the files on disk: every
// listed file exists with that size and hash, every file a browser may need
// is listed, and screenshots and precompressed copies are not.
func TestManifest(t *testing.T) {
	dir, _ := built(t)
	var m manifest
	if err := json.Unmarshal([]byte(read(t, dir, "asset-manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Version) != 16 {
		t.Errorf("version %q", m.Version)
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.URL] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.URL)))
		if err != nil {
			t.Errorf("%s: %v", f.URL, err)
			continue
		}
		sum := sha256.Sum256(data)
		if int64(len(data)) != f.Size || hex.EncodeToString(sum[:8]) != f.Hash {
			t.Errorf("%s: size/hash %d/%s, file has %d/%x", f.URL, f.Size, f.Hash, len(data), sum[:8])
		}
	}
	for _, want := range []string{"index.html", "style.css", "search.js", "kb/index.html", "kb/search.json", "kb.json", "bounce.wasm", "sitemap.xml"} {
		if !listed[want] {
			t.Errorf("manifest lacks %s", want)
		}
	}
	for _, bad := range []string{"screenshots/page.png", "bounce.wasm.gz", "bounce.wasm.br", "corpus.jsonl", "bounce", "asset-manifest.json"} {
		if listed[bad] {
			t.Errorf("manifest lists %s", bad)
		}
	}
}

// TestPagesAreCSPClean checks every page the builder writes carries the
// policy and needs no exception from it: no inline script, no inline event
// handler, no style attribute, nothing loaded from elsewhere. The one
// exception is 404.html's script, allowed by its hash (notfound.go).
func TestPagesAreCSPClean(t *testing.T) {
	dir, _ := built(t)
	meta := `<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(csp) + `">`
	inlineScript := regexp.MustCompile(`<script(?:\s[^>]*)?>`)
	handlerAttr := regexp.MustCompile(`\son[a-z]+\s*=`)
	thirdParty := regexp.MustCompile(`<(?:script|img|iframe|link rel="(?:stylesheet|icon|preload|manifest)")[^>]*\s(?:src|href)="(?:[a-z]+:)?//[^"]*"`)
	pages := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if rel, _ := filepath.Rel(dir, p); rel != "404.html" && !(strings.HasPrefix(rel, "kb"+string(filepath.Separator)) && path.Base(p) == "index.html") {
			return nil
		}
		pages++
		data, _ := os.ReadFile(p)
		s := string(data)
		rel, _ := filepath.Rel(dir, p)
		want := meta
		if rel == "404.html" {
			want = `<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(notFoundCSP()) + `">`
			s = strings.Replace(s, ">"+notFoundScript+"</script>", " src=hashed></script>", 1)
		}
		if !strings.Contains(s, want) {
			t.Errorf("%s: no CSP meta tag", rel)
		}
		for _, tag := range inlineScript.FindAllString(s, -1) {
			if !strings.Contains(tag, " src=") {
				t.Errorf("%s: inline script %s", rel, tag)
			}
		}
		if handlerAttr.MatchString(s) {
			t.Errorf("%s: inline event handler", rel)
		}
		if strings.Contains(s, ` style="`) || strings.Contains(s, "<style") {
			t.Errorf("%s: inline style", rel)
		}
		if m := thirdParty.FindString(s); m != "" {
			t.Errorf("%s: loads a file from another site: %s", rel, m)
		}
		return nil
	})
	if pages == 0 {
		t.Fatal("no pages")
	}
}

// BenchmarkBuild measures a whole site build over the real knowledge base
// (go test -run '^$' -bench Build ./tools/site) and reports the typical
// entry page's weight.
func BenchmarkBuild(b *testing.B) {
	entries, _, err := loadEntries(kb.Files)
	if err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	var st stats
	for b.Loop() {
		st, err = build(config{Out: out, Root: filepath.Join("..", ".."), Base: testBase}, entries)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(entries)), "entries")
	b.ReportMetric(float64(st.weight)/1e3, "kB/entry-page")
}

// TestEntryAdviceLabels checks that entry pages take their badges from
// classify/advice: the same words the page and the CLI use, a 4xx-only
// entry can clear up, and a reply that is not a failure names no one.
func TestEntryAdviceLabels(t *testing.T) {
	dir, entries := built(t)
	seen := map[string]bool{}
	for _, e := range entries {
		page := read(t, dir, e.URL()+"index.html")
		a := advice.ForEntry(e.Reason, e.Hard, e.Who, e.Codes)
		if !strings.Contains(page, ">"+html.EscapeString(a.CauseLabel)+"</span>") || !strings.Contains(page, html.EscapeString(a.Retry)) {
			t.Errorf("%s: page lacks %q or %q", e.ID, a.CauseLabel, a.Retry)
		}
		for _, old := range []string{">Permanent<", ">Temporary<", "the condition is temporary"} {
			if strings.Contains(page, old) {
				t.Errorf("%s: page still says %q", e.ID, old)
			}
		}
		seen[a.Cause] = true
		switch e.Reason {
		case "vacation", "delivered":
			if strings.Contains(page, "You, the sender") {
				t.Errorf("%s: a reply that is not a failure says who acts: you", e.ID)
			}
		case "feedback":
			if !strings.Contains(page, "Not a delivery failure") {
				t.Errorf("%s: a complaint is not labelled as not a delivery failure", e.ID)
			}
		}
	}
	for _, c := range []string{advice.Lasting, advice.CanClear, ""} {
		if !seen[c] {
			t.Errorf("no entry with cause %q: the test checks less than it says", c)
		}
	}
}

// TestAssetURLsAreVersioned checks that the pages ask for their scripts,
// styles and the WASM as name?v=<hash>, with the hash the manifest gives
// the file: tools/serve serves exactly those as immutable.
func TestAssetURLsAreVersioned(t *testing.T) {
	dir, _ := built(t)
	var m manifest
	if err := json.Unmarshal([]byte(read(t, dir, "asset-manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	hashes := map[string]string{}
	for _, f := range m.Files {
		hashes[f.URL] = f.Hash
	}
	ref := regexp.MustCompile(`(?:src|href|data-wasm|data-wasm-exec|data-worker)="([^"]+\.(?:js|css|wasm)(?:\?[^"]*)?)"`)
	for _, page := range []string{"index.html", "kb/index.html", "kb/userunknown/index.html", "404.html", "embed-guide.html"} {
		refs := ref.FindAllStringSubmatch(read(t, dir, page), -1)
		if len(refs) == 0 {
			t.Errorf("%s: no script or style found", page)
		}
		for _, r := range refs {
			u, err := url.Parse(html.UnescapeString(r[1]))
			if err != nil || u.Host != "" {
				continue
			}
			name := strings.TrimPrefix(path.Clean(path.Join(path.Dir("/"+page), u.Path)), "/")
			name = strings.TrimPrefix(name, strings.TrimPrefix(testBasePath(), "/")) // 404.html
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				continue // wasm_exec.js: not in the test build
			}
			if got := u.Query().Get("v"); got == "" || got != hashes[name] {
				t.Errorf("%s: %s has v=%q, the manifest says %q", page, r[1], got, hashes[name])
			}
		}
	}
	if !strings.Contains(read(t, dir, "index.html"), `data-wasm="bounce.wasm?v=`+hashes["bounce.wasm"]+`"`) {
		t.Error("index.html: bounce.wasm is not versioned")
	}
}

func testBasePath() string {
	u, _ := url.Parse(testBase)
	return u.Path
}
