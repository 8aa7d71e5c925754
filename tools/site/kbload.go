package main

import (
	"fmt"
	"io/fs"
	"sort"

	"github.com/bounce-explainer/bounce/kb"
)

// loadEntries reads the knowledge base like kb.Load, but a bad entry or a
// link to a missing entry costs only that entry or that link, reported in
// the returned problems, rather than the whole site: the KB grows while the
// site is built from it, and kb's own tests hold it to the strict rules.
func loadEntries(fsys fs.FS) ([]*kb.Entry, []string, error) {
	if entries, err := kb.Load(fsys); err == nil {
		return entries, nil, nil
	}
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, nil, err
	}
	var problems []string
	var entries []*kb.Entry
	seen := map[string]bool{}
	for _, name := range names {
		if name == "README.md" {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, err
		}
		e, err := kb.Parse(name, data)
		if err != nil {
			problems = append(problems, "left out: "+err.Error())
			continue
		}
		if seen[e.ID] {
			problems = append(problems, fmt.Sprintf("left out: %s: id %q used twice", name, e.ID))
			continue
		}
		seen[e.ID] = true
		entries = append(entries, e)
	}
	for _, e := range entries {
		var keep []string
		for _, r := range e.Related {
			if seen[r] {
				keep = append(keep, r)
			} else {
				problems = append(problems, fmt.Sprintf("%s: related entry %q does not exist; not linked", e.File, r))
			}
		}
		e.Related = keep
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID < entries[j].ID })
	return entries, problems, nil
}
