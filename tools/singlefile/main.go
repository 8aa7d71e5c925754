// Command singlefile builds dist/bounce-explainer.html: the paste page as one
// self-contained HTML file that works when opened from disk (file://), with
// no network, so a support engineer can carry it on a laptop.
//
//	go run ./tools/singlefile -dist dist -o dist/bounce-explainer.html -site https://HOST/
//
// It takes the built paste page (dist/index.html) and inlines what it loads:
// style sheets become <style>, scripts become inline <script>, and the
// classifier's worker.js, wasm_exec.js and bounce.wasm (gzip-compressed) are
// carried as base64 data blocks. A small bootstrap turns the worker into a
// blob: URL and hands it and the WASM bytes to bounce.js
// (window.bounceConfig), so the classifier still runs in a Web Worker. The knowledge base is not inlined: a <base>
// element points the page's links (kb/<id>/ and the navigation) at the hosted
// site given by -site. The page keeps a strict Content-Security-Policy: every
// inline script and style is allowed by its SHA-256 hash, nothing else runs,
// and nothing can be fetched.
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

func main() {
	dist := flag.String("dist", "dist", "the built site (index.html, bounce.wasm, ...)")
	out := flag.String("o", "", "output file (default DIST/bounce-explainer.html)")
	site := flag.String("site", "https://bounce-explainer.example/", "absolute URL of the hosted site, where KB links point")
	flag.Parse()
	if *out == "" {
		*out = filepath.Join(*dist, "bounce-explainer.html")
	}
	page, err := build(os.DirFS(*dist), *site)
	if err != nil {
		fmt.Fprintln(os.Stderr, "singlefile:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, page, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "singlefile:", err)
		os.Exit(1)
	}
	fmt.Printf("singlefile: %s, %d bytes\n", *out, len(page))
}

// Matches of the tags build rewrites. The paste page is the project's own
// file, written in the usual form; a tag this does not recognise is an error
// rather than something left pointing at a file that is not there.
var (
	reStylesheet = regexp.MustCompile(`(?is)<link\b[^>]*\brel="stylesheet"[^>]*>`)
	// A preload hint fetches from the network; the file carries what it names.
	rePreload   = regexp.MustCompile(`(?is)<link\b[^>]*\brel="preload"[^>]*>\s*`)
	reScript    = regexp.MustCompile(`(?is)<script\b([^>]*)>\s*</script>`)
	reSrc       = regexp.MustCompile(`(?i)\bsrc="([^"]*)"`)
	reHref      = regexp.MustCompile(`(?i)\bhref="([^"]*)"`)
	reCSP       = regexp.MustCompile(`(?is)<meta\b[^>]*http-equiv="Content-Security-Policy"[^>]*>\s*`)
	reHeadOpen  = regexp.MustCompile(`(?i)<head>`)
	reBodyClose = regexp.MustCompile(`(?i)</body>`)
)

// skipped are scripts that have no job in a file opened from disk.
var skipped = map[string]bool{
	"sw-register.js": true, // service workers need http(s)
}

// build returns the single-file page.
func build(site fs.FS, siteURL string) ([]byte, error) {
	base, err := url.Parse(siteURL)
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return nil, fmt.Errorf("-site %q: want an absolute http(s) URL", siteURL)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	html, err := fs.ReadFile(site, "index.html")
	if err != nil {
		return nil, err
	}
	in := &inliner{site: site}
	html = rePreload.ReplaceAll(html, nil)
	html = in.styles(html)
	html, scripts := in.scripts(html)
	if in.err != nil {
		return nil, in.err
	}
	if !in.sawBounce {
		return nil, errors.New("index.html does not load bounce.js")
	}
	data, err := classifierData(site)
	if err != nil {
		return nil, err
	}
	return assemble(html, in.policy(base), base, data+scripts)
}

// inliner turns the paste page's style sheets and scripts into inline
// elements, collecting their hashes for the policy and the first error.
type inliner struct {
	site          fs.FS
	script, style []string // CSP hashes of what was inlined
	sawBounce     bool
	err           error
}

func (in *inliner) read(name string) []byte {
	b, err := fs.ReadFile(in.site, name)
	in.err = errors.Join(in.err, err)
	return b
}

func (in *inliner) inlineStyle(css []byte) string {
	css = bytes.ReplaceAll(css, []byte("</style"), []byte(`<\/style`))
	in.style = append(in.style, hash(css))
	return "<style>" + string(css) + "</style>"
}

func (in *inliner) inlineScript(js []byte) string {
	js = bytes.ReplaceAll(js, []byte("</script"), []byte(`<\/script`))
	in.script = append(in.script, hash(js))
	return "<script>" + string(js) + "</script>"
}

// styles replaces each style sheet link by its content, in place.
func (in *inliner) styles(html []byte) []byte {
	return reStylesheet.ReplaceAllFunc(html, func(tag []byte) []byte {
		m := reHref.FindSubmatch(tag)
		if m == nil {
			in.err = errors.Join(in.err, fmt.Errorf("style sheet without href: %s", tag))
			return tag
		}
		css := in.read(local(string(m[1])))
		if css == nil {
			return tag
		}
		return []byte(in.inlineStyle(css))
	})
}

// scripts takes the scripts out of <head> (they were deferred) and returns
// them inlined, in their order, for the end of <body>, which is when
// deferred scripts run. bounce.js gets the bootstrap around it.
func (in *inliner) scripts(html []byte) ([]byte, string) {
	var scripts strings.Builder
	html = reScript.ReplaceAllFunc(html, func(tag []byte) []byte {
		m := reSrc.FindSubmatch(tag)
		if m == nil {
			in.err = errors.Join(in.err, fmt.Errorf("inline script in the paste page: %.60s", tag))
			return tag
		}
		name := local(string(m[1]))
		if skipped[name] {
			return nil
		}
		js := in.read(name)
		if js == nil {
			return nil
		}
		if name == "bounce.js" {
			in.sawBounce = true
			scripts.WriteString(in.inlineScript([]byte(bootstrapJS)) + "\n")
			scripts.WriteString(in.inlineScript(js) + "\n")
			scripts.WriteString(in.inlineScript([]byte(afterBounceJS)) + "\n")
			return nil
		}
		scripts.WriteString(in.inlineScript(js) + "\n")
		return nil
	})
	return html, scripts.String()
}

// policy is the page's Content-Security-Policy: what was inlined, by hash.
func (in *inliner) policy(base *url.URL) string {
	return "default-src 'none'; " +
		"script-src 'wasm-unsafe-eval' " + quoteAll(in.script) + "; " +
		"style-src " + quoteAll(in.style) + "; " +
		"worker-src blob:; img-src data:; base-uri " + base.Scheme + "://" + base.Host + "; " +
		"form-action 'none'; object-src 'none'"
}

// goSupportMark starts worker.js when tools/site has put wasm_exec.js in
// front of it (tools/site's GoSupportMark).
const goSupportMark = "/* wasm_exec.js, bundled by tools/site */"

// classifierData returns the classifier's files as data blocks the
// bootstrap reads. A worker started from a blob: URL in a file:// page has
// an opaque origin of its own and cannot load a second blob: URL, so
// wasm_exec.js goes into the worker's own script, ahead of worker.js (as
// tools/site already does for the site), and worker.js does not call
// importScripts.
func classifierData(site fs.FS) (string, error) {
	worker, err := fs.ReadFile(site, "worker.js")
	if err != nil {
		return "", err
	}
	if !bytes.HasPrefix(worker, []byte(goSupportMark)) {
		exec, err := fs.ReadFile(site, "wasm_exec.js")
		if err != nil {
			return "", err
		}
		worker = slices.Concat(exec,
			[]byte("\n;self.importScripts = function () {}; // wasm_exec.js is above\n"), worker)
	}
	var data strings.Builder
	data.WriteString(dataBlock("bounce-worker", worker))
	wasm, err := fs.ReadFile(site, "bounce.wasm")
	if err != nil {
		return "", err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(wasm)
	if err := zw.Close(); err != nil {
		return "", err
	}
	data.WriteString(dataBlock("bounce-wasm-gz", gz.Bytes()))
	data.WriteString(fmt.Sprintf(`<script type="application/json" id="bounce-wasm-size">%d</script>`+"\n", len(wasm)))
	return data.String(), nil
}

// assemble puts the page's own policy and <base> into <head> and the data
// blocks and scripts (body) at the end of <body>.
func assemble(html []byte, csp string, base *url.URL, body string) ([]byte, error) {
	head := `<head>
<meta http-equiv="Content-Security-Policy" content="` + csp + `">
<base href="` + htmlAttr(base.String()) + `">`
	html = reCSP.ReplaceAll(html, nil)
	if !reHeadOpen.Match(html) || !reBodyClose.Match(html) {
		return nil, errors.New("index.html has no <head> or no </body>")
	}
	html = reHeadOpen.ReplaceAllLiteral(html, []byte(head))
	i := reBodyClose.FindIndex(html)
	var out bytes.Buffer
	out.Write(html[:i[0]])
	out.WriteString("<!-- The classifier, carried in this file (base64). -->\n")
	out.WriteString(body)
	out.Write(html[i[0]:])
	return out.Bytes(), nil
}

// local turns a script or style URL of the paste page into a file name in
// the built site.
func local(ref string) string {
	if u, err := url.Parse(ref); err == nil {
		ref = u.Path
	}
	return strings.TrimPrefix(path.Clean("/"+ref), "/")
}

func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

func quoteAll(hs []string) string {
	if len(hs) == 0 {
		return "'none'"
	}
	q := make([]string, len(hs))
	for i, h := range hs {
		q[i] = "'" + h + "'"
	}
	return strings.Join(q, " ")
}

// dataBlock carries bytes in a script element the browser does not run (and
// CSP does not govern), in base64 lines of 76 characters.
func dataBlock(id string, b []byte) string {
	enc := base64.StdEncoding.EncodeToString(b)
	var s strings.Builder
	s.WriteString(`<script type="application/octet-stream" id="` + id + `">`)
	for len(enc) > 76 {
		s.WriteString("\n" + enc[:76])
		enc = enc[76:]
	}
	s.WriteString("\n" + enc + "\n</script>\n")
	return s.String()
}

func htmlAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// bootstrapJS runs before bounce.js: it turns the data blocks into what
// bounce.js takes in window.bounceConfig. The WASM is gzip-compressed (a
// third of its size) and DecompressionStream is asynchronous, so bounce.js
// starts lazily, with an ArrayBuffer that is filled before it loads.
const bootstrapJS = `(function () {
  "use strict";
  function bytesOf(id) {
    const bin = atob(document.getElementById(id).textContent.replace(/\s+/g, ""));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) {
      out[i] = bin.charCodeAt(i);
    }
    return out;
  }
  function scriptURL(id) {
    return URL.createObjectURL(new Blob([bytesOf(id)], { type: "text/javascript" }));
  }
  const size = Number(document.getElementById("bounce-wasm-size").textContent);
  const wasm = new ArrayBuffer(size);
  const filled = (async function () {
    const gz = new Blob([bytesOf("bounce-wasm-gz")]);
    const raw = await new Response(gz.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    if (raw.byteLength !== size) {
      throw new Error("the classifier in this file is damaged");
    }
    new Uint8Array(wasm).set(new Uint8Array(raw));
  })();
  window.bounceConfig = { worker: scriptURL("bounce-worker"), exec: "wasm_exec.js", bytes: wasm, lazy: true };
  window.bounceSingleFile = filled;
})();`

// afterBounceJS starts the classifier once the WASM is unpacked, and makes
// an early classify() wait for that rather than send an empty buffer.
const afterBounceJS = `(function () {
  "use strict";
  const b = window.bounce;
  const filled = window.bounceSingleFile;
  const classify = b.classify;
  b.classify = function () {
    const args = arguments;
    return filled.then(function () { return classify.apply(b, args); });
  };
  // On failure load() still runs: the empty buffer fails to compile and
  // bounce.js reports the classifier as failed, which the page shows.
  filled.then(b.load, b.load);
})();`
