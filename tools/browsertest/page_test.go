package browsertest

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The paste page (index.html, site/assets/app.js, bounce.js, worker.js)
// driven in headless Chromium against the built dist/.

// site is the built site on a local server that logs every request, and,
// under /__shared/, the shared corpus when a test asks for it.
type site struct {
	URL  string
	mu   sync.Mutex
	reqs []string
}

func (s *site) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

func serveSite(t *testing.T, shared string) *site {
	t.Helper()
	return serveSiteWASM(t, shared, 0)
}

// serveSiteWASM is serveSite with bounce.wasm held back for a while, as on
// a slow connection, or missing (delay < 0).
func serveSiteWASM(t *testing.T, shared string, delay time.Duration) *site {
	t.Helper()
	s := &site{}
	files := http.FileServer(http.Dir(distDir(t)))
	mux := http.NewServeMux()
	mux.Handle("/", files)
	if shared != "" {
		mux.Handle("/__shared/", http.StripPrefix("/__shared/", http.FileServer(http.Dir(shared))))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, r.Method+" "+r.URL.RequestURI())
		s.mu.Unlock()
		if delay != 0 && strings.HasSuffix(r.URL.Path, ".wasm") {
			if delay < 0 {
				http.NotFound(w, r)
				return
			}
			time.Sleep(delay)
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// sharedDir is ../shared (the corpus and seed cases, never committed), or
// "" when it is not there.
func sharedDir() string {
	dir := os.Getenv("BOUNCE_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	return abs
}

// openPage loads the paste page and waits until the classifier is ready.
func openPage(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/")); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(ctx, chromedp.Poll[string](
		`document.documentElement.dataset.classifier === "ready" || document.documentElement.dataset.classifier === "failed" ? document.documentElement.dataset.classifier : ""`,
		chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("waiting for the classifier: %v", err)
	}
	if state != "ready" {
		msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.bounce ? bounce.error : "no window.bounce"`))
		t.Fatalf("classifier %s: %s", state, msg)
	}
}

// watchConsole collects the tab's errors from now on: uncaught exceptions,
// console.error and browser log errors, which include Content-Security-Policy
// violations. Call the returned func to read them.
func watchConsole(ctx context.Context) func() []string {
	var mu sync.Mutex
	var errs []string
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				mu.Lock()
				errs = append(errs, fmt.Sprintf("%s %s:%d: %s", m.Type, m.URL, m.Line+1, m.Text))
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(errs)
	}
}

// card is what a test reads about one recipient: its element inside the
// card of its verdict (one card lists every recipient with that verdict).
type card struct {
	Reason  string `json:"reason"`
	Entry   string `json:"entry"`
	Href    string `json:"href"`
	Title   string `json:"title"`
	Badge   string `json:"badge"`
	Address string `json:"address"`
	Text    string `json:"text"`
}

// result is what the page shows after one input.
type result struct {
	Cards     []card `json:"cards"`
	NotBounce bool   `json:"notBounce"`
	Summary   string `json:"summary"`
	Evidence  string `json:"evidence"`
	Marks     int    `json:"marks"`
}

const readResultJS = `(() => ({
  cards: Array.from(document.querySelectorAll("#cards .bcard .bcard__recipient")).map(r => { const c = r.closest(".bcard"); return {
    reason: r.dataset.reason || "",
    entry: r.dataset.entry || "",
    href: (c.querySelector("a.bcard__kb") || {}).href || "",
    title: c.querySelector(".bcard__title").textContent,
    badge: (c.querySelector(".badge") || {}).textContent || "",
    address: r.dataset.address || "",
    text: c.textContent,
  }}),
  notBounce: !document.getElementById("not-bounce").hidden,
  summary: document.getElementById("results-summary").textContent,
  evidence: document.getElementById("evidence").hidden ? "" : document.getElementById("evidence-view").textContent,
  marks: document.querySelectorAll("#evidence-view mark").length,
}))()`

// paste puts text into the textarea the way a paste does (a paste event,
// then an input event) and waits for the page to show the result.
func paste(t *testing.T, ctx context.Context, text string) result {
	t.Helper()
	lit, _ := json.Marshal(text)
	before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
  const ta = document.getElementById("bounce-input");
  const n = document.getElementById("results").dataset.renders || "0";
  ta.focus();
  ta.value = `+string(lit)+`;
  ta.dispatchEvent(new Event("paste", {bubbles: true}));
  ta.dispatchEvent(new Event("input", {bubbles: true}));
  return n;
})()`))
	if err != nil {
		t.Fatal(err)
	}
	return waitResult(t, ctx, before)
}

// waitResult waits until #results shows a result newer than render count
// before, and reads it.
func waitResult(t *testing.T, ctx context.Context, before string) result {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
		`(() => { const r = document.getElementById("results"); return (r.dataset.renders || "0") !== %q && r.dataset.state === "done"; })()`, before),
		chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("status-text").textContent`))
		t.Fatalf("no result shown: %v (status: %q)", err, status)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[result](readResultJS))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// seedCase is one line of ../shared/seed-cases.tsv.
type seedCase struct {
	reasons []string
	file    string
	message string
}

func readSeeds(t *testing.T, shared string) []seedCase {
	t.Helper()
	f, err := os.Open(filepath.Join(shared, "seed-cases.tsv"))
	if err != nil {
		t.Skipf("no seed cases: %v", err)
	}
	defer f.Close()
	var cases []seedCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			t.Fatalf("seed-cases.tsv: bad line %q", line)
		}
		cases = append(cases, seedCase{reasons: strings.Split(parts[0], ","), file: parts[1], message: parts[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestPasteSeedMessages pastes every message the seed articles list and
// checks that a card explains it with an acceptable reason and links to a
// KB page that exists.
func TestPasteSeedMessages(t *testing.T) {
	shared := sharedDir()
	if shared == "" {
		t.Skip("no ../shared: the seed cases are read from there at run time")
	}
	cases := readSeeds(t, shared)
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, s.URL)

	checked := map[string]int{} // KB URL → HTTP status
	prev := ""
	var bad []string
	for i, c := range cases {
		if c.message == prev {
			continue // the same text again would not render anew
		}
		prev = c.message
		res := paste(t, ctx, c.message)
		var ok *card
		for j := range res.Cards {
			if slices.Contains(c.reasons, res.Cards[j].Reason) {
				ok = &res.Cards[j]
				break
			}
		}
		if ok == nil {
			got := []string{}
			for _, cd := range res.Cards {
				got = append(got, cd.Reason+"/"+cd.Entry)
			}
			bad = append(bad, fmt.Sprintf("case %d %q: want a card with reason %v, got %v (not a bounce: %v)", i+1, c.message, c.reasons, got, res.NotBounce))
			continue
		}
		if ok.Entry == "" || !strings.HasSuffix(ok.Href, "/kb/"+ok.Entry+"/") {
			bad = append(bad, fmt.Sprintf("case %d %q: card %s has entry %q and link %q", i+1, c.message, ok.Reason, ok.Entry, ok.Href))
			continue
		}
		if _, done := checked[ok.Href]; !done {
			resp, err := http.Get(ok.Href)
			code := 0
			if err == nil {
				code = resp.StatusCode
				resp.Body.Close()
			}
			checked[ok.Href] = code
		}
		if code := checked[ok.Href]; code != http.StatusOK {
			bad = append(bad, fmt.Sprintf("case %d %q: KB link %s answers %d", i+1, c.message, ok.Href, code))
		}
	}
	for _, b := range bad {
		t.Error(b)
	}
	t.Logf("%d seed messages, %d explained with an acceptable reason, %d KB pages linked", len(cases), len(cases)-len(bad), len(checked))
}

// TestExamples loads every entry of the "Try an example" menu with the
// keyboard and checks each is explained (the non-bounce as not a bounce),
// with a link to an existing KB page, and that the user's own text comes back.
func TestExamples(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	consoleErrors := watchConsole(ctx)
	openPage(t, ctx, s.URL)
	defer func() {
		for _, e := range consoleErrors() {
			t.Errorf("console: %s", e)
		}
	}()

	mine := "my own text that must not be lost"
	paste(t, ctx, mine)

	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(window.BOUNCE_EXAMPLES || []).map(e => e.id)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 6 {
		t.Fatalf("want at least 6 examples, got %v", ids)
	}
	for i, id := range ids {
		before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("results").dataset.renders || "0"`))
		if err != nil {
			t.Fatal(err)
		}
		// Keyboard only: focus the menu button, Enter opens the menu and
		// focuses the first item, ArrowDown moves, Enter picks.
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("examples-button")), chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		for range i {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
				t.Fatal(err)
			}
		}
		focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.dataset.example || ""`))
		if focused != id {
			t.Fatalf("example %d: focus is on %q, want %q", i, focused, id)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		res := waitResult(t, ctx, before)
		if id == "notbounce" {
			if !res.NotBounce || len(res.Cards) != 0 {
				t.Errorf("example %s: want 'not a bounce', got %+v", id, res)
			}
			continue
		}
		if len(res.Cards) == 0 {
			t.Errorf("example %s: no card (summary %q)", id, res.Summary)
			continue
		}
		for _, c := range res.Cards {
			if c.Entry == "" || c.Href == "" {
				t.Errorf("example %s: card %q has no KB entry", id, c.Title)
				continue
			}
			resp, err := http.Get(c.Href)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("example %s: KB link %s: %v %v", id, c.Href, err, resp)
			}
			if resp != nil {
				resp.Body.Close()
			}
		}
		t.Logf("example %s: %d card(s): %s", id, len(res.Cards), res.Summary)
	}

	// By keyboard, like the examples above: a pointer click raced the
	// layout settling after the last result and sometimes landed nowhere.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("restore-button"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("bounce-input")))
	if err != nil {
		t.Fatal(err)
	}
	if got != mine {
		t.Errorf("after 'Bring back my text' the input is %q, want %q", got, mine)
	}
}

// TestOpenOneFile chooses one .eml in the file input, and drops another on
// the page (a synthetic drop event with a DataTransfer built in the page).
func TestOpenOneFile(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, s.URL)

	eml, err := filepath.Abs(filepath.Join("testdata", "postfix-mailbox-full.eml"))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("results").dataset.renders || "0"`))
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("file-input"), []string{eml})); err != nil {
		t.Fatal(err)
	}
	res := waitResult(t, ctx, before)
	if len(res.Cards) != 1 || res.Cards[0].Reason != "mailboxfull" || res.Cards[0].Address != "lotta.ek@example.net" {
		t.Errorf("chosen file: want one mailboxfull card for lotta.ek@example.net, got %+v", res.Cards)
	}
	value, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("bounce-input")))
	if !strings.Contains(value, "Final-Recipient: rfc822; lotta.ek@example.net") {
		t.Errorf("the chosen file's text is not in the input: %.200q", value)
	}
	if res.Marks == 0 {
		t.Errorf("no evidence highlighted")
	}

	data, err := os.ReadFile(filepath.Join("testdata", "exchange-not-found.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lit, _ := json.Marshal(string(data))
	before, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("results").dataset.renders || "0"`))
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
  const dt = new DataTransfer();
  dt.items.add(new File([`+string(lit)+`], "ndr.txt", {type: "text/plain"}));
  const target = document.getElementById("bounce-input");
  for (const type of ["dragenter", "dragover", "drop"]) {
    target.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
  }
})()`)); err != nil {
		t.Fatal(err)
	}
	res = waitResult(t, ctx, before)
	if len(res.Cards) == 0 || res.Cards[0].Address != "b.novak@example.org" || res.Cards[0].Reason != "userunknown" {
		t.Errorf("dropped file: want a userunknown card for b.novak@example.org, got %+v", res.Cards)
	}
}

