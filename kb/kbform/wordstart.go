package kbform

import (
	"unicode"
	"unicode/utf8"
)

// isWordByte reports ASCII letters and digits.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// WordStart reports whether a pattern or phrase may begin at text[i] of
// normalised text: unless the character there and the one before it both
// belong to a word. The KB matcher (classify/rules) and the language
// phrase sets (classify/lang) share it, so both find words alike. Letters and
// digits of every script are word characters, so "user" does not start
// inside "éuser" nor a Cyrillic pattern inside a longer Cyrillic word, and a
// combining mark continues the word of its letter. Scripts written without
// spaces between words (Han, kana, Hangul, Thai) have no word starts to
// look for: a pattern may begin at any of their characters, and a word of
// another script may begin right after one. Only the two characters around
// i are read, so the check costs the same on any text.
func WordStart(text string, i int) bool {
	if i <= 0 {
		return true
	}
	if c, p := text[i], text[i-1]; c|p < utf8.RuneSelf {
		return !asciiWord[p] || !asciiWord[c]
	}
	return wordStartRune(text, i)
}

// asciiWord marks the ASCII letters and digits, for WordStart's fast path.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = isWordByte(byte(c))
	}
	return t
}()

// wordStartRune is WordStart where a byte around i is not ASCII. No
// pattern begins in the middle of a character.
func wordStartRune(text string, i int) bool {
	c := text[i]
	if c&0xC0 == 0x80 {
		return false
	}
	if c < utf8.RuneSelf && !isWordByte(c) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	if !isWordRune(r) || spaceless(r) {
		return true
	}
	q, _ := utf8.DecodeLastRuneInString(text[:i])
	return !isWordRune(q) || spaceless(q)
}

// isWordRune reports letters, digits and combining marks of any script.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isWordByte(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// spaceless reports characters of scripts that do not separate words
// with spaces: Han ideographs, hiragana, katakana (with the prolonged
// sound mark), Hangul, Thai, Lao, Khmer and Myanmar. Korean puts spaces
// between phrases but glues particles and compounds, so it is treated
// the same way: "메일함" must be found inside "받는사람메일함".
func spaceless(r rune) bool {
	switch {
	case r >= 0x3040 && r <= 0x30FF, // hiragana, katakana
		r >= 0x31F0 && r <= 0x31FF,   // katakana phonetic extensions
		r >= 0x3400 && r <= 0x4DBF,   // Han extension A
		r >= 0x4E00 && r <= 0x9FFF,   // Han
		r >= 0xF900 && r <= 0xFAFF,   // Han compatibility
		r >= 0x20000 && r <= 0x3FFFF, // Han extensions B and later
		r >= 0xAC00 && r <= 0xD7AF,   // Hangul syllables
		r >= 0x1100 && r <= 0x11FF,   // Hangul jamo
		r >= 0x3130 && r <= 0x318F,   // Hangul compatibility jamo
		r >= 0x0E00 && r <= 0x0EFF,   // Thai, Lao
		r >= 0x1000 && r <= 0x109F,   // Myanmar
		r >= 0x1780 && r <= 0x17FF:   // Khmer
		return true
	}
	return false
}
