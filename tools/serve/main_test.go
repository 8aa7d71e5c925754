package main

import (
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func TestHandler(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":             {Data: []byte("<!doctype html>home")},
		"bounce.wasm":            {Data: []byte("\x00asm raw")},
		"bounce.wasm.br":         {Data: []byte("brotli bytes")},
		"bounce.wasm.gz":         {Data: []byte("gzip bytes")},
		"style.css":              {Data: []byte("body{}")},
		"app.js":                 {Data: []byte("1")},
		"app.js.gz":              {Data: []byte("gz js")},
		"kb/index.html":          {Data: []byte("kb home")},
		"kb/smtp-550/index.html": {Data: []byte("550 page")},
		"kb/search.json":         {Data: []byte("{}")},
		"empty/readme.txt":       {Data: []byte("no index here")},
		".git/config":            {Data: []byte("secret")},
	}
	h := handler(fsys)
	tests := []struct {
		name, path, accept string
		status             int
		ctype, encoding    string
		body, location     string
		vary               bool
	}{
		{name: "root", path: "/", status: 200, ctype: "text/html; charset=utf-8", body: "<!doctype html>home"},
		{name: "folder index", path: "/kb/smtp-550/", status: 200, ctype: "text/html; charset=utf-8", body: "550 page"},
		{name: "folder without slash", path: "/kb/smtp-550", status: 301, location: "/kb/smtp-550/"},
		{name: "no listing", path: "/empty/", status: 404},
		{name: "file with slash", path: "/style.css/", status: 404},
		{name: "missing", path: "/kb/nope/", status: 404},
		{name: "dot file", path: "/.git/config", status: 404},
		{name: "traversal", path: "/../../etc/passwd", status: 404},
		{name: "css", path: "/style.css", status: 200, ctype: "text/css; charset=utf-8", body: "body{}"},
		{name: "json", path: "/kb/search.json", status: 200, ctype: "application/json", body: "{}"},
		{name: "wasm plain", path: "/bounce.wasm", status: 200, ctype: "application/wasm", body: "\x00asm raw", vary: true},
		{name: "wasm brotli", path: "/bounce.wasm", accept: "gzip, deflate, br", status: 200, ctype: "application/wasm", encoding: "br", body: "brotli bytes", vary: true},
		{name: "wasm gzip", path: "/bounce.wasm", accept: "gzip", status: 200, ctype: "application/wasm", encoding: "gzip", body: "gzip bytes", vary: true},
		{name: "br refused", path: "/bounce.wasm", accept: "br;q=0, gzip", status: 200, ctype: "application/wasm", encoding: "gzip", body: "gzip bytes", vary: true},
		{name: "wildcard", path: "/bounce.wasm", accept: "*", status: 200, ctype: "application/wasm", encoding: "br", body: "brotli bytes", vary: true},
		{name: "js gzip only", path: "/app.js", accept: "br, gzip", status: 200, ctype: "text/javascript; charset=utf-8", encoding: "gzip", body: "gz js", vary: true},
		{name: "no sibling no vary", path: "/style.css", accept: "br", status: 200, ctype: "text/css; charset=utf-8", body: "body{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "http://x"+tt.path, nil)
			req.URL.Path = tt.path // keep ../ as a client could send it
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Content-Security-Policy"); !strings.HasPrefix(got, csp) {
				t.Errorf("CSP header %q", got)
			}
			if tt.location != "" && res.Header.Get("Location") != tt.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), tt.location)
			}
			if tt.status != 200 {
				if tt.status == 404 && rec.Body.String() == "secret" {
					t.Error("served a dot file")
				}
				return
			}
			if got := res.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if got := res.Header.Get("Vary") == "Accept-Encoding"; got != tt.vary {
				t.Errorf("Vary %q, want Accept-Encoding: %v", res.Header.Get("Vary"), tt.vary)
			}
			if rec.Body.String() != tt.body {
				t.Errorf("body %q, want %q", rec.Body.String(), tt.body)
			}
		})
	}
}

func TestNotFoundPage(t *testing.T) {
	fsys := fstest.MapFS{"index.html": {Data: []byte("home")}, "404.html": {Data: []byte("<h1>missing</h1>")}}
	rec := httptest.NewRecorder()
	handler(fsys).ServeHTTP(rec, httptest.NewRequest("GET", "/kb/no-such-entry/", nil))
	if rec.Code != 404 || rec.Body.String() != "<h1>missing</h1>" || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("got %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
}

func TestMethodNotAllowed(t *testing.T) {
	rec := httptest.NewRecorder()
	handler(fstest.MapFS{"index.html": {Data: []byte("x")}}).ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST: status %d", rec.Code)
	}
}

