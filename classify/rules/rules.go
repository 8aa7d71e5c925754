// Package rules holds the knowledge base compiled into match tables and the
// matcher that runs them. The tables (table.go) are generated from kb/*.md by
// tools/kbgen; nothing here is written by hand but the matcher, so a new
// provider message is a Markdown edit.
package rules

import (
	"strings"

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
	short   []int            // first pieces of one byte
	// maybe[a<<8|b] is set when some pattern's first piece starts with the
	// bytes a, b: most positions of a text are ruled out without a lookup.
	maybe [1 << 16]bool
)

func key4(s string) uint32 {
	return uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3])
}

func init() { buildIndex() }

// buildIndex indexes Patterns for Best.
func buildIndex() {
	byKey = make(map[uint32][]int, len(Patterns))
	byShort = map[string][]int{}
	for i, p := range Patterns {
		first := p.Pieces[0]
		switch {
		case len(first) >= keyLen:
			k := key4(first)
			byKey[k] = append(byKey[k], i)
			maybe[uint16(first[0])<<8|uint16(first[1])] = true
		case len(first) > 1:
			byShort[first] = append(byShort[first], i)
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
	best := Match{Entry: -1, Pattern: -1}
	try := func(pi, at int) {
		p := &Patterns[pi]
		end, literal, ok := matchAt(text, p.Pieces, at)
		if !ok {
			return
		}
		score := Entries[p.Entry].Priority + literal
		if score > best.Score || best.Entry < 0 || (score == best.Score && pi < best.Pattern) {
			best = Match{Entry: p.Entry, Pattern: pi, Text: text[at : at+len(p.Pieces[0])], Score: score, Start: at, End: end}
		}
	}
	for i := 0; i+keyLen <= len(text); i++ {
		// A pattern that begins with a letter or digit begins a word: "user
		// unknown" does not start inside "superuser unknown", and most
		// positions of a text need no lookup at all.
		if i > 0 && isWordByte(text[i-1]) && isWordByte(text[i]) || !maybe[uint16(text[i])<<8|uint16(text[i+1])] {
			continue
		}
		for _, pi := range byKey[key4(text[i:])] {
			try(pi, i)
		}
	}
	if len(byShort) > 0 {
		for i := 0; i+1 < len(text); i++ {
			if i > 0 && isWordByte(text[i-1]) && isWordByte(text[i]) {
				continue
			}
			for n := 2; n < keyLen && i+n <= len(text); n++ {
				for _, pi := range byShort[text[i:i+n]] {
					try(pi, i)
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
			if at := off + j; at == 0 || !isWordByte(text[at-1]) || !isWordByte(first[0]) {
				try(pi, at)
			}
			off += j + 1
		}
	}
	return best
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
		if at == 0 || !isWordByte(text[at-1]) || !isWordByte(first[0]) {
			if _, _, ok := matchAt(text, pieces, at); ok {
				return true
			}
		}
		off = at + 1
	}
}

// isWordByte reports ASCII letters and digits. Scripts written without
// spaces between words (Japanese, Chinese) have no word starts to look
// for, so their bytes never count as word bytes.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
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
