package lang

import (
	"strings"
	"unicode/utf8"

	"github.com/bounce-explainer/bounce/kb/kbform"
)

// MaxText is how much of a text Detect reads: a bounce's language shows
// in its first lines, and the cost stays flat for a pasted mailbox.
// Callers need not pass more.
const MaxText = 8 << 10

// script is a writing system Detect counts, and the language it means when
// no finer test applies.
type script struct {
	tag, name string
	blocks    []block // its Unicode blocks: plain ranges, not unicode.RangeTable, for the WASM size
	perWord   int     // letters per word: 0 for scripts that separate words with spaces
}

// block is a range of code points [lo, hi].
type block struct{ lo, hi rune }

// scripts are the non-Latin writing systems Detect tells. The order breaks
// ties. Han and kana are separate entries that decide together: Japanese
// mixes them, and the choice between ja, zh-Hans and zh-Hant is made in
// refine.
var scripts = []script{
	{"ru", "Russian", []block{{0x400, 0x52F}, {0x1C80, 0x1C8F}, {0x2DE0, 0x2DFF}, {0xA640, 0xA69F}}, 0},
	{"el", "Greek", []block{{0x370, 0x3FF}, {0x1F00, 0x1FFF}}, 0},
	{"ko", "Korean", []block{{0xAC00, 0xD7AF}, {0x1100, 0x11FF}, {0x3130, 0x318F}}, 2},
	{"zh", "Chinese", []block{{0x4E00, 0x9FFF}, {0x3400, 0x4DBF}, {0xF900, 0xFAFF}, {0x20000, 0x2FFFF}}, 2},
	{"ja", "Japanese", nil, 2}, // kana, counted by isKana
	{"ar", "Arabic", []block{{0x600, 0x6FF}, {0x750, 0x77F}, {0x8A0, 0x8FF}, {0xFB50, 0xFDFF}, {0xFE70, 0xFEFF}}, 0},
	{"he", "Hebrew", []block{{0x590, 0x5FF}, {0xFB1D, 0xFB4F}}, 0},
	{"hi", "Hindi", []block{{0x900, 0x97F}}, 0},
	{"th", "Thai", []block{{0xE00, 0xE7F}}, 3},
	{"bn", "Bengali", []block{{0x980, 0x9FF}}, 0},
	{"ta", "Tamil", []block{{0xB80, 0xBFF}}, 0},
	{"ka", "Georgian", []block{{0x10A0, 0x10FF}, {0x2D00, 0x2D2F}}, 0},
	{"hy", "Armenian", []block{{0x530, 0x58F}}, 0},
}

const (
	scriptKana = 4
	scriptHan  = 3
)

// counts is what one pass over a text saw.
type counts struct {
	words   [16]int // words per script (index into scripts)
	letters [16]int // letters per script
	latin   []int   // function-word score per language (index into latins)
	ukr     int     // letters only Ukrainian uses among Cyrillic languages
	rus     int     // letters Russian uses and Ukrainian does not
	simp    int     // Han characters written only in simplified Chinese
	trad    int     // and only in traditional
	persian int     // Arabic-script letters Persian adds
}

// Detect tells the language of text: the BCP 47 tag ("de", "zh-Hant") and
// whether the classifier reads that language. It tells the script first,
// then within Latin script the language whose function words the text uses
// most. It returns "", true when it cannot tell (a short line, codes
// only). One pass, no allocation beyond the counters.
func Detect(text string) (tag string, read bool) {
	if len(text) > MaxText {
		text = text[:MaxText]
	}
	c := count(text)
	tag = decide(&c)
	if tag == "" {
		return "", true
	}
	d := byTag[tag]
	return tag, d != nil && d.Read()
}

// count reads text once: script letters and words, the letters that tell
// related languages apart, and Latin function words.
func count(text string) counts {
	c := counts{latin: make([]int, len(latins))}
	header := false // the line before was a header field
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if header && line != "" && (line[0] == ' ' || line[0] == '\t') || headerShaped(line) {
			header = true // a header field or its continuation: quoted, not the report's words
			continue
		}
		header = false
		if len(line) <= 120 && isOriginalLine(line) {
			break // the sender's own message follows
		}
		c.countLine(line)
	}
	return c
}

// isOriginalLine reports a line that is a title of the quoted original
// message, decorated ("-----Mensaje original-----") or not.
func isOriginalLine(line string) bool {
	t := strings.Trim(line, " \t\r-=*_+#:.[]()<>")
	return t != "" && IsOriginalTitle(t, t != strings.TrimSpace(line))
}

// headerShaped reports a line that is a message header field ("Received:
// from ...", "X-MS-Exchange-...: ...", "Content-Type: ...") or a MIME
// boundary: the quoted headers of the returned message, in any language
// of report, say nothing of the report's language. Only names with a
// hyphen or the usual header names count, so that a localized label
// ("Motivo: ...") is still read.
func headerShaped(line string) bool {
	if strings.HasPrefix(line, "--") {
		return !strings.ContainsAny(line, " \t") // "--_000_boundary", "------=_Part_1"
	}
	i := 0
	for i < len(line) && i < 64 && (isASCIILetter(line[i]) || i > 0 && (line[i] == '-' || line[i] >= '0' && line[i] <= '9')) {
		i++
	}
	if i == 0 || i >= len(line) || line[i] != ':' || i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
		return false
	}
	name := line[:i]
	return strings.IndexByte(name, '-') > 0 || headerNames[strings.ToLower(name)]
}