// TestCSPMatchesPages checks that the header this server sends is the policy
// the site builder writes into its pages, so the two never disagree. It reads
// a built page and skips when there is none (make test builds dist/ first).
func TestCSPMatchesPages(t *testing.T) {
	dist := os.Getenv("BOUNCE_DIST")
	if dist == "" {
		dist = filepath.Join("..", "..", "dist")
	}
	page, err := os.ReadFile(filepath.Join(dist, "kb", "index.html"))
	if err != nil {
		t.Skipf("no built KB home in %s: run make dist", dist)
	}
	m := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindSubmatch(page)
	if m == nil {
		t.Fatal("the KB home has no CSP meta tag")
	}
	if got := html.UnescapeString(string(m[1])); got != csp {
		t.Errorf("page CSP\n  %s\nserver CSP\n  %s", got, csp)
	}
}

func TestAccepts(t *testing.T) {
	tests := []struct {
		header, token string
		want          bool
	}{
		{"", "br", false},
		{"gzip, deflate, br", "br", true},
		{"gzip;q=0.5", "gzip", true},
		{"gzip;q=0", "gzip", false},
		{"GZIP", "gzip", true},
		{"*;q=0.1", "br", true},
		{"*, br;q=0", "br", false},
		{"identity", "gzip", false},
		{"gzip;q=bogus", "gzip", false},
	}
	for _, tt := range tests {
		if got := accepts(tt.header, tt.token); got != tt.want {
			t.Errorf("accepts(%q, %q) = %v, want %v", tt.header, tt.token, got, tt.want)
		}
	}
}

func get(t *testing.T, h http.Handler, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", "http://site.example"+target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestNoOpenRedirect(t *testing.T) {
	h := handler(fstest.MapFS{"kb/index.html": {Data: []byte("kb")}})
	for _, target := range []string{"/%2Fevil.example%2F..%2Fkb", "//evil.example/../kb", "/%5Cevil.example/../kb", "/./kb"} {
		res := get(t, h, target)
		loc := res.Header.Get("Location")
		if res.StatusCode == http.StatusMovedPermanently && loc != "/kb/" {
			t.Errorf("GET %s: redirect to %q, want /kb/", target, loc)
		}
		if strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") || strings.Contains(loc, "evil") {
			t.Errorf("GET %s: open redirect to %q", target, loc)
		}
	}
}

