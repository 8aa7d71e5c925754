//go:build js && wasm

// Command wasm exposes the classifier to JavaScript. Built with GOOS=js
// GOARCH=wasm into bounce.wasm and run with Go's wasm_exec.js, normally inside
// the Web Worker of site/assets/worker.js.
//
// In the JavaScript global it runs in (globalThis), it defines
//
//	bounce.classify(text) → string   the Report as JSON, synchronously; text
//	                                 is a string, a Uint8Array or an
//	                                 ArrayBuffer (raw bytes)
//	bounce.ready                     a Promise, resolved once classify exists
//
// If the loader created globalThis.bounce before starting the program, the
// object is kept and completed, and its function bounce.loaded, when present,
// is called once classify is in place (worker.js resolves its own ready
// promise that way). The Report is handed over as its JSON text
// (classify.Report.AppendJSON; DESIGN.md) for JSON.parse: converting it
// field by field into JavaScript objects would take reflect (and, with it,
// fmt) into the build, which is most of what the download would grow by. Nothing here decides anything: it only converts values, and
// lends the classifier the browser's TextDecoder for legacy charsets
// (textdecoder.go).
package main

import (
	"syscall/js"

	"github.com/bounce-explainer/bounce/classify"
)

func main() {
	global := js.Global()
	api := global.Get("bounce")
	if api.Type() != js.TypeObject {
		api = global.Get("Object").New()
		global.Set("bounce", api)
	}
	api.Set("classify", js.FuncOf(classifyJS))
	if api.Get("ready").Type() != js.TypeObject {
		api.Set("ready", global.Get("Promise").Call("resolve"))
	}
	if loaded := api.Get("loaded"); loaded.Type() == js.TypeFunction {
		loaded.Invoke()
	}
	// The exported function must outlive main.
	select {}
}

// classifyJS is bounce.classify: one argument (string or bytes) in, the
// Report's JSON text out.
func classifyJS(_ js.Value, args []js.Value) any {
	if len(args) == 0 {
		return report(js.Undefined())
	}
	return report(args[0])
}

// report classifies one JavaScript value and returns the Report's JSON.
func report(input js.Value) string {
	rep := classify.Classify(bytesOf(input))
	return string(rep.AppendJSON(make([]byte, 0, 4096)))
}

// bytesOf converts a JavaScript string, Uint8Array or ArrayBuffer to bytes.
// Strings arrive as UTF-8, which is what the Report's byte offsets count in.
func bytesOf(v js.Value) []byte {
	switch v.Type() {
	case js.TypeString:
		return []byte(v.String())
	case js.TypeObject:
		global := js.Global()
		if v.InstanceOf(global.Get("ArrayBuffer")) {
			v = global.Get("Uint8Array").New(v)
		}
		if v.InstanceOf(global.Get("Uint8Array")) {
			b := make([]byte, v.Get("length").Int())
			js.CopyBytesToGo(b, v)
			return b
		}
	}
	return nil
}
