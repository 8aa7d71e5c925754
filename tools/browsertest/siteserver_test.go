package browsertest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// siteServer serves a folder as serveDist does, and also logs every request
// it answers (to prove what a page fetched, workers included), can send CORS
// headers as a static host such as GitHub Pages does, can serve extra pages
// made by a test, and can be shut down mid-test to go offline for real.
type siteServer struct {
	*httptest.Server
	mu    sync.Mutex
	log   []string
	extra map[string]string // path → HTML
}

func newSiteServer(t testing.TB, dir string, cors bool) *siteServer {
	t.Helper()
	s := &siteServer{extra: map[string]string{}}
	files := http.FileServer(http.Dir(dir))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.log = append(s.log, r.URL.Path)
		page, ok := s.extra[r.URL.Path]
		s.mu.Unlock()
		if cors {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}
		if ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page))
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// page adds a test page at path.
func (s *siteServer) page(path, html string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extra[path] = html
}

// requests returns the paths requested so far.
func (s *siteServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// netLog records the URL of every request the tab announces over CDP.
type netLog struct {
	mu   sync.Mutex
	urls []string
}

func watchNetwork(t testing.TB, ctx context.Context) *netLog {
	t.Helper()
	l := &netLog{}
	events := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.urls = append(l.urls, ev.Request.URL)
			l.mu.Unlock()
		}
	}()
	return l
}

func (l *netLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.urls)
}

func (l *netLog) since(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urls[n:]...)
}

// evalIn runs JavaScript (awaiting a promise it returns) and decodes the
// result into T.
func evalIn[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", clip80(js), err)
	}
	return v
}

// waitUntilJS polls until the JavaScript expression is truthy.
func waitUntilJS(t testing.TB, ctx context.Context, what, js string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(45*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// pasteText types text into the focused element as a paste does: one
// input event with the whole text.
func pasteText(t testing.TB, ctx context.Context, text string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		t.Fatalf("insert text: %v", err)
	}
}

// cutNetwork cuts the tab off the network as DevTools' "Offline" does.
// Some Chromium builds refuse the emulation call ("Invalid parameters");
// the tests also shut their server down, which takes the site offline for
// real, so a refusal is logged rather than fatal.
func cutNetwork(t testing.TB, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(false),
		MatchedNetworkConditions: []*network.Conditions{{
			Offline: true, Latency: 0, DownloadThroughput: -1, UploadThroughput: -1,
		}},
	})
	if err != nil {
		t.Logf("emulate offline: %v (the server is shut down instead)", err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: true, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		t.Logf("override network state: %v (the server is shut down instead)", err)
	}
}

// quoteJS quotes s as a JavaScript string literal.
func quoteJS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func clip80(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// loadPage loads url in the tab and waits for its load event.
func loadPage(ctx context.Context, url string) error {
	return chromedp.Do(ctx, chromedp.Navigate(url))
}

// waitUntilAsync is waitUntilJS for an expression that may be a promise
// (Poll would take the promise object itself as truthy).
func waitUntilAsync(t testing.TB, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => !!(await (`+js+`)))()`, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: last error %v", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
