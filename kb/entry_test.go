package kb

import (
	"strings"
	"testing"
)

const goodEntry = `---
id: mailboxfull
title: The mailbox is full
kind: reason
reason: mailboxfull
codes: [552, 5.2.2, X.2.2]
hard: false
who: recipient
summary: The recipient's mailbox has no room left.
related: [userunknown]
priority: 5
patterns:
  - mailbox full
  - "quota * exceeded"
---

## What it means

Full.

## Examples

` + "```text\n552 5.2.2 Mailbox full\n```\n\n```\nline one\nline two\n```\n"

func TestParseGoodEntry(t *testing.T) {
	e, err := Parse("mailboxfull.md", []byte(goodEntry))
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "mailboxfull" || e.Kind != KindReason || e.Who != "recipient" || e.Hard || e.Priority != 5 {
		t.Errorf("fields: %+v", e)
	}
	if got := strings.Join(e.Codes, "|"); got != "552|5.2.2|X.2.2" {
		t.Errorf("codes = %q", got)
	}
	if got := strings.Join(e.Patterns, "|"); got != "mailbox full|quota * exceeded" {
		t.Errorf("patterns = %q", got)
	}
	if len(e.Examples) != 2 || e.Examples[0] != "552 5.2.2 Mailbox full" || e.Examples[1] != "line one\nline two" {
		t.Errorf("examples = %q", e.Examples)
	}
	if e.URL() != "kb/mailboxfull/" {
		t.Errorf("URL = %q", e.URL())
	}
	// CRLF files read the same.
	e2, err := Parse("mailboxfull.md", []byte(strings.ReplaceAll(goodEntry, "\n", "\r\n")))
	if err != nil || e2.Title != e.Title || len(e2.Examples) != 2 {
		t.Errorf("CRLF entry: %v %+v", err, e2)
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, change, want string
	}{
		{"no front matter", "---\n", "no front matter"},
		{"wrong id", "id: mailboxfull\n", "does not match the file name"},
		{"bad reason", "reason: mailboxfull\n", "not in the vocabulary"},
		{"bad kind", "kind: reason\n", "kind"},
		{"bad who", "who: recipient\n", "who"},
		{"bad code", "codes: [552, 5.2.2, X.2.2]\n", "neither a reply code"},
		{"bad hard", "hard: false\n", "want true or false"},
		{"unknown field", "priority: 5\n", "unknown field"},
		{"empty pattern", "  - mailbox full\n", "matches everything"},
		{"stray indent", "summary: The recipient's mailbox has no room left.\n", "indentation"},
	}
	replacements := map[string]string{
		"no front matter": "",
		"wrong id":        "id: other\n",
		"bad reason":      "reason: fullmailbox\n",
		"bad kind":        "kind: article\n",
		"bad who":         "who: everyone\n",
		"bad code":        "codes: [552, 5.2]\n",
		"bad hard":        "hard: maybe\n",
		"unknown field":   "colour: red\n",
		"empty pattern":   "  - \"*\"\n",
		"stray indent":    "  summary: indented\n",
	}
	for _, tt := range tests {
		src := strings.Replace(goodEntry, tt.change, replacements[tt.name], 1)
		_, err := Parse("mailboxfull.md", []byte(src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

func TestIsCode(t *testing.T) {
	for code, want := range map[string]bool{
		"550": true, "421": true, "5.1.1": true, "X.7.26": true, "4.7.650": true,
		"55": false, "650": false, "5.1": false, "Y.1.1": false, "5.a.1": false, "": false,
	} {
		if got := isCode(code); got != want {
			t.Errorf("isCode(%q) = %v, want %v", code, got, want)
		}
	}
}

// TestEmbeddedKB checks the real knowledge base: it loads, and every reason
// of the vocabulary that has an entry is consistent with it.
func TestEmbeddedKB(t *testing.T) {
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no entries")
	}
	for _, e := range entries {
		if len(e.Body) < 200 {
			t.Errorf("%s: body is %d bytes; a stub is not an entry", e.ID, len(e.Body))
		}
	}
}

func TestStripComment(t *testing.T) {
	for in, want := range map[string]string{
		"Gmail   # who writes it":     "Gmail",
		`"a # b"`:                     `"a # b"`,
		"no mailbox here (#5.1.1)":    "no mailbox here (#5.1.1)",
		"[552, 5.2.2] # codes":        "[552, 5.2.2]",
		"plain":                       "plain",
		"delivery error: dd * [#102]": "delivery error: dd * [#102]",
	} {
		if got := stripComment(in); got != want {
			t.Errorf("stripComment(%q) = %q, want %q", in, got, want)
		}
	}
}
