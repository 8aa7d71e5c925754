package browsertest

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The throttled-link benchmark: how long a person on a slow phone link
// waits from opening the page to the first answer, on a first visit (cold:
// nothing cached) and on a repeat visit (the service worker has the site).
// DevTools throttling does not reach the Web Worker that downloads the
// WASM, so the link is a TCP proxy between Chromium and the site server.

// Phone link of issue 11: 150 ms round trip, 1.6 Mbit/s shared by every
// connection (in each direction).
const (
	phoneRTT  = 150 * time.Millisecond
	phoneRate = 1.6e6 / 8 // bytes per second
)

// slowLink is a TCP proxy that behaves like a slow link: every byte waits
// for its turn on a bottleneck that all connections share (one per
// direction), then half a round trip; a new connection first pays a round
// trip for the TCP handshake. A connection keeps at most linkWindow bytes
// queued, so connections share the bottleneck roughly as TCP flows do.
type slowLink struct {
	ln     net.Listener
	target string
	rtt    time.Duration
	rate   float64
	off    atomic.Bool // true: no delay, no limit (between measurements)
	mu     sync.Mutex
	free   [2]time.Time // when each direction's bottleneck is next free
	bytes  atomic.Int64 // bytes sent to the browser
}

const (
	linkChunk  = 4 << 10
	linkWindow = 16 // chunks in flight per connection and direction
)

func newSlowLink(t testing.TB, target string, rtt time.Duration, rate float64) *slowLink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &slowLink{ln: ln, target: target, rtt: rtt, rate: rate}
	t.Cleanup(func() { ln.Close() })
	go l.serve()
	return l
}

func (l *slowLink) addr() string { return l.ln.Addr().String() }

func (l *slowLink) serve() {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		go l.connect(c)
	}
}

func (l *slowLink) connect(client net.Conn) {
	if !l.off.Load() {
		time.Sleep(l.rtt) // SYN, SYN-ACK
	}
	server, err := net.Dial("tcp", l.target)
	if err != nil {
		client.Close()
		return
	}
	go l.pump(server, client, 0)
	go l.pump(client, server, 1)
}

