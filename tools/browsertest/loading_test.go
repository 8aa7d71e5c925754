package browsertest

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// progressPage loads bounce.js as the paste page does (with data-wasm-size
// when size is not empty) and records every bounce.onloadprogress call in
// window.progress.
func progressPage(size string) string {
	attr := ""
	if size != "" {
		attr = ` data-wasm-size="` + size + `"`
	}
	return `<!doctype html><title>progress</title>
<script src="/bounce.js" data-wasm="/bounce.wasm" data-wasm-exec="/wasm_exec.js" data-worker="/worker.js"` + attr + `></script>
<script>
window.progress = [];
bounce.onloadprogress = function (p) { window.progress.push([p.loaded, p.total]); };
</script>`
}

// openLoaded serves site, opens path in a new browser and waits until the
// classifier is ready.
func openLoaded(t *testing.T, site *precompressedSite, path string) context.Context {
	t.Helper()
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	ctx := newBrowser(t, 800, 600)
	if err := loadPage(ctx, srv.URL+path); err != nil {
		t.Fatal(err)
	}
	waitUntilAsync(t, ctx, "the classifier", `bounce.ready.then(() => true)`)
	return ctx
}

// TestLoadProgress checks bounce.onloadprogress: called as the bytes of
// bounce.wasm arrive, counting up to its uncompressed size, with the total
// from data-wasm-size (a compressed download hides it) or Content-Length,
// and 0 (unknown) when neither says it.
func TestLoadProgress(t *testing.T) {
	dist := distDir(t)
	st, err := os.Stat(filepath.Join(dist, "bounce.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	size := st.Size()
	tests := []struct {
		name  string
		plain bool   // serve bounce.wasm uncompressed, with its Content-Length
		attr  string // data-wasm-size
		total int64
	}{
		{"compressed, size from the build", false, fmt.Sprint(size), size},
		{"uncompressed, size from Content-Length", true, "", size},
		{"compressed, size unknown", false, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newPrecompressedSite(dist)
			site.plain = tt.plain
			site.pages["/progress.html"] = progressPage(tt.attr)
			ctx := openLoaded(t, site, "/progress.html")
			events := evalIn[[][2]int64](t, ctx, `window.progress`)
			if len(events) < 2 {
				t.Fatalf("progress events %v, want several", events)
			}
			last := events[len(events)-1]
			if last != [2]int64{size, tt.total} {
				t.Errorf("last progress %v, want [%d %d]", last, size, tt.total)
			}
			for i, e := range events {
				if i > 0 && e[0] < events[i-1][0] {
					t.Errorf("progress went back: %v", events)
					break
				}
				if e[1] != tt.total {
					t.Errorf("event %d: total %d, want %d", i, e[1], tt.total)
					break
				}
			}
			if got := evalIn[[2]int64](t, ctx, `[bounce.loadProgress.loaded, bounce.loadProgress.total]`); got != last {
				t.Errorf("bounce.loadProgress %v, want the last event %v", got, last)
			}
		})
	}
}

// TestPastePageLoadsOnce checks the paste page's wiring: the preload hint
// and bounce.js share one download of bounce.wasm, and the page knows its
// size (data-wasm-size), so the progress reaches 100 %.
func TestPastePageLoadsOnce(t *testing.T) {
	dist := distDir(t)
	st, err := os.Stat(filepath.Join(dist, "bounce.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	site := newPrecompressedSite(dist)
	ctx := openLoaded(t, site, "/")
	if got := evalIn[[2]int64](t, ctx, `[bounce.loadProgress.loaded, bounce.loadProgress.total]`); got != [2]int64{st.Size(), st.Size()} {
		t.Errorf("bounce.loadProgress %v, want %d of %d", got, st.Size(), st.Size())
	}
	site.mu.Lock()
	defer site.mu.Unlock()
	n := 0
	for _, k := range site.sent {
		n += k
	}
	if n != 1 {
		t.Errorf("bounce.wasm was requested %d times (%v), want once", n, site.sent)
	}
}

// bigBounce is an input large enough to keep the classifier busy for more
// than a millisecond.
func bigBounce() string {
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "<user%d@example.com>: host mx.example.com said: 550 5.1.1 User unknown (in reply to RCPT TO)\n", i)
	}
	return b.String()
}

// TestClassifyTimeout checks the time limit of bounce.classify: past
// options.timeoutMs it rejects with a TimeoutError, the worker is replaced,
// an input queued behind still gets its answer, and the next input works.
func TestClassifyTimeout(t *testing.T) {
	srv := newSiteServer(t, distDir(t), false)
	ctx := newBrowser(t, 800, 600)
	if err := loadPage(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	waitUntilAsync(t, ctx, "the classifier", `bounce.ready.then(() => true)`)
	got := evalIn[map[string]any](t, ctx, `(async () => {
  const big = `+quoteJS(bigBounce())+`;
  const slow = bounce.classify(big, {timeoutMs: 1}).then(() => "answered", (e) => e.name + ": " + e.message);
  const queued = bounce.classify(`+quoteJS(userUnknownLine)+`).then((r) => r.recipients[0].reason, (e) => "error: " + e.message);
  const out = {slow: await slow, queued: await queued};
  out.after = await bounce.classify("550 5.2.2 <a@example.com>: Mailbox full").then((r) => r.recipients[0].reason, (e) => "error: " + e.message);
  out.unlimited = await bounce.classify(big, {timeoutMs: 0}).then((r) => r.recipients.length, (e) => "error: " + e.message);
  out.state = bounce.state;
  return out;
})()`)
	if s, _ := got["slow"].(string); !strings.HasPrefix(s, "TimeoutError: ") || !strings.Contains(s, "1 ms") {
		t.Errorf("1 ms limit: %v, want a TimeoutError that names the limit", got["slow"])
	}
	if got["queued"] != "userunknown" || got["after"] != "mailboxfull" {
		t.Errorf("after the timeout: queued %v, next %v; want userunknown, mailboxfull", got["queued"], got["after"])
	}
	if n, _ := got["unlimited"].(float64); n < 100 {
		t.Errorf("timeoutMs 0 (no limit): %v, want the big input's recipients", got["unlimited"])
	}
	if got["state"] != "ready" {
		t.Errorf("state %v after the restart, want ready", got["state"])
	}
}

// TestPageSaysTimeout checks what a person sees: with the page's default
// limit set tiny (bounceConfig.timeoutMs, set before bounce.js runs), a
// paste that runs past it says it was stopped, and the text stays.
func TestPageSaysTimeout(t *testing.T) {
	srv := newSiteServer(t, distDir(t), false)
	ctx := newBrowser(t, 800, 600)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: `window.bounceConfig = {timeoutMs: 1};`}); err != nil {
		t.Fatal(err)
	}
	if err := loadPage(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	waitUntilAsync(t, ctx, "the classifier", `bounce.ready.then(() => true)`)
	big := bigBounce()
	paste(t, ctx, big)
	status := evalIn[string](t, ctx, `document.getElementById("status") ? document.getElementById("status").textContent : document.body.innerText`)
	if !strings.Contains(status, "took longer than") && !strings.Contains(status, "was stopped") {
		t.Errorf("status %q, want it to say the classifier was stopped", status)
	}
	if n := evalIn[int](t, ctx, `document.getElementById("bounce-input").value.length`); n != len(big) {
		t.Errorf("the box holds %d characters after the timeout, want the %d pasted", n, len(big))
	}
}
