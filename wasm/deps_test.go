//go:build !js

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// forbidden are packages the js/wasm build must not link: each adds tens to
// hundreds of kilobytes to the download for code the classifier never runs
// (the size budget is in the Makefile's wasm target). A prefix ending in
// "/" stands for the packages under it.
var forbidden = []string{
	"fmt", "reflect", "encoding/json", "regexp", "regexp/", "net", "net/",
	"crypto", "crypto/", "math/big", "github.com/norunners/vert",
	// embed links io/fs and time (about 50 KB gzip): data files are
	// generated into Go source instead (tools/langgen).
	"embed", "time",
}

// TestWasmDependencies lists what GOOS=js GOARCH=wasm links into the
// classifier and fails on any forbidden package, naming who imports it.
func TestWasmDependencies(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	cmd := exec.Command(gobin, "list", "-deps", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	importers := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, imp := range strings.Fields(imports) {
			importers[imp] = append(importers[imp], pkg)
		}
	}
	if len(importers) == 0 {
		t.Fatal("go list printed nothing")
	}
	for pkg, by := range importers {
		if isForbidden(pkg) {
			t.Errorf("the js/wasm build links %s (imported by %s)", pkg, strings.Join(by, ", "))
		}
	}
}

func isForbidden(pkg string) bool {
	for _, f := range forbidden {
		if pkg == f || strings.HasSuffix(f, "/") && strings.HasPrefix(pkg, f) {
			return true
		}
	}
	return false
}
