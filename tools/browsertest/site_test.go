package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// resultIDs waits until the search results under scope show and returns the
// entry ids they link to, best first.
func resultIDs(t *testing.T, ctx context.Context, scope string) []string {
	t.Helper()
	hrefs, err := chromedp.Run(ctx, chromedp.Poll[[]string](fmt.Sprintf(
		`(() => { const a = [...document.querySelectorAll(%q)].map(a => a.getAttribute("href")); return a.length ? a : null })()`,
		scope+" .search-results a")))
	if err != nil {
		t.Fatalf("no search results: %v", err)
	}
	re := regexp.MustCompile(`kb/([a-z0-9-]+)/$`)
	var ids []string
	for _, h := range hrefs {
		if m := re.FindStringSubmatch(h); m != nil {
			ids = append(ids, m[1])
		}
	}
	return ids
}

func TestKBSearchFindsEntries(t *testing.T) {
	site := serveDist(t)
	ctx := newBrowser(t, 1280, 900)
	tests := []struct {
		name, query string
		want        string // id of an entry among the first three results
		prefix      bool   // want is a prefix of the first result's id
	}{
		{"reply code", "550", "smtp-550", false},
		{"enhanced code", "5.1.1", "status-x-1-1", false},
		{"code with punctuation", "<5.1.1>", "status-x-1-1", false},
		{"both codes of a line", "550 5.1.1", "status-x-1-1", false},
		{"phrase", "mailbox full", "mailboxfull", false},
		{"phrase from a message", "user unknown", "userunknown", false},
		{"provider name", "yahoo", "yahoo-", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := chromedp.Do(ctx,
				chromedp.Navigate(site+"/kb/"),
				chromedp.WaitVisible(chromedp.ID("kb-search-q")),
				chromedp.SendKeys(chromedp.ID("kb-search-q"), tt.query),
			); err != nil {
				t.Fatal(err)
			}
			ids := resultIDs(t, ctx, "#main")
			if tt.prefix {
				// A provider's name also offers the provider's page.
				first, err := chromedp.Run(ctx, chromedp.Evaluate[string](
					`document.querySelector("#main .search-results a").getAttribute("href")`))
				if err != nil || !strings.Contains(first, "kb/provider/"+tt.want) {
					t.Errorf("%q: first link %q, want the provider page", tt.query, first)
				}
				if !strings.HasPrefix(ids[0], tt.want) {
					t.Errorf("%q: first result %s, want %s...; all: %v", tt.query, ids[0], tt.want, ids)
				}
				return
			}
			top := ids
			if len(top) > 3 {
				top = top[:3]
			}
			for _, id := range top {
				if id == tt.want {
					return
				}
			}
			t.Errorf("%q: %s not among the first results %v", tt.query, tt.want, ids)
		})
	}
	screenshot(t, ctx, "site-search-1280")
}

// TestKBSearchKeyboard walks the results with the keyboard alone: type,
// ArrowDown into the list, Enter opens the entry.
func TestKBSearchKeyboard(t *testing.T) {
	site := serveDist(t)
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(site+"/kb/userunknown/"),
		chromedp.WaitVisible(chromedp.ID("site-search-q")),
		chromedp.Focus(chromedp.ID("site-search-q")),
		chromedp.KeyEvent("550"),
	); err != nil {
		t.Fatal(err)
	}
	if ids := resultIDs(t, ctx, ".site-search"); ids[0] != "smtp-550" {
		t.Fatalf("first result %v", ids)
	}
	viewportShot(t, ctx, "site-header-search-1280")
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("href") || ""`))
	if err != nil || !strings.HasSuffix(focused, "kb/smtp-550/") {
		t.Fatalf("ArrowDown focused %q (%v)", focused, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/kb/smtp-550/") {
		t.Fatalf("Enter opened %q (%v), want the smtp-550 entry", loc, err)
	}
}

// TestKBSearchFromQuery is what a search form submits without the results
// on screen (and what the paste page links to): kb/?q=... searches at once.
func TestKBSearchFromQuery(t *testing.T) {
	site := serveDist(t)
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/kb/?q=mailbox+full")); err != nil {
		t.Fatal(err)
	}
	ids := resultIDs(t, ctx, "#main")
	found := false
	for _, id := range ids {
		found = found || id == "mailboxfull"
	}
	if !found {
		t.Errorf("kb/?q=mailbox+full: %v", ids)
	}
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("kb-search-q")))
	if err != nil || v != "mailbox full" {
		t.Errorf("search box holds %q (%v)", v, err)
	}
}

// TestKBPageCSPBlocksInlineScript injects an inline script and an inline
// event handler into an entry page: the page's policy must stop both.
func TestKBPageCSPBlocksInlineScript(t *testing.T) {
	site := serveDist(t)
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(site+"/kb/userunknown/"),
		chromedp.WaitVisible(chromedp.ID("kb-title")),
		chromedp.Evaluate[chromedp.Void](`
			window.__violations = [];
			document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.effectiveDirective));
			const s = document.createElement("script");
			s.textContent = "window.__inlineRan = true";
			document.body.appendChild(s);
			const d = document.createElement("div");
			d.setAttribute("onclick", "window.__handlerRan = true");
			document.body.appendChild(d);
			d.click();
		`),
	); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Poll[[]string](`window.__violations.length >= 2 && window.__violations`))
	if err != nil {
		t.Fatalf("no CSP violation reported: %v", err)
	}
	for _, d := range got {
		if !strings.HasPrefix(d, "script-src") {
			t.Errorf("unexpected violated directive %q", d)
		}
	}
	ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(window.__inlineRan || window.__handlerRan)`))
	if err != nil || ran {
		t.Errorf("inline script ran: %v (%v)", ran, err)
	}
}