// pump copies src to dst through direction dir of the link (1: to the
// browser). Reading stops while linkWindow chunks wait to be delivered.
func (l *slowLink) pump(dst, src net.Conn, dir int) {
	type chunk struct {
		data []byte
		at   time.Time
	}
	queue := make(chan chunk, linkWindow)
	go func() {
		defer close(queue)
		for {
			buf := make([]byte, linkChunk)
			n, err := src.Read(buf)
			if n > 0 {
				queue <- chunk{buf[:n], l.arrival(dir, n)}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range queue {
		time.Sleep(time.Until(c.at))
		if _, err := dst.Write(c.data); err != nil {
			break
		}
		if dir == 1 {
			l.bytes.Add(int64(len(c.data)))
		}
	}
	for range queue {
	}
	// Half-close so the other side sees the end; then let go.
	if tc, ok := dst.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	src.Close()
}

// arrival books n bytes on direction dir's bottleneck and returns when
// they reach the other end.
func (l *slowLink) arrival(dir, n int) time.Time {
	now := time.Now()
	if l.off.Load() {
		return now
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.free[dir].Before(now) {
		l.free[dir] = now
	}
	l.free[dir] = l.free[dir].Add(time.Duration(float64(n) / l.rate * float64(time.Second)))
	return l.free[dir].Add(l.rtt / 2)
}

// precompressedSite serves dir as a careful static host does (tools/serve):
// a file's .br or .gz sibling, when there is one and the browser accepts
// it (unless plain is set). It counts the encodings it sent for the WASM,
// and serves test pages set in pages.
type precompressedSite struct {
	dir   string
	files http.Handler
	plain bool
	pages map[string]string // path → HTML, set before serving
	mu    sync.Mutex
	sent  map[string]int // Content-Encoding of bounce.wasm responses
	log   []string       // when each request came, for BOUNCE_THROTTLE_LOG=1
	t0    time.Time
}

func newPrecompressedSite(dir string) *precompressedSite {
	return &precompressedSite{dir: dir, files: http.FileServer(http.Dir(dir)), sent: map[string]int{}, pages: map[string]string{}}
}

func (s *precompressedSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	accept := r.Header.Get("Accept-Encoding")
	cw := &countingWriter{ResponseWriter: w}
	w = cw
	began := time.Since(s.t0)
	defer func() {
		s.mu.Lock()
		s.log = append(s.log, fmt.Sprintf("%6.0f ms %7d bytes (%s) %s", began.Seconds()*1000, cw.n, cw.Header().Get("Content-Encoding"), r.URL.Path))
		s.mu.Unlock()
	}()
	if html, ok := s.pages[r.URL.Path]; ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, html)
		return
	}
	rel := r.URL.Path
	if s.plain {
		accept = ""
	}
	if strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	name := filepath.Join(s.dir, filepath.FromSlash(rel))
	enc := ""
	for _, e := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if _, err := os.Stat(name + e.ext); err == nil && strings.Contains(accept, e.token) {
			enc = e.token
			f, err := os.Open(name + e.ext)
			if err != nil {
				break
			}
			defer f.Close()
			st, _ := f.Stat()
			ctype := mime.TypeByExtension(filepath.Ext(name))
			if ctype == "" {
				ctype = "application/octet-stream"
			}
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Content-Encoding", e.token)
			w.Header().Set("Vary", "Accept-Encoding")
			http.ServeContent(w, r, "", st.ModTime(), f)
			break
		}
	}
	if strings.HasSuffix(r.URL.Path, ".wasm") {
		s.mu.Lock()
		s.sent[enc+" (asked: "+accept+")"]++
		s.mu.Unlock()
	}
	if enc == "" {
		s.files.ServeHTTP(w, r)
	}
}

// pageTiming reads the page's own timings, in ms from the navigation.
const pageTiming = `Object.assign({readyAt: bounce.readyAt, now: performance.now(),
  wasmEnd: (performance.getEntriesByType("resource").find((e) => /bounce\.wasm(\?|$)/.test(e.name)) || {}).responseEnd},
  bounce.timing || {})`

// countingWriter counts the body bytes of a response.
type countingWriter struct {
	http.ResponseWriter
	n int
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += n
	return n, err
}

// firstAnswer opens url in the tab, pastes text as soon as the box is
// there, and returns the time from starting the navigation to the first
// result card.
func firstAnswer(t *testing.T, ctx context.Context, url, text string) time.Duration {
	t.Helper()
	start := time.Now()
	// Navigate without waiting for the load event: a person pastes as
	// soon as the box is there.
	if _, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: url}); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	// In the page's own JavaScript, retried across the navigation (a node
	// id or a context from before it commits would be stale).
	waitUntilAsync(t, ctx, "the paste box", `location.href === `+quoteJS(url)+` && (() => {
  const box = document.getElementById("bounce-input");
  if (box) box.focus();
  return !!box && document.activeElement === box;
})()`)
	pasteText(t, ctx, text)
	waitUntilJS(t, ctx, "the first card", `document.querySelector(".bcard[data-reason]")`)
	return time.Since(start)
}

// TestThrottledFirstAnswer measures the time to the first answer on the
// phone link, cold and on a repeat visit, in BOUNCE_THROTTLE_RUNS fresh
// browsers (default 1; the median counts). It fails past the goals of
// issue 11 (5 s cold, 1 s repeat) with BOUNCE_THROTTLE_STRICT=1, or past
// twice the goals otherwise (the test machine may be busy).
func TestThrottledFirstAnswer(t *testing.T) {
	dist := distDir(t)
	runs, _ := strconv.Atoi(os.Getenv("BOUNCE_THROTTLE_RUNS"))
	runs = max(runs, 1)
	var colds, repeats []time.Duration
	for i := range runs {
		cold, repeat := throttledVisits(t, dist)
		t.Logf("run %d: cold %.2f s, repeat %.2f s", i+1, cold.Seconds(), repeat.Seconds())
		colds, repeats = append(colds, cold), append(repeats, repeat)
	}
	slices.Sort(colds)
	slices.Sort(repeats)
	cold, repeat := colds[runs/2], repeats[runs/2]
	t.Logf("median of %d: cold %.2f s (range %.2f–%.2f), repeat %.2f s (range %.2f–%.2f)", runs,
		cold.Seconds(), colds[0].Seconds(), colds[runs-1].Seconds(), repeat.Seconds(), repeats[0].Seconds(), repeats[runs-1].Seconds())

	coldGoal, repeatGoal := 5*time.Second, time.Second
	if os.Getenv("BOUNCE_THROTTLE_STRICT") == "" {
		// The figures are a report (speed goals live in reports, not in
		// timed tests): a loaded machine must not fail the build.
		return
	}
	if cold > coldGoal {
		t.Errorf("cold first answer %.2f s, want ≤ %v", cold.Seconds(), coldGoal)
	}
	if repeat > repeatGoal {
		t.Errorf("repeat-visit first answer %.2f s, want ≤ %v", repeat.Seconds(), repeatGoal)
	}
}

