package mimewalk

import (
	"io"
	"strings"
	"testing"
)

func TestCharsetReader(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ISO-8859-1", "caf\xe9", "café"},
		{"iso8859-15", "\xa4", "€"},
		{"ISO_8859-2", "\xb1", "ą"},
		{"windows-1251", "\xcf\xf0\xe8\xe2\xe5\xf2", "Привет"},
		{"KOI8-R", "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет"},
		{"Shift_JIS", "\x83\x65\x83\x58\x83\x67", "テスト"},
		{"ISO-2022-JP", "\x1b$B%F%9%H\x1b(B", "テスト"},
		{" EUC-JP ", "\xa5\xc6\xa5\xb9\xa5\xc8", "テスト"},
		{"us-ascii", "plain", "plain"},
	}
	for _, tt := range tests {
		r, err := charsetReader(tt.name, strings.NewReader(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		got, _ := io.ReadAll(r)
		if string(got) != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, name := range []string{"x-unknown-charset", "", "unicode-1-1-utf-7"} {
		if _, err := charsetReader(name, strings.NewReader("x")); err == nil {
			t.Errorf("%q: want an error", name)
		}
	}
}
