package main

import (
	"fmt"
	"github.com/bounce-explainer/bounce/classify/advice"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/bounce-explainer/bounce/kb"
)

// config is what a build needs to know.
type config struct {
	Out  string // output folder
	Root string // repository root: index.html and site/ are read from here
	Base string // absolute URL of the published site
}

// stats summarises a build for the command's one line of output.
type stats struct {
	kinds string
	pages int
	files int
	bytes int64
	// weight is what a typical (median) entry page costs a first visit:
	// its HTML plus style.css and search.js, in bytes.
	weight int64
}

// kbRecord is one entry of kb.json, for import into helpdesk systems.
type kbRecord struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Kind     string   `json:"kind"`
	Reason   string   `json:"reason"`
	Provider string   `json:"provider,omitempty"`
	Codes    []string `json:"codes"`
	Hard     bool     `json:"hard"`
	Who      string   `json:"who"`
	// The labels the entry's page shows, from classify/advice.
	Cause      string   `json:"cause"`
	CauseLabel string   `json:"cause_label"`
	Retry      string   `json:"retry"`
	WhoLabel   string   `json:"who_label"`
	Summary    string   `json:"summary"`
	Related    []string `json:"related"`
	URL        string   `json:"url"`
	Fragment   string   `json:"fragment"`
	HTML       string   `json:"html"`
}

// build writes the whole help site to cfg.Out and measures it.
func build(cfg config, entries []*kb.Entry) (stats, error) {
	var st stats
	base, err := parseBase(cfg.Base)
	if err != nil {
		return st, err
	}
	baseURL := base.String()

	tmpl, err := loadTemplates(filepath.Join(cfg.Root, "site", "templates"), filepath.Join(cfg.Root, "index.html"))
	if err != nil {
		return st, err
	}
	m := newModel(entries)
	md := newMarkdown(base)
	w := &writer{out: cfg.Out}

	if err := w.prepare(cfg.Root, tmpl, baseURL); err != nil {
		return st, err
	}
	records, err := w.entries(tmpl, md, m, entries, baseURL)
	if err != nil {
		return st, err
	}
	if err := w.indexPages(tmpl, m, baseURL); err != nil {
		return st, err
	}
	if err := w.notFound(tmpl, base); err != nil {
		return st, err
	}
	if err := w.machineFiles(entries, records, baseURL); err != nil {
		return st, err
	}
	files, size, err := w.manifest()
	if err != nil {
		return st, err
	}
	st.kinds = fmt.Sprintf("%d reason, %d reply, %d status, %d provider",
		m.kinds[kb.KindReason], m.kinds[kb.KindReply], m.kinds[kb.KindStatus], m.kinds[kb.KindProvider])
	st.weight = w.entryWeight(entries)
	st.pages = len(w.pages)
	st.files = files
	st.bytes = size
	return st, nil
}

// parseBase checks -base and gives it a trailing slash, because every link
// the site writes is resolved against it.
func parseBase(s string) (*url.URL, error) {
	base, err := url.Parse(s)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("-base %q is not an absolute URL", s)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	return base, nil
}

// prepare readies the output folder, the assets and the top pages, which
// every later page links to.
func (w *writer) prepare(root string, tmpl templates, baseURL string) error {
	// kb/ is the builder's own: start it afresh so a renamed entry leaves no
	// stale page behind. Everything else in the folder (the wasm, other
	// tools' output) stays.
	if err := os.RemoveAll(filepath.Join(w.out, "kb")); err != nil {
		return err
	}
	if err := os.MkdirAll(w.out, 0o755); err != nil {
		return err
	}
	if err := w.copyAssets(filepath.Join(root, "site", "assets")); err != nil {
		return err
	}
	tmpl.bindAssets(w.assetURL)
	return w.topPages(tmpl, baseURL)
}

