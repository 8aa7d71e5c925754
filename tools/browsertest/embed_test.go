package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// userUnknownLine is a bare error line every build of the classifier must
// explain as userunknown.
const userUnknownLine = "550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown in virtual mailbox table"

// plainHost is a host page with no style at all: the reference the hostile
// demo page is compared with.
const plainHost = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>plain host</title><script src="%s" defer></script></head>
<body><div style="max-width:860px;margin:0 auto;padding:0 16px">
<bounce-explainer kb-base="../kb/"></bounce-explainer>
<bounce-explainer compact kb-base="../kb/{id}/"></bounce-explainer>
</div></body></html>`

// styleProbe reads the computed styles that matter for how the widget looks,
// per part of its Shadow DOM, from the first <bounce-explainer> on the page.
const styleProbe = `(() => {
  const root = document.querySelector("bounce-explainer").shadowRoot;
  const props = ["color", "font-family", "font-size", "font-weight", "line-height", "letter-spacing",
    "text-transform", "display", "border-top-style", "border-top-width", "padding-top", "margin-top",
    "box-sizing", "background-color", "text-decoration-line"];
  const out = {};
  for (const sel of [".be", ".label", "textarea", ".status", "ol", ".card", ".title", ".badge", ".addr", ".summary", "dt", "dd", "a.more"]) {
    const el = root.querySelector(sel);
    if (!el) { out[sel] = "missing"; continue; }
    const cs = getComputedStyle(el);
    out[sel] = props.map(p => p + ": " + cs.getPropertyValue(p)).join("; ");
  }
  return out;
})()`

// pasteInto focuses the n-th widget's input and pastes text into it.
func pasteInto(t *testing.T, ctx context.Context, n int, text string) {
	t.Helper()
	evalIn[bool](t, ctx, fmt.Sprintf(`(() => { document.querySelectorAll("bounce-explainer")[%d].shadowRoot.querySelector("textarea").focus(); return true })()`, n))
	pasteText(t, ctx, text)
}

// cardOf waits for the n-th widget to show a card and returns its
// data-reason, data-entry and link.
func cardOf(t *testing.T, ctx context.Context, n int) (reason, entry, href string) {
	t.Helper()
	sel := fmt.Sprintf(`document.querySelectorAll("bounce-explainer")[%d].shadowRoot.querySelector(".card[data-reason]")`, n)
	waitUntilJS(t, ctx, "a card in widget "+fmt.Sprint(n), sel)
	got := evalIn[[]string](t, ctx, `(() => { const c = `+sel+`; const a = c.querySelector("a");
	  return [c.dataset.reason, c.dataset.entry, a ? a.href : ""] })()`)
	return got[0], got[1], got[2]
}

func TestWidgetInHostilePage(t *testing.T) {
	dist := distDir(t)
	srv := newSiteServer(t, dist, false)
	srv.page("/test/plain.html", fmt.Sprintf(plainHost, "../bounce-explainer.js"))

	// The reference: the widget on a page with no CSS.
	ref := newBrowser(t, 1280, 900)
	if err := loadPage(ref, srv.URL+"/test/plain.html"); err != nil {
		t.Fatal(err)
	}
	evalIn[bool](t, ref, `document.querySelector("bounce-explainer").ready.then(() => true)`)
	pasteInto(t, ref, 0, userUnknownLine)
	cardOf(t, ref, 0)
	want := evalIn[map[string]string](t, ref, styleProbe)

	ctx := newBrowser(t, 1280, 900)
	net := watchNetwork(t, ctx)
	if err := loadPage(ctx, srv.URL+"/demo/helpdesk.html"); err != nil {
		t.Fatal(err)
	}
	evalIn[bool](t, ctx, `document.querySelector("bounce-explainer").ready.then(() => true)`)
	// Wait for the iframe embed on the demo page to load too, then nothing
	// more may be fetched.
	waitUntilJS(t, ctx, "the iframe embed", `document.getElementById("hd-frame").contentDocument &&
	  document.getElementById("hd-frame").contentDocument.readyState === "complete" &&
	  document.getElementById("hd-frame").contentWindow.customElements.get("bounce-explainer")`)
	evalIn[bool](t, ctx, `document.getElementById("hd-frame").contentDocument.querySelector("bounce-explainer").ready.then(() => true)`)
	for _, u := range net.since(0) {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "blob:") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the demo page fetched from elsewhere: %s", u)
		}
	}
	servedBefore, seenBefore := len(srv.requests()), net.len()

	pasteInto(t, ctx, 0, userUnknownLine)
	reason, entry, href := cardOf(t, ctx, 0)
	if reason != "userunknown" || entry == "" {
		t.Errorf("widget card: reason %q entry %q, want userunknown", reason, entry)
	}
	if want := srv.URL + "/kb/" + entry + "/"; href != want {
		t.Errorf("KB link %q, want %q", href, want)
	}
	pasteInto(t, ctx, 1, userUnknownLine)
	if reason, entry2, href := cardOf(t, ctx, 1); reason != "userunknown" || href != srv.URL+"/kb/"+entry2+"/" {
		t.Errorf("compact widget: reason %q link %q", reason, href)
	}
	compactHidden := evalIn[bool](t, ctx, `(() => { const s = document.querySelectorAll("bounce-explainer")[1].shadowRoot.querySelector(".card .summary");
	  return !s || getComputedStyle(s).display === "none" })()`)
	if !compactHidden {
		t.Error("compact widget shows the summary")
	}

	// The host's aggressive CSS (red 30px serif on *, dashed borders,
	// display:none on cards, a 40px textarea) must not reach the widget.
	got := evalIn[map[string]string](t, ctx, styleProbe)
	for sel, w := range want {
		if got[sel] != w {
			t.Errorf("%s: computed style differs from the plain page:\n hostile: %s\n   plain: %s", sel, got[sel], w)
		}
	}
	geom := evalIn[[]float64](t, ctx, `(() => { const r = document.querySelector("bounce-explainer").shadowRoot;
	  return [r.querySelector("textarea").getBoundingClientRect().width, r.querySelector(".card").getBoundingClientRect().height] })()`)
	if geom[0] < 300 || geom[1] < 20 {
		t.Errorf("widget squashed by host CSS: textarea %.0fpx wide, card %.0fpx tall", geom[0], geom[1])
	}
	// And the widget's CSS must not leak out: the host's own paragraphs keep
	// the host's (hostile) look.
	if c := evalIn[string](t, ctx, `getComputedStyle(document.querySelector(".hd-article p")).color`); c != "rgb(255, 0, 0)" {
		t.Errorf("host paragraph colour %s: the widget's styles leaked into the page", c)
	}

	// The theming custom property set by the host reaches the compact one.
	accent := evalIn[string](t, ctx, `getComputedStyle(document.querySelectorAll("bounce-explainer")[1].shadowRoot.querySelector("a.more")).color`)
	if accent != "rgb(11, 122, 117)" {
		t.Errorf("--bounce-accent not applied: link colour %s", accent)
	}

	// Classifying sent nothing: no request seen by the browser or the server.
	if extra := net.since(seenBefore); len(extra) > 0 {
		t.Errorf("requests after load, while classifying: %q", extra)
	}
	if extra := srv.requests()[servedBefore:]; len(extra) > 0 {
		t.Errorf("server saw requests after load, while classifying: %q", extra)
	}
	screenshot(t, ctx, "demo-helpdesk-wide")

	narrow := newBrowser(t, 390, 844)
	if err := chromedp.Do(narrow, chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+"/demo/helpdesk.html")); err != nil {
		t.Fatal(err)
	}
	evalIn[bool](t, narrow, `document.querySelector("bounce-explainer").ready.then(() => true)`)
	pasteInto(t, narrow, 0, userUnknownLine)
	cardOf(t, narrow, 0)
	w := evalIn[float64](t, narrow, `document.querySelector("bounce-explainer").shadowRoot.querySelector(".be").getBoundingClientRect().right`)
	if w > 390 {
		t.Errorf("widget overflows a 390px screen: right edge at %.0fpx; too wide: %q", w, evalIn[[]string](t, narrow, `[String(innerWidth), ...document.querySelectorAll("body *")].filter(e => typeof e === "string" || e.getBoundingClientRect().right > 390).slice(0, 8).map(e => typeof e === "string" ? e : e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().width) + "px")`))
	}
	screenshot(t, narrow, "demo-helpdesk-narrow")
}

// hostWithFrames embeds the hosted site's embed.html twice: once naming
// this page's origin, once naming another. The page records every message
// with the frame it came from.
const hostWithFrames = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>helpdesk</title></head>
<body>
<iframe id="good" title="explainer" style="width:100%%;height:300px;border:0" src="%[1]s/embed.html?origin=%[2]s&amp;kb-base=%[3]s&amp;compact"></iframe>
<iframe id="other" title="explainer 2" style="width:100%%;height:300px;border:0" src="%[1]s/embed.html?origin=https%%3A%%2F%%2Fsomeone-else.example"></iframe>
<script>
window.msgs = [];
window.addEventListener("message", (ev) => {
  if (ev.origin !== %[4]s) return;
  const from = ev.source === document.getElementById("good").contentWindow ? "good"
    : ev.source === document.getElementById("other").contentWindow ? "other" : "?";
  window.msgs.push({from, data: ev.data});
});
window.send = (id, text, origin) => document.getElementById(id).contentWindow.postMessage(
  {type: "bounce-explainer:classify", text}, origin);
</script>
</body></html>`

