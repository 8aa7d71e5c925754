package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// searchHarness loads site/assets/search.js into Node.js with just enough of
// a browser around it (no search boxes on the page, fetch reading files),
// runs window.bounceKBSearch.search on the index at argv[2] for every query
// after it, and prints {query: [ids]}.
const searchHarness = `
const fs = require("fs");
globalThis.window = {};
globalThis.document = { readyState: "complete", querySelectorAll: () => [] };
globalThis.fetch = (u) => Promise.resolve({ ok: true, json: () => Promise.resolve(JSON.parse(fs.readFileSync(u, "utf8"))) });
eval(fs.readFileSync(process.argv[1], "utf8"));
const s = window.bounceKBSearch;
s.load(process.argv[2]).then((entries) => {
  const out = {};
  for (const q of process.argv.slice(3)) out[q] = s.search(entries, q, 30).map((e) => e.id);
  process.stdout.write(JSON.stringify(out));
});
`

// runSearch runs the site's search.js over index for each query. It skips
// the test where Node.js is not installed (the browser tests cover the
// same code in Chromium).
func runSearch(t *testing.T, index string, queries ...string) map[string][]string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: search.js is tested in the browser tests only")
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "site", "assets", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-e", searchHarness, script, index}, queries...)
	out, err := exec.Command(node, args...).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got map[string][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("harness output %q: %v", out, err)
	}
	return got
}

// TestSearchMatchesWordStarts: a query word matches where a word begins,
// never inside another word ("full" in "successfully"), and a whole word
// counts more than the start of a longer one.
func TestSearchMatchesWordStarts(t *testing.T) {
	index := filepath.Join(t.TempDir(), "search.json")
	idx := searchIndex{
		Version: 1,
		Fields:  []string{"id", "title", "kind", "reason", "provider", "codes", "summary", "patterns", "reasonLabel", "hard"},
		Entries: [][]any{
			{"delivered", "The message was delivered", "reason", "delivered", "", []string{}, "It was successfully delivered to the mailbox.", "", "Delivered", false},
			{"fqdn", "A fully qualified name is needed", "reason", "rejected", "", []string{}, "The mailbox name must be fully qualified.", "", "Rejected", true},
			{"full", "The mailbox is full", "reason", "mailboxfull", "", []string{}, "No room left.", "mailbox full", "Mailbox full", false},
		},
	}
	data, err := json.Marshal(idx)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(index, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got := runSearch(t, index, "mailbox full", "cess", "mail")
	if ids := got["mailbox full"]; len(ids) != 2 || ids[0] != "full" || ids[1] != "fqdn" {
		t.Errorf(`"mailbox full" = %v, want [full fqdn] ("full" only starts "fully"; never inside "successfully")`, ids)
	}
	if ids := got["cess"]; len(ids) != 0 {
		t.Errorf(`"cess" = %v, want nothing: it starts no word`, ids)
	}
	if ids := got["mail"]; len(ids) != 3 {
		t.Errorf(`"mail" = %v, want all three: it starts "mailbox"`, ids)
	}
}

// TestSearchMailboxFull runs the real index: "mailbox full" lists the
// entries about full mailboxes first and not "The message was delivered".
func TestSearchMailboxFull(t *testing.T) {
	dir, entries := built(t)
	reason := map[string]string{}
	for _, e := range entries {
		reason[e.ID] = e.Reason
	}
	got := runSearch(t, filepath.Join(dir, "kb", "search.json"), "mailbox full")["mailbox full"]
	if len(got) < 5 || got[0] != "mailboxfull" {
		t.Fatalf(`"mailbox full" = %v, want mailboxfull first and at least five results`, got)
	}
	for i, id := range got[:5] {
		if reason[id] != "mailboxfull" {
			t.Errorf("result %d is %s (reason %s), want an entry about full mailboxes; all: %v", i+1, id, reason[id], got)
		}
	}
	for _, id := range got {
		if id == "delivered" {
			t.Errorf(`"mailbox full" lists "delivered": %v`, got)
		}
	}
}

// TestSearchLocalized: the help site's search finds an entry by the wording
// of a bounce in another language, accents and case as people type them.
func TestSearchLocalized(t *testing.T) {
	dir, entries := built(t)
	reason := map[string]string{}
	for _, e := range entries {
		reason[e.ID] = e.Reason
	}
	want := map[string]string{
		"Postfach voll":            "mailboxfull",
		"adresse introuvable":      "userunknown",
		"Empfänger unbekannt":      "userunknown",
		"boîte aux lettres pleine": "mailboxfull",
		"BOITE AUX LETTRES PLEINE": "mailboxfull",
		"Nachricht ist zu groß":    "mesgtoobig",
		"domaine introuvable":      "hostunknown",
	}
	var queries []string
	for q := range want {
		queries = append(queries, q)
	}
	got := runSearch(t, filepath.Join(dir, "kb", "search.json"), queries...)
	for q, r := range want {
		ids := got[q]
		if len(ids) == 0 || reason[ids[0]] != r {
			t.Errorf("%q = %v, want an entry about %s first", q, ids, r)
		}
	}
}