// TestMultipleFilesCSV opens several files at once and downloads the table
// as CSV: one row per recipient, with the reason, entry and KB URL.
func TestMultipleFilesCSV(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, s.URL)

	names := []string{"postfix-mailbox-full.eml", "exchange-not-found.txt", "two-recipients.eml", "not-a-bounce.eml"}
	var paths []string
	for _, n := range names {
		p, err := filepath.Abs(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("file-input"), paths)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("files").dataset.state === "done"`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]card](`Array.from(document.querySelectorAll("#files-body tr")).map(r => ({
  reason: r.dataset.reason, entry: r.dataset.entry, href: (r.querySelector("a.files__kb") || {}).href || "", text: r.textContent}))`))
	if err != nil {
		t.Fatal(err)
	}
	// 1 + 1 + 2 recipients, and one row saying the last file is no bounce.
	if len(rows) != 5 {
		t.Fatalf("want 5 table rows, got %d: %+v", len(rows), rows)
	}
	screenshot(t, ctx, "paste-files-wide")

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("export-csv"))); err != nil {
		t.Fatal(err)
	}
	var data []byte
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(filepath.Join(downloads, "bounces.csv")); err == nil && len(b) > 0 {
			data = b
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if data == nil {
		t.Fatal("bounces.csv was not downloaded")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("bounces.csv: %v", err)
	}
	if len(recs) != 6 || recs[0][0] != "file" || recs[0][3] != "reason" {
		t.Fatalf("bounces.csv: want a header and 5 rows, got %q", recs)
	}
	byAddr := map[string][]string{}
	for _, r := range recs[1:] {
		byAddr[r[1]] = r
	}
	for addr, want := range map[string][2]string{
		"lotta.ek@example.net": {"postfix-mailbox-full.eml", "mailboxfull"},
		"b.novak@example.org":  {"exchange-not-found.txt", "userunknown"},
		"kai.lund@example.net": {"two-recipients.eml", "userunknown"},
		"orders@shop.example":  {"two-recipients.eml", "mailboxfull"},
		"":                     {"not-a-bounce.eml", ""},
	} {
		r, ok := byAddr[addr]
		if !ok {
			t.Errorf("bounces.csv: no row for %q", addr)
			continue
		}
		if r[0] != want[0] || r[3] != want[1] {
			t.Errorf("bounces.csv row for %q: file %q reason %q, want %q %q", addr, r[0], r[3], want[0], want[1])
		}
		if want[1] != "" && !strings.HasSuffix(r[11], "/kb/"+r[4]+"/") {
			t.Errorf("bounces.csv row for %q: kb_url %q does not point at entry %q", addr, r[11], r[4])
		}
	}
}

// TestNoNetwork proves the privacy claim: once the page and the classifier
// have loaded, pasting and explaining a bounce makes no request at all,
// neither seen by the browser (CDP Network events, which include the
// worker's) nor by the server.
func TestNoNetwork(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	seen := record(t, ctx)
	openPage(t, ctx, s.URL)
	// Let everything the page loads by itself finish (the KB titles, the
	// service worker's precache of the whole site): wait until the service
	// worker controls the page, then for a second with no request.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.offline === "ready"`,
		chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Logf("the service worker did not take control (%v); waiting for quiet only", err)
	}
	quiet := func() int { return len(seen()) + len(s.requests()) }
	for n, still := quiet(), 0; still < 10; {
		time.Sleep(100 * time.Millisecond)
		if m := quiet(); m != n {
			n, still = m, 0
		} else {
			still++
		}
	}
	mark := len(seen())
	markServer := len(s.requests())
	if mark == 0 {
		t.Fatal("the recorder saw no request at all while the page loaded; it would prove nothing")
	}

	res := paste(t, ctx, testBounce(t, "two-recipients.eml"))
	if len(res.Cards) != 2 {
		t.Fatalf("want 2 cards, got %+v", res.Cards)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("copy-explanation"))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	for _, r := range seen()[mark:] {
		t.Errorf("request after load: %s", r)
	}
	for _, r := range s.requests()[markServer:] {
		t.Errorf("server saw a request after load: %s", r)
	}
	t.Logf("while loading: %d requests seen by the tab, %d by the server (the service worker's precache included); after: none", mark, markServer)
}

