package classify

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the Report's JSON form to b: byte for byte what
// encoding/json's Marshal writes (json_test.go checks that), written by
// hand so that the WebAssembly build links neither encoding/json nor
// reflect, the two largest packages it would otherwise carry.
func (r *Report) AppendJSON(b []byte) []byte {
	b = append(b, `{"bounce":`...)
	b = strconv.AppendBool(b, r.Bounce)
	b = appendField(b, "kind", r.Kind)
	b = appendField(b, "mta", r.MTA)
	if r.Subject != "" {
		b = appendField(b, "subject", r.Subject)
	}
	b = append(b, `,"original":`...)
	b = r.Original.appendJSON(b)
	b = appendField(b, "language", r.Language)
	b = append(b, `,"language_read":`...)
	b = strconv.AppendBool(b, r.LanguageRead)
	b = appendField(b, "language_name", r.LanguageName)
	b = append(b, `,"backscatter":`...)
	b = r.Backscatter.appendJSON(b)
	b = append(b, `,"recipients":`...)
	if r.Recipients == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Recipients {
			if i > 0 {
				b = append(b, ',')
			}
			b = r.Recipients[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"warnings":`...)
	b = appendStrings(b, r.Warnings)
	return append(b, '}')
}

func (o *Original) appendJSON(b []byte) []byte {
	b = append(b, `{"from":`...)
	b = appendString(b, o.From)
	b = appendField(b, "to", o.To)
	b = appendField(b, "subject", o.Subject)
	b = appendField(b, "message_id", o.MessageID)
	return append(b, '}')
}

func (s *Backscatter) appendJSON(b []byte) []byte {
	b = append(b, `{"suspected":`...)
	b = strconv.AppendBool(b, s.Suspected)
	b = append(b, `,"signals":`...)
	b = appendStrings(b, s.Signals)
	b = append(b, `,"evidence":`...)
	b = appendSpans(b, s.Evidence)
	return append(b, '}')
}

func (r *Recipient) appendJSON(b []byte) []byte {
	b = append(b, `{"address":`...)
	b = appendString(b, r.Address)
	for _, f := range [...]struct{ name, value string }{
		{"action", r.Action}, {"status", r.Status}, {"reply_code", r.ReplyCode},
		{"remote_mta", r.RemoteMTA}, {"command", r.Command}, {"diagnostic", r.Diagnostic},
		{"reason", r.Reason},
	} {
		b = appendField(b, f.name, f.value)
	}
	b = append(b, `,"hard":`...)
	b = strconv.AppendBool(b, r.Hard)
	for _, f := range [...]struct{ name, value string }{
		{"who", r.Who}, {"entry", r.Entry}, {"title", r.Title}, {"summary", r.Summary},
	} {
		b = appendField(b, f.name, f.value)
	}
	b = append(b, `,"evidence":`...)
	b = appendSpans(b, r.Evidence)
	for _, f := range [...]struct{ name, value string }{
		{"outcome", r.Outcome}, {"outcome_label", r.OutcomeLabel}, {"cause", r.Cause},
		{"cause_label", r.CauseLabel}, {"retry", r.Retry}, {"who_label", r.WhoLabel},
		{"basis", r.Basis},
	} {
		b = appendField(b, f.name, f.value)
	}
	b = append(b, `,"confidence":`...)
	b = appendFloat(b, r.Confidence)
	b = append(b, `,"words":`...)
	b = appendStrings(b, r.Words)
	return append(b, '}')
}

// appendField appends ,"name":"value"; name needs no escaping.
func appendField(b []byte, name, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, value)
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

func appendSpans(b []byte, spans []Span) []byte {
	if spans == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range spans {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"start":`...)
		b = strconv.AppendInt(b, int64(s.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(s.End), 10)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendFloat formats f as encoding/json does: 'f' notation, 'e' for very
// small and very large magnitudes with a one-digit negative exponent
// unpadded. NaN and infinities, which Marshal refuses, are written as 0.
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, '0')
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json does with
// its default HTML escaping: <, > and & as \u00XX, invalid UTF-8 as
// \ufffd, and U+2028 and U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
