package rules

import (
	"testing"

	"github.com/bounce-explainer/bounce/kb/kbform"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  User   Unknown\r\n in table ", "user unknown in table"},
		{"ÄÖ Mixed", "äö mixed"}, // Unicode lower case (kbform)
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// withTables swaps in a small KB for the duration of a test.
func withTables(t *testing.T, entries []Entry, patterns []Pattern) {
	t.Helper()
	oe, op := Entries, Patterns
	ok, os, osh, om, osf := byKey, byShort, short, maybe, shortFirst
	Entries, Patterns = entries, patterns
	byKey, byShort, short, maybe, shortFirst = nil, nil, nil, [1 << 16]bool{}, [256]bool{}
	buildIndex()
	t.Cleanup(func() {
		Entries, Patterns = oe, op
		byKey, byShort, short, maybe, shortFirst = ok, os, osh, om, osf
	})
}

func TestBest(t *testing.T) {
	withTables(t,
		[]Entry{{ID: "generic"}, {ID: "specific", Priority: 5}, {ID: "code"}, {ID: "short"}},
		[]Pattern{
			{Entry: 0, Pieces: []string{"user unknown"}},
			{Entry: 1, Pieces: []string{"mailbox", "not found"}},
			{Entry: 2, Pieces: []string{"5.7.1"}},
			{Entry: 3, Pieces: []string{"ofr"}},
		})
	tests := []struct {
		text, want, matched string
	}{
		{"550 user unknown", "generic", "user unknown"},
		{"superuser unknown", "", ""}, // patterns start at a word start
		{"the mailbox jdoe was not found", "specific", "mailbox jdoe was not found"},
		{"user unknown: mailbox x not found", "specific", "mailbox x not found"}, // longer and with priority
		{"550 5.7.1 denied", "code", "5.7.1"},
		{"550 5.7.12 denied", "", ""}, // a code does not match inside a longer one
		{"error ofr_506", "short", "ofr"},
		{"nothing here", "", ""},
	}
	for _, tt := range tests {
		m := Best(tt.text)
		got, matched := "", ""
		if m.Found() {
			got, matched = Entries[m.Entry].ID, tt.text[m.Start:m.End]
		}
		if got != tt.want || matched != tt.matched {
			t.Errorf("Best(%q) = %q matching %q, want %q matching %q", tt.text, got, matched, tt.want, tt.matched)
		}
	}
}

func TestByCodeAndID(t *testing.T) {
	if len(Entries) == 0 {
		t.Skip("no KB compiled")
	}
	if i := ByID(Entries[0].ID); i != 0 {
		t.Errorf("ByID(%q) = %d", Entries[0].ID, i)
	}
	if ByID("no-such-entry") != -1 || ByCode("999") != -1 {
		t.Error("unknown id or code found")
	}
	for code, i := range codeIndex {
		if got := ByCode(code); got != i {
			t.Errorf("ByCode(%q) = %d, want %d", code, got, i)
		}
	}
}

// TestMatchPiecesAgreesWithBest checks the KB lint's matcher against Best
// itself, one single-pattern table at a time, so the two cannot drift apart.
func TestMatchPiecesAgreesWithBest(t *testing.T) {
	tests := []struct {
		pieces []string
		text   string
		want   bool
	}{
		{[]string{"user unknown"}, "550 user unknown", true},
		{[]string{"user unknown"}, "superuser unknown", false},
		{[]string{"user unknown"}, "superuser unknown; user unknown", true},
		{[]string{"mailbox", "not found"}, "mailbox jdoe was not found", true},
		{[]string{"not found", "mailbox"}, "mailbox jdoe was not found", false},
		{[]string{"5.7.1"}, "550 5.7.12 denied", false},
		{[]string{"5.7.1"}, "550 5.7.12 denied, 5.7.1 again", true},
		{[]string{"550"}, "error 5500", false},
		{[]string{"ofr"}, "error ofr_506", true},
		{[]string{"ofr"}, "error gofr_506", false},
		{[]string{"[ts01]"}, "421 4.7.0 [ts01] deferred", true},
		{[]string{"at a rate that", "at a rate"}, "is receiving mail at a rate that prevents", false},
		{[]string{"x"}, "", false},
		{nil, "anything", false},
	}
	for _, tt := range tests {
		if got := MatchPieces(tt.text, tt.pieces); got != tt.want {
			t.Errorf("MatchPieces(%q, %q) = %v, want %v", tt.text, tt.pieces, got, tt.want)
		}
		if len(tt.pieces) == 0 {
			continue
		}
		withTables(t, []Entry{{ID: "e"}}, []Pattern{{Entry: 0, Pieces: tt.pieces}})
		if best := Best(tt.text).Found(); best != tt.want {
			t.Errorf("Best(%q) with only %q found = %v, want %v", tt.text, tt.pieces, best, tt.want)
		}
	}
}

// TestBestWordStartsByRune checks the word-start rule character by
// character: letters of every script and combining marks belong to words,
// and scripts without spaces start a word anywhere.
func TestBestWordStartsByRune(t *testing.T) {
	withTables(t,
		[]Entry{{ID: "ja"}, {ID: "zh"}, {ID: "ko"}, {ID: "ru"}, {ID: "el"}, {ID: "fr"}, {ID: "en"}, {ID: "kana1"}},
		[]Pattern{
			{Entry: 0, Pieces: []string{"宛先不明"}},
			{Entry: 1, Pieces: []string{"用户不存在"}},
			{Entry: 2, Pieces: []string{"메일함", "가득"}},
			{Entry: 3, Pieces: []string{"ящик"}},
			{Entry: 4, Pieces: []string{"γεματο"}},
			{Entry: 5, Pieces: []string{"étrangère"}},
			{Entry: 6, Pieces: []string{"user unknown"}},
			{Entry: 7, Pieces: []string{"満"}},
		})
	tests := []struct {
		name, text, want string
	}{
		{"han mid-sentence", "送信エラー:宛先不明のため配信できません", "ja"},
		{"han after han", "错误:收件人用户不存在", "zh"},
		{"hangul glued to a noun", "받는사람메일함이 가득 찼습니다", "ko"},
		{"hangul at start", "메일함 용량이 가득 찼습니다", "ko"},
		{"cyrillic word start", "почтовый ящик переполнен", "ru"},
		{"cyrillic inside a word", "почтовыйящик", ""},
		{"greek word start", "το γραμματοκιβώτιο είναι γεμάτο", "el"},
		{"greek inside a word", "ξεγεματο", ""},
		{"accented latin inside a word", "préétrangère", ""},
		{"accented latin after space", "adresse étrangère", "fr"},
		{"latin after an accented letter", "éuser unknown", ""},
		{"latin after a cyrillic letter", "жuser unknown", ""},
		{"latin after a combining mark", "e\u0301\u0327user unknown", ""},
		{"cyrillic after a combining mark", "и\u0306ящик", ""},
		{"latin right after han", "エラー内容user unknown", "en"},
		{"latin after full-width punctuation", "エラー：user unknown", "en"},
		{"one kana character anywhere", "容量が上限に達しました満杯", "kana1"},
	}
	for _, tt := range tests {
		text := Normalize(tt.text)
		m := Best(text)
		got := ""
		if m.Found() {
			got = Entries[m.Entry].ID
		}
		if got != tt.want {
			t.Errorf("%s: Best(%q) = %q, want %q", tt.name, tt.text, got, tt.want)
		}
		var pieces []string
		for _, p := range Patterns {
			if Entries[p.Entry].ID == tt.want {
				pieces = p.Pieces
			}
		}
		if tt.want != "" && !MatchPieces(text, pieces) {
			t.Errorf("%s: MatchPieces(%q, %q) = false, Best found it", tt.name, text, pieces)
		}
	}
}

func TestWordStart(t *testing.T) {
	tests := []struct {
		text string
		at   int
		want bool
	}{
		{"ab", 1, false},
		{"a b", 2, true},
		{"a-b", 2, true},
		{"日本", 3, true},
		{"über", 0, true},
		{"darüber", 5, false}, // "ber" after ü
		{"dar über", 4, true},
		{"x日", 1, true},
		{"日x", 3, true},
		{"ая", 2, false},
		{"a\u0301b", 3, false}, // b after a combining acute
	}
	for _, tt := range tests {
		if got := kbform.WordStart(tt.text, tt.at); got != tt.want {
			t.Errorf("WordStart(%q, %d) = %v, want %v", tt.text, tt.at, got, tt.want)
		}
	}
}