// TestHostileHTML: a bounce full of markup is shown as text. No script runs,
// no element is made from it, and the markup is visible as written.
func TestHostileHTML(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	consoleErrors := watchConsole(ctx)
	openPage(t, ctx, s.URL)
	defer func() {
		for _, e := range consoleErrors() {
			t.Errorf("console: %s", e)
		}
	}()
	text := testBounce(t, "hostile.eml")
	res := paste(t, ctx, text)
	if len(res.Cards) == 0 {
		t.Fatalf("the hostile bounce was not explained: %+v", res)
	}
	var all strings.Builder
	for _, c := range res.Cards {
		all.WriteString(c.Text)
	}
	all.WriteString(res.Evidence)
	if !strings.Contains(all.String(), "<script>") && !strings.Contains(all.String(), "<img") {
		t.Errorf("the markup is not shown as text anywhere: %.300q", all.String())
	}
	// Also open it as a file, which takes the other path into the page.
	p, _ := filepath.Abs(filepath.Join("testdata", "hostile.eml"))
	q, _ := filepath.Abs(filepath.Join("testdata", "two-recipients.eml"))
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("file-input"), []string{p, q})); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("files").dataset.state === "done"`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // an onerror or a timer would have fired by now
	check, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => ({
  pwned: window.__pwned === undefined ? "" : String(window.__pwned),
  elements: document.querySelectorAll("#results script, #results img, #results iframe, #results svg, #results object, #results embed, #results style, #files script, #files img, #files iframe, #files svg").length,
  jsLinks: Array.from(document.querySelectorAll("#results a, #files a")).filter(a => !a.href.startsWith(location.origin)).map(a => a.href),
  scripts: document.scripts.length,
}))()`))
	if err != nil {
		t.Fatal(err)
	}
	if check["pwned"] != "" {
		t.Errorf("a script from the bounce ran: window.__pwned = %v", check["pwned"])
	}
	if n, _ := check["elements"].(float64); n != 0 {
		t.Errorf("%v elements were made from the bounce's markup", n)
	}
	if l, _ := check["jsLinks"].([]any); len(l) != 0 {
		t.Errorf("links that leave the site: %v", l)
	}
	if n, _ := check["scripts"].(float64); n != 7 {
		t.Errorf("document has %v script elements, want the page's own 7", n)
	}
}

