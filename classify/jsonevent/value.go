package jsonevent

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is a small JSON reader. encoding/json would do, but it costs
// the WebAssembly about 160 kB gzipped (its reflection-driven decoder and
// the methods it keeps alive) to read a handful of string fields.

// value is a parsed JSON value: object, []any, string, float64, bool or nil.
type value = any

// object is a JSON object; keys are matched ignoring case, as
// encoding/json does for struct fields.
type object map[string]any

// maxNesting bounds how deep objects and arrays may nest.
const maxNesting = 64

var errSyntax = errors.New("jsonevent: invalid JSON")

// parseJSON reads one JSON value that fills s (surrounding space allowed).
func parseJSON(s string) (value, error) {
	p := parser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.s) {
		return nil, errSyntax
	}
	return v, nil
}

type parser struct {
	s   string
	pos int
}

func (p *parser) space() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (value, error) {
	p.space()
	if p.pos >= len(p.s) || depth > maxNesting {
		return nil, errSyntax
	}
	switch c := p.s[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range []struct {
		word string
		v    value
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if strings.HasPrefix(p.s[p.pos:], lit.word) {
			p.pos += len(lit.word)
			return lit.v, nil
		}
	}
	return nil, errSyntax
}

func (p *parser) object(depth int) (value, error) {
	p.pos++ // {
	obj := object{}
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '}' {
		p.pos++
		return obj, nil
	}
	for {
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != '"' {
			return nil, errSyntax
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != ':' {
			return nil, errSyntax
		}
		p.pos++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		obj[key] = v
		if done, err := p.next('}'); done || err != nil {
			return obj, err
		}
	}
}

func (p *parser) array(depth int) (value, error) {
	p.pos++ // [
	var arr []any
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == ']' {
		p.pos++
		return arr, nil
	}
	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		if done, err := p.next(']'); done || err != nil {
			return arr, err
		}
	}
}

// next reads the comma between members, or the closing bracket (done).
func (p *parser) next(closing byte) (done bool, err error) {
	p.space()
	if p.pos >= len(p.s) {
		return false, errSyntax
	}
	switch p.s[p.pos] {
	case ',':
		p.pos++
		return false, nil
	case closing:
		p.pos++
		return true, nil
	}
	return false, errSyntax
}

// number reads a number as RFC 8259 spells it:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func (p *parser) number() (value, error) {
	start := p.pos
	p.skip("-")
	if !p.skip("0") && p.digits() == 0 {
		return nil, errSyntax
	}
	if p.skip(".") && p.digits() == 0 {
		return nil, errSyntax
	}
	if p.skip("e") || p.skip("E") {
		_ = p.skip("+") || p.skip("-")
		if p.digits() == 0 {
			return nil, errSyntax
		}
	}
	f, err := strconv.ParseFloat(p.s[start:p.pos], 64)
	if err != nil {
		return nil, errSyntax // out of range, as encoding/json says
	}
	return f, nil
}

// skip reads prefix if it comes next.
func (p *parser) skip(prefix string) bool {
	if strings.HasPrefix(p.s[p.pos:], prefix) {
		p.pos += len(prefix)
		return true
	}
	return false
}

// digits reads decimal digits and says how many.
func (p *parser) digits() int {
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
	return p.pos - start
}

// str reads a string literal; invalid UTF-8 becomes U+FFFD, as
// encoding/json does.
func (p *parser) str() (string, error) {
	p.pos++ // opening quote
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String(), nil
		case c < ' ':
			return "", errSyntax
		case c == '\\':
			if err := p.escape(&b); err != nil {
				return "", err
			}
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			p.pos++
		default:
			r, n := utf8.DecodeRuneInString(p.s[p.pos:])
			b.WriteRune(r) // U+FFFD for each byte that is not UTF-8
			p.pos += n
		}
	}
	return "", errSyntax
}

// escape reads one backslash escape into b.
func (p *parser) escape(b *strings.Builder) error {
	if p.pos+1 >= len(p.s) {
		return errSyntax
	}
	c := p.s[p.pos+1]
	p.pos += 2
	if i := strings.IndexByte(`"\/bfnrt`, c); i >= 0 {
		b.WriteByte("\"\\/\b\f\n\r\t"[i])
		return nil
	}
	if c != 'u' {
		return errSyntax
	}
	r, ok := p.hex4()
	if !ok {
		return errSyntax
	}
	if utf16.IsSurrogate(r) {
		// A pair is two escapes; a lone half becomes U+FFFD.
		save := p.pos
		if strings.HasPrefix(p.s[p.pos:], `\u`) {
			p.pos += 2
			if r2, ok := p.hex4(); ok && utf16.DecodeRune(r, r2) != utf8.RuneError {
				b.WriteRune(utf16.DecodeRune(r, r2))
				return nil
			}
		}
		p.pos = save
		r = utf8.RuneError
	}
	b.WriteRune(r)
	return nil
}

func (p *parser) hex4() (rune, bool) {
	if p.pos+4 > len(p.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(p.s[p.pos:p.pos+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.pos += 4
	return rune(n), true
}

// get returns the member called key (any case; an exact match first).
func (o object) get(key string) value {
	if v, ok := o[key]; ok {
		return v
	}
	for k, v := range o {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

// obj returns the member called key when it is an object.
func (o object) obj(key string) object {
	v, _ := o.get(key).(object)
	return v
}

// str returns the member called key when it is a string, else "".
func (o object) str(key string) string {
	v, _ := o.get(key).(string)
	return v
}

// list returns the member called key when it is an array, else nil.
func (o object) list(key string) []any {
	v, _ := o.get(key).([]any)
	return v
}

// strings returns the string elements of the array called key.
func (o object) strings(key string) []string {
	var out []string
	for _, v := range o.list(key) {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
