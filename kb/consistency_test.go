package kb

import (
	"strings"
	"testing"
)

// tempOnly reports whether every code of an entry is a temporary one (a 4xx
// reply or a 4.x.x status) and there is at least one.
func tempOnly(codes []string) bool {
	for _, c := range codes {
		if !strings.HasPrefix(c, "4") {
			return false
		}
	}
	return len(codes) > 0
}

func TestTempOnly(t *testing.T) {
	tests := []struct {
		codes []string
		want  bool
	}{
		{[]string{"421", "4.7.0"}, true},
		{[]string{"446"}, true},
		{[]string{"421", "550"}, false},
		{[]string{"X.4.4"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := tempOnly(tt.codes); got != tt.want {
			t.Errorf("tempOnly(%v) = %v, want %v", tt.codes, got, tt.want)
		}
	}
}

// TestTemporaryCodesNotHard: a server that answers only with 4xx codes says
// "try again later", so an entry explaining nothing but such codes cannot
// say that retrying will not help.
func TestTemporaryCodesNotHard(t *testing.T) {
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !tempOnly(e.Codes) {
			continue
		}
		n++
		if e.Hard {
			t.Errorf("%s: every code is temporary (%s) but hard is true", e.File, strings.Join(e.Codes, ", "))
		}
	}
	if n == 0 {
		t.Fatal("no entry has only temporary codes; the check checks nothing")
	}
}

// TestBlockingNotHard: a refusal for the sending server's standing (a
// listing on a block list, a poor reputation, a provider's block of the IP
// address) clears up when the list removes it, the reputation recovers or
// the provider lifts the block, and nothing is wrong with the recipient's
// address. Sisimai counts the reasons blocked and badreputation as soft
// bounces, so every entry of them says the same, whichever list or provider
// it is.
func TestBlockingNotHard(t *testing.T) {
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	n, lists := 0, 0
	for _, e := range entries {
		if e.Reason != "blocked" && e.Reason != "badreputation" {
			continue
		}
		n++
		if mentionsAny(e.Title+" "+e.Summary, blockListWords) {
			lists++
		}
		if e.Hard {
			t.Errorf("%s: reason %s, but hard is true", e.File, e.Reason)
		}
	}
	if lists < 10 {
		t.Fatalf("only %d block-list entries among %d; the check is not finding them", lists, n)
	}
}

// blockListWords mark an entry about a listing on a block list.
var blockListWords = []string{"block list", "blocklist", "blacklist", "dnsbl", " rbl", "spamhaus", "is listed", "listed on", "listed by"}

func mentionsAny(s string, words []string) bool {
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
