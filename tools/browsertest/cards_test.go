package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The paste page's cards (site/assets/cards.js, paste.js): grouping, the
// legend, the Details disclosure, results brought into view, the link to an
// explanation, and the lines for the report's language, basis and
// backscatter.

// phone opens the paste page in a 390 px wide mobile viewport.
func phone(t *testing.T, url string) context.Context {
	t.Helper()
	ctx := newBrowser(t, 500, 844)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	openPage(t, ctx, url)
	return ctx
}

// viewShot saves what is on screen (not the whole page) under the
// screenshot folder, to see what a person sees right after a paste.
func viewShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	dir := os.Getenv("BOUNCE_SHOTS")
	if dir == "" {
		dir = filepath.Join(distDir(t), "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
}

func evalPage[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	return v
}

// TestGroupedCardsLegendDetails pastes a bounce for four recipients, three
// with the same verdict: two cards, one listing three addresses, each
// recipient still an element with the hooks; the legend explains the
// badges; the parser's note is under "Details", closed; no entry id shows.
func TestGroupedCardsLegendDetails(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	consoleErrors := watchConsole(ctx)
	openPage(t, ctx, s.URL)
	res := paste(t, ctx, testBounce(t, "many-recipients.eml"))
	if len(res.Cards) != 4 {
		t.Fatalf("want 4 recipients, got %+v", res.Cards)
	}
	got := evalPage[[]int](t, ctx, `Array.from(document.querySelectorAll("#cards .bcard")).map(c => c.querySelectorAll(".bcard__recipient[data-reason][data-entry][data-address]").length)`)
	if len(got) != 2 || got[0] != 3 || got[1] != 1 {
		t.Errorf("recipients per card %v, want [3 1]", got)
	}
	if !strings.Contains(res.Summary, "4 recipients") {
		t.Errorf("summary %q", res.Summary)
	}
	legend := evalPage[map[string]any](t, ctx, `(() => { const l = document.getElementById("legend");
	  return {visible: !l.hidden && l.offsetHeight > 0, text: l.textContent,
	    outcomes: l.querySelectorAll("[data-outcome]").length, causes: l.querySelectorAll("[data-cause]").length} })()`)
	if legend["visible"] != true || legend["outcomes"].(float64) < 3 || legend["causes"].(float64) < 2 ||
		!strings.Contains(legend["text"].(string), "Who acts") {
		t.Errorf("legend: %v", legend)
	}
	// Every badge on the cards is explained in the legend.
	missing := evalPage[[]string](t, ctx, `(() => { const l = document.getElementById("legend").textContent;
	  return Array.from(document.querySelectorAll("#cards .badge[data-outcome], #cards .badge[data-cause]")).map(b => b.textContent).filter(b => !l.includes(b)) })()`)
	if len(missing) != 0 {
		t.Errorf("badges not in the legend: %q", missing)
	}
	details := evalPage[map[string]any](t, ctx, `(() => { const d = document.getElementById("details");
	  return {tag: d.tagName, open: d.open, hidden: d.hidden, summary: d.querySelector("summary").textContent,
	    text: d.textContent, visible: document.getElementById("warnings").checkVisibility() ? 1 : 0} })()`)
	if details["tag"] != "DETAILS" || details["open"] != false || details["hidden"] != false || details["summary"] != "Details" ||
		!strings.Contains(details["text"].(string), "cut short") || details["visible"].(float64) != 0 {
		t.Errorf("details: %v", details)
	}
	// No internal id in the visible text (the server's own words aside).
	ids := evalPage[[]string](t, ctx, `(() => { const ids = new Set(Array.from(document.querySelectorAll("[data-entry]")).map(e => e.dataset.entry).filter(Boolean));
	  const clone = document.getElementById("results").cloneNode(true);
	  clone.querySelectorAll(".bcard__diag, #evidence, .visually-hidden").forEach(e => e.remove());
	  document.body.appendChild(clone); const text = clone.innerText; clone.remove();
	  return Array.from(ids).filter(id => text.includes(id)) })()`)
	if len(ids) != 0 {
		t.Errorf("entry ids visible: %q", ids)
	}
	for _, e := range consoleErrors() {
		t.Errorf("console: %s", e)
	}
}

// TestResultsComeIntoView pastes and drops a file on a 390 px phone and on
// a desktop: the results' heading ends up on screen and has the focus.
func TestResultsComeIntoView(t *testing.T) {
	s := serveSite(t, "")
	const inView = `(() => { const h = document.getElementById("results-title"); const r = h.getBoundingClientRect();
	  return r.top >= 0 && r.bottom <= innerHeight && document.activeElement === h })()`
	for _, size := range []struct {
		name string
		w    int
	}{{"narrow", 390}, {"wide", 1280}} {
		var ctx context.Context
		if size.w < 500 {
			ctx = phone(t, s.URL)
		} else {
			ctx = newBrowser(t, size.w, 900)
			openPage(t, ctx, s.URL)
		}
		paste(t, ctx, testBounce(t, "many-recipients.eml"))
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](inView, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			top := evalPage[float64](t, ctx, `document.getElementById("results-title").getBoundingClientRect().top`)
			t.Errorf("%s: after a paste the results are not in view (heading at %.0f px) or not focused", size.name, top)
		}
		time.Sleep(time.Second) // the end of a smooth scroll
		viewShot(t, ctx, "paste-view-"+size.name)
		screenshot(t, ctx, "paste-grouped-"+size.name)

		// Back to the top, then a dropped file.
		data, _ := json.Marshal(testBounce(t, "postfix-mailbox-full.eml"))
		before := evalPage[string](t, ctx, `(scrollTo({top: 0, behavior: "instant"}), document.getElementById("bounce-input").focus({preventScroll: true}), document.getElementById("results").dataset.renders)`)
		evalPage[bool](t, ctx, `(() => { const dt = new DataTransfer();
		  dt.items.add(new File([`+string(data)+`], "b.eml", {type: "message/rfc822"}));
		  document.getElementById("bounce-input").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		  return true })()`)
		waitResult(t, ctx, before)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](inView, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Errorf("%s: after a file drop the results are not in view or not focused", size.name)
		}
		// Typing does not take the page, or the focus, away from the box.
		before = evalPage[string](t, ctx, `(scrollTo({top: 0, behavior: "instant"}), document.getElementById("results").dataset.renders)`)
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("bounce-input"), " x")); err != nil {
			t.Fatal(err)
		}
		waitResult(t, ctx, before)
		time.Sleep(500 * time.Millisecond)
		if got := evalPage[[]any](t, ctx, `[document.activeElement.id, document.getElementById("results-title").getBoundingClientRect().top > 150]`); got[0] != "bounce-input" || got[1] != true {
			t.Errorf("%s: typing moved the focus or the page: %v", size.name, got)
		}
	}
}

