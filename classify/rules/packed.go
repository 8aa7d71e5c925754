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
	rows := strings.SplitAfter(packed, RowEnd)
	rows = rows[:len(rows)-1] // the empty string after the last RowEnd
	es := make([]Entry, len(rows))
	for i, row := range rows {
		f := strings.SplitN(strings.TrimSuffix(row, RowEnd), FieldSep, entryFields)
		if len(f) != entryFields {
			panic("rules: bad packed entry " + strconv.Itoa(i))
		}
		es[i] = Entry{ID: f[0], Title: f[1], Summary: f[2], Kind: kbform.Kind(f[3]), Reason: f[4],
			Provider: f[5], Who: f[6], Hard: f[7] == "1", Priority: atoi(f[8])}
	}
	return es
}

// unpackPatterns decodes a packed pattern table, whose rows are the entry
// index followed by the pattern's pieces.
func unpackPatterns(packed string) []Pattern {
	rows := strings.SplitAfter(packed, RowEnd)
	rows = rows[:len(rows)-1]
	ps := make([]Pattern, len(rows))
	for i, row := range rows {
		f := strings.Split(strings.TrimSuffix(row, RowEnd), FieldSep)
		if len(f) < 2 {
			panic("rules: bad packed pattern " + strconv.Itoa(i))
		}
		ps[i] = Pattern{Entry: atoi(f[0]), Pieces: f[1:]}
	}
	return ps
}

// atoi is strconv.Atoi for numbers kbgen wrote.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic("rules: bad packed number " + strconv.Quote(s))
	}
	return n
}