// entries writes one page per entry and returns their records for kb.json.
func (w *writer) entries(tmpl templates, md *markdown, m *model, entries []*kb.Entry, baseURL string) ([]kbRecord, error) {
	var records []kbRecord
	for _, e := range entries {
		rec, err := w.entry(tmpl, md, m, e, baseURL)
		if err != nil {
			return nil, err
		}
		records = append(records, rec)
	}
	return records, nil
}

// machineFiles writes what programs rather than people read: the search
// index, kb.json, the sitemap and robots.txt.
func (w *writer) machineFiles(entries []*kb.Entry, records []kbRecord, baseURL string) error {
	idx, err := buildSearchIndex(entries)
	if err != nil {
		return err
	}
	if err := w.file("kb/search.json", idx); err != nil {
		return err
	}
	if err := w.json("kb.json", records); err != nil {
		return err
	}
	if err := w.sitemap(baseURL); err != nil {
		return err
	}
	return w.file("robots.txt", []byte("User-agent: *\nAllow: /\nSitemap: "+baseURL+"sitemap.xml\n"))
}

// entry writes an entry's page and its fragment and returns its kb.json
// record.
func (w *writer) entry(t templates, md *markdown, m *model, e *kb.Entry, baseURL string) (kbRecord, error) {
	path := e.URL()
	view := &entryView{Entry: e}
	for _, id := range e.Related {
		if r := m.byID[id]; r != nil {
			view.Related = append(view.Related, r)
		}
	}
	body, toc, err := md.render(e.Body, path, false)
	if err != nil {
		return kbRecord{}, fmt.Errorf("%s: %v", e.File, err)
	}
	view.Body, view.TOC = body, toc
	p := newPage(path, e.Title, e.Summary, baseURL)
	p.Entry = view
	p.Crumbs = entryCrumbs(p.Root, e)
	if e.Kind == kb.KindReply || e.Kind == kb.KindStatus {
		p.Section = "codes"
	}
	html, err := t.page("entry", p)
	if err != nil {
		return kbRecord{}, err
	}
	if err := w.page(path, html); err != nil {
		return kbRecord{}, err
	}

	// The fragment is read inside someone else's helpdesk: every link in it
	// is absolute.
	abody, _, err := md.render(e.Body, path, true)
	if err != nil {
		return kbRecord{}, fmt.Errorf("%s: %v", e.File, err)
	}
	fv := *view
	fv.Body = abody
	fp := *p
	fp.Root = baseURL
	fp.Entry = &fv
	frag, err := t.fragment(&fp)
	if err != nil {
		return kbRecord{}, err
	}
	if err := w.file(path+"fragment.html", frag); err != nil {
		return kbRecord{}, err
	}
	codes, related := e.Codes, e.Related
	if codes == nil {
		codes = []string{}
	}
	if related == nil {
		related = []string{}
	}
	a := advice.ForEntry(e.Reason, e.Hard, e.Who, e.Codes)
	return kbRecord{
		Cause: a.Cause, CauseLabel: a.CauseLabel, Retry: a.Retry, WhoLabel: a.WhoLabel,
		ID: e.ID, Title: e.Title, Kind: string(e.Kind), Reason: e.Reason, Provider: e.Provider,
		Codes: codes, Hard: e.Hard, Who: e.Who, Summary: e.Summary, Related: related,
		URL: baseURL + path, Fragment: baseURL + path + "fragment.html", HTML: string(frag),
	}, nil
}

// indexPages writes the KB home and the pages by reason, code and provider.
func (w *writer) indexPages(t templates, m *model, baseURL string) error {
	if err := w.kbHome(t, m, baseURL); err != nil {
		return err
	}
	codes := newPage("kb/codes/", "SMTP reply codes and enhanced status codes",
		"Every SMTP reply code and enhanced status code seen in bounces, with the entries that explain them.", baseURL)
	codes.Section = "codes"
	codes.Crumbs = crumbs(codes.Root, "Codes", "")
	codes.Reply, codes.Status = m.reply, m.status
	if err := w.render(t, "codes", codes); err != nil {
		return err
	}
	if err := w.reasonPages(t, m, baseURL); err != nil {
		return err
	}
	return w.providerPages(t, m, baseURL)
}

