package main

import (
	"bytes"
	"fmt"
	"github.com/bounce-explainer/bounce/classify/advice"
	"html/template"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bounce-explainer/bounce/kb"
	"github.com/bounce-explainer/bounce/kb/kbform"
)

// csp is the Content-Security-Policy of every page: only the site's own
// files, no inline script or style, nothing sent anywhere else. tools/serve
// sends the same policy as a header. 'wasm-unsafe-eval' lets the paste page
// compile the classifier; it allows no JavaScript eval.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; " +
	"manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"

// page is what every template gets: the shell's fields and, depending on the
// page, an entry, a group of entries or the code tables.
type page struct {
	Path        string // from the site root, "kb/smtp-550/"; the file is Path+"index.html"
	Root        string // relative path back to the root, "../../"
	Title       string
	Description string
	Canonical   string
	Crumbs      []crumb
	Section     string // "paste", "kb" or "codes": marks the current nav item
	MainSearch  bool   // the page has its own big search box
	// WasmSize is the size of bounce.wasm in the output folder (0 when it
	// is not built yet): the paste page gives it to bounce.js, which shows
	// loading progress against it.
	WasmSize int64

	Entry   *entryView
	Group   *group
	Groups  []*group
	GroupOf string // "reason" or "provider" on the lists of groups
	Reply   []*codeRow
	Status  []*codeRow
	Counts  []count
	Total   int
	Provs   []*group
	Sects   []reasonSection
	Subs    []subList // an index page's entries, in sections
	Common  []*kb.Entry
}

// subList is one headed section of entries on an index page.
type subList struct {
	Title   string
	Entries []*kb.Entry
}

// byKind splits a reason's entries into the reason itself, the codes and
// the provider messages.
func byKind(es []*kb.Entry) []subList {
	subs := []subList{{Title: "The reason"}, {Title: "Codes"}, {Title: "Provider messages"}}
	for _, e := range es {
		switch e.Kind {
		case kb.KindReason:
			subs[0].Entries = append(subs[0].Entries, e)
		case kb.KindReply, kb.KindStatus:
			subs[1].Entries = append(subs[1].Entries, e)
		default:
			subs[2].Entries = append(subs[2].Entries, e)
		}
	}
	return nonEmpty(subs)
}

// byReason splits a provider's messages by the reason they report, in the
// order of the reason vocabulary's sections.
func byReason(es []*kb.Entry) []subList {
	var subs []subList
	at := map[string]int{}
	var order []string
	for _, sec := range reasonSections {
		order = append(order, sec.Reasons...)
	}
	rank := map[string]int{}
	for i, r := range order {
		rank[r] = i + 1
	}
	sorted := append([]*kb.Entry(nil), es...)
	sort.SliceStable(sorted, func(i, j int) bool { return rank[sorted[i].Reason] < rank[sorted[j].Reason] })
	for _, e := range sorted {
		i, ok := at[e.Reason]
		if !ok {
			i = len(subs)
			at[e.Reason] = i
			subs = append(subs, subList{Title: reasonLabel(e.Reason)})
		}
		subs[i].Entries = append(subs[i].Entries, e)
	}
	return subs
}

