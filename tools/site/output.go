package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/bounce-explainer/bounce/kb"
)

// writer puts files into the output folder and remembers the pages it wrote
// for the sitemap.
type writer struct {
	out   string
	pages []string // paths from the site root of every HTML page, "kb/smtp-550/"
	dirs  map[string]bool
	// written remembers the manifest line of every file written, so the
	// manifest reads back only the files other steps put in the folder.
	written map[string]manifestFile
}

// file writes data at rel, a slash-separated path under the output folder.
func (w *writer) file(rel string, data []byte) error {
	p := filepath.Join(w.out, filepath.FromSlash(rel))
	if dir := filepath.Dir(p); !w.dirs[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if w.dirs == nil {
			w.dirs = map[string]bool{}
		}
		w.dirs[dir] = true
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	if w.written == nil {
		w.written = map[string]manifestFile{}
	}
	w.written[rel] = fileEntry(rel, data)
	return nil
}

// assetURL is the URL of the asset at rel (a path from the site root) with
// its content hash, rel?v=<hash>: the hash the manifest gives the file, which
// tools/serve checks before it lets browsers cache the file for good. Assets
// from other build steps (bounce.wasm, wasm_exec.js) are read from the
// output folder; a file that is not there keeps its plain name.
func (w *writer) assetURL(rel string) string {
	f, ok := w.written[rel]
	if !ok {
		data, err := os.ReadFile(filepath.Join(w.out, filepath.FromSlash(rel)))
		if err != nil {
			return rel
		}
		f = fileEntry(rel, data)
	}
	return rel + "?v=" + f.Hash
}

// fileEntry is the manifest line of a file.
func fileEntry(rel string, data []byte) manifestFile {
	sum := sha256.Sum256(data)
	return manifestFile{URL: rel, Size: int64(len(data)), Hash: hex.EncodeToString(sum[:8])}
}

// page writes a page at dir/index.html, dir being its URL path.
func (w *writer) page(dir string, html []byte) error {
	w.pages = append(w.pages, dir)
	return w.file(dir+"index.html", html)
}

func (w *writer) json(rel string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return w.file(rel, append(data, '\n'))
}

// copyAssets copies every file under dir into the output folder, keeping
// the folder structure: site/assets/style.css becomes dist/style.css. The
// builder does not need to know the files: the paste page, the service
// worker and the embed code add theirs here.
func (w *writer) copyAssets(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		data, err = bundle(dir, filepath.ToSlash(rel), data)
		if err != nil {
			return err
		}
		if rel == "worker.js" {
			data = w.withGoSupport(data)
		}
		return w.file(filepath.ToSlash(rel), data)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// GoSupportMark starts the copy of wasm_exec.js that withGoSupport puts in
// front of worker.js; tools/singlefile looks for it.
const GoSupportMark = "/* wasm_exec.js, bundled by tools/site */"

// withGoSupport puts Go's wasm_exec.js (which make wasm copies into the
// output folder) in front of worker.js, when it is there. The worker then
// needs no second request before it can start the classifier: on a slow
// link that request queues behind bounce.wasm and delayed the first answer.
func (w *writer) withGoSupport(worker []byte) []byte {
	exec, err := os.ReadFile(filepath.Join(w.out, "wasm_exec.js"))
	if err != nil {
		return worker
	}
	return slices.Concat([]byte(GoSupportMark+"\n"), exec, []byte("\n"), worker)
}

// bundles lists, per asset, the assets put in front of it in the built
// file. The web component must stay one script tag on a stranger's page,
// yet renders its cards with the paste page's cards.js.
var bundles = map[string][]string{
	"bounce-explainer.js": {"cards.js"},
	// bounce.js and worker.js count the WASM's bytes with one loop.
	"bounce.js": {"countbytes.js"},
	"worker.js": {"countbytes.js"},
}

// bundle returns an asset with what bundles puts in front of it.
func bundle(dir, rel string, data []byte) ([]byte, error) {
	var out []byte
	for _, dep := range bundles[rel] {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(dep)))
		if err != nil {
			return nil, fmt.Errorf("bundling %s into %s: %w", dep, rel, err)
		}
		out = append(append(out, b...), '\n')
	}
	if out == nil {
		return data, nil
	}
	return append(out, data...), nil
}

