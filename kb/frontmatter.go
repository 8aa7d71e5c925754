package kb

import (
	"fmt"
	"strings"
)

// value is a front matter value: a scalar or a list.
type value struct {
	list   []string
	isList bool
}

func (v value) scalar() string {
	if len(v.list) == 0 {
		return ""
	}
	return v.list[0]
}

// parseFrontMatter reads the small YAML subset the KB uses: "key: scalar",
// "key: [a, b]" and a "key:" line followed by "  - item" lines. Anything else
// is an error, so a typo cannot silently drop a rule.
func parseFrontMatter(s string) (map[string]value, error) {
	out := map[string]value{}
	var listKey string
	for i, line := range strings.Split(s, "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasPrefix(trimmed, "- ") || trimmed == "-" {
			if listKey == "" || line == trimmed {
				return nil, fmt.Errorf("line %d: list item outside a list", n)
			}
			v := out[listKey]
			v.list = append(v.list, unquote(stripComment(strings.TrimSpace(strings.TrimPrefix(trimmed, "-")))))
			out[listKey] = v
			continue
		}
		if line != trimmed {
			return nil, fmt.Errorf("line %d: unexpected indentation", n)
		}
		key, rest, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want key: value", n)
		}
		key = strings.TrimSpace(key)
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("line %d: %s given twice", n, key)
		}
		rest = stripComment(strings.TrimSpace(rest))
		listKey = ""
		switch {
		case rest == "":
			listKey = key
			out[key] = value{isList: true}
		case strings.HasPrefix(rest, "[") && strings.HasSuffix(rest, "]"):
			v := value{isList: true}
			for _, item := range splitInline(rest[1 : len(rest)-1]) {
				v.list = append(v.list, item)
			}
			out[key] = v
		default:
			out[key] = value{list: []string{unquote(rest)}}
		}
	}
	return out, nil
}

// splitInline splits "a, "b, c", d" on commas outside double quotes.
func splitInline(s string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	flush := func() {
		if t := strings.TrimSpace(cur.String()); t != "" {
			out = append(out, unquote(t))
		}
		cur.Reset()
	}
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			cur.WriteRune(r)
		case r == ',' && !quoted:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return strings.ReplaceAll(s[1:len(s)-1], `\"`, `"`)
	}
	return s
}

// stripComment drops a trailing " # comment" from an unquoted value, as YAML
// does; a "#" inside quotes or without a space before it is kept.
func stripComment(s string) string {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == '#' && !quoted && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t'):
			return strings.TrimSpace(s[:i])
		}
	}
	return s
}
