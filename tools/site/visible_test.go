package main

import (
	"html"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	tagRe   = regexp.MustCompile(`(?s)<[^>]*>`)
	urlRe   = regexp.MustCompile(`https?://\S+`)
	wordsRe = regexp.MustCompile(`[a-z0-9][a-z0-9-]*[a-z0-9]`)
)

// visibleText is the text of an HTML page a reader sees: scripts, styles,
// tags and attributes removed, entities decoded. Printed URLs (the
// canonical address on a printout) are dropped too: an id in a URL is the
// address, not a name shown to the reader.
func visibleText(page string) string {
	page = inline.ReplaceAllString(page, " ")
	text := html.UnescapeString(tagRe.ReplaceAllString(page, " "))
	return urlRe.ReplaceAllString(text, " ")
}

// internalID reports whether id would read as an internal name if shown:
// ids with a hyphen (postfix-rbl-blocked, status-x-7-1, smtp-550) and
// reason names that are no English word (userunknown, mailboxfull).
func internalID(id string) bool {
	return strings.Contains(id, "-") || !englishReason[id]
}

// englishReason lists the reason names that are ordinary words and may
// therefore appear in prose.
var englishReason = map[string]bool{
	"blocked": true, "delivered": true, "expired": true, "feedback": true, "filtered": true,
	"rejected": true, "speeding": true, "suppressed": true, "suspend": true, "undefined": true,
	"vacation": true,
}

// TestNoInternalIDsVisible checks that no page of the help site shows an
// entry's id or a reason's key in its text: readers get titles and labels;
// ids live in URLs and attributes only.
func TestNoInternalIDsVisible(t *testing.T) {
	dir, entries := built(t)
	ids := map[string]bool{}
	for _, e := range entries {
		if internalID(e.ID) {
			ids[e.ID] = true
		}
		if internalID(e.Reason) {
			ids[e.Reason] = true
		}
	}
	if !ids["postfix-rbl-blocked"] || !ids["userunknown"] {
		t.Fatal("the id list misses known ids")
	}
	pages := 0
	err := filepath.WalkDir(filepath.Join(dir, "kb"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(p) != "index.html" {
			return err
		}
		pages++
		rel, _ := filepath.Rel(dir, p)
		for _, w := range wordsRe.FindAllString(strings.ToLower(visibleText(read(t, dir, rel))), -1) {
			if ids[w] {
				t.Errorf("%s shows the internal id %q", rel, w)
				return nil
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < len(entries) {
		t.Fatalf("checked %d pages, want at least one per entry (%d)", pages, len(entries))
	}
}
