package classify

import (
	"strings"

	"github.com/bounce-explainer/bounce/classify/backscatter"
)

// suspect judges whether the bounce in rd is backscatter: a bounce of
// spam that someone else sent with the person's address forged as the
// sender (package backscatter weighs the signs). It runs after finish,
// on the report's final kind. Only failure and delay
// reports are judged; a complaint or an automatic reply is about mail as
// it was received, not about who sent it.
func suspect(rd *reading, rep *Report) Backscatter {
	none := Backscatter{Signals: []string{}, Evidence: []Span{}}
	if rep.Kind != KindFailure && rep.Kind != KindDelay {
		return none
	}
	o := backscatter.Original{Present: rd.inner != nil, Subject: rep.Original.Subject}
	if o.Present {
		o.Fields = headerFields(rd.src, rd.innerText, rd.innerOff)
	}
	if o.Subject == "" {
		// With nothing returned, the bounce's own subject often carries
		// the original's ("Undeliverable: <subject>").
		o.Subject = rep.Subject
	}
	v := backscatter.Judge(o)
	if !v.Suspected {
		return none
	}
	bs := none
	bs.Suspected = true
	for _, s := range v.Signals {
		bs.Signals = append(bs.Signals, s.Text)
		sp := Span{rd.src.origOffset(s.Start), rd.src.origOffset(s.End)}
		if s.Start >= 0 && s.End > s.Start && !hasSpan(bs.Evidence, sp) {
			bs.Evidence = append(bs.Evidence, sp) // two signs may point at one field
		}
	}
	return bs
}

// maxOriginalFields bounds how many fields of the returned header are
// read: real headers have a few dozen, a hostile one could have millions.
const maxOriginalFields = 200

// headerFields splits a header block into its fields, folded lines joined,
// each with where it is in src.text (from off; -1 when off is -1, for a
// header that was decoded and has no place in the input).
func headerFields(src *source, header string, off int) []backscatter.Field {
	var fs []backscatter.Field
	for pos := 0; pos < len(header) && len(fs) < maxOriginalFields; {
		end := pos
		for {
			nl := strings.IndexByte(header[end:], '\n')
			if nl < 0 {
				end = len(header)
				break
			}
			end += nl + 1
			if end >= len(header) || (header[end] != ' ' && header[end] != '\t') {
				break
			}
		}
		line := strings.TrimRight(header[pos:end], "\n")
		if line == "" {
			break
		}
		if name, val, ok := strings.Cut(line, ":"); ok && !strings.ContainsAny(name, " \t") {
			f := backscatter.Field{Name: name, Value: strings.Join(strings.Fields(val), " "), Start: -1, End: -1}
			if off >= 0 && off+pos+len(line) <= len(src.text) && src.text[off+pos:off+pos+len(line)] == line {
				f.Start, f.End = off+pos, off+pos+len(line)
			}
			fs = append(fs, f)
		}
		pos = end
	}
	return fs
}

func hasSpan(spans []Span, sp Span) bool {
	for _, s := range spans {
		if s == sp {
			return true
		}
	}
	return false
}
