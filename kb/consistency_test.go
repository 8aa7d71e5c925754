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

// blockListWords mark an entry about a listing on a block list (a DNSBL,
// a provider's own list of IP addresses).
var blockListWords = []string{"block list", "blocklist", "blacklist", "dnsbl", " rbl", "spamhaus", "is listed", "listed on", "listed by"}

// TestBlockListingsNotHard: a listing clears up when the list removes it
// (by itself after a while, or on a delisting request), and nothing is
// wrong with the recipient's address. In Sisimai's terms that is a soft
// bounce, whichever list it is, so every block-list entry says the same.
func TestBlockListingsNotHard(t *testing.T) {
	entries, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Reason != "blocked" || !mentionsAny(e.Title+" "+e.Summary, blockListWords) {
			continue
		}
		n++
		if e.Hard {
			t.Errorf("%s: a block-list listing, but hard is true", e.File)
		}
	}
	if n < 10 {
		t.Fatalf("only %d block-list entries found; the check is not finding them", n)
	}
}

func mentionsAny(s string, words []string) bool {
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
