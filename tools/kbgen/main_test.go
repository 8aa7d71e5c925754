package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/bounce-explainer/bounce/kb"
)

// TestTableIsFresh fails when kb/*.md changed without `make kb`.
func TestTableIsFresh(t *testing.T) {
	entries, err := kb.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(entries)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "classify", "rules", "table.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("classify/rules/table.go is stale: run make kb")
	}
}

// TestLangDataIsFresh fails when classify/lang/data/*.txt changed without
// `make kb`.
func TestLangDataIsFresh(t *testing.T) {
	dir := filepath.Join("..", "..", "classify", "lang")
	want, err := GenerateLangData(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "data_gen.go"))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatal("classify/lang/data_gen.go is stale: run make kb")
	}
}

func TestCompilePattern(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"User Unknown", []string{"user unknown"}},
		{"mailbox  *  not   found", []string{"mailbox", "not found"}},
		{"*quota*", []string{"quota"}},
	}
	for _, tt := range tests {
		got := compilePattern(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("compilePattern(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("compilePattern(%q) = %q, want %q", tt.in, got, tt.want)
			}
		}
	}
}
