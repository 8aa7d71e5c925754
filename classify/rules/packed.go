package rules

import (
	"strconv"
	"strings"

	"github.com/bounce-explainer/bounce/kb/kbform"
)

// The generated tables (table.go) are packed strings rather than Go
// composite literals: a []Entry or []Pattern literal puts a string header
// (a pointer and a length) per field and a slice header per pattern into
// the WASM's data, which compresses poorly and costs about 16 kB of
// brotli'd download for nothing. One string per table, split here at
// start-up, costs a few hundred microseconds instead; the strings of the
// tables are substrings of the packed ones, so nothing is copied.
//
// A table is rows ended by kbform.RowEnd, each made of fields separated
// by kbform.FieldSep.
const (
	FieldSep = kbform.FieldSep
	RowEnd   = kbform.RowEnd
)

// entryFields is the number of fields of a packed entry row: ID, Title,
// Summary, Kind, Reason, Provider, Who, Hard ("1" or ""), Priority.
const entryFields = 9

// unpackEntries decodes a packed entry table.
func unpackEntries(packed string) []Entry {
	es := make([]Entry, 0, strings.Count(packed, RowEnd))
	for row := range rows(packed) {
		var f [entryFields]string
		rest, ok := row, true
		for i := range f {
			if !ok {
				panic("rules: bad packed entry " + strconv.Quote(row))
			}
			f[i], rest, ok = strings.Cut(rest, FieldSep)
		}
		es = append(es, Entry{ID: f[0], Title: f[1], Summary: f[2], Kind: kbform.Kind(f[3]), Reason: f[4],
			Provider: f[5], Who: f[6], Hard: f[7] == "1", Priority: atoi(f[8])})
	}
	return es
}

// unpackPatterns decodes a packed pattern table, whose rows are the entry
// index followed by the pattern's pieces. Every pattern's Pieces share one
// backing array, sliced to their length (appending to one copies it).
func unpackPatterns(packed string) []Pattern {
	n := strings.Count(packed, RowEnd)
	ps := make([]Pattern, 0, n)
	all := make([]string, 0, strings.Count(packed, FieldSep)) // one separator per piece
	for row := range rows(packed) {
		entry, rest, ok := strings.Cut(row, FieldSep)
		if !ok {
			panic("rules: bad packed pattern " + strconv.Quote(row))
		}
		start := len(all)
		for ok {
			var piece string
			piece, rest, ok = strings.Cut(rest, FieldSep)
			all = append(all, piece)
		}
		ps = append(ps, Pattern{Entry: atoi(entry), Pieces: all[start:len(all):len(all)]})
	}
	return ps
}

// rows yields the rows of a packed table, without their RowEnd.
func rows(packed string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for packed != "" {
			row, rest, _ := strings.Cut(packed, RowEnd)
			if !yield(row) {
				return
			}
			packed = rest
		}
	}
}

// atoi is strconv.Atoi for numbers kbgen wrote.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic("rules: bad packed number " + strconv.Quote(s))
	}
	return n
}
