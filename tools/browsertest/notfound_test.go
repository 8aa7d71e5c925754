package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestNotFoundInSubfolder hosts the built site (made for the host root) in
// /mirror/help/, as a project page or an intranet folder would, and sends
// 404.html for missing paths at any depth, as static hosts do. The page must
// still be styled, link into /mirror/help/, and search.
func TestNotFoundInSubfolder(t *testing.T) {
	dir := distDir(t)
	const prefix = "/mirror/help/"
	page404, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	files := http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel := strings.TrimPrefix(r.URL.Path, prefix)
		if strings.HasPrefix(r.URL.Path, prefix) && exists(filepath.Join(dir, filepath.FromSlash(rel))) {
			files.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(page404)
	}))
	t.Cleanup(srv.Close)

	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+prefix+"kb/no-such-entry/deeper")); err != nil {
		t.Fatal(err)
	}
	waitUntilJS(t, ctx, "links moved into the folder",
		`document.querySelector('link[rel=stylesheet]').getAttribute('href').split('?')[0] === '/mirror/help/style.css'`)
	waitUntilJS(t, ctx, "the stylesheet applied",
		`[...document.styleSheets].some(s => s.href && s.href.split('?')[0].endsWith('/mirror/help/style.css') && s.cssRules.length > 0)`)
	if href := evalIn[string](t, ctx, `document.querySelector('.site-nav a[href$="kb/"]').getAttribute('href')`); href != prefix+"kb/" {
		t.Errorf("navigation links to %q, want %q", href, prefix+"kb/")
	}
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("kb-search-q")),
		chromedp.SendKeys(chromedp.ID("kb-search-q"), "mailbox full"),
	); err != nil {
		t.Fatal(err)
	}
	waitUntilJS(t, ctx, "search results from the folder",
		`(document.querySelector('#main .search-results a') || {getAttribute: () => ''}).getAttribute('href') === '/mirror/help/kb/mailboxfull/'`)
	screenshot(t, ctx, "notfound-subfolder-1280")
}

// exists reports whether name is a file, or a folder with an index.html.
func exists(name string) bool {
	fi, err := os.Stat(name)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		_, err = os.Stat(filepath.Join(name, "index.html"))
		return err == nil
	}
	return true
}