func TestIframeEmbedPostMessage(t *testing.T) {
	dist := distDir(t)
	hosted := newSiteServer(t, dist, false)
	helpdesk := newSiteServer(t, t.TempDir(), false) // another origin (another port)
	kbBase := helpdesk.URL + "/hc/articles/bounce-{id}"
	helpdesk.page("/article.html", fmt.Sprintf(hostWithFrames, hosted.URL,
		strings.ReplaceAll(helpdesk.URL, ":", "%3A"), strings.NewReplacer(":", "%3A", "/", "%2F", "{", "%7B", "}", "%7D").Replace(kbBase),
		quoteJS(hosted.URL)))

	ctx := newBrowser(t, 1000, 800)
	if err := loadPage(ctx, helpdesk.URL+"/article.html"); err != nil {
		t.Fatal(err)
	}
	waitUntilJS(t, ctx, "the ready message", `window.msgs.some(m => m.from === "good" && m.data.type === "bounce-explainer:ready")`)

	evalIn[bool](t, ctx, `(send("good", `+quoteJS(userUnknownLine)+`, `+quoteJS(hosted.URL)+`), true)`)
	waitUntilJS(t, ctx, "the result message", `window.msgs.some(m => m.data.type === "bounce-explainer:result")`)
	res := evalIn[map[string]any](t, ctx, `window.msgs.find(m => m.data.type === "bounce-explainer:result").data`)
	if res["version"] != float64(1) {
		t.Errorf("message version %v, want 1", res["version"])
	}
	report, _ := res["report"].(map[string]any)
	recips, _ := report["recipients"].([]any)
	if report["bounce"] != true || len(recips) == 0 {
		t.Fatalf("result report: %v", report)
	}
	first := recips[0].(map[string]any)
	if first["reason"] != "userunknown" {
		t.Errorf("reason %v, want userunknown", first["reason"])
	}
	if evalIn[bool](t, ctx, `document.getElementById("good").contentDocument !== null`) {
		t.Error("the frame is same-origin with the helpdesk page; the test needs two origins")
	}

	// The other frame names another origin: it must ignore our request and
	// the browser must drop anything it sends to that origin, so nothing
	// ever arrives from it.
	evalIn[bool](t, ctx, `(send("other", `+quoteJS(userUnknownLine)+`, `+quoteJS(hosted.URL)+`), true)`)
	// A second round trip with the good frame bounds the wait.
	evalIn[bool](t, ctx, `(window.msgs = window.msgs.filter(m => m.data.type !== "bounce-explainer:result"),
	  send("good", "452 4.2.2 Mailbox full", `+quoteJS(hosted.URL)+`), true)`)
	waitUntilJS(t, ctx, "the second result", `window.msgs.some(m => m.data.type === "bounce-explainer:result")`)
	if from := evalIn[[]string](t, ctx, `window.msgs.map(m => m.from + " " + m.data.type)`); !allFrom(from, "good ") {
		t.Errorf("messages from a frame that names another origin: %q", from)
	}
	screenshot(t, ctx, "embed-iframe")
}