// TestSiteScreenshots saves the help site's main pages on a phone and a
// desktop, light and dark, for people to look at (dist/screenshots/).
func TestSiteScreenshots(t *testing.T) {
	site := serveDist(t)
	pages := map[string]string{
		"kb-home":    "/kb/",
		"entry":      "/kb/userunknown/",
		"entry-code": "/kb/smtp-550/",
		"codes":      "/kb/codes/",
		"reason":     "/kb/reason/userunknown/",
		"notfound":   "/404.html",
	}
	if slug := firstProvider(t); slug != "" {
		pages["provider"] = "/kb/provider/" + slug + "/"
	}
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		for _, scheme := range []string{"light", "dark"} {
			for name, path := range pages {
				if scheme == "dark" && name != "entry" && name != "kb-home" {
					continue
				}
				shot := fmt.Sprintf("site-%s-%d-%s", name, size.w, scheme)
				t.Run(shot, func(t *testing.T) {
					// A browser per page: each gets the harness's whole time
					// budget, which a busy machine needs for long pages.
					ctx := newBrowser(t, size.w, size.h)
					if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(size.w), int64(size.h))); err != nil {
						t.Fatal(err)
					}
					if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
					}); err != nil {
						t.Fatal(err)
					}
					if err := chromedp.Do(ctx, chromedp.Navigate(site+path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
						t.Fatalf("%s: %v", path, err)
					}
					// Readable on a phone: nothing makes the page scroll sideways.
					wide, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
					if err != nil || wide > 0 {
						t.Errorf("%s at %dpx: page is %dpx wider than the window (%v)", path, size.w, wide, err)
					}
					if name == "codes" {
						// Hundreds of codes: the first screen shows the layout,
						// and a full-page capture that long is slow.
						viewportShot(t, ctx, shot)
						return
					}
					screenshot(t, ctx, shot)
				})
			}
		}
	}
}

// viewportShot saves what the window shows, where screenshot saves the
// whole page.
func viewportShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("BOUNCE_SHOTS")
	if dir == "" {
		dir = filepath.Join(distDir(t), "screenshots")
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
}

// TestSitePrintScreenshot saves an entry page as the print stylesheet lays
// it out: no navigation, search or call to action, just the article.
func TestSitePrintScreenshot(t *testing.T) {
	site := serveDist(t)
	ctx := newBrowser(t, 800, 1100)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/kb/userunknown/"), chromedp.WaitVisible(chromedp.ID("kb-title"))); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`[".site-nav", ".site-search", ".toc", ".cta", ".site-footer"].every(s => { const e = document.querySelector(s); return !e || getComputedStyle(e).display === "none" })`))
	if err != nil || !hidden {
		t.Errorf("print layout still shows page chrome (%v)", err)
	}
	screenshot(t, ctx, "site-entry-print")
}

// firstProvider returns the folder of some provider page, read from kb.json.
func firstProvider(t *testing.T) string {
	data, err := os.ReadFile(filepath.Join(distDir(t), "kb.json"))
	if err != nil {
		return ""
	}
	var recs []struct{ URL, Provider string }
	if json.Unmarshal(data, &recs) != nil {
		return ""
	}
	for _, r := range recs {
		if r.Provider != "" {
			s := strings.ToLower(r.Provider)
			s = regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(s, "-")
			return strings.Trim(s, "-")
		}
	}
	return ""
}

// TestKBPagesFitAPhone opens every entry page at phone width and checks that
// none scrolls sideways: long codes, URLs, tables and examples must wrap or
// scroll inside their own box.
func TestKBPagesFitAPhone(t *testing.T) {
	site := serveDist(t)
	data, err := os.ReadFile(filepath.Join(distDir(t), "kb.json"))
	if err != nil {
		t.Fatal(err)
	}
	var recs []struct{ ID string }
	if err := json.Unmarshal(data, &recs); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/kb/", "/kb/codes/", "/kb/reason/", "/kb/provider/"}
	for _, r := range recs {
		paths = append(paths, "/kb/"+r.ID+"/")
	}
	// A fresh browser per batch keeps each within the harness's time limit.
	const batch = 60
	for start := 0; start < len(paths); start += batch {
		end := min(start+batch, len(paths))
		ctx := newBrowser(t, 390, 844)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths[start:end] {
			if err := chromedp.Do(ctx, chromedp.Navigate(site+p)); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if wide > 0 {
				t.Errorf("%s: %dpx wider than a 390px phone", p, wide)
			}
		}
	}
}

// TestKBWorksWithoutJavaScript browses with scripts off: the KB home still
// lists the reasons and codes and says how to look a code up, and a reason
// page leads to its entries.
func TestKBWorksWithoutJavaScript(t *testing.T) {
	site := serveDist(t)
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/kb/"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Browse by reason", "Unknown recipient", "Browse by code", "550", "needs JavaScript"} {
		if !strings.Contains(text, want) {
			t.Errorf("KB home without JavaScript lacks %q", want)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/kb/reason/userunknown/"), chromedp.WaitVisible(chromedp.CSS(`a[href="../../../kb/userunknown/"]`))); err != nil {
		t.Errorf("reason page without JavaScript: %v", err)
	}
}
