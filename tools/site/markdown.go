package main

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// heading is one section of an article, for the "on this page" list.
type heading struct {
	ID, Text string
}

// reservedIDs are the element ids the page templates use; a heading in an
// article that would get one of them gets another.
var reservedIDs = map[string]bool{
	"main": true, "toc-title": true, "site-search-q": true, "reply": true, "status": true,
}

// markdown renders entry bodies. Raw HTML in the Markdown is never passed
// through (goldmark's default), so an entry cannot inject markup or script.
//
// One converter serves every entry; before each conversion render sets the
// page the links are resolved against, which the AST transformer reads.
type markdown struct {
	md   goldmark.Markdown
	base *url.URL // the site's absolute root URL

	page     *url.URL  // absolute URL of the page being rendered
	absolute bool      // write absolute URLs (fragments, kb.json)
	toc      []heading // the level-2 headings of the last conversion
}

func newMarkdown(base *url.URL) *markdown {
	m := &markdown{base: base}
	m.md = goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(m, 100)),
		),
	)
	return m
}

// render converts an entry's body. pagePath is the entry page's path from the
// site root ("kb/smtp-550/"). With absolute set, links point at the published
// site (for HTML that is read elsewhere); otherwise they are relative to the
// page, so the site works at any path and offline.
func (m *markdown) render(body []byte, pagePath string, absolute bool) (template.HTML, []heading, error) {
	m.page = m.base.ResolveReference(&url.URL{Path: pagePath})
	m.absolute = absolute
	m.toc = nil
	var buf bytes.Buffer
	if err := m.md.Convert(body, &buf); err != nil {
		return "", nil, err
	}
	// The converter escapes all text and drops raw HTML, so its output is
	// safe to place in the page as markup.
	return template.HTML(buf.String()), m.toc, nil
}

// Transform rewrites the parsed article: every heading below the title
// becomes a link to its own anchor, and links between pages are resolved
// for where the HTML will be read.
func (m *markdown) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.Link:
			n.Destination = []byte(m.resolve(string(n.Destination)))
		case *ast.AutoLink:
			// Autolinks are absolute by definition; nothing to resolve.
		}
		return ast.WalkContinue, nil
	})
	for _, h := range headings {
		idAttr, ok := h.AttributeString("id")
		if !ok {
			continue
		}
		id, _ := idAttr.([]byte)
		if len(id) == 0 {
			continue
		}
		if reservedIDs[string(id)] || strings.HasPrefix(string(id), "kb-") {
			// The page around the article uses this id already.
			id = append(id, "-section"...)
			h.SetAttributeString("id", id)
		}
		if h.Level == 2 {
			m.toc = append(m.toc, heading{ID: string(id), Text: plainText(h, src)})
		}
		link := ast.NewLink()
		link.Destination = append([]byte("#"), id...)
		link.SetAttributeString("class", []byte("anchor"))
		for c := h.FirstChild(); c != nil; {
			next := c.NextSibling()
			h.RemoveChild(h, c)
			link.AppendChild(link, c)
			c = next
		}
		h.AppendChild(h, link)
	}
}

// resolve maps a link destination as written in an entry to what the page
// needs. Links to other sites and in-page anchors stay as they are; links
// inside the site ("../smtp-550/", "/kb/smtp-550/") become relative to the
// page, or absolute when the HTML is read outside the site.
func (m *markdown) resolve(dest string) string {
	if dest == "" || strings.HasPrefix(dest, "#") {
		return dest
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return dest
	}
	if strings.HasPrefix(u.Path, "/") {
		// Root-relative: the site root, not the host root.
		u.Path = strings.TrimPrefix(m.base.Path, "/") + strings.TrimPrefix(u.Path, "/")
		u.Path = "/" + u.Path
	}
	abs := m.page.ResolveReference(u)
	if m.absolute {
		return abs.String()
	}
	return relativeURL(m.base, m.page, abs)
}

// relativeURL writes target relative to page when both are on the site, so
// "https://x/kb/smtp-550/" seen from "https://x/kb/userunknown/" is
// "../smtp-550/".
func relativeURL(base, page, target *url.URL) string {
	if target.Scheme != base.Scheme || target.Host != base.Host || !strings.HasPrefix(target.Path, base.Path) {
		return target.String()
	}
	from := strings.TrimPrefix(page.Path, base.Path)
	to := strings.TrimPrefix(target.Path, base.Path)
	rel := rootPrefix(from) + to
	if target.RawQuery != "" {
		rel += "?" + target.RawQuery
	}
	if target.Fragment != "" {
		rel += "#" + target.Fragment
	}
	if rel == "" {
		rel = "./"
	}
	return rel
}

// rootPrefix is the relative path from a page to the site root: "" for the
// root itself, "../../" for "kb/smtp-550/".
func rootPrefix(pagePath string) string {
	dir := pagePath
	if i := strings.LastIndex(dir, "/"); i >= 0 {
		dir = dir[:i+1]
	} else {
		dir = ""
	}
	return strings.Repeat("../", strings.Count(dir, "/"))
}

// plainText is a node's text without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for s := t.FirstChild(); s != nil; s = s.NextSibling() {
				if tx, ok := s.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