// TestScreenshots takes the pictures people look at: the two-recipient
// example on a phone (390 px) and on a desktop (1280 px), and the empty page.
func TestScreenshots(t *testing.T) {
	s := serveSite(t, "")
	for _, size := range []struct {
		name string
		w, h int
	}{{"narrow", 390, 844}, {"wide", 1280, 900}} {
		ctx := newBrowser(t, size.w, size.h)
		if size.w < 500 {
			// A headless window is at least 500 px wide: emulate the phone.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(size.w), int64(size.h), chromedp.EmulateMobile)); err != nil {
				t.Fatal(err)
			}
		}
		openPage(t, ctx, s.URL)
		screenshot(t, ctx, "paste-empty-"+size.name)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("examples-button"))); err != nil {
			t.Fatal(err)
		}
		screenshot(t, ctx, "paste-examples-"+size.name)
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
			t.Fatal(err)
		}
		res := paste(t, ctx, testBounce(t, "two-recipients.eml"))
		if len(res.Cards) != 2 {
			t.Errorf("%s: want 2 cards, got %d", size.name, len(res.Cards))
		}
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("evidence").open = true`)); err != nil {
			t.Fatal(err)
		}
		// Nothing may stick out sideways on a phone.
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if wide > 0 {
			t.Errorf("%s: the page scrolls sideways by %d px", size.name, wide)
		}
		// Each card's "Show where your text says this" marks its own words.
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.bcard:nth-of-type(2) .bcard__where`))); err != nil {
			t.Fatal(err)
		}
		current, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#evidence-view mark.is-current")).map(m => m.textContent)`))
		if err != nil {
			t.Fatal(err)
		}
		if len(current) == 0 || !strings.Contains(strings.Join(current, " "), "Mailbox full") {
			t.Errorf("%s: the second card's evidence marks are %q, want its own words (Mailbox full)", size.name, current)
		}
		screenshot(t, ctx, "paste-result-"+size.name)
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		}); err != nil {
			t.Fatal(err)
		}
		screenshot(t, ctx, "paste-result-dark-"+size.name)
		paste(t, ctx, "Hello, are we still on for lunch?")
		screenshot(t, ctx, "paste-notbounce-dark-"+size.name)
	}
}

