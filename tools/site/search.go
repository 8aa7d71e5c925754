package main

import (
	"encoding/json"
	"github.com/bounce-explainer/bounce/classify/advice"
	"strings"

	"github.com/bounce-explainer/bounce/kb"
)

// searchIndex is kb/search.json, read by site/assets/search.js. Each entry is
// an array rather than an object to keep the file small:
//
//	[id, title, kind, reason, provider, codes, summary, patterns, reasonLabel, hard, cause, causeLabel]
//
// cause and causeLabel are classify/advice's (lasting, can-clear, or "" for
// an entry that is not a failure), the words the entry pages use.
//
// patterns are the entry's match patterns joined with "\n" (the wording
// servers use, which is what people search for); search.js scores codes,
// titles, provider names and phrases itself.
type searchIndex struct {
	Version int      `json:"v"`
	Fields  []string `json:"fields"`
	Entries [][]any  `json:"entries"`
}

func buildSearchIndex(entries []*kb.Entry) ([]byte, error) {
	idx := searchIndex{
		Version: 1,
		Fields:  []string{"id", "title", "kind", "reason", "provider", "codes", "summary", "patterns", "reasonLabel", "hard", "cause", "causeLabel"},
	}
	for _, e := range entries {
		codes := e.Codes
		if codes == nil {
			codes = []string{}
		}
		pats := make([]string, 0, len(e.Patterns))
		for _, p := range e.Patterns {
			pats = append(pats, strings.ReplaceAll(p, "*", " "))
		}
		a := advice.ForEntry(e.Reason, e.Hard, e.Who, e.Codes)
		idx.Entries = append(idx.Entries, []any{
			e.ID, e.Title, e.Kind, e.Reason, e.Provider, codes, e.Summary, strings.Join(pats, "\n"), reasonLabel(e.Reason), e.Hard,
			a.Cause, a.CauseLabel,
		})
	}
	return json.Marshal(idx)
}
