package kb

import (
	"bytes"
	"embed"
	"fmt"
	"github.com/bounce-explainer/bounce/kb/kbform"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Files holds every entry of the knowledge base as written.
//
//go:embed *.md
var Files embed.FS

// Kinds of entry. The kind decides where an entry is listed on the help site
// and how the classifier uses its codes.
// They are defined in kbform, which the classifier shares.
const (
	KindReason   = kbform.KindReason
	KindReply    = kbform.KindReply
	KindStatus   = kbform.KindStatus
	KindProvider = kbform.KindProvider
)

// Who has to act, as used in the front matter and the Report.
var whoValues = map[string]bool{"sender": true, "sender-admin": true, "recipient": true, "recipient-admin": true}

// Reasons is the reason vocabulary of DESIGN.md, in the order Sisimai lists it.
var Reasons = []string{
	"authfailure", "badreputation", "blocked", "contenterror", "delivered", "exceedlimit",
	"expired", "failedstarttls", "feedback", "filtered", "hasmoved", "hostunknown",
	"mailboxfull", "mailererror", "mesgtoobig", "networkerror", "norelaying", "notaccept",
	"notcompliantrfc", "onhold", "policyviolation", "rejected", "requireptr", "securityerror",
	"spamdetected", "speeding", "suppressed", "suspend", "syntaxerror", "systemerror",
	"systemfull", "toomanyconn", "undefined", "userunknown", "vacation", "virusdetected",
}

// Entry is one knowledge-base article.
type Entry struct {
	ID       string      // stable identifier; the page lives at kb/<ID>/
	Title    string      // plain-language headline
	Kind     kbform.Kind // KindReason, KindReply, KindStatus or KindProvider
	Reason   string      // the one reason of the vocabulary this entry belongs to
	Provider string      // for provider entries: who writes the message
	Codes    []string    // reply codes ("550") and enhanced status codes ("5.1.1", "X.1.1")
	Patterns []string    // text that identifies the message; see MatchPattern
	Hard     bool        // retrying the same message will not help
	Who      string      // who has to act: sender, sender-admin, recipient, recipient-admin
	Summary  string      // one plain sentence
	Related  []string    // ids of related entries
	Priority int         // breaks ties between entries whose patterns are equally specific

	Body     []byte   // the Markdown after the front matter
	Examples []string // the code blocks under the "Examples" heading: test vectors
	File     string   // file name inside Files
}

// URL is the entry's path on the help site, relative to the site root.
func (e *Entry) URL() string { return "kb/" + e.ID + "/" }

// Load reads and checks every *.md entry in fsys (README.md excluded). Entries
// come back sorted by ID.
func Load(fsys fs.FS) ([]*Entry, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	var entries []*Entry
	seen := map[string]string{}
	var errs []string
	for _, name := range names {
		if name == "README.md" {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		e, err := Parse(name, data)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if prev, dup := seen[e.ID]; dup {
			errs = append(errs, fmt.Sprintf("%s: id %q already used by %s", name, e.ID, prev))
			continue
		}
		seen[e.ID] = name
		entries = append(entries, e)
	}
	for _, e := range entries {
		for _, r := range e.Related {
			if _, ok := seen[r]; !ok {
				errs = append(errs, fmt.Sprintf("%s: related entry %q does not exist", e.File, r))
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("kb: %d bad entries:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID < entries[j].ID })
	return entries, nil
}

// LoadEmbedded reads the entries compiled into this package.
func LoadEmbedded() ([]*Entry, error) { return Load(Files) }

// Parse reads one entry. name is used in error messages and as Entry.File.
func Parse(name string, data []byte) (*Entry, error) {
	front, body, err := splitFrontMatter(name, data)
	if err != nil {
		return nil, err
	}
	fields, err := parseFrontMatter(front)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	e := &Entry{File: name, Body: body}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	for key, v := range fields {
		e.setField(key, v, bad)
	}
	e.check(name, bad)
	e.Examples = examples(e.Body)
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("%s: %s", name, strings.Join(errs, "; "))
	}
	return e, nil
}

// splitFrontMatter separates the YAML-like header from the Markdown body,
// so the field parser never sees the body.
func splitFrontMatter(name string, data []byte) (front string, body []byte, err error) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return "", nil, fmt.Errorf("%s: no front matter (the file must start with ---)", name)
	}
	rest := data[4:]
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		return "", nil, fmt.Errorf("%s: front matter is not closed with ---", name)
	}
	return string(rest[:end]), rest[end+5:], nil
}

// setField stores one front-matter field; every problem goes to bad so an
// author sees all of an entry's mistakes at once.
func (e *Entry) setField(key string, v value, bad func(string, ...any)) {
	switch key {
	case "id":
		e.ID = v.scalar()
	case "title":
		e.Title = v.scalar()
	case "kind":
		e.Kind = kbform.Kind(v.scalar())
	case "reason":
		e.Reason = v.scalar()
	case "provider":
		e.Provider = v.scalar()
	case "codes":
		e.Codes = v.list
	case "patterns":
		e.Patterns = v.list
	case "hard":
		b, err := strconv.ParseBool(v.scalar())
		if err != nil {
			bad("hard: want true or false, got %q", v.scalar())
		}
		e.Hard = b
	case "who":
		e.Who = v.scalar()
	case "summary":
		e.Summary = v.scalar()
	case "related":
		e.Related = v.list
	case "priority":
		n, err := strconv.Atoi(v.scalar())
		if err != nil {
			bad("priority: want an integer, got %q", v.scalar())
		}
		e.Priority = n
	default:
		bad("unknown field %q", key)
	}
}

// check validates the fields against each other and the vocabularies,
// catching KB mistakes at build time rather than as wrong verdicts.
func (e *Entry) check(name string, bad func(string, ...any)) {
	if want := strings.TrimSuffix(path.Base(name), ".md"); e.ID != want {
		bad("id %q does not match the file name (want %q)", e.ID, want)
	}
	if e.Title == "" {
		bad("title is empty")
	}
	if e.Summary == "" {
		bad("summary is empty")
	}
	switch e.Kind {
	case KindReason, KindReply, KindStatus, KindProvider:
	default:
		bad("kind %q is not one of reason, reply, status, provider", e.Kind)
	}
	if !isReason(e.Reason) {
		bad("reason %q is not in the vocabulary", e.Reason)
	}
	if e.Kind == KindReason && e.ID != e.Reason {
		bad("a reason entry's id must be the reason itself (%q)", e.Reason)
	}
	if e.Kind == KindProvider && e.Provider == "" {
		bad("provider entries name their provider")
	}
	if !whoValues[e.Who] {
		bad("who %q is not one of sender, sender-admin, recipient, recipient-admin", e.Who)
	}
	for _, c := range e.Codes {
		if !isCode(c) {
			bad("code %q is neither a reply code (550) nor an enhanced status code (5.1.1, X.1.1)", c)
		}
	}
	for _, p := range e.Patterns {
		if strings.Trim(p, "* ") == "" {
			bad("pattern %q matches everything", p)
		}
	}
}

func isReason(s string) bool {
	for _, r := range Reasons {
		if r == s {
			return true
		}
	}
	return false
}

// isCode accepts "550", "5.1.1", "X.1.1" and "4.7.650".
func isCode(c string) bool {
	if len(c) == 3 && c[0] >= '2' && c[0] <= '5' && isDigits(c[1:]) {
		return true
	}
	parts := strings.Split(c, ".")
	if len(parts) != 3 {
		return false
	}
	if parts[0] != "X" && parts[0] != "2" && parts[0] != "4" && parts[0] != "5" {
		return false
	}
	return isDigits(parts[1]) && len(parts[1]) <= 3 && isDigits(parts[2]) && len(parts[2]) <= 3
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// examples returns the contents of the fenced code blocks in the section
// headed "Examples" (any level), one string per block.
func examples(body []byte) []string {
	var out []string
	in, fence := false, false
	var cur []string
	for _, line := range strings.Split(string(body), "\n") {
		if !fence && strings.HasPrefix(line, "#") {
			in = strings.EqualFold(strings.TrimSpace(strings.TrimLeft(line, "#")), "examples")
			continue
		}
		if !in {
			continue
		}
		if strings.HasPrefix(line, "```") {
			if fence {
				out = append(out, strings.Join(cur, "\n"))
				cur = nil
			}
			fence = !fence
			continue
		}
		if fence {
			cur = append(cur, line)
		}
	}
	return out
}
