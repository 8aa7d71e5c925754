package mimewalk

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A Decoder turns text in a legacy charset into UTF-8. The charset is named
// as the WHATWG Encoding Standard names it ("shift_jis", "gbk", "big5",
// "windows-1251", "iso-8859-2"), so that a browser's TextDecoder takes the
// name as it is. It returns an error for a charset it cannot decode.
type Decoder func(charset string, data []byte) (string, error)

// decoder decodes every charset but UTF-8, US-ASCII and UTF-16, which are
// done here. Native builds set it from golang.org/x/text
// (charsets_native.go); the js/wasm build carries no tables, and its main
// package sets it from the browser's TextDecoder (SetDecoder), which knows
// every charset below at no cost in size.
var decoder Decoder

// SetDecoder installs d for the legacy charsets (nil: none, so such text
// is read as it is, with a warning). Call it before the first Walk; it is
// not safe to call while messages are being read.
func SetDecoder(d Decoder) { decoder = d }

// charsetNames maps the charset names bounces carry to one canonical name
// per charset (the WHATWG one). Names missing here are unknown: a part in
// them is read as it is, with a warning.
var charsetNames = map[string]string{
	"utf-8": "utf-8", "utf8": "utf-8", "us-ascii": "utf-8", "ascii": "utf-8", "ansi_x3.4-1968": "utf-8",
	"utf-16": "utf-16", "utf-16be": "utf-16be", "utf-16le": "utf-16le",

	"latin1": "iso-8859-1", "l1": "iso-8859-1", "latin2": "iso-8859-2", "l2": "iso-8859-2",
	"latin-9": "iso-8859-15", "l9": "iso-8859-15", "iso-8859-8-i": "iso-8859-8-i",
	"cyrillic": "iso-8859-5", "greek": "iso-8859-7", "latin5": "iso-8859-9",

	"windows-874": "windows-874", "koi8-r": "koi8-r", "koi8r": "koi8-r", "koi8-u": "koi8-u",
	"ibm866": "ibm866", "cp866": "ibm866", "ibm850": "ibm850", "cp850": "ibm850",
	"ibm437": "ibm437", "cp437": "ibm437", "macintosh": "macintosh", "mac": "macintosh",

	"iso-2022-jp": "iso-2022-jp", "csiso2022jp": "iso-2022-jp", "iso-2022-jp-2": "iso-2022-jp",
	"shift_jis": "shift_jis", "shift-jis": "shift_jis", "sjis": "shift_jis", "x-sjis": "shift_jis",
	"ms_kanji": "shift_jis", "csshiftjis": "shift_jis", "windows-31j": "shift_jis", "cp932": "shift_jis",
	"euc-jp": "euc-jp", "x-euc-jp": "euc-jp", "cseucpkdfmtjapanese": "euc-jp",

	"gbk": "gbk", "gb2312": "gbk", "cp936": "gbk", "x-gbk": "gbk", "euc-cn": "gbk", "csgb2312": "gbk",
	"chinese": "gbk", "gb18030": "gb18030", "hz-gb-2312": "hz-gb-2312",
	"big5": "big5", "big5-hkscs": "big5", "x-x-big5": "big5", "cp950": "big5", "cn-big5": "big5", "csbig5": "big5",
	"euc-kr": "euc-kr", "ks_c_5601-1987": "euc-kr", "ks_c_5601": "euc-kr", "cp949": "euc-kr",
	"windows-949": "euc-kr", "csksc56011987": "euc-kr", "korean": "euc-kr",
}

func init() {
	// ISO-8859-n is also written "iso8859-n" or "iso_8859-n"; windows-125n
	// as "cp125n" or "x-cp125n".
	for _, n := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "13", "14", "15", "16"} {
		for _, prefix := range []string{"iso-8859-", "iso8859-", "iso_8859-"} {
			charsetNames[prefix+n] = "iso-8859-" + n
		}
	}
	for n := '0'; n <= '8'; n++ {
		name := "windows-125" + string(n)
		charsetNames[name] = name
		charsetNames["cp125"+string(n)] = name
		charsetNames["x-cp125"+string(n)] = name
	}
}

// CanonicalCharset returns the canonical name of a charset label (any
// case, surrounding space ignored), or "" when the label is unknown.
func CanonicalCharset(label string) string {
	return charsetNames[strings.ToLower(strings.TrimSpace(label))]
}

// errNoDecoder is what decodeCharset says for a legacy charset when no
// Decoder is installed.
var errNoDecoder = errors.New("no decoder for legacy charsets")

// decodeCharset converts data from the named charset into UTF-8.
func decodeCharset(label string, data []byte) (string, error) {
	name := CanonicalCharset(label)
	switch name {
	case "":
		return "", &charsetError{label: label}
	case "utf-8":
		return string(data), nil
	case "utf-16", "utf-16be", "utf-16le":
		return decodeUTF16(name, data), nil
	}
	if decoder == nil {
		return "", &charsetError{label: label, err: errNoDecoder}
	}
	out, err := decoder(name, data)
	if err != nil {
		return "", &charsetError{label: label, err: err}
	}
	return out, nil
}

// decodeUTF16 decodes UTF-16: big-endian unless the name or a byte order
// mark says otherwise (RFC 2781). An odd last byte becomes U+FFFD.
func decodeUTF16(name string, data []byte) string {
	big := name != "utf-16le"
	if name == "utf-16" && len(data) >= 2 {
		switch {
		case data[0] == 0xfe && data[1] == 0xff:
			data = data[2:]
		case data[0] == 0xff && data[1] == 0xfe:
			big, data = false, data[2:]
		}
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		if big {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	var b strings.Builder
	b.Grow(len(units))
	for _, r := range utf16.Decode(units) {
		b.WriteRune(r)
	}
	if len(data)%2 == 1 {
		b.WriteRune(utf8.RuneError)
	}
	return b.String()
}

// charsetError says which charset label could not be decoded, and why.
type charsetError struct {
	label string
	err   error // nil: the label names no charset we know
}

// Error names the label, so a warning tells the reader which charset failed.
func (e *charsetError) Error() string {
	msg := "charset " + strconv.Quote(e.label) + " is not supported"
	if e.err != nil {
		msg += ": " + e.err.Error()
	}
	return msg
}

// Unwrap exposes the decoder's own error to errors.Is and errors.As.
func (e *charsetError) Unwrap() error { return e.err }
