package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// distDir is the built site under test: $BOUNCE_DIST, or ../../dist.
func distDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("BOUNCE_DIST")
	if dir == "" {
		dir = filepath.Join("..", "..", "dist")
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		if os.Getenv("BOUNCE_REQUIRE_BROWSER") != "" {
			t.Fatalf("no built site in %s: run make dist", dir)
		}
		t.Skipf("no built site in %s: run make dist", dir)
	}
	return dir
}

// serveDist serves the built site on a local test server and returns its URL.
func serveDist(t testing.TB) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(distDir(t))))
	t.Cleanup(srv.Close)
	return srv.URL
}

// chromiumPath finds Debian's Chromium.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a fresh headless Chromium (own profile, no background
// traffic) and returns a tab context that lives until the test ends.
func newBrowser(t testing.TB, width, height int) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("BOUNCE_REQUIRE_BROWSER") != "" {
			t.Fatal("chromium not found; .ci/run installs Debian's chromium")
		}
		t.Skip("chromium not found")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

// screenshot saves a full-page PNG of the current tab under $BOUNCE_SHOTS
// (default: dist/screenshots) for people to look at; it never fails a test.
func screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("BOUNCE_SHOTS")
	if dir == "" {
		dir = filepath.Join(distDir(t), "screenshots")
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
}
