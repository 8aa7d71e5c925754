// Command gen writes classify/lang/data_gen.go: the data files of
// classify/lang/data as Go string constants. Package lang reads them from
// there rather than with go:embed, whose embed.FS links the file-system
// interfaces (and package time) into the WebAssembly build: 35 KB gzip.
// `make kb` runs it; a test in package lang fails when it is stale.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/bounce-explainer/bounce/classify/lang/gen/source"
)

func main() {
	dir := flag.String("dir", "classify/lang/data", "the data files")
	out := flag.String("o", "classify/lang/data_gen.go", "the Go file to write")
	flag.Parse()
	src, err := source.Generate(*dir)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