// topPages renders the pages that live at the site root inside the shared
// layout: the paste page (the repository's index.html, which defines its own
// head, skip link, policy and content) and the embed guide. Until the
// repository has a paste page, a plain home page stands in so the site is
// still complete.
func (w *writer) topPages(t templates, baseURL string) error {
	paste := newPage("", "Explain a bounced email",
		"Paste a bounced email and see, for every recipient, what went wrong in plain words, whether retrying helps, who has to act and how to fix it. It runs in your browser: nothing you paste is sent anywhere.", baseURL)
	paste.Section = "paste"
	paste.MainSearch = true
	if st, err := os.Stat(filepath.Join(w.out, "bounce.wasm")); err == nil {
		paste.WasmSize = st.Size()
	}
	name := "paste"
	if t[name] == nil {
		name = "home"
	}
	guide := newPage("embed-guide.html", "Embed the explainer and import the knowledge base",
		"Put the bounce explainer in a helpdesk article or intranet page (web component or iframe), import the knowledge base into Zendesk Guide, Freshdesk, Help Scout or Confluence, and use it offline.", baseURL)
	guide.Section = ""
	for _, pg := range []struct {
		tmpl, file string
		p          *page
	}{{name, "index.html", paste}, {"embed-guide", "embed-guide.html", guide}} {
		html, err := t.page(pg.tmpl, pg.p)
		if err != nil {
			return err
		}
		if err := w.file(pg.file, html); err != nil {
			return err
		}
	}
	w.pages = append(w.pages, paste.Path) // the sitemap lists the paste page, not the guide
	return nil
}

// sitemap writes sitemap.xml with every page the builder wrote.
func (w *writer) sitemap(baseURL string) error {
	type loc struct {
		Loc string `xml:"loc"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []loc    `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	pages := append([]string(nil), w.pages...)
	sort.Strings(pages)
	for _, p := range pages {
		set.URLs = append(set.URLs, loc{baseURL + p})
	}
	data, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return err
	}
	return w.file("sitemap.xml", append([]byte(xml.Header), append(data, '\n')...))
}

// entryWeight is what the median entry page costs a first visit: its HTML
// plus every stylesheet and script it loads, as the page itself names them.
func (w *writer) entryWeight(entries []*kb.Entry) int64 {
	size := func(rel string) int64 {
		st, err := os.Stat(filepath.Join(w.out, filepath.FromSlash(rel)))
		if err != nil {
			return 0
		}
		return st.Size()
	}
	if len(entries) == 0 {
		return 0
	}
	sorted := append([]*kb.Entry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool {
		return size(sorted[i].URL()+"index.html") < size(sorted[j].URL()+"index.html")
	})
	median := sorted[len(sorted)/2].URL()
	html, err := os.ReadFile(filepath.Join(w.out, filepath.FromSlash(median), "index.html"))
	if err != nil {
		return 0
	}
	total := int64(len(html))
	for _, m := range subresource.FindAllSubmatch(html, -1) {
		total += size(path.Join(median, string(m[1])))
	}
	return total
}

// subresource finds the scripts and stylesheets a page loads.
var subresource = regexp.MustCompile(`<(?:script src|link rel="stylesheet" href)="([^"]+)"`)

// manifestFile is one file of asset-manifest.json.
type manifestFile struct {
	URL  string `json:"url"`  // path from the site root
	Size int64  `json:"size"` // bytes
	Hash string `json:"hash"` // first 16 hex digits of the content's SHA-256
}

// manifest is asset-manifest.json: every file the site serves, for the
// service worker to precache. Version changes whenever any file does.
type manifest struct {
	Version string         `json:"version"`
	Files   []manifestFile `json:"files"`
}

// manifest writes asset-manifest.json over everything in the output folder
// (built last, so it sees the wasm and every page) and returns the number of
// files and their total size. It leaves out what a browser never needs:
// screenshots, precompressed duplicates (.gz, .br), the CLI binary and
// evaluation output that other make targets leave in the folder.
func (w *writer) manifest() (int, int64, error) {
	var m manifest
	var total int64
	all := sha256.New()
	err := filepath.WalkDir(w.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(w.out, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "screenshots" || rel != "." && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !servable(rel) {
			return nil
		}
		f, ok := w.written[rel]
		if !ok {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f = fileEntry(rel, data)
		}
		m.Files = append(m.Files, f)
		all.Write([]byte(rel + " " + f.Hash + "\n"))
		total += f.Size
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	m.Version = hex.EncodeToString(all.Sum(nil)[:8])
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(m); err != nil {
		return 0, 0, err
	}
	return len(m.Files), total, w.file("asset-manifest.json", buf.Bytes())
}

// servable tells whether a file in the output folder belongs in the
// manifest.
func servable(rel string) bool {
	name := path.Base(rel)
	ext := path.Ext(name)
	switch {
	case rel == "asset-manifest.json", strings.HasPrefix(name, "."):
		return false
	case ext == "", ext == ".gz", ext == ".br", ext == ".jsonl", ext == ".test", ext == ".prof":
		return false
	}
	return true
}
