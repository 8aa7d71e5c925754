package browsertest

import (
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// startServe builds tools/serve and runs it on the built site, as
// `make serve` does, and returns its URL.
func startServe(t *testing.T, dist string, args ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "serve")
	if out, err := exec.Command("go", "build", "-o", bin, "../serve").CombinedOutput(); err != nil {
		t.Fatalf("building tools/serve: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, append([]string{"-dir", dist, "-addr", addr}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := "http://" + addr
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(url + "/"); err == nil {
			res.Body.Close()
			return url
		}
	}
	t.Fatalf("tools/serve did not start on %s", addr)
	return ""
}

// TestSingleFileUnderServe loads the single-file build from tools/serve:
// its inline code must run under the header policy the server sends.
func TestSingleFileUnderServe(t *testing.T) {
	dist := distDir(t)
	url := startServe(t, dist)
	ctx := newBrowser(t, 1280, 900)
	if err := loadPage(ctx, url+"/bounce-explainer.html"); err != nil {
		t.Fatal(err)
	}
	waitUntilJS(t, ctx, "the classifier in the single file", `document.documentElement.dataset.classifier === "ready"`)
	evalIn[bool](t, ctx, `(document.getElementById("bounce-input").focus(), true)`)
	pasteText(t, ctx, userUnknownLine)
	waitUntilJS(t, ctx, "an explained recipient", `document.querySelector("[data-reason]")`)
	if got := evalIn[string](t, ctx, `document.querySelector("[data-reason]").dataset.reason`); got != "userunknown" {
		t.Errorf("verdict %q, want userunknown", got)
	}
}

// TestComponentFromServe puts the web component on a page of another
// origin, loading its files from tools/serve: the CORS and cross-origin
// resource policy headers it sends must let the component work.
func TestComponentFromServe(t *testing.T) {
	dist := distDir(t)
	url := startServe(t, dist)
	intranet := newSiteServer(t, t.TempDir(), false)
	intranet.page("/page.html", fmt.Sprintf(crossOriginHost, url))
	ctx := newBrowser(t, 1000, 800)
	if err := loadPage(ctx, intranet.URL+"/page.html"); err != nil {
		t.Fatal(err)
	}
	evalIn[bool](t, ctx, `document.querySelector("bounce-explainer").ready.then(() => true)`)
	pasteInto(t, ctx, 0, userUnknownLine)
	if reason, _, _ := cardOf(t, ctx, 0); reason != "userunknown" {
		t.Errorf("reason %q, want userunknown", reason)
	}
}