// kbHome writes the KB's front page, which shows every way into the KB at
// once: sections, common reasons, providers and codes.
func (w *writer) kbHome(t templates, m *model, baseURL string) error {
	home := newPage("kb/", "Knowledge base",
		"Every bounce message explained: what it means, whether to retry, who has to act and how to fix it.", baseURL)
	home.MainSearch = true
	home.Crumbs = []crumb{{"Home", home.Root}, {"Knowledge base", ""}}
	home.Total = len(m.entries)
	home.Counts = []count{
		{"reason", "reasons", m.kinds[kb.KindReason]},
		{"SMTP reply code", "SMTP reply codes", m.kinds[kb.KindReply]},
		{"enhanced status code", "enhanced status codes", m.kinds[kb.KindStatus]},
		{"provider message", "provider messages", m.kinds[kb.KindProvider]},
	}
	home.Sects = m.sections()
	home.Common = m.common()
	home.Provs = m.providers
	home.Reply, home.Status = m.reply, m.status
	return w.render(t, "kbhome", home)
}

// reasonPages writes the list of reasons and one page per reason.
func (w *writer) reasonPages(t templates, m *model, baseURL string) error {
	reasons := newPage("kb/reason/", "Bounces by reason",
		"The reasons a message bounces, each with the codes and provider messages that report it.", baseURL)
	reasons.Crumbs = crumbs(reasons.Root, "Reasons", "")
	reasons.Groups, reasons.GroupOf = m.reasons, "reason"
	reasons.Sects = m.sections()
	if err := w.render(t, "groups", reasons); err != nil {
		return err
	}
	for _, g := range m.reasons {
		desc := "Bounces for the reason " + g.Key + "."
		if g.Head != nil {
			desc = g.Head.Summary
		}
		p := newPage("kb/reason/"+g.Key+"/", g.Label, desc, baseURL)
		p.Crumbs = crumbs(p.Root, "Reasons", "kb/reason/", g.Label, "")
		p.Group, p.GroupOf = g, "reason"
		p.Subs = byKind(g.Entries)
		if err := w.render(t, "group", p); err != nil {
			return err
		}
	}
	return nil
}

// providerPages writes the list of providers and one page per provider.
func (w *writer) providerPages(t templates, m *model, baseURL string) error {
	provs := newPage("kb/provider/", "Bounces by provider",
		"The messages each mail provider and filtering service writes when it refuses mail.", baseURL)
	provs.Crumbs = crumbs(provs.Root, "Providers", "")
	provs.Groups, provs.GroupOf = m.providers, "provider"
	if err := w.render(t, "groups", provs); err != nil {
		return err
	}
	for _, g := range m.providers {
		p := newPage("kb/provider/"+g.Key+"/", g.Label+" bounce messages",
			"What "+g.Label+"'s bounce messages mean and how to fix them.", baseURL)
		p.Crumbs = crumbs(p.Root, "Providers", "kb/provider/", g.Label, "")
		p.Group, p.GroupOf = g, "provider"
		p.Subs = byReason(g.Entries)
		if err := w.render(t, "group", p); err != nil {
			return err
		}
	}
	return nil
}

// notFound writes 404.html, which static hosts (and tools/serve) send for
// any missing path. It is served at many depths, so its links are absolute
// paths from the site root (-base) rather than relative ones; its script
// (notfound.go) moves them when the site is hosted in another folder.
func (w *writer) notFound(t templates, base *url.URL) error {
	p := newPage("404.html", "Page not found", "This page does not exist.", base.String())
	p.Root = base.Path
	p.MainSearch = true
	p.Section = ""
	html, err := t.page("notfound", p)
	if err != nil {
		return err
	}
	return w.file("404.html", html)
}

func (w *writer) render(t templates, name string, p *page) error {
	html, err := t.page(name, p)
	if err != nil {
		return err
	}
	return w.page(p.Path, html)
}
