package main

import (
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
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
			if got := res.Header.Get("Content-Security-Policy"); got != csp {
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