// TestClassifierTiming logs how fast the page gets ready and how long one
// classification takes in Chromium over the shared corpus. The figures are
// for the report; the test fails only if classification fails.
func TestClassifierTiming(t *testing.T) {
	shared := sharedDir()
	if shared == "" {
		t.Skip("no ../shared: the corpus is read from there at run time")
	}
	emls, _ := filepath.Glob(filepath.Join(shared, "corpus", "eml", "*.eml"))
	if len(emls) == 0 {
		t.Skip("no corpus emails")
	}
	var names []string
	for _, p := range emls {
		names = append(names, "corpus/eml/"+filepath.Base(p))
	}
	s := serveSite(t, shared)
	ctx := newBrowser(t, 1280, 900)
	var ready []float64
	for range 3 { // the first load compiles cold; later ones hit the cache
		openPage(t, ctx, s.URL)
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`bounce.readyAt`))
		if err != nil {
			t.Fatal(err)
		}
		ready = append(ready, ms)
		parts, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`bounce.timing`))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("ready %.0f ms after navigation start: bounce.js ran at %.0f ms; in the worker %.0f ms download+compile, %.0f ms Go start",
			ms, parts["script"], parts["load"], parts["start"])
	}
	list, _ := json.Marshal(names)
	type timing struct {
		Worker []float64 `json:"worker"`
		Round  []float64 `json:"round"`
		Failed []string  `json:"failed"`
		Bytes  int       `json:"bytes"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[timing](`(async (names) => {
  const out = {worker: [], round: [], failed: [], bytes: 0};
  const bufs = [];
  for (const n of names) {
    const r = await fetch("/__shared/" + n);
    bufs.push([n, await r.arrayBuffer()]);
  }
  for (const pass of [0, 1]) { // pass 0 warms up
    for (const [n, buf] of bufs) {
      const t0 = performance.now();
      try {
        await bounce.classify(buf);
      } catch (e) {
        if (pass) out.failed.push(n + ": " + e.message);
        continue;
      }
      if (pass) {
        out.round.push(performance.now() - t0);
        out.worker.push(bounce.lastMs);
        out.bytes += buf.byteLength;
      }
    }
  }
  return out;
})(`+string(list)+`)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got.Failed {
		t.Errorf("classify failed: %s", f)
	}
	t.Logf("time to ready on localhost (navigation start → classifier ready): first %.0f ms, then %.0f ms, %.0f ms",
		ready[0], ready[1], ready[2])
	t.Logf("%d corpus messages (%.1f MB): classify in the worker median %.3f ms, p90 %.3f ms, max %.1f ms; page round trip median %.3f ms",
		len(got.Worker), float64(got.Bytes)/1e6, quantile(got.Worker, 0.5), quantile(got.Worker, 0.9), quantile(got.Worker, 1), quantile(got.Round, 0.5))
}