// headerNames are the common header fields whose names have no hyphen.
var headerNames = map[string]bool{
	"received": true, "from": true, "to": true, "cc": true, "bcc": true, "date": true, "subject": true,
	"sender": true, "references": true, "importance": true, "priority": true, "via": true,
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// countLine counts one line's letters and words.
func (c *counts) countLine(text string) {
	var word [64]byte
	n := 0 // bytes of the current Latin word; -1 when it is too long
	prev := -1
	for _, r := range text {
		if r < utf8.RuneSelf && (r|0x20 >= 'a' && r|0x20 <= 'z') {
			if n >= 0 && n < len(word) {
				word[n] = byte(r | 0x20) // ASCII: lower case without a table
				n++
			} else {
				n = -1
			}
			prev = -1
			continue
		}
		if r >= utf8.RuneSelf && isLatinLetter(r) {
			n = addLetter(&word, n, kbform.FoldRune(r)) // as the data's words were folded
			prev = -1
			continue
		}
		if r >= 0x300 && r <= 0x36F && n != 0 {
			if n > 0 {
				n = composeLast(&word, n, r) // a decomposed accent: "e" + U+0301
			}
			continue
		}
		if n > 0 {
			c.addWord(word[:n])
		}
		n = 0
		s := scriptOf(r)
		if s >= 0 {
			c.letters[s]++
			if s != prev {
				c.words[s]++
			}
			c.marks(r)
		}
		prev = s
	}
	if n > 0 {
		c.addWord(word[:n])
	}
}

// addLetter appends the folded letter r to the word of n bytes; -1 when
// the word is too long to be a function word.
func addLetter(word *[64]byte, n int, r rune) int {
	if n < 0 || n+utf8.UTFMax > len(word) {
		return -1
	}
	return n + utf8.EncodeRune(word[n:], r)
}

// composeLast joins a combining mark to the last letter of the word, as
// kbform.Normalize does; a mark it does not join is dropped.
func composeLast(word *[64]byte, n int, mark rune) int {
	last, size := utf8.DecodeLastRune(word[:n])
	if c, ok := kbform.Compose(last, mark); ok {
		return addLetter(word, n-size, c)
	}
	return n
}

// addWord scores a Latin word for every language whose list has it; a
// word shared by k languages counts 1/k as much.
func (c *counts) addWord(w []byte) {
	ls, ok := latinWords[string(w)]
	if !ok {
		return
	}
	k := len(ls)
	for _, l := range ls {
		c.latin[l] += 12 / k
	}
}

// marks counts the letters that tell ru from uk, zh-Hans from zh-Hant and
// fa from ar.
func (c *counts) marks(r rune) {
	switch r {
	case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
		c.ukr++
	case 'ы', 'э', 'ъ', 'ё', 'Ы', 'Э', 'Ъ', 'Ё':
		c.rus++
	case 'پ', 'چ', 'ژ', 'گ', 'ی':
		c.persian++
	}
	switch hanForm[r] {
	case 's':
		c.simp++
	case 't':
		c.trad++
	}
}

// scriptOf is the index in scripts of r's script, or -1 (Latin, digits,
// punctuation, anything not told).
func scriptOf(r rune) int {
	if r < 0x370 {
		return -1
	}
	if isKana(r) {
		return scriptKana
	}
	for i, s := range scripts {
		for _, b := range s.blocks {
			if r >= b.lo && r <= b.hi {
				return i
			}
		}
	}
	return -1
}

func isKana(r rune) bool {
	return r >= 0x3041 && r <= 0x30FF && r != 0x30FB || r >= 0x31F0 && r <= 0x31FF || r >= 0xFF66 && r <= 0xFF9D
}

func isLatinLetter(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	// Latin-1 letters, Latin Extended-A and -B, Latin Extended Additional
	// (Vietnamese): not the unicode.Latin table, for the WASM size.
	return r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7 || r >= 0x1E00 && r <= 0x1EFF
}

// decide turns the counts into a tag. A non-Latin script wins when it has
// at least three words and as many as the best Latin language's function
// words (bounces mix English headers and codes with the localized text).
func decide(c *counts) string {
	best, bw := -1, 0
	for i, s := range scripts {
		w := c.words[i]
		if s.perWord > 0 {
			w = c.letters[i] / s.perWord
		}
		if i == scriptHan {
			w += c.letters[scriptKana] / 2 // Japanese: kanji and kana make one text
		}
		if w > bw {
			best, bw = i, w
		}
	}
	lt, ls := bestLatin(c)
	switch {
	case best >= 0 && bw >= 3 && bw*4 >= ls:
		return refine(c, best)
	case ls >= 24: // two function words of their own, or more shared ones
		return lt
	case best >= 0 && ls == 0:
		return refine(c, best)
	}
	return ""
}

// bestLatin is the Latin-script language with the highest score; English
// first, then the data order, on ties.
func bestLatin(c *counts) (string, int) {
	tag, score := "", 0
	for i, l := range latins {
		if c.latin[i] > score {
			tag, score = l, c.latin[i]
		}
	}
	return tag, score
}

// refine tells apart the languages that share a script.
func refine(c *counts, s int) string {
	switch scripts[s].tag {
	case "ru":
		if c.ukr > c.rus {
			return "uk"
		}
	case "zh", "ja":
		kana, han := c.letters[scriptKana], c.letters[scriptHan]
		if kana >= 2 && kana*10 >= han {
			return "ja"
		}
		if c.trad > c.simp {
			return "zh-Hant"
		}
		return "zh-Hans"
	case "ar":
		if c.persian >= 2 {
			return "fa"
		}
	}
	return scripts[s].tag
}
