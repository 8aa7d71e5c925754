//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/bounce-explainer/bounce/classify/mimewalk"
)

// The classifier carries no charset tables in the browser (they would be a
// third of the WebAssembly): it asks the browser's own TextDecoder, which
// knows every charset bounces come in (Shift_JIS, GB18030, Big5, EUC-KR,
// KOI8-R, windows-125x, ISO-8859-x, ...).
func init() { mimewalk.SetDecoder(decodeWithTextDecoder) }

// textDecoders holds one TextDecoder per charset, or null for a charset
// the browser refused.
var textDecoders = map[string]js.Value{}

var errRefused = errors.New("the browser's TextDecoder does not know this charset")

// decodeWithTextDecoder is a mimewalk.Decoder. Bytes that are not valid in
// the charset become U+FFFD, as in the native decoder.
func decodeWithTextDecoder(charset string, data []byte) (text string, err error) {
	dec, seen := textDecoders[charset]
	if !seen {
		dec = newTextDecoder(charset)
		textDecoders[charset] = dec
	}
	if dec.IsNull() {
		return "", errRefused
	}
	buf := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(buf, data)
	return dec.Call("decode", buf).String(), nil
}

// newTextDecoder returns a TextDecoder for charset, or null when the
// browser has none (the constructor throws a RangeError, which syscall/js
// turns into a panic).
func newTextDecoder(charset string) (dec js.Value) {
	defer func() {
		if recover() != nil {
			dec = js.Null()
		}
	}()
	ctor := js.Global().Get("TextDecoder")
	if ctor.Type() != js.TypeFunction {
		return js.Null()
	}
	return ctor.New(charset)
}
