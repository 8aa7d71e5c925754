// Package dsn reads the machine-readable part of a delivery status
// notification (RFC 3464, message/delivery-status): a group of per-message
// fields followed by one group of per-recipient fields for each recipient,
// groups separated by blank lines, long values folded onto indented lines.
package dsn

import "strings"

// Field is one "Name: value" field, unfolded.
type Field struct {
	Name       string // lower case, e.g. "final-recipient"
	Value      string // unfolded, trimmed
	Start, End int    // byte range of the whole field in the parsed text
}

// Group is a run of fields between blank lines.
type Group []Field

// Get returns the value of the first field called name (lower case).
func (g Group) Get(name string) string {
	f, _ := g.Field(name)
	return f.Value
}

// Field returns the first field called name (lower case).
func (g Group) Field(name string) (Field, bool) {
	for _, f := range g {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Report is a parsed delivery-status body.
type Report struct {
	Message    Group   // per-message fields: Reporting-MTA, Arrival-Date, ...
	Recipients []Group // one group per recipient
}

// IsRecipient reports whether g describes one recipient: it names one.
func IsRecipient(g Group) bool {
	for _, f := range g {
		switch f.Name {
		case "final-recipient", "original-recipient", "x-actual-recipient":
			return true
		}
	}
	return false
}

// maxFields bounds the work on hostile input; a real report has a few dozen.
const maxFields = 2000

// Parse reads delivery-status fields from text. Lines that are not fields
// and not continuations are ignored, so a report pasted with some noise
// around it still parses. Groups are split at blank lines, and also where a
// recipient field starts a new recipient inside one group (some servers
// forget the blank line).
func Parse(text string) Report {
	var p parser
	n := 0
	for pos := 0; pos < len(text) && n < maxFields; {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		line := strings.TrimRight(text[pos:end], "\r")
		switch {
		case strings.TrimSpace(line) == "":
			p.flush()
		case (line[0] == ' ' || line[0] == '\t') && len(p.cur) > 0:
			// A folded value: its pieces are joined once, when the field
			// ends, not on every line.
			p.more = append(p.more, strings.TrimSpace(line))
			p.cur[len(p.cur)-1].End = end
		default:
			colon := strings.IndexByte(line, ':')
			if colon <= 0 || !isFieldName(line[:colon]) {
				break
			}
			name := strings.ToLower(line[:colon])
			if (name == "final-recipient" || name == "original-recipient") && hasName(p.cur, name) {
				p.flush()
			}
			p.unfold()
			p.cur = append(p.cur, Field{Name: name, Value: strings.TrimSpace(line[colon+1:]), Start: pos, End: end})
			n++
		}
		pos = end + 1
	}
	p.flush()
	return p.rep
}

// parser holds the report being parsed, the group being read and the
// continuation lines of its last field.
type parser struct {
	rep  Report
	cur  Group
	more []string
}

// unfold joins the continuation lines into the last field's value.
func (p *parser) unfold() {
	if len(p.more) == 0 || len(p.cur) == 0 {
		return
	}
	f := &p.cur[len(p.cur)-1]
	f.Value = strings.TrimSpace(f.Value + " " + strings.Join(p.more, " "))
	p.more = p.more[:0]
}

// flush ends the group being read.
func (p *parser) flush() {
	p.unfold()
	if len(p.cur) == 0 {
		return
	}
	switch {
	case IsRecipient(p.cur):
		p.rep.Recipients = append(p.rep.Recipients, p.cur)
	case len(p.rep.Recipients) == 0:
		p.rep.Message = append(p.rep.Message, p.cur...)
	default:
		// Fields after the recipients without a recipient of their own
		// belong to the last one (a stray blank line inside a group).
		last := &p.rep.Recipients[len(p.rep.Recipients)-1]
		*last = append(*last, p.cur...)
	}
	p.cur = nil
}

func hasName(g Group, name string) bool {
	_, ok := g.Field(name)
	return ok
}

func isFieldName(s string) bool {
	if len(s) == 0 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// TypedValue splits a typed value such as "rfc822; jdoe@example.com" or
// "smtp; 550 5.1.1 User unknown" into its type and the rest. A value with
// no type comes back whole.
func TypedValue(v string) (typ, rest string) {
	i := strings.IndexByte(v, ';')
	if i <= 0 || i > 20 || strings.ContainsAny(v[:i], " @<") {
		return "", strings.TrimSpace(v)
	}
	return strings.ToLower(strings.TrimSpace(v[:i])), strings.TrimSpace(v[i+1:])
}

// Address returns the mailbox of a recipient field's value, without its
// type and angle brackets.
func Address(v string) string {
	_, a := TypedValue(v)
	a = strings.TrimSpace(a)
	if i := strings.IndexByte(a, '<'); i >= 0 {
		if j := strings.IndexByte(a[i:], '>'); j > 0 {
			a = a[i+1 : i+j]
		}
	}
	return strings.Trim(strings.TrimSpace(a), "<>\"'")
}
