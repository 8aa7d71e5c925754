package main

import (
	"encoding/json"
	"html"
	"io"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
)

// options are the deployment choices of the server.
type options struct {
	// embedAncestors is the CSP frame-ancestors source list for
	// embed.html: who may put the iframe embed on their page.
	embedAncestors string
	// hashes maps a file's URL path (no leading slash) to the content hash
	// asset-manifest.json gives it, for immutable caching of ?v=<hash>.
	hashes map[string]string
}

// crossOrigin are the files the <bounce-explainer> web component fetches
// when it is embedded on another site: they get CORS and a cross-origin
// resource policy. Nothing in them is private.
var crossOrigin = map[string]bool{
	"bounce-explainer.js": true, "bounce.js": true, "worker.js": true, "wasm_exec.js": true,
	"bounce.wasm": true, "kb.json": true, "embed.css": true,
}

// isolate sets the headers that keep other sites from framing or reading
// what this one serves, and the exceptions the embeds need.
func isolate(h http.Header, fsys fs.FS, name string, opt options) {
	if crossOrigin[name] {
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	}
	if path.Ext(name) != ".html" {
		return
	}
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	policy := csp
	if own := pagePolicy(fsys, name); own != "" {
		// A page with its own policy (the single-file build inlines its
		// scripts and allows them by hash) is served under that one: two
		// policies would both apply and the stricter header would block it.
		policy = own
	}
	ancestors := "'self'"
	if name == "embed.html" {
		ancestors = opt.embedAncestors
	} else {
		h.Set("X-Frame-Options", "SAMEORIGIN") // for browsers without frame-ancestors
	}
	h.Set("Content-Security-Policy", policy+"; frame-ancestors "+ancestors)
}

// metaCSP finds a page's own policy in its first kilobytes.
var metaCSP = regexp.MustCompile(`(?is)<meta\b[^>]*http-equiv="Content-Security-Policy"[^>]*\bcontent="([^"]*)"`)

// pagePolicy returns the Content-Security-Policy a page declares in a meta
// tag when it differs from the site's own, or "".
func pagePolicy(fsys fs.FS, name string) string {
	f, err := fsys.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 8<<10)
	n, _ := io.ReadFull(f, head)
	m := metaCSP.FindSubmatch(head[:n])
	if m == nil {
		return ""
	}
	own := strings.TrimRight(strings.TrimSpace(html.UnescapeString(string(m[1]))), ";")
	if own == csp {
		return ""
	}
	return own
}

// cache sets Cache-Control. A file asked for by its content hash
// (?v=<hash from asset-manifest.json>) never changes and is cached for a
// year; everything else is revalidated on each use (a cheap 304), so an
// update is seen at once. The service worker keeps the site offline either
// way.
func cache(h http.Header, r *http.Request, name string, hashes map[string]string) {
	if v := r.URL.Query().Get("v"); v != "" && v == hashes[name] {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		return
	}
	h.Set("Cache-Control", "no-cache")
}

// manifestHashes reads asset-manifest.json (written by tools/site): each
// file's URL and content hash. A site without one has no versioned files.
func manifestHashes(fsys fs.FS) map[string]string {
	data, err := fs.ReadFile(fsys, "asset-manifest.json")
	if err != nil {
		return nil
	}
	var m struct {
		Files []struct {
			URL  string `json:"url"`
			Hash string `json:"hash"`
		} `json:"files"`
	}
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	hashes := make(map[string]string, len(m.Files))
	for _, f := range m.Files {
		hashes[strings.TrimPrefix(f.URL, "/")] = f.Hash
	}
	return hashes
}
