package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesAreFresh fails when a data file changed without `make kb`.
func TestSourcesAreFresh(t *testing.T) {
	lang := filepath.Join("..", "..", "classify", "lang")
	want, err := Generate(filepath.Join(lang, "data"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(lang, "sources.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("classify/lang/sources.go is stale: run make kb")
	}
}

// TestGenerate checks that every file is carried whole, in tag order, and
// that text needing escapes (quotes, backquotes, non-ASCII) survives.
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"fr.txt": "name: French\nfailed: \"adresse\" `introuvable`\n", "de.txt": "name: German\nsubject: Unzustellbar\n"}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	de, fr := strings.Index(s, `{"de", `), strings.Index(s, `{"fr", `)
	if de < 0 || fr < 0 || de > fr {
		t.Fatalf("tags missing or out of order:\n%s", s)
	}
	if !strings.Contains(s, `"name: French\nfailed: \"adresse\" `+"`introuvable`"+`\n"`) {
		t.Fatalf("French file not carried whole:\n%s", s)
	}
}