func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	i := int(q * float64(len(s)-1))
	return s[i]
}

// testBounce reads a fixture from testdata/.
func testBounce(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLargePaste pastes 50 MB (a bounce, then filler, as a returned message
// with a big attachment would be): the text is held outside the textarea,
// the page keeps running timers while the worker classifies, progress is
// shown, and the bounce at the top is explained.
func TestLargePaste(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, s.URL)
	lit, _ := json.Marshal(testBounce(t, "postfix-mailbox-full.eml"))
	before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
  const filler = "X-Filler: " + "lorem ipsum dolor sit amet ".repeat(3) + "\n";
  const text = `+string(lit)+` + "\n" + filler.repeat(Math.ceil(50e6 / filler.length));
  const n = document.getElementById("results").dataset.renders || "0";
  // Count timer ticks while the page says it is working: with the
  // classifier on the main thread there would be none.
  window.__ticksWhileWorking = 0;
  window.__sawProgress = false;
  const tick = () => {
    const state = document.getElementById("results").dataset.state;
    if (state === "working") {
      window.__ticksWhileWorking++;
      if (!document.getElementById("progress").hidden) window.__sawProgress = true;
    }
    if (state !== "done") setTimeout(tick, 20);
  };
  const dt = new DataTransfer();
  dt.setData("text/plain", text);
  const ta = document.getElementById("bounce-input");
  ta.focus();
  ta.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
  setTimeout(tick, 0);
  return n;
})()`))
	if err != nil {
		t.Fatal(err)
	}
	res := waitResult(t, ctx, before)
	if len(res.Cards) != 1 || res.Cards[0].Reason != "mailboxfull" {
		t.Errorf("want one mailboxfull card, got %+v", res.Cards)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`({
  ticks: window.__ticksWhileWorking,
  progress: window.__sawProgress,
  readOnly: document.getElementById("bounce-input").readOnly,
  boxLength: document.getElementById("bounce-input").value.length,
  notice: document.getElementById("big").hidden ? "" : document.getElementById("big").textContent,
})`))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := got["ticks"].(float64); n < 3 {
		t.Errorf("only %v timer ticks while classifying: the page froze", n)
	}
	if got["progress"] != true {
		t.Error("no progress shown while classifying 50 MB")
	}
	if got["readOnly"] != true || got["notice"] == "" {
		t.Errorf("the 50 MB text should be held with a notice, not put in the box: %v", got)
	}
	if n, _ := got["boxLength"].(float64); n == 0 || n > 1e5 {
		t.Errorf("the box holds %v characters; want the beginning only", n)
	}
	t.Logf("50 MB paste: %v timer ticks while the worker classified", got["ticks"])
}

// TestCopyExplanation clicks "Copy explanation" and reads the clipboard
// back: a short plain-text summary with each recipient and its KB link.
func TestCopyExplanation(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, s.URL)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name},
			Setting:    browser.PermissionSettingGranted,
			Origin:     s.URL,
		}); err != nil {
			t.Fatal(err)
		}
	}
	paste(t, ctx, testBounce(t, "two-recipients.eml"))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("copy-explanation"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("copy-explanation").dataset.copied === "true"`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the page did not say it copied: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"kai.lund@example.net: The recipient's address does not exist (not delivered, lasting problem)",
		"orders@shop.example:",
		s.URL + "/kb/userunknown/",
		s.URL + "/kb/mailboxfull/",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the copied explanation lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "<") && !strings.Contains(text, "<kai.lund@example.net>") {
		t.Errorf("markup in the copied text:\n%s", text)
	}
}

