package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

const testPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<title>t</title>
<link rel="preload" href="bounce.wasm" as="fetch" crossorigin>
<link rel="stylesheet" href="style.css">
<link rel="stylesheet" href="paste.css">
<script src="bounce.js" defer data-wasm="bounce.wasm"></script>
<script src="app.js" defer></script>
<script src="sw-register.js" defer></script>
</head>
<body>
<textarea id="bounce-input"></textarea>
<a href="kb/userunknown/">article</a>
</body>
</html>
`

func testSite() fstest.MapFS {
	return fstest.MapFS{
		"index.html":     {Data: []byte(testPage)},
		"style.css":      {Data: []byte("body { color: black }")},
		"paste.css":      {Data: []byte(".x::after { content: \"</style>\" }")},
		"bounce.js":      {Data: []byte("window.bounce = {};")},
		"app.js":         {Data: []byte("const s = \"</script>\";")},
		"sw-register.js": {Data: []byte("navigator.serviceWorker.register('sw.js')")},
		"worker.js":      {Data: []byte("importScripts(x);")},
		"wasm_exec.js":   {Data: []byte("class Go {}")},
		"bounce.wasm":    {Data: bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00"), 1000)},
	}
}

var (
	reInline = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	reStyle  = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	reBlock  = regexp.MustCompile(`(?s)<script type="application/octet-stream" id="([^"]+)">(.*?)</script>`)
	reMeta   = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
)

func TestBuild(t *testing.T) {
	site := testSite()
	out, err := build(site, "https://help.example.com/bounce")
	if err != nil {
		t.Fatal(err)
	}
	page := string(out)

	for _, gone := range []string{`<link rel="stylesheet"`, `rel="preload"`, `<script src=`, "sw-register", "default-src 'self'"} {
		if strings.Contains(page, gone) {
			t.Errorf("output still has %q", gone)
		}
	}
	if !strings.Contains(page, `<base href="https://help.example.com/bounce/">`) {
		t.Error("no <base> pointing at the hosted site")
	}
	metas := reMeta.FindAllStringSubmatch(page, -1)
	if len(metas) != 1 {
		t.Fatalf("want one CSP meta, got %d", len(metas))
	}
	csp := metas[0][1]

	// Every inline script and style is allowed by its hash, and nothing is
	// allowed that is not in the page.
	scripts := reInline.FindAllStringSubmatch(page, -1)
	styles := reStyle.FindAllStringSubmatch(page, -1)
	if len(scripts) != 4 || len(styles) != 2 { // bootstrap, bounce.js, after-bounce, app.js
		t.Fatalf("%d inline scripts and %d styles, want 4 and 2", len(scripts), len(styles))
	}
	for _, s := range append(scripts, styles...) {
		if h := hash([]byte(s[1])); !strings.Contains(csp, "'"+h+"'") {
			t.Errorf("inline code %.40q not allowed by the CSP (%s)", s[1], h)
		}
	}
	if n := strings.Count(csp, "'sha256-"); n != 6 {
		t.Errorf("CSP lists %d hashes, want 6", n)
	}
	for _, want := range []string{"default-src 'none'", "worker-src blob:", "'wasm-unsafe-eval'", "base-uri https://help.example.com"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %q: %s", want, csp)
		}
	}
	if strings.Contains(csp, "connect-src") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src 'wasm-unsafe-eval' blob:") {
		t.Errorf("CSP allows too much: %s", csp)
	}
	// A closing tag inside inlined code cannot end the element early.
	if !strings.Contains(page, `const s = "<\/script>";`) || !strings.Contains(page, `content: "<\/style>"`) {
		t.Error("closing tags in inlined code are not escaped")
	}
	// Scripts run after the body is parsed, in their original order.
	if i, j := strings.Index(page, "window.bounce = {};"), strings.Index(page, "<textarea"); i < j {
		t.Error("scripts are not after the body content")
	}
	if i, j := strings.Index(page, "window.bounce = {};"), strings.Index(page, "const s ="); i > j {
		t.Error("bounce.js no longer runs before app.js")
	}

	blocks := map[string][]byte{}
	for _, m := range reBlock.FindAllStringSubmatch(page, -1) {
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(m[2]), ""))
		if err != nil {
			t.Fatalf("block %s: %v", m[1], err)
		}
		blocks[m[1]] = b
	}
	w := string(blocks["bounce-worker"])
	if !strings.HasPrefix(w, "class Go {}") || !strings.HasSuffix(w, "importScripts(x);") || !strings.Contains(w, "self.importScripts = function () {};") {
		t.Errorf("worker block: %q", w)
	}
	zr, err := gzip.NewReader(bytes.NewReader(blocks["bounce-wasm-gz"]))
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(wasm, site["bounce.wasm"].Data) {
		t.Errorf("the WASM does not round-trip (%v)", err)
	}
	if !strings.Contains(page, `id="bounce-wasm-size">8000<`) {
		t.Error("WASM size missing")
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(fstest.MapFS)
		site string
		want string
	}{
		{"relative site", nil, "/bounce/", "absolute"},
		{"javascript site", nil, "javascript:alert(1)", "absolute"},
		{"missing style sheet", func(m fstest.MapFS) { delete(m, "paste.css") }, "", "paste.css"},
		{"missing wasm", func(m fstest.MapFS) { delete(m, "bounce.wasm") }, "", "bounce.wasm"},
		{"page without bounce.js", func(m fstest.MapFS) {
			m["index.html"] = &fstest.MapFile{Data: []byte(strings.Replace(testPage, `<script src="bounce.js" defer data-wasm="bounce.wasm"></script>`, "", 1))}
		}, "", "bounce.js"},
		{"inline script in the page", func(m fstest.MapFS) {
			m["index.html"] = &fstest.MapFile{Data: []byte(strings.Replace(testPage, "<title>", "<script></script><title>", 1))}
		}, "", "inline script"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			site := testSite()
			if tc.edit != nil {
				tc.edit(site)
			}
			url := tc.site
			if url == "" {
				url = "https://help.example.com/"
			}
			_, err := build(site, url)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// TestBundledWorker: a worker.js that tools/site already put wasm_exec.js in
// front of is carried as it is, without a second copy.
func TestBundledWorker(t *testing.T) {
	site := testSite()
	bundled := goSupportMark + "\nclass Go {}\nif (typeof Go !== \"function\") importScripts(x);"
	site["worker.js"] = &fstest.MapFile{Data: []byte(bundled)}
	data, err := classifierData(site)
	if err != nil {
		t.Fatal(err)
	}
	want := dataBlock("bounce-worker", []byte(bundled))
	if !strings.HasPrefix(data, want) {
		t.Errorf("worker block:\n%s\nwant\n%s", data[:min(len(data), 300)], want)
	}
}
