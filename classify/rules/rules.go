// Package rules holds the knowledge base compiled into match tables and the
// matcher that runs them. The tables (table.go) are generated from kb/*.md by
// tools/kbgen; nothing here is written by hand but the matcher, so a new
// provider message is a Markdown edit.
package rules

import (
	"strings"
	"sync"

	"github.com/bounce-explainer/bounce/kb/kbform"
)

// Entry is the part of a knowledge-base entry the classifier needs.
type Entry struct {
	ID       string
	Title    string
	Summary  string
	Kind     kbform.Kind
	Reason   string
	Provider string
	Who      string
	Hard     bool
	Priority int
}

// Pattern is one compiled match pattern: literal pieces that must appear in
// this order in the normalised text ("*" in the KB separates pieces).
type Pattern struct {
	Entry  int      // index into Entries
	Pieces []string // lower case, single spaces
}

// Match is the best pattern found in a text.
type Match struct {
	Entry   int    // index into Entries, or -1
	Pattern int    // index into Patterns
	Text    string // the literal text of the first piece, as normalised
	Score   int
	// Start and End delimit the matched text in the normalised input, from
	// the first piece's start to the last piece's end.
	Start, End int
}

// Found reports whether anything matched.
func (m Match) Found() bool { return m.Entry >= 0 }

// index maps the first keyLen bytes of every pattern's first piece to the
// patterns that start with them, so that matching costs one map lookup per
// byte of text instead of one scan per pattern. Patterns whose first piece is
// shorter than keyLen are kept aside and tried one by one.
const keyLen = 4

var (
	byKey   map[uint32][]int
	byShort map[string][]int // first pieces shorter than keyLen, whole
	// shortFirst[c] is set when some piece in byShort starts with byte c.
	shortFirst [256]bool
	short      []int // first pieces of one byte
	// maybe[a<<8|b] is set when some pattern's first piece starts with the
	// bytes a, b: most positions of a text are ruled out without a lookup.
	maybe [1 << 16]bool
	// slot[p] is where pattern p's pieces after the first start in a
	// matcher's memo, which has laterPieces slots.
	slot        []int
	laterPieces int
)

func key4(s string) uint32 {
	return uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3])
}

func init() { buildIndex() }

// buildIndex indexes Patterns for Best.
func buildIndex() {
	byKey = make(map[uint32][]int, len(Patterns))
	byShort = map[string][]int{}
	slot = make([]int, len(Patterns))
	for i, p := range Patterns {
		slot[i] = laterPieces
		laterPieces += len(p.Pieces) - 1
		first := p.Pieces[0]
		switch {
		case len(first) >= keyLen:
			k := key4(first)
			byKey[k] = append(byKey[k], i)
			maybe[uint16(first[0])<<8|uint16(first[1])] = true
		case len(first) > 1:
			byShort[first] = append(byShort[first], i)
			shortFirst[first[0]] = true
		default:
			short = append(short, i)
		}
	}
}

// Normalize puts text into the form patterns are written in; it is
// kbform.Normalize, which the KB compiler uses for the patterns.
func Normalize(s string) string { return kbform.Normalize(s) }

// Best returns the most specific pattern that matches text, which must
// already be normalised. Specificity is the number of literal bytes a pattern
// pins down plus its entry's priority; ties go to the pattern listed first.
func Best(text string) Match {
	m := matcher{text: text, best: Match{Entry: -1, Pattern: -1}}
	for i := 0; i+keyLen <= len(text); i++ {
		// A pattern that begins with a letter or digit begins a word: "user
		// unknown" does not start inside "superuser unknown", and most
		// positions of a text need no lookup at all.
		if !maybe[uint16(text[i])<<8|uint16(text[i+1])] || !kbform.WordStart(text, i) {
			continue
		}
		for _, pi := range byKey[key4(text[i:])] {
			m.try(pi, i)
		}
	}
	if len(byShort) > 0 {
		for i := 0; i+1 < len(text); i++ {
			if !shortFirst[text[i]] || !kbform.WordStart(text, i) {
				continue
			}
			for n := 2; n < keyLen && i+n <= len(text); n++ {
				for _, pi := range byShort[text[i:i+n]] {
					m.try(pi, i)
				}
			}
		}
	}
	for _, pi := range short {
		first := Patterns[pi].Pieces[0]
		for off := 0; ; {
			j := strings.Index(text[off:], first)
			if j < 0 {
				break
			}
			if at := off + j; kbform.WordStart(text, at) {
				m.try(pi, at)
			}
			off += j + 1
		}
	}
	m.release()
	return m.best
}

// memoAbove is the text length from which Best remembers where it found
// later pieces; below it, searching again costs less than remembering.
const memoAbove = 256

// memos lends matchers their memo: Best runs once per line of a bounce,
// and a fresh memo each time would allocate more than the text. A memo's
// generation changes with each use, which empties it without clearing.
var memos = sync.Pool{New: func() any { return &memo{s: make([]search, laterPieces)} }}

// memo is the searches of one matcher, valid when of its generation.
type memo struct {
	gen uint32
	s   []search
}