// TestKeyboardOrder tabs through the top of the page: the skip link first,
// then the header, then the tools, then the input.
func TestKeyboardOrder(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, s.URL)
	want := []string{"skip", "brand", "nav:Paste a bounce", "nav:Knowledge base", "nav:Codes",
		"examples-button", "open-files", "clear-input", "bounce-input"}
	var got []string
	for range want {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
  const a = document.activeElement;
  if (a.classList.contains("skip-link")) return "skip";
  if (a.classList.contains("brand")) return "brand";
  if (a.closest(".site-nav")) return "nav:" + a.textContent.trim();
  return a.id || a.tagName;
})()`))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, id)
	}
	if !slices.Equal(got, want) {
		t.Errorf("tab order:\n got %v\nwant %v", got, want)
	}
	// The skip link lands in the input.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(".skip-link").click()`)); err != nil {
		t.Fatal(err)
	}
	id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if id != "bounce-input" {
		t.Errorf("after the skip link, focus is on %q", id)
	}
}

// TestPasteBeforeReady pastes while the classifier is still downloading:
// the page says it is loading, keeps the text, and explains it once ready.
func TestPasteBeforeReady(t *testing.T) {
	s := serveSiteWASM(t, "", 3*time.Second)
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.ID("bounce-input"))); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dataset.classifier`))
	if err != nil {
		t.Fatal(err)
	}
	if state != "loading" {
		t.Fatalf("classifier state %q right after load; the test needs it still loading", state)
	}
	lit, _ := json.Marshal(testBounce(t, "postfix-mailbox-full.eml"))
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
  const ta = document.getElementById("bounce-input");
  ta.value = `+string(lit)+`;
  ta.dispatchEvent(new Event("input", {bubbles: true}));
})()`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("status-text").textContent`))
	if !strings.Contains(status, "Loading the classifier") {
		t.Errorf("while loading, the status says %q", status)
	}
	res := waitResult(t, ctx, "0")
	if len(res.Cards) != 1 || res.Cards[0].Reason != "mailboxfull" {
		t.Errorf("after loading: want the queued text explained, got %+v", res.Cards)
	}
}

// TestContentSecurityPolicy checks that the page's own policy stops it
// from sending anything elsewhere, whatever a script on it tried: a fetch,
// an image, a beacon, a form post and a WebSocket to another origin all
// fail to reach that origin's server.
func TestContentSecurityPolicy(t *testing.T) {
	var mu sync.Mutex
	hits := 0
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
	}))
	defer other.Close()
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	consoleErrors := watchConsole(ctx)
	openPage(t, ctx, s.URL)
	target, _ := json.Marshal(other.URL + "/leak?text=bounce")
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
  const url = `+string(target)+`;
  fetch(url, {method: "POST", body: "secret", mode: "no-cors"}).catch(() => {});
  document.body.appendChild(Object.assign(document.createElement("img"), {src: url}));
  try { navigator.sendBeacon(url, "secret"); } catch (e) {}
  try { new WebSocket(url.replace("http", "ws")); } catch (e) {}
  const f = Object.assign(document.createElement("form"), {action: url, method: "post"});
  document.body.appendChild(f);
  try { f.submit(); } catch (e) {}
})()`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	mu.Lock()
	n := hits
	mu.Unlock()
	if n != 0 {
		t.Errorf("another origin received %d requests from the page", n)
	}
	violations := 0
	for _, e := range consoleErrors() {
		if strings.Contains(e, "Content Security Policy") {
			violations++
		}
	}
	if violations == 0 {
		t.Errorf("no Content-Security-Policy violation reported; console: %v", consoleErrors())
	}
}