// TestShareLinkRoundTrip makes a link to an explanation, opens it in a
// fresh browser and checks the same explanation appears, while a network
// recording shows the bounce never left the browser.
func TestShareLinkRoundTrip(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	first := record(t, ctx)
	openPage(t, ctx, s.URL)
	time.Sleep(time.Second) // the KB titles and the service worker's precache
	mark := len(first())
	text := testBounce(t, "two-recipients.eml")
	want := paste(t, ctx, text)
	if evalPage[bool](t, ctx, `!document.getElementById("share").hidden`) {
		t.Error("the link box shows before anyone asked for it")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("share-link"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("share-url").value !== ""`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("no link made; status %q", evalPage[string](t, ctx, `document.getElementById("status-text").textContent`))
	}
	link := evalPage[string](t, ctx, `document.getElementById("share-url").value`)
	warning := evalPage[string](t, ctx, `document.querySelector("#share .share__warning").textContent`)
	if !strings.HasPrefix(link, s.URL+"/#b=") || strings.Contains(link, "kai.lund") {
		t.Errorf("link %q: want the text compressed in the fragment", link)
	}
	if !strings.Contains(warning, "contains your whole bounce") {
		t.Errorf("no warning that the link contains the bounce: %q", warning)
	}
	for _, r := range first()[mark:] {
		if strings.Contains(r, "kai.lund") || strings.Contains(r, link[len(s.URL)+4:][:40]) {
			t.Errorf("making the link sent the bounce: %.120s", r)
		}
	}

	// A fresh browser opens the link, recording every request it makes.
	other := newBrowser(t, 1280, 900)
	sent := record(t, other)
	before := len(s.requests())
	if err := chromedp.Do(other, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	got := waitResult(t, other, "0")
	if len(got.Cards) != len(want.Cards) {
		t.Fatalf("the link shows %d recipients, the paste %d", len(got.Cards), len(want.Cards))
	}
	for i := range got.Cards {
		if got.Cards[i].Entry != want.Cards[i].Entry || got.Cards[i].Address != want.Cards[i].Address {
			t.Errorf("recipient %d: link %+v, paste %+v", i, got.Cards[i], want.Cards[i])
		}
	}
	// (A textarea turns CRLF into LF: compare with what the first one held.)
	if v := evalPage[string](t, other, `document.getElementById("bounce-input").value`); v != evalPage[string](t, ctx, `document.getElementById("bounce-input").value`) {
		t.Errorf("the link's text differs from the pasted one: %d bytes, %.80q", len(v), v)
	}
	payload := strings.SplitN(link, "#b=", 2)[1]
	time.Sleep(500 * time.Millisecond)
	all := sent()
	if len(all) == 0 {
		t.Fatal("the recorder saw no request at all; it would prove nothing")
	}
	for _, r := range all {
		if !strings.HasPrefix(r, "GET ") && !strings.HasPrefix(r, "data:") {
			t.Errorf("request other than GET: %s", r)
		}
		if strings.Contains(r, payload[:40]) && !strings.HasPrefix(r, "GET "+s.URL+"/ ") {
			t.Errorf("the bounce went into a request: %.120s", r)
		}
	}
	for _, r := range s.requests()[before:] {
		if strings.Contains(r, payload[:40]) || strings.Contains(r, "kai.lund") {
			t.Errorf("the server saw the bounce: %.120s", r)
		}
	}
	t.Logf("opening the link made %d requests, none with the bounce; link is %d characters for %d bytes", len(all), len(link), len(text))
}

// record starts recording the requests a tab makes (the worker's too) and
// returns a func that reads them: method, URL and URL fragment.
func record(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	events := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			mu.Lock()
			seen = append(seen, ev.Request.Method+" "+ev.Request.URL+" "+ev.Request.URLFragment+" "+strings.Join(postData(ev.Request), ""))
			mu.Unlock()
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func postData(r *network.Request) []string {
	var out []string
	for _, e := range r.PostDataEntries {
		out = append(out, string(e.Bytes))
	}
	return out
}

// stubReport makes the page's classifier return the real report with some
// fields changed, to show what the page does with fields that other stages
// fill (language, basis, backscatter).
func stubReport(t *testing.T, ctx context.Context, change string) {
	t.Helper()
	evalPage[bool](t, ctx, `(() => { const orig = bounce.classify;
	  bounce.classify = async function (text, opts) { const rep = await orig.call(bounce, text, opts); (`+change+`)(rep); return rep; };
	  return true })()`)
}

// TestLanguageBasisBackscatter checks the lines for a bounce in German, a
// "likely" verdict with its words, suspected backscatter, and a text in a
// language the classifier does not read.
func TestLanguageBasisBackscatter(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	consoleErrors := watchConsole(ctx)
	openPage(t, ctx, s.URL)
	line := "550 5.1.1 <jdoe@example.com>: Empfaenger unbekannt, Postfach existiert nicht"
	from, to := strings.Index(line, "Empfaenger"), len(line)
	stubReport(t, ctx, `rep => { rep.language = "de"; rep.language_read = true;
	  rep.backscatter = {suspected: true, signals: ["the original was not sent from your usual server"], evidence: []};
	  for (const r of rep.recipients) { r.basis = "likely"; r.words = ["unbekannt", "existiert nicht"];
	    r.evidence = [{start: `+fmt.Sprint(from)+`, end: `+fmt.Sprint(to)+`}]; } }`)
	paste(t, ctx, line)
	got := evalPage[map[string]string](t, ctx, `(() => ({
	  language: (document.querySelector("#notices .notice--language") || {}).textContent || "",
	  original: (document.querySelector(".bcard__original mark") || {}).textContent || "",
	  originalLang: (document.querySelector(".bcard__original") || {lang: ""}).lang,
	  basis: (document.querySelector(".bcard__basis") || {}).textContent || "",
	  backscatter: (document.querySelector("#notices .notice--backscatter") || {}).textContent || "",
	}))()`)
	if !strings.Contains(got["language"], "This bounce is in German") {
		t.Errorf("language line %q", got["language"])
	}
	if got["original"] != line[from:to] || got["originalLang"] != "de" {
		t.Errorf("original sentence %q (lang %q), want %q", got["original"], got["originalLang"], line[from:to])
	}
	if !strings.HasPrefix(got["basis"], "Likely") || !strings.Contains(got["basis"], "existiert nicht") {
		t.Errorf("basis line %q", got["basis"])
	}
	for _, w := range []string{"You may not have sent this", "not sent from your usual server", "SPF", "DMARC", "nothing"} {
		if !strings.Contains(got["backscatter"], w) {
			t.Errorf("backscatter notice lacks %q: %q", w, got["backscatter"])
		}
	}
	viewShot(t, ctx, "paste-language-wide")

	stubReport(t, ctx, `rep => { rep.bounce = false; rep.recipients = []; rep.language = "ja"; rep.language_read = false; }`)
	res := paste(t, ctx, "配信できませんでした")
	title := evalPage[string](t, ctx, `document.getElementById("not-bounce-title").textContent`)
	if !res.NotBounce || title != "This text is in Japanese" {
		t.Errorf("unread language: title %q", title)
	}
	for _, e := range consoleErrors() {
		t.Errorf("console: %s", e)
	}
}

// TestCodesInTheEntrysSense checks that the Codes row explains a code as
// the matched entry does: Microsoft's 5.1.10 is "recipient not found", not
// the generic X.1.10 "null MX".
func TestCodesInTheEntrysSense(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, s.URL)
	// kb/search.json is loaded after the page starts: wait for it.
	time.Sleep(time.Second)
	paste(t, ctx, "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")
	codes := evalPage[string](t, ctx, `document.querySelector(".bcard__codes").textContent`)
	if low := strings.ToLower(codes); !strings.Contains(low, "recipient") || !strings.Contains(low, "found") || strings.Contains(low, "null mx") {
		t.Errorf("codes row %q", codes)
	}
	// 552 on a content block is not "exceeded storage allocation".
	paste(t, ctx, "552 5.7.0 Message rejected: message content looks like spam")
	codes = evalPage[string](t, ctx, `document.querySelector(".bcard__codes").textContent`)
	if low := strings.ToLower(codes); strings.Contains(low, "storage") || !strings.Contains(codes, "552") {
		t.Errorf("codes row on a content block %q", codes)
	}
	paste(t, ctx, "550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown")
	codes = evalPage[string](t, ctx, `document.querySelector(".bcard__codes").textContent`)
	if !strings.Contains(codes, "5.1.1") || strings.Contains(codes, "X.1.1") {
		t.Errorf("codes row %q", codes)
	}
}

// TestLoadingAndTimeout: while the classifier downloads, the status says
// how far it is and typing works; a classification stopped for taking too
// long says so and keeps the text.
func TestLoadingAndTimeout(t *testing.T) {
	s := serveSiteWASM(t, "", 4*time.Second)
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.ID("bounce-input"))); err != nil {
		t.Fatal(err)
	}
	// bounce.js calls onloadprogress while the WASM downloads.
	status := evalPage[string](t, ctx, `(bounce.onloadprogress({loaded: 420, total: 1000}), document.getElementById("status-text").textContent)`)
	if !strings.Contains(status, "Loading the classifier (42 %)") {
		t.Errorf("while loading, the status says %q", status)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("bounce-input"), "550 5.2.2")); err != nil {
		t.Fatal(err)
	}
	if v := evalPage[string](t, ctx, `document.getElementById("bounce-input").value`); v != "550 5.2.2" {
		t.Errorf("typing while loading gave %q", v)
	}
	openPage(t, ctx, s.URL)
	evalPage[bool](t, ctx, `(bounce.classify = () => Promise.reject(new DOMException("took too long", "TimeoutError")), true)`)
	text := "550 5.1.1 <jdoe@example.com>: User unknown"
	paste(t, ctx, text)
	status = evalPage[string](t, ctx, `document.getElementById("status-text").textContent`)
	if !strings.Contains(status, "took too long, so it was stopped") {
		t.Errorf("after a timeout the status says %q", status)
	}
	if v := evalPage[string](t, ctx, `document.getElementById("bounce-input").value`); v != text {
		t.Errorf("after a timeout the text is %q", v)
	}
}

// TestBackscatterFromClassifier pastes a built bounce of forged spam (no
// stubbed report: the classifier's own judgement) and an ordinary bounce,
// and checks the "you may not have sent this" notice shows for the first
// only, with the signs and what to do.
func TestBackscatterFromClassifier(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	consoleErrors := watchConsole(ctx)
	openPage(t, ctx, s.URL)
	readNotice := `(document.querySelector("#notices .notice--backscatter") || {}).textContent || ""`
	for _, c := range []struct {
		file string
		want []string // nil: no notice
	}{
		{"forged-home-host.eml", []string{"You may not have sent this", "dsl-203-0-113-77.dyn.example.biz", "home or dial-up", "nothing", "SPF", "DMARC"}},
		{"ordinary-own-server.eml", nil},
	} {
		raw, err := os.ReadFile(filepath.Join("..", "..", "classify", "testdata", "backscatter", c.file))
		if err != nil {
			t.Fatal(err)
		}
		res := paste(t, ctx, string(raw))
		got := evalPage[string](t, ctx, readNotice)
		if len(res.Cards) == 0 {
			t.Errorf("%s: no card", c.file)
		}
		if c.want == nil && got != "" {
			t.Errorf("%s: backscatter notice on an ordinary bounce: %q", c.file, got)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: backscatter notice lacks %q: %q", c.file, w, got)
			}
		}
	}
	for _, e := range consoleErrors() {
		t.Errorf("console: %s", e)
	}
}