func allFrom(msgs []string, prefix string) bool {
	for _, m := range msgs {
		if !strings.HasPrefix(m, prefix) {
			return false
		}
	}
	return true
}

// crossOriginHost includes the widget with one script tag from the hosted
// site, as a helpdesk article does.
const crossOriginHost = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>intranet</title>
<script src="%s/bounce-explainer.js" defer></script></head>
<body><bounce-explainer kb-base="https://help.example.com/kb/{id}"></bounce-explainer></body></html>`

func TestWidgetFromAnotherOrigin(t *testing.T) {
	dist := distDir(t)
	hosted := newSiteServer(t, dist, true) // a static host that sends CORS headers
	intranet := newSiteServer(t, t.TempDir(), false)
	intranet.page("/page.html", fmt.Sprintf(crossOriginHost, hosted.URL))

	ctx := newBrowser(t, 1000, 800)
	if err := loadPage(ctx, intranet.URL+"/page.html"); err != nil {
		t.Fatal(err)
	}
	evalIn[bool](t, ctx, `document.querySelector("bounce-explainer").ready.then(() => true)`)
	pasteInto(t, ctx, 0, userUnknownLine)
	reason, entry, href := cardOf(t, ctx, 0)
	if reason != "userunknown" {
		t.Errorf("reason %q, want userunknown", reason)
	}
	if want := "https://help.example.com/kb/" + entry; href != want {
		t.Errorf("KB link %q, want %q", href, want)
	}
	// Hostile text stays text, and a non-bounce says so without a card.
	evalIn[bool](t, ctx, `(document.querySelector("bounce-explainer").value = `+quoteJS(
		`550 5.1.1 <img src=x onerror="window.pwned=1"><script>window.pwned=2</script> User unknown`)+`, true)`)
	waitUntilJS(t, ctx, "the hostile bounce explained", `document.querySelector("bounce-explainer").shadowRoot.querySelector(".status[data-state=done]")`)
	if n := evalIn[int](t, ctx, `document.querySelector("bounce-explainer").shadowRoot.querySelectorAll("img, script").length + (window.pwned ? 100 : 0)`); n != 0 {
		t.Errorf("markup from the bounce became elements or ran (%d)", n)
	}
	evalIn[bool](t, ctx, `(document.querySelector("bounce-explainer").value = "Hi Dave, lunch on Thursday?", true)`)
	waitUntilJS(t, ctx, "the not-a-bounce answer", `(() => { const r = document.querySelector("bounce-explainer").shadowRoot;
	  return r.querySelector(".status").dataset.state === "none" && r.querySelectorAll(".card").length === 0 })()`)

	got := map[string]bool{}
	for _, p := range hosted.requests() {
		got[p] = true
	}
	// worker.js carries wasm_exec.js (tools/site bundles it), so that is
	// not fetched on its own.
	want := map[string]bool{"/bounce-explainer.js": true, "/worker.js": true, "/bounce.wasm": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("files fetched from the hosted site: %v, want %v", got, want)
	}
}

func TestEmbedGuide(t *testing.T) {
	dist := distDir(t)
	srv := newSiteServer(t, dist, false)
	for _, size := range []struct {
		name string
		w, h int64
	}{{"wide", 1280, 900}, {"narrow", 390, 844}} {
		ctx := newBrowser(t, int(size.w), int(size.h))
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(srv.URL+"/embed-guide.html")); err != nil {
			t.Fatal(err)
		}
		// The live example on the page works.
		evalIn[bool](t, ctx, `document.querySelector("bounce-explainer").ready.then(() => true)`)
		pasteInto(t, ctx, 0, userUnknownLine)
		if reason, _, _ := cardOf(t, ctx, 0); reason != "userunknown" {
			t.Errorf("%s: live widget reason %q", size.name, reason)
		}
		if over := evalIn[float64](t, ctx, `document.documentElement.scrollWidth - innerWidth`); over > 0 {
			t.Errorf("%s: the guide scrolls sideways by %.0fpx", size.name, over)
		}
		screenshot(t, ctx, "embed-guide-"+size.name)
		if size.name != "wide" {
			continue
		}
		// Every link to this site resolves.
		links := evalIn[[]string](t, ctx, `[...document.querySelectorAll("a[href]")].map(a => a.href).filter(h => h.startsWith(location.origin))`)
		if len(links) < 8 {
			t.Errorf("only %d internal links", len(links))
		}
		for _, l := range links {
			resp, err := http.Get(strings.SplitN(l, "#", 2)[0])
			if err != nil {
				t.Errorf("%s: %v", l, err)
				continue
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: HTTP %d", l, resp.StatusCode)
			}
		}
	}
}

// strictHost allows the widget's script but not a worker from a blob: URL,
// as a locked-down helpdesk might.
const strictHost = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src %[1]s 'wasm-unsafe-eval'; connect-src %[1]s; worker-src 'self'">
<title>strict</title><script src="%[1]s/bounce-explainer.js" defer></script></head>
<body><bounce-explainer></bounce-explainer></body></html>`

