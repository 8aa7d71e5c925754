// Command serve serves the built site (dist/) for local use and for tests:
//
//	go run ./tools/serve -dir dist -addr localhost:8080
//
// It behaves like a careful static host: correct MIME types (application/wasm
// for the classifier, so browsers compile it while it downloads), the
// precompressed .br or .gz sibling of a file when the browser accepts it, the
// site's Content-Security-Policy as a header (a page that carries its own
// policy, such as the single-file build, gets that one), index.html for
// folders, no folder listings, timeouts on every phase of a connection, and
// the isolation headers of policy.go: pages may be framed only by the site
// itself, except embed.html, which any page may frame (-embed-ancestors
// narrows that); the files the web component loads from another origin are
// served with CORS; a file asked for with ?v=<its hash in
// asset-manifest.json> is cached as immutable.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"log"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
)

// csp matches the meta tag tools/site writes into every page (a test checks
// the two agree). As a header it also covers the JSON, wasm and workers.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; " +
	"manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"

// types are set explicitly: the system's MIME table differs between
// machines, and a wasm file served as anything but application/wasm cannot
// be compiled while streaming.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".xml":         "application/xml",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".eml":         "message/rfc822",
	".csv":         "text/csv; charset=utf-8",
	".woff2":       "font/woff2",
}

func main() {
	dir := flag.String("dir", "dist", "folder to serve")
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	ancestors := flag.String("embed-ancestors", "*", "CSP frame-ancestors sources allowed to frame embed.html (e.g. 'https://help.example.com')")
	flag.Parse()
	if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
		fmt.Fprintf(os.Stderr, "serve: %s is not a folder (run make dist first)\n", *dir)
		os.Exit(1)
	}
	srv := newServer(os.DirFS(*dir), *addr, *ancestors)
	log.Printf("serving %s on http://%s/", *dir, *addr)
	log.Fatal(srv.ListenAndServe())
}

// newServer is the HTTP server for the site in fsys. A slow or stalled
// client cannot hold a connection for ever: every phase has a timeout, and
// the largest file (the WASM, a few MB) fits the write timeout even on a
// slow phone link.
func newServer(fsys fs.FS, addr, embedAncestors string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           handlerWith(fsys, options{embedAncestors: embedAncestors, hashes: manifestHashes(fsys)}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// handler serves the files of fsys with the default options.
func handler(fsys fs.FS) http.Handler {
	return handlerWith(fsys, options{embedAncestors: "*", hashes: manifestHashes(fsys)})
}

// handlerWith serves the files of fsys.
func handlerWith(fsys fs.FS, opt options) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name, ok := resolve(fsys, r.URL.Path)
		if !ok {
			notFound(w, r, fsys, opt)
			return
		}
		if name == "" {
			// A folder asked for without its slash: relative links inside
			// its index.html only work with one. The target is the cleaned
			// path, never the raw one: "/%2Fevil.example%2F..%2Fkb" must not
			// become "//evil.example/../kb/", which browsers read as
			// another host.
			target := path.Clean("/"+r.URL.Path) + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		isolate(h, fsys, name, opt)
		cache(h, r, name, opt.hashes)
		serveFile(w, r, fsys, name, opt)
	})
}

// notFound sends the site's 404.html when it has one, as static hosts do,
// under the page's own policy: its one inline script (which moves its links
// when the site lives in a subfolder) is allowed there by its hash.
func notFound(w http.ResponseWriter, r *http.Request, fsys fs.FS, opt options) {
	page, err := fs.ReadFile(fsys, "404.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	isolate(w.Header(), fsys, "404.html", opt)
	w.Header().Set("Content-Type", types[".html"])
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = w.Write(page)
	}
}

// resolve maps a URL path to a file name in fsys. A folder resolves to its
// index.html; a folder without one is not found (no listings). It returns ""
// with ok set when the path names a folder but lacks the trailing slash.
func resolve(fsys fs.FS, urlPath string) (name string, ok bool) {
	clean := path.Clean("/" + urlPath)
	name = strings.TrimPrefix(clean, "/")
	if name == "" {
		name = "."
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") && part != "." {
			return "", false // no dot files
		}
	}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return "", false
	}
	if !st.IsDir() {
		if strings.HasSuffix(urlPath, "/") {
			return "", false
		}
		return name, true
	}
	if !strings.HasSuffix(urlPath, "/") {
		return "", true
	}
	index := path.Join(name, "index.html")
	if st, err := fs.Stat(fsys, index); err != nil || st.IsDir() {
		return "", false
	}
	return index, true
}

// serveFile sends name, or its .br or .gz sibling when the client accepts
// that encoding, with the original's content type.
func serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string, opt options) {
	h := w.Header()
	ctype := types[path.Ext(name)]
	if ctype == "" {
		ctype = mime.TypeByExtension(path.Ext(name))
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h.Set("Content-Type", ctype)

	send := name
	encodings := []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}}
	hasSibling := false
	for _, enc := range encodings {
		if st, err := fs.Stat(fsys, name+enc.ext); err == nil && !st.IsDir() {
			hasSibling = true
			if send == name && accepts(r.Header.Get("Accept-Encoding"), enc.token) {
				send = name + enc.ext
				h.Set("Content-Encoding", enc.token)
			}
		}
	}
	if hasSibling {
		h.Add("Vary", "Accept-Encoding")
	}

	f, err := fsys.Open(send)
	if err != nil {
		notFound(w, r, fsys, opt)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	rs, ok := f.(readSeeker)
	if !ok {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	if send != name {
		// Ranges of an encoded body are ranges of the encoded bytes, which
		// confuses clients; the files are small enough to send whole.
		r.Header.Del("Range")
		// The encoded file has its own validators.
		h.Set("ETag", fmt.Sprintf(`"%x-%x-%s"`, st.ModTime().UnixNano(), st.Size(), h.Get("Content-Encoding")))
	}
	http.ServeContent(w, r, name, st.ModTime(), rs)
}

type readSeeker interface {
	Read([]byte) (int, error)
	Seek(int64, int) (int64, error)
}

// accepts reports whether an Accept-Encoding header allows token, honouring
// q=0 ("gzip;q=0" refuses gzip) and the * wildcard.
func accepts(header, token string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		name := strings.ToLower(strings.TrimSpace(fields[0]))
		q := 1.0
		for _, p := range fields[1:] {
			p = strings.TrimSpace(p)
			if v, ok := strings.CutPrefix(p, "q="); ok {
				if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
					q = 0
				}
			}
		}
		switch name {
		case token:
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}