// throttledVisits opens the paste page in a fresh browser over the phone
// link twice: cold, and again once the service worker holds the site. It
// returns the two times to the first answer.
func throttledVisits(t *testing.T, dist string) (cold, repeat time.Duration) {
	t.Helper()
	site := newPrecompressedSite(dist)
	srv := httptest.NewServer(site)
	defer srv.Close()
	link := newSlowLink(t, srv.Listener.Addr().String(), phoneRTT, phoneRate)
	defer link.ln.Close()
	url := "http://" + link.addr() + "/"
	text, err := os.ReadFile(filepath.Join("testdata", "postfix-mailbox-full.eml"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, 390, 844)
	defer chromedp.Cancel(ctx) // one browser at a time
	// Start Chromium before the clock does.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}

	site.t0 = time.Now()
	cold = firstAnswer(t, ctx, url, string(text))
	if os.Getenv("BOUNCE_THROTTLE_LOG") != "" {
		site.mu.Lock()
		t.Logf("requests:\n%s", strings.Join(site.log, "\n"))
		site.mu.Unlock()
	}
	timing := evalIn[map[string]float64](t, ctx, pageTiming)
	t.Logf("cold: %.0f kB over the link; WASM sent as %v; from navigation: bounce.js ran at %.0f ms, worker.js ran at %.0f ms and had init at %.0f ms, WASM downloaded at %.0f ms, ready at %.0f ms (worker to ready %.0f ms, of which download+compile %.0f ms, Go start %.0f ms), answer seen at %.0f ms",
		float64(link.bytes.Load())/1e3, site.sent, timing["script"], timing["workerRan"], timing["workerInit"], timing["wasmEnd"], timing["readyAt"], timing["worker"], timing["load"], timing["start"], timing["now"])

	// The service worker installs in the background; lift the throttle
	// while it downloads the site (minutes at this rate), not measured.
	link.off.Store(true)
	waitControlled(t, ctx)
	link.off.Store(false)
	before := link.bytes.Load()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	repeat = firstAnswer(t, ctx, url, string(text))
	timing = evalIn[map[string]float64](t, ctx, pageTiming)
	t.Logf("repeat: %.0f kB over the link; from navigation: bounce.js ran at %.0f ms, ready at %.0f ms (download+compile %.0f ms, Go start %.0f ms), answer seen at %.0f ms",
		float64(link.bytes.Load()-before)/1e3, timing["script"], timing["readyAt"], timing["load"], timing["start"], timing["now"])
	return cold, repeat
}

// TestSlowLink checks the proxy itself: a download of 400 kB takes the
// time the rate says (2 s at 1.6 Mbit/s), plus the round trips, and two at
// once share the rate. On a loaded machine the proxy itself is late now
// and then, so downloads may take longer (up to about 1.5× at a load of 10
// on two cores): the figures measured through it are upper bounds.
func TestSlowLink(t *testing.T) {
	body := strings.Repeat("x", 400_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	link := newSlowLink(t, srv.Listener.Addr().String(), phoneRTT, phoneRate)
	// A new connection each time: each pays its handshake.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	get := func() {
		resp, err := client.Get("http://" + link.addr() + "/")
		if err != nil {
			t.Error(err)
			return
		}
		defer resp.Body.Close()
		if n, _ := io.Copy(io.Discard, resp.Body); n != int64(len(body)) {
			t.Errorf("got %d bytes, want %d", n, len(body))
		}
	}
	for _, n := range []int{1, 2} {
		start := time.Now()
		var wg sync.WaitGroup
		for range n {
			wg.Go(get)
		}
		wg.Wait()
		took := time.Since(start)
		// Handshake and request: two round trips; then the bytes.
		want := 2*phoneRTT + time.Duration(float64(n*len(body))/phoneRate*float64(time.Second))
		t.Logf("%d × 400 kB: %v (ideal %v)", n, took.Round(time.Millisecond), want)
		// Never faster than the link (that would flatter the figures);
		// slower only by what a busy machine costs.
		if took < want-100*time.Millisecond || took > 2*want {
			t.Errorf("%d × 400 kB took %v, want about %v", n, took, want)
		}
	}
}
