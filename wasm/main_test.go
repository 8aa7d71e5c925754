//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"
	"testing"

	"github.com/bounce-explainer/bounce/classify"
)

// TestKeysMatchJSON checks that the object JavaScript receives has exactly
// the keys of the Report's JSON form (DESIGN.md), at every level: vert takes
// a json tag whole, so a tag option like ",omitempty" would leak into a key.
func TestKeysMatchJSON(t *testing.T) {
	inputs := []string{
		"",
		"hello, this is not a bounce",
		"550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown",
		"421 4.7.0 Try again later, closing connection.",
	}
	for _, in := range inputs {
		got := report(js.ValueOf(in))
		rep := classify.Classify([]byte(in))
		want, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		// Compare the key sets by round-tripping the JS object through
		// JSON.stringify, so nulls, numbers and nesting are compared too.
		gotJSON := js.Global().Get("JSON").Call("stringify", got).String()
		var g, w any
		if err := json.Unmarshal([]byte(gotJSON), &g); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(want, &w); err != nil {
			t.Fatal(err)
		}
		compareKeys(t, in, "report", g, w)
	}
}

func compareKeys(t *testing.T, in, path string, got, want any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%q: %s is %T in JS, want an object", in, path, got)
			return
		}
		for k := range g {
			if !plainKey(k) {
				t.Errorf("%q: %s has the key %q in JS", in, path, k)
			}
			// omitempty drops empty values from the JSON form only.
			if _, ok := w[k]; !ok && g[k] != "" {
				t.Errorf("%q: %s.%s is in JS but not in the JSON form", in, path, k)
			}
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				t.Errorf("%q: %s.%s is missing in JS", in, path, k)
				continue
			}
			compareKeys(t, in, path+"."+k, gv, wv)
		}
	case []any:
		g, _ := got.([]any)
		if len(g) != len(w) {
			t.Errorf("%q: %s has %d elements in JS, %d in JSON", in, path, len(g), len(w))
			return
		}
		for i := range w {
			compareKeys(t, in, path, g[i], w[i])
		}
	default:
		if got != want {
			t.Errorf("%q: %s = %v in JS, %v in JSON", in, path, got, want)
		}
	}
}

// plainKey reports whether k looks like a DESIGN.md field name.
func plainKey(k string) bool {
	for _, c := range k {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return k != ""
}

func TestBytesInput(t *testing.T) {
	text := "550 5.1.1 User unknown"
	u8 := js.Global().Get("Uint8Array").New(len(text))
	js.CopyBytesToJS(u8, []byte(text))
	for name, v := range map[string]js.Value{
		"string":      js.ValueOf(text),
		"Uint8Array":  u8,
		"ArrayBuffer": u8.Get("buffer"),
	} {
		got := report(v)
		if !got.Get("bounce").Bool() || got.Get("recipients").Length() != 1 {
			t.Errorf("%s: %s", name, js.Global().Get("JSON").Call("stringify", got).String())
		}
	}
	if got := classifyJS(js.Undefined(), nil).(js.Value); got.Get("bounce").Bool() {
		t.Error("no argument: want an empty, non-bounce report")
	}
	if got := report(js.ValueOf(42)); got.Get("bounce").Bool() {
		t.Error("a number: want an empty, non-bounce report")
	}
}
