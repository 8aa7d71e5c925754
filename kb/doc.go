// Package kb reads the knowledge base: one Markdown file per entry, each with
// a front matter block that the classifier's rules are compiled from and
// prose that the help site renders.
//
// The Markdown files live next to this package (kb/*.md) and are embedded in
// Files, so the site builder, the rule generator and the tests all read the
// same bytes. The classifier itself never imports this package: it uses the
// tables that tools/kbgen generates from it, so the WebAssembly binary carries
// no Markdown or front matter parser.
//
// The entry format is documented in kb/README.md.
package kb
