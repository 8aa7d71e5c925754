package mimewalk

import (
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
)

func TestDecodeQP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"caf=C3=A9\n", "café\n"},
		{"lower =c3=a9 hex", "lower é hex"},
		{"soft=\nbreak", "softbreak"},
		{"soft=\r\nbreak\r\n", "softbreak\r\n"},
		{"trailing blanks   \t\nnext", "trailing blanks\nnext"},
		{"soft after blanks=  \nx", "soft after blanksx"},
		{"a=b=\n", "a=b"},                  // "=" without hex digits stays
		{"100% =ZZ sure", "100% =ZZ sure"}, // so does a bad escape
		{"ends with =", "ends with "},
		{"8-bit é and \x01 pass", "8-bit é and \x01 pass"}, // mime/quotedprintable stops here
		{"a=3D=3Db", "a==b"},
	}
	for _, tt := range tests {
		if got, cut := decodeQP(tt.in, 1<<20); got != tt.want || cut {
			t.Errorf("decodeQP(%q) = %q, %v; want %q", tt.in, got, cut, tt.want)
		}
	}
	if got, cut := decodeQP("0123456789=\nabcdef\n", 12); got != "0123456789ab" || !cut {
		t.Errorf("limit: %q, %v", got, cut)
	}
}

// TestDecodeQPLikeStdlib compares with mime/quotedprintable where that one
// succeeds.
func TestDecodeQPLikeStdlib(t *testing.T) {
	for _, in := range []string{
		"Diagnostic-Code: smtp; 550 5.1.1 <jdoe@example.com>: Recipient =\n address rejected\n",
		"=E6=97=A5=E6=9C=AC=E8=AA=9E\r\nline two =\r\ncontinued\r\n",
		"tabs\tinside\t \nand = signs = here\n",
	} {
		want, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(in)))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got, _ := decodeQP(in, 1<<20); got != string(want) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