func nonEmpty(subs []subList) []subList {
	var out []subList
	for _, s := range subs {
		if len(s.Entries) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// entryAdvice is what an entry's page says about retrying and who acts,
// from the one table in classify/advice, with the CSS modifier of its badge.
type entryAdviceView struct {
	advice.Entry
	Badge string // hard, soft or ok
}

func entryAdvice(e *kb.Entry) entryAdviceView {
	a := advice.ForEntry(e.Reason, e.Hard, e.Who, e.Codes)
	badge := map[string]string{advice.Lasting: "hard", advice.CanClear: "soft", "": "ok"}[a.Cause]
	return entryAdviceView{a, badge}
}

// legend is the paste page's key to its badges, in the order a card shows
// them, rendered from classify/advice's table.
type legend struct {
	Outcomes, Causes, Who []legendItem
}

type legendItem struct {
	Key string
	advice.Label
}

var paperLegend = legend{
	Outcomes: legendOf(advice.OutcomeLabels, advice.Failed, advice.Delayed, advice.NotFailure),
	Causes:   legendOf(advice.CauseLabels, advice.Lasting, advice.CanClear),
	Who:      legendOf(advice.WhoLabels, "sender", "sender-admin", "recipient", "recipient-admin"),
}

func legendOf(m map[string]advice.Label, keys ...string) []legendItem {
	out := make([]legendItem, 0, len(keys))
	for _, k := range keys {
		out = append(out, legendItem{k, m[k]})
	}
	return out
}

type crumb struct{ Name, URL string }

type count struct {
	One, Many string
	N         int
}

// entryView is an entry with what its page shows besides the front matter.
type entryView struct {
	*kb.Entry
	Body    template.HTML
	TOC     []heading
	Related []*kb.Entry
}

var funcs = template.FuncMap{
	"reasonLabel": reasonLabel,
	"kindLabel":   func(k kbform.Kind) string { return kindLabels[k] },
	"advice":      entryAdvice,
	"legend":      func() legend { return paperLegend },
	"codeAnchor":  codeAnchor,
	"slug":        slugify,
	"csp":         func() string { return csp },
	"notFoundCSP": notFoundCSP,
	"notFoundJS":  notFoundJS,
	"join":        strings.Join,
	// asset gives an asset's URL with its hash (writer.assetURL); until
	// build binds it, the plain name.
	"asset": func(rel string) string { return rel },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"cardOf":      func(e *kb.Entry, root string) card { return card{e, root} },
	"codeEntries": func(es []*kb.Entry, root string) entryList { return entryList{es, root} },
	"groupOf":     func(g *group, of string) groupCard { return groupCard{g, of} },
	"sectionOf": func(s reasonSection, root, prefix string) sectionCard {
		return sectionCard{s, root, prefix}
	},
	"codeTable": func(id, title string, rows []*codeRow, root string) codeTable {
		return codeTable{id, title, rows, root}
	},
}

// card is what the entry-card template needs: the entry and the way back to
// the site root.
type card struct {
	Entry *kb.Entry
	Root  string
}

// entryList is a list of entries and the way back to the site root.
type entryList struct {
	Entries []*kb.Entry
	Root    string
}

// groupCard is a reason or provider on a list of them.
type groupCard struct {
	Group *group
	Of    string // "reason" or "provider"
}

// sectionCard is a reason section whose group pages are at Prefix+key.
type sectionCard struct {
	Section reasonSection
	Root    string
	Prefix  string
}

// codeTable is one table of the codes page.
type codeTable struct {
	ID, Title string
	Rows      []*codeRow
	Root      string
}

// templates holds one template set per kind of page, each the shared layout
// plus the page's own "content".
type templates map[string]*template.Template

// pastePage is the paste page's own template, index.html at the repository
// root; loadTemplates adds it as "paste" when it exists.
func loadTemplates(dir, pastePage string) (templates, error) {
	shared := []string{filepath.Join(dir, "layout.html"), filepath.Join(dir, "article.html")}
	base, err := template.New("layout.html").Funcs(funcs).ParseFiles(shared...)
	if err != nil {
		return nil, err
	}
	t := templates{"article": base}
	files := map[string]string{}
	for _, name := range []string{"entry", "kbhome", "group", "groups", "codes", "home", "notfound", "embed-guide"} {
		files[name] = filepath.Join(dir, name+".html")
	}
	if _, err := os.Stat(pastePage); err == nil {
		files["paste"] = pastePage
	}
	for name, file := range files {
		c, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := c.ParseFiles(file); err != nil {
			return nil, err
		}
		t[name] = c
	}
	return t, nil
}

// bindAssets makes the templates' asset function give hashed URLs.
func (t templates) bindAssets(assetURL func(string) string) {
	for _, c := range t {
		c.Funcs(template.FuncMap{"asset": assetURL})
	}
}

// page runs the layout with the named page's content.
func (t templates) page(name string, p *page) ([]byte, error) {
	var buf bytes.Buffer
	if err := t[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return nil, fmt.Errorf("%s: %v", p.Path, err)
	}
	return buf.Bytes(), nil
}

// fragment renders an entry's article alone, for helpdesk import.
func (t templates) fragment(p *page) ([]byte, error) {
	var buf bytes.Buffer
	if err := t["article"].ExecuteTemplate(&buf, "article", p); err != nil {
		return nil, fmt.Errorf("%s fragment: %v", p.Path, err)
	}
	return buf.Bytes(), nil
}

func newPage(path, title, description, base string) *page {
	return &page{
		Path:        path,
		Root:        rootPrefix(path),
		Title:       title,
		Description: description,
		Canonical:   base + path,
		Section:     "kb",
	}
}

// crumbs builds a trail from the site root; each step is a name and a path
// from the root. The last step is the page itself and gets no link.
func crumbs(root string, steps ...string) []crumb {
	out := []crumb{{"Home", root}, {"Knowledge base", root + "kb/"}}
	for i := 0; i+1 < len(steps); i += 2 {
		u := ""
		if steps[i+1] != "" {
			u = root + steps[i+1]
		}
		out = append(out, crumb{steps[i], u})
	}
	return out
}

// entryCrumbs places an entry under the index page it belongs to: reply and
// status codes under Codes, provider messages under their provider, the rest
// under their reason.
func entryCrumbs(root string, e *kb.Entry) []crumb {
	switch {
	case e.Kind == kb.KindReply || e.Kind == kb.KindStatus:
		return crumbs(root, "Codes", "kb/codes/", e.Title, "")
	case e.Provider != "":
		return crumbs(root, "Providers", "kb/provider/", e.Provider, "kb/provider/"+slugify(e.Provider)+"/", e.Title, "")
	default:
		return crumbs(root, "Reasons", "kb/reason/", reasonLabel(e.Reason), "kb/reason/"+e.Reason+"/", e.Title, "")
	}
}
