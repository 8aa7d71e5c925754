package mimewalk

import "strings"

// Header is a parsed header block: the fields in order, names as written.
// It is deliberately simpler than a map: a bounce decoder looks up a few
// fields in a short list, and building an index for every part costs more
// than the lookups.
type Header struct {
	fields []field
}

type field struct{ key, value string }

// Add appends a field.
func (h *Header) Add(key, value string) { h.fields = append(h.fields, field{key, value}) }

// Len is the number of fields.
func (h Header) Len() int { return len(h.fields) }

// Get returns the value of the first field called key (any case), or "".
func (h Header) Get(key string) string {
	for _, f := range h.fields {
		if len(f.key) == len(key) && strings.EqualFold(f.key, key) {
			return f.value
		}
	}
	return ""
}

// Has reports whether a field called key is present.
func (h Header) Has(key string) bool {
	for _, f := range h.fields {
		if len(f.key) == len(key) && strings.EqualFold(f.key, key) {
			return true
		}
	}
	return false
}

// Values returns the values of every field called key, in order.
func (h Header) Values(key string) []string {
	var out []string
	for _, f := range h.fields {
		if len(f.key) == len(key) && strings.EqualFold(f.key, key) {
			out = append(out, f.value)
		}
	}
	return out
}

// ContentType returns the media type (lower case) and parameters of the
// Content-Type field; "" when there is none or it cannot be parsed.
func (h Header) ContentType() (string, map[string]string) {
	v := h.Get("Content-Type")
	if v == "" {
		return "", nil
	}
	return parseMediaType(v)
}

// DecodeHeader returns a field's value with RFC 2047 encoded words decoded,
// or as it is when they cannot be decoded.
func DecodeHeader(h Header, key string) string {
	v := h.Get(key)
	if d, err := decodeWords(v); err == nil {
		v = d
	}
	return strings.TrimSpace(v)
}