// searchAt returns the memo slot of piece k of pattern pi, lending the
// matcher a memo on first use; nil for short texts.
func (m *matcher) searchAt(pi, k int) *search {
	if len(m.text) <= memoAbove {
		return nil
	}
	if m.memo == nil {
		m.memo = memos.Get().(*memo)
		if m.memo.gen++; m.memo.gen == 0 {
			clear(m.memo.s)
			m.memo.gen = 1
		}
	}
	s := &m.memo.s[slot[pi]+k-1]
	if s.gen != m.memo.gen {
		*s = search{gen: m.memo.gen, from: -1}
	}
	return s
}

// release gives the memo back.
func (m *matcher) release() {
	if m.memo != nil {
		memos.Put(m.memo)
		m.memo = nil
	}
}

// matcher is one run of Best over a text.
type matcher struct {
	text string
	best Match
	// memo remembers, per pattern piece after the first, the last search:
	// a pattern whose first piece recurs all over a text ("aup#11 aup#11
	// ...") would otherwise scan the rest of the text for its next piece
	// at every occurrence.
	memo *memo // searches by slot[pattern] + piece - 1
}

// search is one search for a piece: from where, and where it was found
// (-1: nowhere after from).
type search struct {
	gen      uint32 // the memo generation it belongs to
	from, at int    // from -1: not searched yet
}

// try matches pattern pi with its first piece at offset at.
func (m *matcher) try(pi, at int) {
	p := &Patterns[pi]
	score := Entries[p.Entry].Priority
	pos := at
	for k, piece := range p.Pieces {
		i := pos
		if k == 0 {
			if !strings.HasPrefix(m.text[pos:], piece) {
				return
			}
		} else if i = m.index(pi, k, pos); i < 0 {
			return
		}
		if !digitBoundary(m.text, i, i+len(piece)) {
			return
		}
		score += len(piece)
		pos = i + len(piece)
	}
	if score > m.best.Score || m.best.Entry < 0 || (score == m.best.Score && pi < m.best.Pattern) {
		m.best = Match{Entry: p.Entry, Pattern: pi, Text: m.text[at : at+len(p.Pieces[0])], Score: score, Start: at, End: pos}
	}
}

// index returns the first offset at or after pos where piece k of pattern
// pi occurs, or -1. An earlier search from at or before pos answers when
// what it found is not before pos (or it found nothing), since there is
// no occurrence between its start and what it found.
func (m *matcher) index(pi, k, pos int) int {
	piece := Patterns[pi].Pieces[k]
	memo := m.searchAt(pi, k)
	if memo != nil && memo.from >= 0 && pos >= memo.from && (memo.at < 0 || memo.at >= pos) {
		return memo.at
	}
	i := strings.Index(m.text[pos:], piece)
	if i >= 0 {
		i += pos
	}
	if memo != nil {
		*memo = search{gen: memo.gen, from: pos, at: i}
	}
	return i
}

// matchAt reports whether pieces match text with the first piece starting
// at at: each later piece is looked for once, at its first occurrence after
// the previous one, and every piece must respect digitBoundary. It returns
// where the match ends and how many literal bytes it pinned down. It does
// not check that at begins a word; callers choose the start positions.
func matchAt(text string, pieces []string, at int) (end, literal int, ok bool) {
	pos := at
	for k, piece := range pieces {
		var i int
		if k == 0 {
			if !strings.HasPrefix(text[pos:], piece) {
				return 0, 0, false
			}
			i = pos
		} else {
			i = strings.Index(text[pos:], piece)
			if i < 0 {
				return 0, 0, false
			}
			i += pos
		}
		if !digitBoundary(text, i, i+len(piece)) {
			return 0, 0, false
		}
		literal += len(piece)
		pos = i + len(piece)
	}
	return pos, literal, true
}

// MatchPieces reports whether a pattern's pieces match text (normalised)
// by the rules Best applies: the first piece begins a word, the pieces
// follow in order, and none continues a number. It lets the KB lint check
// patterns without compiling them into the table first.
func MatchPieces(text string, pieces []string) bool {
	if len(pieces) == 0 || pieces[0] == "" {
		return false
	}
	first := pieces[0]
	for off := 0; ; {
		j := strings.Index(text[off:], first)
		if j < 0 {
			return false
		}
		at := off + j
		if kbform.WordStart(text, at) {
			if _, _, ok := matchAt(text, pieces, at); ok {
				return true
			}
		}
		off = at + 1
	}
}

// digitBoundary keeps "5.7.1" from matching inside "5.7.12" and "550" inside
// "5500": a piece that begins or ends with a digit must not continue a number.
func digitBoundary(text string, start, end int) bool {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	if start > 0 && isDigit(text[start]) && (isDigit(text[start-1]) || (text[start-1] == '.' && start > 1 && isDigit(text[start-2]))) {
		return false
	}
	if end < len(text) && end > 0 && isDigit(text[end-1]) && (isDigit(text[end]) || (text[end] == '.' && end+1 < len(text) && isDigit(text[end+1]))) {
		return false
	}
	return true
}

// ByCode returns the entry that explains a bare code: an enhanced status code
// ("5.1.1", looked up as "X.1.1" too) or a reply code ("550"). It returns -1
// when the KB has no entry for the code.
func ByCode(code string) int {
	if i, ok := codeIndex[code]; ok {
		return i
	}
	if len(code) > 2 && code[1] == '.' {
		if i, ok := codeIndex["X"+code[1:]]; ok {
			return i
		}
	}
	return -1
}

// ByID returns the index of the entry with the given id, or -1.
func ByID(id string) int {
	for i := range Entries {
		if Entries[i].ID == id {
			return i
		}
	}
	return -1
}
