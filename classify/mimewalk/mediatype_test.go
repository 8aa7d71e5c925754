package mimewalk

import (
	"io"
	"maps"
	"mime"
	"strings"
	"testing"
)

// stdMediaType is what the standard library reads, for comparison.
func stdMediaType(v string) (string, map[string]string, error) {
	return mime.ParseMediaType(v)
}

func TestParseMediaType(t *testing.T) {
	tests := []struct {
		in, typ string
		params  map[string]string
	}{
		{`text/plain`, "text/plain", map[string]string{}},
		{`Multipart/Report; report-type=delivery-status;` + "\r\n\t" + `boundary="=_Part;1 \"x\""`, "multipart/report",
			map[string]string{"report-type": "delivery-status", "boundary": `=_Part;1 "x"`}},
		{`text/plain; CHARSET=ISO-2022-JP; format=flowed`, "text/plain", map[string]string{"charset": "ISO-2022-JP", "format": "flowed"}},
		{`application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A`, "application/x-stuff",
			map[string]string{"title": "This is ***fun***"}},
		{`message/external-body; access-type=URL; URL*0="ftp://"; URL*1="cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"`,
			"message/external-body", map[string]string{"access-type": "URL", "url": "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"}},
		{`application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2="isn't it!"`,
			"application/x-stuff", map[string]string{"title": "This is even more ***fun*** isn't it!"}},
		{`text/plain; name*=utf-8''%E5%AE%9B%E5%85%88.txt`, "text/plain", map[string]string{"name": "宛先.txt"}},
	}
	for _, tt := range tests {
		typ, params := parseMediaType(tt.in)
		if typ != tt.typ || !maps.Equal(params, tt.params) {
			t.Errorf("%q: %q %q, want %q %q", tt.in, typ, params, tt.typ, tt.params)
		}
		// What the standard library reads, this reads the same.
		if st, sp, err := stdMediaType(tt.in); err == nil && (st != typ || !maps.Equal(sp, params)) {
			t.Errorf("%q: %q %q; the standard library reads %q %q", tt.in, typ, params, st, sp)
		}
	}
	// Lenient where the standard library gives up: the type and the
	// parameters that can be read are kept.
	for _, tt := range []struct{ in, typ, charset string }{
		{`text/plain; charset=utf-8; charset=koi8-r`, "text/plain", "utf-8"},
		{`text/plain; ; charset="iso-8859-1"`, "text/plain", "iso-8859-1"},
		{`text/plain; broken; charset=big5`, "text/plain", "big5"},
		{`text/html; charset="unterminated`, "text/html", "unterminated"},
	} {
		typ, params := parseMediaType(tt.in)
		if typ != tt.typ || params["charset"] != tt.charset {
			t.Errorf("%q: %q charset %q, want %q %q", tt.in, typ, params["charset"], tt.typ, tt.charset)
		}
	}
}

func FuzzParseMediaType(f *testing.F) {
	for _, s := range []string{`text/plain; charset="utf-8"`, `a/b; x*0*=utf-8''%41; x*1=b`, `multipart/mixed; boundary=b;`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ, params := parseMediaType(s)
		st, sp, err := stdMediaType(s)
		// RFC 2231 values are left to the table above: this reads more
		// charsets than the standard library, which leaves them out.
		if err != nil || strings.ContainsAny(s, "\x00\r\n*") {
			return
		}
		// Every parameter the standard library reads, this reads the same
		// (it also reads RFC 2231 values in other charsets).
		if st != typ {
			t.Errorf("%q: type %q; the standard library reads %q", s, typ, st)
		}
		for k, v := range sp {
			if k != "" && v != "" && params[k] != v { // a nameless parameter is dropped here; an empty one is what the standard library leaves of an RFC 2231 value in a charset it does not know
				t.Errorf("%q: %s=%q; the standard library reads %q", s, k, params[k], v)
			}
		}
	})
}

// stdWords decodes encoded words with the standard library and this
// package's charsets.
var stdWords = mime.WordDecoder{CharsetReader: func(cs string, r io.Reader) (io.Reader, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	out, err := decodeCharset(cs, data)
	return strings.NewReader(out), err
}}

func TestDecodeWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"=?UTF-8?B?SGVsbG8gd29ybGQ=?=", "Hello world"},
		{"=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@example.be>", "André Pirard <PIRARD@example.be>"},
		{"=?utf-8?q?a?= \r\n =?utf-8?q?b?=", "ab"},
		{"=?utf-8?q?a?= x =?utf-8?q?b?=", "a x b"},
		{"(=?ISO-8859-1?Q?a_b?=)", "(a b)"},
		{"=?utf-8?x?bad?= =?utf-8?q?ok?=", "=?utf-8?x?bad?= ok"},
		{"=?utf-8?B?not base64!?=", "=?utf-8?B?not base64!?="},
		{"=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=", "テスト"},
		{"=?utf-8*en?Q?hi?=", "hi"},
		{"unfinished =?utf-8?q?word", "unfinished =?utf-8?q?word"},
	}
	for _, tt := range tests {
		got, err := decodeWords(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("%q: %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if std, err := stdWords.DecodeHeader(tt.in); err == nil && std != got {
			t.Errorf("%q: %q; the standard library reads %q", tt.in, got, std)
		}
	}
	if _, err := decodeWords("=?x-no-such?Q?a?="); err == nil {
		t.Error("unknown charset: want an error (DecodeHeader then keeps the value as written)")
	}
}

func FuzzDecodeWords(f *testing.F) {
	for _, s := range []string{"=?utf-8?q?a_b?= =?iso-8859-1?B?6Q==?=", "x =?utf-8?Q?=E5=AE=9B?= y", "=?=?utf-8?q?z?="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Where the standard library reads a value, this reads the same
		// (it also reads words with an RFC 2231 language).
		got, err := decodeWords(s)
		std, serr := stdWords.DecodeHeader(s)
		if serr == nil && (err != nil || got != std) {
			t.Errorf("%q: %q, %v; the standard library reads %q, %v", s, got, err, std, serr)
		}
	})
}
