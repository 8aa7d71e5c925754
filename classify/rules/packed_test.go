package rules

import (
	"reflect"
	"testing"
)

func TestUnpack(t *testing.T) {
	entries := unpackEntries("a\x1fTitle A\x1fSum\x1freason\x1fmailboxfull\x1f\x1fsender\x1f1\x1f-10\x1e" +
		"b\x1fTitle B\x1f\x1fprovider\x1fblocked\x1fGmail\x1fsender-admin\x1f\x1f25\x1e")
	wantEntries := []Entry{
		{ID: "a", Title: "Title A", Summary: "Sum", Kind: "reason", Reason: "mailboxfull", Who: "sender", Hard: true, Priority: -10},
		{ID: "b", Title: "Title B", Kind: "provider", Reason: "blocked", Provider: "Gmail", Who: "sender-admin", Priority: 25},
	}
	if !reflect.DeepEqual(entries, wantEntries) {
		t.Errorf("unpackEntries = %+v, want %+v", entries, wantEntries)
	}
	patterns := unpackPatterns("0\x1fuser unknown\x1e1\x1fmailbox\x1fnot found\x1e")
	wantPatterns := []Pattern{{Entry: 0, Pieces: []string{"user unknown"}}, {Entry: 1, Pieces: []string{"mailbox", "not found"}}}
	if !reflect.DeepEqual(patterns, wantPatterns) {
		t.Errorf("unpackPatterns = %+v, want %+v", patterns, wantPatterns)
	}
	if len(unpackEntries("")) != 0 || len(unpackPatterns("")) != 0 {
		t.Error("an empty table should unpack to nothing")
	}
}

// TestTablesUnpacked checks the generated tables decode to something
// plausible: every pattern names an entry and has non-empty pieces.
func TestTablesUnpacked(t *testing.T) {
	if len(Entries) < 100 || len(Patterns) < 100 {
		t.Fatalf("%d entries, %d patterns", len(Entries), len(Patterns))
	}
	for i, p := range Patterns {
		if p.Entry < 0 || p.Entry >= len(Entries) || len(p.Pieces) == 0 || p.Pieces[0] == "" {
			t.Errorf("pattern %d: %+v", i, p)
		}
	}
}
