// Package lang knows the languages bounces are written in: it reads the
// per-language data files (data/<tag>.txt: names, function words, the
// phrases of localized delivery reports; compiled into data_gen.go by
// `make kb`) and tells the language of a text (Detect). It depends on nothing but the standard library and kbform, so
// the js/wasm build stays small.
package lang

import (
	"sort"
	"strconv"
	"strings"

	"github.com/bounce-explainer/bounce/kb/kbform"
)

// Data is one language's data file, values normalised with
// kbform.Normalize (except Name and Native, kept as written).
type Data struct {
	Tag    string // BCP 47, from the file name
	Name   string // English name
	Native string // its own name
	Script string // Latn, Cyrl, Grek, Jpan, Hans, Hant, Hang
	Words  []string
	// The phrases of delivery reports in this language.
	Subject, Failed, Delayed, Section, Recipient, Autoreply []string
	// Original are the titles under which a report quotes the returned
	// message or its headers ("Ursprüngliche Nachrichtenkopfzeilen"):
	// section titles too, and where the sender's own text begins.
	Original []string
	// Sender are the labels of the sender's address in a report's details
	// ("Absenderadresse"): that address is no failed recipient.
	Sender []string
}

// Read reports whether the classifier has the wording of delivery reports
// in this language: English always, others when their file lists phrases
// that state a failure.
func (d *Data) Read() bool { return d.Tag == "en" || len(d.Failed) > 0 }

// all holds every data file, sorted by tag; byTag indexes it.
var (
	all   []*Data
	byTag = map[string]*Data{}
)

func init() {
	for tag, text := range dataFiles {
		d, _ := Parse(tag, text)
		all = append(all, d)
		byTag[d.Tag] = d
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Tag < all[j].Tag })
	buildDetector()
}

// All returns every language with a data file, sorted by tag.
func All() []*Data { return all }

// Get returns the data of tag, or nil.
func Get(tag string) *Data { return byTag[tag] }

// Parse reads one data file. Lines it cannot read are skipped and named in
// problems (the tests require none).
func Parse(tag, text string) (d *Data, problems []string) {
	d = &Data{Tag: tag}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || v == "" {
			problems = append(problems, tag+": line "+strconv.Itoa(n+1)+": not key: value")
			continue
		}
		if !d.set(k, v) {
			problems = append(problems, tag+": line "+strconv.Itoa(n+1)+": unknown key "+k)
		}
	}
	return d, problems
}

// set stores one key's value; false for an unknown key.
func (d *Data) set(k, v string) bool {
	lists := map[string]*[]string{"subject": &d.Subject, "failed": &d.Failed, "delayed": &d.Delayed,
		"section": &d.Section, "recipient": &d.Recipient, "autoreply": &d.Autoreply, "original": &d.Original, "sender": &d.Sender}
	switch k {
	case "name":
		d.Name = v
	case "native":
		d.Native = v
	case "script":
		d.Script = v
	case "words":
		d.Words = append(d.Words, strings.Fields(kbform.Normalize(v))...)
	default:
		l := lists[k]
		if l == nil {
			return false
		}
		*l = append(*l, kbform.Normalize(v))
	}
	return true
}

// Name is the English name of a language tag: from its data file, else
// from the names of the scripts Detect tells but no file describes
// ("th" → "Thai"), else the tag itself.
func Name(tag string) string {
	if d := byTag[tag]; d != nil && d.Name != "" {
		return d.Name
	}
	for _, s := range scripts {
		if s.tag == tag {
			return s.name
		}
	}
	if tag == "fa" {
		return "Persian"
	}
	return tag
}
