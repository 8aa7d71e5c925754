package classify

import (
	"bytes"
	"sort"
)

// source is the input being explained: the bytes as given, which evidence
// offsets point into, and the same text with its line breaks normalised to
// LF, which every stage reads. It does not change once made.
type source struct {
	orig  []byte // the input as given, for evidence offsets
	text  string // the input read, line breaks normalised to LF
	drops []int  // offsets in text where a CR was removed
}

// newSource normalises in (a prefix of orig) for reading.
func newSource(orig, in []byte) *source {
	data, drops := normalizeNewlines(in)
	return &source{orig: orig, text: string(data), drops: drops}
}

// normalizeNewlines turns CRLF, CR CR LF and lone CR line breaks into LF, so
// that every later step sees one kind of line break. drops records, for
// each removed byte, its offset in the result, to map offsets back to the
// input. Input without CR comes back as it is, not copied.
func normalizeNewlines(in []byte) ([]byte, []int) {
	if bytes.IndexByte(in, '\r') < 0 {
		return in, nil
	}
	out := make([]byte, 0, len(in))
	var drops []int
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c != '\r' {
			out = append(out, c)
			continue
		}
		// A run of CRs followed by LF is one line break; a run of CRs
		// without LF is one break per CR.
		j := i
		for j < len(in) && in[j] == '\r' {
			j++
		}
		if j < len(in) && in[j] == '\n' {
			for k := i; k < j; k++ {
				drops = append(drops, len(out))
			}
			i = j - 1
			continue
		}
		out = append(out, '\n')
	}
	return out, drops
}

// origOffset maps an offset in the normalised text back to the input.
func (s *source) origOffset(n int) int {
	return n + sort.SearchInts(s.drops, n+1)
}

// maxLocated bounds the part of a phrase searched for as evidence, so
// that the search stays linear in the input; where that start is found,
// the whole phrase is tried once.
const maxLocated = 128

// locate finds phrase (lower case, single spaces, as rules.Normalize
// writes it) in the input, at or after the normalised offset from if it
// occurs there, else anywhere; white space in the input may be any run of
// spaces and line breaks. It returns nil when the phrase is not in the
// input as such (a base64 or quoted-printable part).
func (s *source) locate(phrase string, from int) []Span {
	if phrase == "" {
		return nil
	}
	head := firstN(phrase, maxLocated)
	start := min(s.origOffset(from), len(s.orig))
	b, e, ok := findFolded(s.orig, head, start)
	if !ok {
		b, e, ok = findFolded(s.orig, head, 0)
	}
	if !ok {
		return nil
	}
	if len(head) < len(phrase) {
		if end, whole := matchFoldedAt(s.orig, phrase, b); whole {
			e = end
		}
	}
	return []Span{{b, e}}
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// findFolded searches hay from offset for phrase case-insensitively, a
// space in phrase matching any run of white space. Callers bound phrase
// (maxLocated): each start position costs at most its length.
func findFolded(hay []byte, phrase string, from int) (int, int, bool) {
	if len(phrase) == 0 {
		return 0, 0, false
	}
	first := phrase[0]
	for i := from; i < len(hay); i++ {
		if lower(hay[i]) != first {
			continue
		}
		if j, ok := matchFoldedAt(hay, phrase, i); ok {
			return i, j, true
		}
	}
	return 0, 0, false
}

// matchFoldedAt reports whether phrase matches hay at i, and where the
// match ends.
func matchFoldedAt(hay []byte, phrase string, i int) (int, bool) {
	j, k := i, 0
	for k < len(phrase) && j < len(hay) {
		if phrase[k] == ' ' {
			if !isSpace(hay[j]) {
				return 0, false
			}
			for j < len(hay) && isSpace(hay[j]) {
				j++
			}
			k++
			continue
		}
		if lower(hay[j]) != phrase[k] {
			return 0, false
		}
		j++
		k++
	}
	return j, k == len(phrase)
}
