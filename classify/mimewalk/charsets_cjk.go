//go:build !js

package mimewalk

import (
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Chinese and Korean decoders cost about 250 kB of gzipped WebAssembly, so
// only native builds (the CLI) carry them; see charsets.go.
func init() {
	for _, name := range []string{"gb2312", "gbk", "cp936", "x-gbk", "euc-cn", "csgb2312"} {
		charsets[name] = simplifiedchinese.GBK
	}
	charsets["gb18030"] = simplifiedchinese.GB18030
	charsets["hz-gb-2312"] = simplifiedchinese.HZGB2312
	for _, name := range []string{"big5", "big5-hkscs", "x-x-big5", "cp950"} {
		charsets[name] = traditionalchinese.Big5
	}
	for _, name := range []string{"euc-kr", "ks_c_5601-1987", "ks_c_5601", "cp949", "windows-949", "csksc56011987"} {
		charsets[name] = korean.EUCKR
	}
}