func TestIsolationHeaders(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":          {Data: []byte(`<meta http-equiv="Content-Security-Policy" content="` + csp + `">home`)},
		"embed.html":          {Data: []byte(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'">embed`)},
		"bounce.wasm":         {Data: []byte("\x00asm")},
		"bounce-explainer.js": {Data: []byte("1")},
		"style.css":           {Data: []byte("body{}")},
	}
	h := handlerWith(fsys, options{embedAncestors: "https://help.example.com", hashes: manifestHashes(fsys)})
	tests := []struct {
		path, cors, corp, coop, ancestors, xfo string
	}{
		{"/", "", "same-origin", "same-origin", "'self'", "SAMEORIGIN"},
		{"/embed.html", "", "same-origin", "same-origin", "https://help.example.com", ""},
		{"/bounce.wasm", "*", "cross-origin", "", "", ""},
		{"/bounce-explainer.js", "*", "cross-origin", "", "", ""},
		{"/style.css", "", "same-origin", "", "", ""},
	}
	for _, tt := range tests {
		res := get(t, h, tt.path)
		hd := res.Header
		if hd.Get("Access-Control-Allow-Origin") != tt.cors || hd.Get("Cross-Origin-Resource-Policy") != tt.corp ||
			hd.Get("Cross-Origin-Opener-Policy") != tt.coop || hd.Get("X-Frame-Options") != tt.xfo {
			t.Errorf("%s: CORS %q CORP %q COOP %q XFO %q", tt.path, hd.Get("Access-Control-Allow-Origin"),
				hd.Get("Cross-Origin-Resource-Policy"), hd.Get("Cross-Origin-Opener-Policy"), hd.Get("X-Frame-Options"))
		}
		policy := hd.Get("Content-Security-Policy")
		if tt.ancestors != "" && !strings.HasSuffix(policy, "; frame-ancestors "+tt.ancestors) {
			t.Errorf("%s: CSP %q lacks frame-ancestors %s", tt.path, policy, tt.ancestors)
		}
	}
	if p := get(t, h, "/embed.html").Header.Get("Content-Security-Policy"); !strings.HasPrefix(p, "default-src 'self'; frame-ancestors") {
		t.Errorf("embed.html is not served under its own policy: %q", p)
	}
}

// TestSingleFilePolicy serves the built single-file page and checks that
// the header is the page's own hash-based policy, under which its inline
// code runs; the site's stricter default would block it.
func TestSingleFilePolicy(t *testing.T) {
	dist := os.Getenv("BOUNCE_DIST")
	if dist == "" {
		dist = filepath.Join("..", "..", "dist")
	}
	page, err := os.ReadFile(filepath.Join(dist, "bounce-explainer.html"))
	if err != nil {
		t.Skipf("no single-file build in %s: run make dist", dist)
	}
	m := metaCSP.FindSubmatch(page)
	if m == nil {
		t.Fatal("bounce-explainer.html has no CSP meta tag")
	}
	res := get(t, handler(os.DirFS(dist)), "/bounce-explainer.html")
	got := res.Header.Get("Content-Security-Policy")
	if !strings.HasPrefix(got, html.UnescapeString(string(m[1]))) || !strings.Contains(got, "'sha256-") {
		t.Errorf("header policy %q\nis not the page's own %q", got, m[1])
	}
}

func TestImmutableCache(t *testing.T) {
	fsys := fstest.MapFS{
		"asset-manifest.json": {Data: []byte(`{"version":"1","files":[{"url":"app.js","size":1,"hash":"0123456789abcdef"}]}`)},
		"app.js":              {Data: []byte("1")},
		"index.html":          {Data: []byte("home")},
	}
	h := handler(fsys)
	for _, tt := range []struct{ target, want string }{
		{"/app.js?v=0123456789abcdef", "public, max-age=31536000, immutable"},
		{"/app.js?v=stale", "no-cache"},
		{"/app.js", "no-cache"},
		{"/", "no-cache"},
	} {
		if got := get(t, h, tt.target).Header.Get("Cache-Control"); got != tt.want {
			t.Errorf("%s: Cache-Control %q, want %q", tt.target, got, tt.want)
		}
	}
}

func TestServerTimeouts(t *testing.T) {
	srv := newServer(fstest.MapFS{}, "localhost:0", "*")
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Errorf("a phase without a limit: %+v", srv)
	}
}

// TestNotFoundPagePolicy checks that 404.html is served under its own
// policy, which allows its inline script by hash: under the site's policy
// the script that moves its links in a subfolder would be blocked.
func TestNotFoundPagePolicy(t *testing.T) {
	own := "default-src 'self'; script-src 'self' 'sha256-AAAA'; object-src 'none'"
	page := `<!doctype html><meta http-equiv="Content-Security-Policy" content="` + own + `"><script>moveLinks()</script>`
	fsys := fstest.MapFS{"index.html": {Data: []byte("home")}, "404.html": {Data: []byte(page)}}
	for _, p := range []string{"/no-such-page", "/sub/folder/kb/no-such-entry/", "/.git/config"} {
		res := get(t, handler(fsys), p)
		if got := res.Header.Get("Content-Security-Policy"); res.StatusCode != 404 || !strings.HasPrefix(got, own+"; frame-ancestors ") {
			t.Errorf("%s: %d, policy %q; want the page's own", p, res.StatusCode, got)
		}
	}
	dist := os.Getenv("BOUNCE_DIST")
	if dist == "" {
		dist = filepath.Join("..", "..", "dist")
	}
	built, err := os.ReadFile(filepath.Join(dist, "404.html"))
	if err != nil {
		t.Skipf("no built site in %s: run make dist", dist)
	}
	m := metaCSP.FindSubmatch(built)
	if m == nil {
		t.Fatal("404.html has no CSP meta tag")
	}
	res := get(t, handler(os.DirFS(dist)), "/bounces/kb/no-such-entry/")
	if got := res.Header.Get("Content-Security-Policy"); !strings.HasPrefix(got, html.UnescapeString(string(m[1]))) || !strings.Contains(got, "'sha256-") {
		t.Errorf("built 404.html: header policy %q, page's own %q", got, m[1])
	}
}
