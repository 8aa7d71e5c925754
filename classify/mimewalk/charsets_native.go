//go:build !js

package mimewalk

import (
	"bytes"
	"fmt"
	"io"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// nativeCharsets are the golang.org/x/text decoders for the canonical names
// of charsets.go. Only native builds (the CLI, the tests) carry these tables:
// in the browser they would cost about a third of the WebAssembly, and the
// browser's own TextDecoder knows the same charsets (wasm/ installs it).
var nativeCharsets = map[string]encoding.Encoding{
	"iso-8859-1": charmap.ISO8859_1, "iso-8859-2": charmap.ISO8859_2, "iso-8859-3": charmap.ISO8859_3,
	"iso-8859-4": charmap.ISO8859_4, "iso-8859-5": charmap.ISO8859_5, "iso-8859-6": charmap.ISO8859_6,
	"iso-8859-7": charmap.ISO8859_7, "iso-8859-8": charmap.ISO8859_8, "iso-8859-8-i": charmap.ISO8859_8,
	"iso-8859-9": charmap.ISO8859_9, "iso-8859-10": charmap.ISO8859_10, "iso-8859-13": charmap.ISO8859_13,
	"iso-8859-14": charmap.ISO8859_14, "iso-8859-15": charmap.ISO8859_15, "iso-8859-16": charmap.ISO8859_16,
	"windows-874": charmap.Windows874, "windows-1250": charmap.Windows1250, "windows-1251": charmap.Windows1251,
	"windows-1252": charmap.Windows1252, "windows-1253": charmap.Windows1253, "windows-1254": charmap.Windows1254,
	"windows-1255": charmap.Windows1255, "windows-1256": charmap.Windows1256, "windows-1257": charmap.Windows1257,
	"windows-1258": charmap.Windows1258, "koi8-r": charmap.KOI8R, "koi8-u": charmap.KOI8U,
	"ibm866": charmap.CodePage866, "ibm850": charmap.CodePage850, "ibm437": charmap.CodePage437,
	"macintosh": charmap.Macintosh,

	"iso-2022-jp": japanese.ISO2022JP, "shift_jis": japanese.ShiftJIS, "euc-jp": japanese.EUCJP,
	"gbk": simplifiedchinese.GBK, "gb18030": simplifiedchinese.GB18030, "hz-gb-2312": simplifiedchinese.HZGB2312,
	"big5": traditionalchinese.Big5, "euc-kr": korean.EUCKR,
}

func init() { SetDecoder(decodeNative) }

// decodeNative is the Decoder of native builds.
func decodeNative(charset string, data []byte) (string, error) {
	enc, ok := nativeCharsets[charset]
	if !ok {
		return "", fmt.Errorf("no decoder for %q", charset)
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(data)))
	if err != nil && len(out) == 0 {
		return "", err
	}
	return string(out), nil
}
