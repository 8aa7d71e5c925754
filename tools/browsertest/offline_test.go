package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"
)

// swCaches lists the service worker's caches with their number of entries.
const swCaches = `(async () => {
  const out = {};
  for (const name of await caches.keys()) {
    out[name] = (await (await caches.open(name)).keys()).length;
  }
  return out;
})()`

// precached lists what the service worker must hold for the manifest:
// every file but those sw.js leaves out (import formats of the KB, the
// single-file build, test output), and the manifest itself.
func precached(t *testing.T, dist string) (n int, size int64) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dist, "asset-manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Files []struct {
			URL  string `json:"url"`
			Size int64  `json:"size"`
		} `json:"files"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	skip := regexp.MustCompile(`^(kb\.json|kb/[^/]+/fragment\.html|screenshots/.*|bounce-explainer\.html|.*\.map)$`)
	n, size = 1, int64(len(data))
	for _, f := range m.Files {
		if !skip.MatchString(f.URL) {
			n++
			size += f.Size
		}
	}
	return n, size
}

// waitControlled waits until a service worker controls the page and has
// finished precaching (it is active only after install succeeded).
func waitControlled(t *testing.T, ctx context.Context) {
	t.Helper()
	waitUntilAsync(t, ctx, "the service worker to control the page",
		`navigator.serviceWorker.controller !== null && document.documentElement.dataset.offline === "ready"`)
}

func TestOfflineAfterOneVisit(t *testing.T) {
	dist := distDir(t)
	srv := newSiteServer(t, dist, false)
	ctx := newBrowser(t, 1280, 900)

	if err := loadPage(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	waitControlled(t, ctx)
	got := evalIn[map[string]int](t, ctx, swCaches)
	if len(got) != 1 {
		t.Fatalf("caches %v, want exactly one", got)
	}
	want, size := precached(t, dist)
	t.Logf("precached: %d files, %.1f MB", want, float64(size)/1e6)
	for name, n := range got {
		if !strings.HasPrefix(name, "bounce-") || n != want {
			t.Errorf("cache %s holds %d files, want %d (the manifest)", name, n, want)
		}
	}

	// Offline for real: the browser is told so, and the server is gone.
	cutNetwork(t, ctx)
	srv.Close()

	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload offline: %v", err)
	}
	waitUntilJS(t, ctx, "the classifier, offline", `document.documentElement.dataset.classifier === "ready"`)
	evalIn[bool](t, ctx, `(document.getElementById("bounce-input").focus(), true)`)
	pasteText(t, ctx, userUnknownLine)
	waitUntilJS(t, ctx, "a card, offline", `document.querySelector(".bcard[data-reason]")`)
	card := evalIn[[]string](t, ctx, `(() => { const c = document.querySelector(".bcard[data-reason]");
	  return [c.dataset.reason, c.querySelector("a.bcard__kb").href] })()`)
	if card[0] != "userunknown" {
		t.Errorf("offline verdict %q, want userunknown", card[0])
	}
	screenshot(t, ctx, "offline-paste")

	// The card's KB article, offline.
	if err := loadPage(ctx, card[1]); err != nil {
		t.Fatalf("open %s offline: %v", card[1], err)
	}
	h1 := evalIn[string](t, ctx, `(document.querySelector("main h1") || {}).textContent || ""`)
	if strings.TrimSpace(h1) == "" {
		t.Errorf("KB article %s offline: no heading; body starts %q", card[1],
			evalIn[string](t, ctx, `document.body ? document.body.innerText.slice(0, 200) : ""`))
	}
	// A KB page's query string is served by the same stored page.
	if err := loadPage(ctx, srv.URL+"/kb/?q=5.1.1"); err != nil {
		t.Fatalf("KB search offline: %v", err)
	}
	if h := evalIn[string](t, ctx, `(document.querySelector("main h1") || {}).textContent || ""`); strings.TrimSpace(h) == "" {
		t.Error("KB home offline: no heading")
	}
	screenshot(t, ctx, "offline-kb")
}

// copyDir copies the built site so a test can change it.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if rel == "screenshots" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestServiceWorkerUpdate(t *testing.T) {
	site := copyDir(t, distDir(t))
	srv := newSiteServer(t, site, false)
	ctx := newBrowser(t, 1000, 800)

	if err := loadPage(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	waitControlled(t, ctx)
	oldScript := evalIn[string](t, ctx, `navigator.serviceWorker.controller.scriptURL`)

	// Publish a new version: a changed page and a new manifest version.
	page := filepath.Join(site, "index.html")
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html = bytes.Replace(html, []byte("<head>"), []byte(`<head><meta name="test-version" content="2">`), 1)
	if err := os.WriteFile(page, html, 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(site, "asset-manifest.json")
	var m map[string]any
	data, _ := os.ReadFile(manifest)
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["version"] = "test-v2"
	data, _ = json.Marshal(m)
	if err := os.WriteFile(manifest, data, 0o644); err != nil {
		t.Fatal(err)
	}

	// The next visit while the old version is open: the new worker
	// installs in the background and waits; the page keeps the old files.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitUntilAsync(t, ctx, "the new worker to install and wait",
		`navigator.serviceWorker.getRegistration().then(r => !!(r && r.waiting && r.waiting.scriptURL.includes("v=test-v2")))`)
	if s := evalIn[string](t, ctx, `navigator.serviceWorker.controller.scriptURL`); s != oldScript {
		t.Errorf("the page changed worker mid-visit: %s, want %s", s, oldScript)
	}
	if evalIn[bool](t, ctx, `!!document.querySelector('meta[name="test-version"]')`) {
		t.Error("the open visit already mixes in files of the new version")
	}

	// Leave the site (the old version has no page left): the new worker
	// activates. Then come back: the new version is in charge, and the old
	// cache is gone.
	versions := chromedp.Events(ctx, serviceworker.WorkerVersionUpdated)
	if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := loadPage(ctx, "about:blank"); err != nil {
		t.Fatal(err)
	}
	activated := make(chan struct{})
	go func() {
		for ev, err := range versions {
			if err != nil {
				return
			}
			for _, v := range ev.Versions {
				if strings.Contains(v.ScriptURL, "v=test-v2") && v.Status == serviceworker.VersionStatusActivated {
					close(activated)
					return
				}
			}
		}
	}()
	select {
	case <-activated:
	case <-time.After(45 * time.Second):
		t.Fatal("the new worker did not activate after the last page of the old version closed")
	}
	if err := loadPage(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	waitUntilAsync(t, ctx, "the new worker to control the page",
		`navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL.includes("v=test-v2")`)
	if !evalIn[bool](t, ctx, `!!document.querySelector('meta[name="test-version"]')`) {
		t.Error("the new version's page is not served after the update")
	}
	waitUntilAsync(t, ctx, "the old cache to be deleted",
		`caches.keys().then(k => k.length === 1 && k[0] === "bounce-test-v2")`)
}

func TestSingleFileFromDisk(t *testing.T) {
	dist := distDir(t)
	data, err := os.ReadFile(filepath.Join(dist, "bounce-explainer.html"))
	if err != nil {
		t.Fatalf("the single-file build is missing (make dist builds it): %v", err)
	}
	t.Logf("bounce-explainer.html: %d bytes", len(data))
	// Alone in a folder: it may not need any file next to it.
	page := filepath.Join(t.TempDir(), "bounce-explainer.html")
	if err := os.WriteFile(page, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, 1280, 900)
	net := watchNetwork(t, ctx)
	if err := loadPage(ctx, "file://"+filepath.ToSlash(page)); err != nil {
		t.Fatal(err)
	}
	waitUntilJS(t, ctx, "the classifier in the single file", `document.documentElement.dataset.classifier === "ready"`)
	if state := evalIn[string](t, ctx, `window.bounce.state`); state != "ready" {
		t.Fatalf("classifier state %q", state)
	}
	evalIn[bool](t, ctx, `(document.getElementById("bounce-input").focus(), true)`)
	pasteText(t, ctx, userUnknownLine)
	waitUntilJS(t, ctx, "a card", `document.querySelector(".bcard[data-reason]")`)
	card := evalIn[[]string](t, ctx, `(() => { const c = document.querySelector(".bcard[data-reason]");
	  return [c.dataset.reason, c.dataset.entry, c.querySelector("a.bcard__kb").href] })()`)
	if card[0] != "userunknown" {
		t.Errorf("verdict %q, want userunknown", card[0])
	}
	// KB links go to the hosted site: the KB is not in the file.
	if !strings.HasPrefix(card[2], "https://") || !strings.HasSuffix(card[2], "/kb/"+card[1]+"/") {
		t.Errorf("KB link %q, want the hosted site's kb/%s/", card[2], card[1])
	}
	for _, u := range net.since(0) {
		if !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "blob:") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the single file fetched %s", u)
		}
	}
	screenshot(t, ctx, "single-file")
}