// TestAbortRestartsWorker aborts a large classification while the worker is
// busy with it: the promise rejects with AbortError at once, and the next
// input is explained by a fresh worker.
func TestAbortRestartsWorker(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, s.URL)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(async () => {
  const big = "550 5.1.1 <a@example.com>: User unknown\n" + "x".repeat(40e6);
  const ctl = new AbortController();
  const t0 = performance.now();
  let name = "";
  const p = bounce.classify(big, {signal: ctl.signal, onprogress: (ev) => {
    if (ev.stage === "classifying") ctl.abort();
  }}).then(() => "resolved", (e) => e.name);
  name = await p;
  const abortMs = performance.now() - t0;
  const r = await bounce.classify("552 5.2.2 Mailbox full");
  return {name, abortMs, reason: r.recipients.length ? r.recipients[0].reason : "", state: bounce.state};
})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if got["name"] != "AbortError" {
		t.Errorf("the aborted classification ended with %v, want AbortError", got["name"])
	}
	if got["reason"] != "mailboxfull" || got["state"] != "ready" {
		t.Errorf("after the abort: reason %v, state %v; want mailboxfull from a ready classifier", got["reason"], got["state"])
	}
	t.Logf("aborted after %.0f ms", got["abortMs"])
}

// TestReloadKeepsText: what was pasted is still there after a reload (kept
// in this tab's sessionStorage, never sent anywhere) and explained again.
func TestReloadKeepsText(t *testing.T) {
	s := serveSite(t, "")
	ctx := newBrowser(t, 1280, 900)
	openPage(t, ctx, s.URL)
	text := testBounce(t, "postfix-mailbox-full.eml")
	paste(t, ctx, text)
	openPage(t, ctx, s.URL)
	res := waitResult(t, ctx, "0")
	if len(res.Cards) != 1 || res.Cards[0].Reason != "mailboxfull" {
		t.Errorf("after a reload: want the text explained again, got %+v", res.Cards)
	}
	value, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("bounce-input")))
	if strings.ReplaceAll(value, "\r\n", "\n") != strings.ReplaceAll(text, "\r\n", "\n") {
		t.Errorf("after a reload the input is %.100q", value)
	}
}

// TestClassifierMissing: when bounce.wasm cannot be loaded the page says so,
// keeps what was pasted, and still points to the knowledge base.
func TestClassifierMissing(t *testing.T) {
	s := serveSiteWASM(t, "", -1)
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.classifier === "failed"`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the page never said the classifier failed: %v", err)
	}
	text := "550 5.1.1 <jdoe@example.com>: User unknown"
	lit, _ := json.Marshal(text)
	before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
  const ta = document.getElementById("bounce-input");
  const n = document.getElementById("results").dataset.renders || "0";
  ta.value = `+string(lit)+`;
  ta.dispatchEvent(new Event("input", {bubbles: true}));
  return n;
})()`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(document.getElementById("results").dataset.renders || "0") !== %q`, before),
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("pasting with no classifier hangs: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`({
  status: document.getElementById("status-text").textContent,
  value: document.getElementById("bounce-input").value,
})`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got["status"], "could not") || !strings.Contains(got["status"], "still here") {
		t.Errorf("status %q: want it to say the text could not be explained and is still here", got["status"])
	}
	if got["value"] != text {
		t.Errorf("the pasted text is gone: %q", got["value"])
	}
}
