package main

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// tokens reads the colour custom properties of style.css: the light set
// (the first :root block) and the dark one (the :root inside the
// prefers-color-scheme: dark query).
func tokens(t *testing.T) (light, dark map[string]string) {
	t.Helper()
	css, err := os.ReadFile(filepath.Join("..", "..", "site", "assets", "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(css)
	decl := regexp.MustCompile(`(--color-[a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;`)
	block := func(from int) map[string]string {
		start := strings.Index(s[from:], ":root {")
		if start < 0 {
			t.Fatal("no :root block")
		}
		start += from
		end := strings.Index(s[start:], "}") + start
		m := map[string]string{}
		for _, d := range decl.FindAllStringSubmatch(s[start:end], -1) {
			m[d[1]] = d[2]
		}
		return m
	}
	light = block(0)
	q := strings.Index(s, "@media (prefers-color-scheme: dark)")
	if q < 0 {
		t.Fatal("no dark colour scheme")
	}
	dark = block(q)
	return light, dark
}

func luminance(hex string) float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		x := float64(v) / 255
		if x <= 0.03928 {
			c[i] = x / 12.92
		} else {
			c[i] = math.Pow((x+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestColourContrast holds the design tokens to WCAG AA (4.5:1 for text) in
// both colour schemes, for every text colour on the backgrounds it is used
// on.
func TestColourContrast(t *testing.T) {
	light, dark := tokens(t)
	pairs := [][2]string{
		{"--color-text", "--color-bg"},
		{"--color-text", "--color-surface"},
		{"--color-text", "--color-surface-2"},
		{"--color-text-muted", "--color-bg"},
		{"--color-text-muted", "--color-surface"},
		{"--color-text-muted", "--color-surface-2"},
		{"--color-accent", "--color-bg"},
		{"--color-accent", "--color-surface"},
		{"--color-accent", "--color-accent-soft"},
		{"--color-accent-contrast", "--color-accent"},
		{"--color-accent-contrast", "--color-accent-hover"},
		{"--color-danger", "--color-danger-soft"},
		{"--color-warning", "--color-warning-soft"},
		{"--color-success", "--color-success-soft"},
		{"--color-text", "--color-code-bg"},
		{"--color-text", "--color-mark"},
	}
	for name, set := range map[string]map[string]string{"light": light, "dark": dark} {
		for _, p := range pairs {
			fg, bg := set[p[0]], set[p[1]]
			if fg == "" || bg == "" {
				t.Errorf("%s: %s or %s is not set", name, p[0], p[1])
				continue
			}
			if c := contrast(fg, bg); c < 4.5 {
				t.Errorf("%s: %s on %s: contrast %.2f, want at least 4.5", name, p[0], p[1], c)
			}
		}
	}
}
