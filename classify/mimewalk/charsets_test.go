package mimewalk

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// charsetCase is one fixture of testdata/charsets (made by make.sh there):
// text encoded in a charset, the label a mail carries, and the text.
type charsetCase struct {
	file, label, want string
	data              []byte
}

func charsetCases(t *testing.T) []charsetCase {
	t.Helper()
	dir := filepath.Join("testdata", "charsets")
	table, err := os.ReadFile(filepath.Join(dir, "charsets.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []charsetCase
	for _, line := range strings.Split(strings.TrimSpace(string(table)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("charsets.tsv: bad line %q", line)
		}
		data, err := os.ReadFile(filepath.Join(dir, f[0]))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, charsetCase{f[0], f[1], f[2], data})
	}
	return cases
}

// TestCharsets decodes every fixture three ways: directly, as the body of
// a base64 part that names the charset, and as an RFC 2047 encoded word.
func TestCharsets(t *testing.T) {
	for _, c := range charsetCases(t) {
		t.Run(c.file, func(t *testing.T) {
			if got, err := decodeCharset(c.label, c.data); err != nil || got != c.want {
				t.Errorf("decode: %q, %v; want %q", got, err, c.want)
			}
			b64 := base64.StdEncoding.EncodeToString(c.data)
			m := Walk("Content-Type: text/plain; charset=\""+c.label+"\"\nContent-Transfer-Encoding: base64\n\n"+b64+"\n", DefaultLimits)
			if len(m.Parts) != 1 || strings.TrimSpace(m.Parts[0].Text) != c.want || len(m.Warnings) != 0 {
				t.Errorf("part: %+v, warnings %q", m.Parts, m.Warnings)
			}
			var h Header
			h.Add("Subject", "=?"+c.label+"?B?"+b64+"?=")
			if got := DecodeHeader(h, "Subject"); got != strings.TrimSpace(c.want) {
				t.Errorf("encoded word: %q", got)
			}
		})
	}
}

func TestCharsetNames(t *testing.T) {
	tests := []struct{ label, want string }{
		{" ISO_8859-2 ", "iso-8859-2"}, {"iso8859-15", "iso-8859-15"}, {"latin1", "iso-8859-1"},
		{"cp1251", "windows-1251"}, {"x-cp1250", "windows-1250"}, {"CP932", "shift_jis"},
		{"x-sjis", "shift_jis"}, {"gb2312", "gbk"}, {"cp950", "big5"}, {"ks_c_5601-1987", "euc-kr"},
		{"us-ascii", "utf-8"}, {"x-unknown-charset", ""}, {"", ""}, {"unicode-1-1-utf-7", ""},
	}
	for _, tt := range tests {
		if got := CanonicalCharset(tt.label); got != tt.want {
			t.Errorf("CanonicalCharset(%q) = %q, want %q", tt.label, got, tt.want)
		}
	}
}

func TestUTF16(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"utf-16", "\xfe\xff\x00A\xd8\x3d\xde\x00", "A😀"},
		{"utf-16", "\xff\xfeA\x00", "A"},
		{"utf-16", "\x00A", "A"}, // no mark: big-endian
		{"utf-16le", "A\x00B", "A\uFFFD"},
		{"utf-16be", "\xd8\x00\x00A", "\uFFFDA"}, // a lone surrogate
	}
	for _, tt := range tests {
		if got := decodeUTF16(tt.name, []byte(tt.in)); got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestNoDecoder is the js/wasm build before wasm/ installs TextDecoder: a
// legacy charset is read as it is, with a warning, and UTF-16 still works.
func TestNoDecoder(t *testing.T) {
	saved := decoder
	SetDecoder(nil)
	defer SetDecoder(saved)
	m := Walk("Content-Type: text/plain; charset=koi8-r\n\n550 \xf0\xd2\xc9\xd7\xc5\xd4", DefaultLimits)
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "koi8-r") || !strings.HasPrefix(m.Parts[0].Text, "550 ") {
		t.Errorf("warnings %q, text %q", m.Warnings, m.Parts[0].Text)
	}
	if got, err := decodeCharset("UTF-16LE", []byte("o\x00k\x00")); err != nil || got != "ok" {
		t.Errorf("UTF-16 without a decoder: %q, %v", got, err)
	}
}
