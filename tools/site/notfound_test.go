package main

import (
	"encoding/json"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// TestNotFoundLinksFromBase: 404.html links from the site root it was built
// for (here /bounces/), never from the host root, and hands that root to its
// script.
func TestNotFoundLinksFromBase(t *testing.T) {
	dir, _ := built(t)
	page := read(t, dir, "404.html")
	n := 0
	for _, m := range attrRe.FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[1], "/") {
			continue
		}
		n++
		if !strings.HasPrefix(m[1], "/bounces/") {
			t.Errorf("404.html links to %s, outside the site root /bounces/", m[1])
		}
	}
	if n < 5 {
		t.Errorf("404.html has %d root-absolute links, want its navigation (at least 5)", n)
	}
	if !strings.Contains(page, `<script data-site-root="/bounces/">`+notFoundScript+`</script>`) {
		t.Error("404.html lacks its script, or the script is not the one the policy's hash allows")
	}
}

// notFoundHarness runs notFoundScript (argv[1]) in Node.js on a stand-in for
// 404.html built for root argv[2], opened at path argv[3] on a host where
// the site really lives at argv[4]. It prints the elements' attributes
// afterwards, the scripts added and the URLs probed.
const notFoundHarness = `
const [script, built, path, real] = process.argv.slice(1);
function El(a) { this.a = Object.assign({}, a); }
El.prototype.getAttribute = function (n) { return n in this.a ? this.a[n] : null; };
El.prototype.setAttribute = function (n, v) { this.a[n] = v; };
const els = [
  new El({ href: built + "style.css" }), new El({ src: built + "search.js" }),
  new El({ action: built + "kb/" }), new El({ href: built + "kb/codes/", "data-kb-root": built }),
  new El({ href: "https://help.example.org/bounces/404.html" }), new El({ href: "#main" }),
  new El({ href: "//other.example/" }),
];
const added = [], probed = [];
globalThis.location = { pathname: path };
globalThis.document = {
  readyState: "complete", currentScript: new El({ "data-site-root": built }),
  querySelectorAll: () => els, createElement: () => ({}), head: { appendChild: (s) => added.push(s.src) },
};
globalThis.fetch = (u, o) => { probed.push(o.method + " " + u); return Promise.resolve({ ok: u === real + "kb/search.json" }); };
eval(script);
setTimeout(() => process.stdout.write(JSON.stringify({ attrs: els.map((e) => e.a), added, probed })), 100);
`

type notFoundRun struct {
	Attrs  []map[string]string
	Added  []string
	Probed []string
}

func runNotFound(t *testing.T, built, path, real string) notFoundRun {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found")
	}
	out, err := exec.Command(node, "-e", notFoundHarness, notFoundScript, built, path, real).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var r notFoundRun
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("harness output %q: %v", out, err)
	}
	return r
}

// TestNotFoundScriptFindsTheSite: built for the host root but put in
// /mirror/help/, the page opened at a missing deep path moves every link
// (and the search) to /mirror/help/; outside links and anchors stay.
func TestNotFoundScriptFindsTheSite(t *testing.T) {
	r := runNotFound(t, "/", "/mirror/help/kb/no-such-entry/", "/mirror/help/")
	want := []map[string]string{
		{"href": "/mirror/help/style.css"}, {"src": "/mirror/help/search.js"},
		{"action": "/mirror/help/kb/"}, {"href": "/mirror/help/kb/codes/", "data-kb-root": "/mirror/help/"},
		{"href": "https://help.example.org/bounces/404.html"}, {"href": "#main"},
		{"href": "//other.example/"},
	}
	if !reflect.DeepEqual(r.Attrs, want) {
		t.Errorf("attributes after the script:\n got %v\nwant %v", r.Attrs, want)
	}
	if !reflect.DeepEqual(r.Added, []string{"/mirror/help/search.js"}) {
		t.Errorf("scripts added: %v, want the search from the real root", r.Added)
	}
	// The built root first (the address starts with it), then the deepest
	// folder upwards until the site is found.
	wantProbes := []string{"HEAD /kb/search.json", "HEAD /mirror/help/kb/no-such-entry/kb/search.json",
		"HEAD /mirror/help/kb/kb/search.json", "HEAD /mirror/help/kb/search.json"}
	if !reflect.DeepEqual(r.Probed, wantProbes) {
		t.Errorf("probed %v, want %v", r.Probed, wantProbes)
	}
}

// TestNotFoundScriptLeavesARightRoot: where the site is where it was built
// for, the script changes nothing after one request.
func TestNotFoundScriptLeavesARightRoot(t *testing.T) {
	r := runNotFound(t, "/bounces/", "/bounces/kb/typo", "/bounces/")
	if r.Attrs[0]["href"] != "/bounces/style.css" || r.Attrs[3]["data-kb-root"] != "/bounces/" || len(r.Added) != 0 {
		t.Errorf("the script moved a right root: %+v", r)
	}
	if len(r.Probed) != 1 {
		t.Errorf("probed %v, want one request", r.Probed)
	}
}
