package mimewalk

import (
	"fmt"
	"io"
	"strings"

	"github.com/emersion/go-message"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// charsets maps the charset names bounces carry to their decoders. It is
// our own table rather than go-message/charset because that package pulls
// in every encoding and the IANA and HTML name indexes: about 320 kB of the
// gzipped WebAssembly, for names no mail server writes. Chinese and Korean
// tables are added where size does not matter (charsets_cjk.go); in the
// browser a part in those charsets is read as it is, with a warning.
var charsets = map[string]encoding.Encoding{
	"utf-8": unicode.UTF8, "utf8": unicode.UTF8, "us-ascii": unicode.UTF8, "ascii": unicode.UTF8,
	"ansi_x3.4-1968": unicode.UTF8, "unicode-1-1-utf-7": nil,
	"utf-16": unicode.UTF16(unicode.BigEndian, unicode.UseBOM), "utf-16be": unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM),
	"utf-16le": unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM),

	"iso-8859-1": charmap.ISO8859_1, "iso8859-1": charmap.ISO8859_1, "latin1": charmap.ISO8859_1, "l1": charmap.ISO8859_1,
	"iso-8859-2": charmap.ISO8859_2, "iso-8859-3": charmap.ISO8859_3, "iso-8859-4": charmap.ISO8859_4,
	"iso-8859-5": charmap.ISO8859_5, "iso-8859-6": charmap.ISO8859_6, "iso-8859-7": charmap.ISO8859_7,
	"iso-8859-8": charmap.ISO8859_8, "iso-8859-8-i": charmap.ISO8859_8, "iso-8859-9": charmap.ISO8859_9,
	"iso-8859-10": charmap.ISO8859_10, "iso-8859-13": charmap.ISO8859_13, "iso-8859-14": charmap.ISO8859_14,
	"iso-8859-15": charmap.ISO8859_15, "latin-9": charmap.ISO8859_15, "iso-8859-16": charmap.ISO8859_16,
	"windows-874": charmap.Windows874, "windows-1250": charmap.Windows1250, "windows-1251": charmap.Windows1251,
	"windows-1252": charmap.Windows1252, "windows-1253": charmap.Windows1253, "windows-1254": charmap.Windows1254,
	"windows-1255": charmap.Windows1255, "windows-1256": charmap.Windows1256, "windows-1257": charmap.Windows1257,
	"windows-1258": charmap.Windows1258,
	"cp1250":       charmap.Windows1250, "cp1251": charmap.Windows1251, "cp1252": charmap.Windows1252,
	"koi8-r": charmap.KOI8R, "koi8-u": charmap.KOI8U, "ibm866": charmap.CodePage866, "cp866": charmap.CodePage866,
	"ibm850": charmap.CodePage850, "cp850": charmap.CodePage850, "ibm437": charmap.CodePage437, "cp437": charmap.CodePage437,
	"macintosh": charmap.Macintosh, "mac": charmap.Macintosh,

	"iso-2022-jp": japanese.ISO2022JP, "csiso2022jp": japanese.ISO2022JP, "iso-2022-jp-2": japanese.ISO2022JP,
	"shift_jis": japanese.ShiftJIS, "shift-jis": japanese.ShiftJIS, "sjis": japanese.ShiftJIS, "x-sjis": japanese.ShiftJIS,
	"ms_kanji": japanese.ShiftJIS, "csshiftjis": japanese.ShiftJIS, "windows-31j": japanese.ShiftJIS, "cp932": japanese.ShiftJIS,
	"euc-jp": japanese.EUCJP, "x-euc-jp": japanese.EUCJP, "cseucpkdfmtjapanese": japanese.EUCJP,
}

func init() {
	message.CharsetReader = charsetReader
	// ISO-8859-n is also written without the first hyphen or as "ISO_8859-n".
	for name, enc := range charsets {
		if rest, ok := strings.CutPrefix(name, "iso-8859-"); ok {
			charsets["iso8859-"+rest] = enc
			charsets["iso_8859-"+rest] = enc
		}
	}
}

// charsetReader decodes input from the named charset into UTF-8.
func charsetReader(name string, input io.Reader) (io.Reader, error) {
	enc, ok := charsets[strings.ToLower(strings.TrimSpace(name))]
	if !ok || enc == nil {
		return nil, fmt.Errorf("charset %q is not supported", name)
	}
	return enc.NewDecoder().Reader(input), nil
}