func TestWidgetUnderStrictCSPSaysWhy(t *testing.T) {
	dist := distDir(t)
	hosted := newSiteServer(t, dist, true)
	intranet := newSiteServer(t, t.TempDir(), false)
	intranet.page("/strict.html", fmt.Sprintf(strictHost, hosted.URL))

	ctx := newBrowser(t, 1000, 800)
	if err := loadPage(ctx, intranet.URL+"/strict.html"); err != nil {
		t.Fatal(err)
	}
	// The classifier cannot start; the widget must say so, not spin.
	failed := evalIn[string](t, ctx, `document.querySelector("bounce-explainer").ready.then(() => "", (err) => err.message)`)
	if !strings.Contains(failed, "iframe") {
		t.Errorf("ready rejected with %q, want advice to use the iframe embed", failed)
	}
	waitUntilJS(t, ctx, "the error in the widget", `document.querySelector("bounce-explainer").shadowRoot.querySelector(".status[data-state=error]")`)
	// Pasting still answers (with the same error), and the text stays.
	pasteInto(t, ctx, 0, userUnknownLine)
	waitUntilJS(t, ctx, "the error after a paste", `(() => { const r = document.querySelector("bounce-explainer").shadowRoot;
	  return r.querySelector(".status").dataset.state === "error" && r.querySelector("textarea").value.includes("5.1.1") })()`)
}
