// Command site builds the static help site into a folder (dist/ by default):
// one page per knowledge-base entry, index pages by reason, code and
// provider, an in-browser search index, kb.json and per-entry HTML fragments
// for helpdesk import, sitemap.xml, and asset-manifest.json for the service
// worker. It also copies the paste page (index.html at the repository root)
// and every file under site/assets/ into the output folder as they are.
//
// Usage:
//
//	go run ./tools/site -o dist [-root .] [-base https://bounce-explainer.example/]
//
// Every page links to the others with relative URLs, so the output works at
// any path on any static host; -base only feeds sitemap.xml, canonical links,
// kb.json and the fragments, which are read outside the site. 404.html, sent
// for missing paths at any depth, links from -base's path and finds the real
// folder itself when the site is hosted elsewhere.
//
// What it writes into the output folder:
//
//	index.html               the paste page, copied from the repository root
//	<every file of site/assets/, same relative path>   (style.css, search.js, ...)
//	kb/index.html            KB home: search, common bounces, browse by reason, code, provider
//	kb/<id>/index.html       one page per entry; kb/<id>/fragment.html the bare article
//	kb/reason/[<reason>/]    kb/provider/[<slug>/]   kb/codes/   index pages
//	kb/search.json           the search index search.js loads on first use
//	kb.json                  every entry: id, title, kind, reason, provider, codes,
//	                         hard, who, summary, related, url, fragment, html
//	sitemap.xml, robots.txt, 404.html
//	asset-manifest.json      {"version", "files": [{"url", "size", "hash"}]}: every
//	                         file a browser may fetch (not screenshots/, *.gz, *.br,
//	                         *.jsonl or extension-less binaries), written last
//
// The builder owns kb/ and rewrites it on every run; it leaves everything
// else in the folder (the wasm, other steps' output) alone.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/bounce-explainer/bounce/kb"
)

func main() {
	out := flag.String("o", "dist", "output folder")
	root := flag.String("root", ".", "repository root (holds index.html and site/)")
	base := flag.String("base", "https://bounce-explainer.example/", "absolute URL the site is published at")
	strict := flag.Bool("strict", false, "fail on any knowledge-base problem instead of leaving the entry or link out")
	flag.Parse()

	start := time.Now()
	entries, problems, err := loadEntries(kb.Files)
	if err != nil {
		fmt.Fprintln(os.Stderr, "site:", err)
		os.Exit(1)
	}
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "site: warning:", p)
	}
	if *strict && len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "site: %d problems in the knowledge base (-strict)\n", len(problems))
		os.Exit(1)
	}
	stats, err := build(config{Out: *out, Root: *root, Base: *base}, entries)
	if err != nil {
		fmt.Fprintln(os.Stderr, "site:", err)
		os.Exit(1)
	}
	fmt.Printf("site: %d entries (%s), %d pages, %d files, %.1f MB in %s in %v; typical entry page %.1f kB (HTML+CSS+JS)\n",
		len(entries), stats.kinds, stats.pages, stats.files, float64(stats.bytes)/1e6, *out,
		time.Since(start).Round(time.Millisecond), float64(stats.weight)/1e3)
}
