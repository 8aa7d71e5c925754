// Command bounce explains bounced email from files, directories, maildirs,
// mbox files or standard input.
//
//	bounce [-json] FILE|DIR|- ...
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bounce-explainer/bounce/classify"
)

func main() {
	asJSON := flag.Bool("json", false, "print one JSON object per input (JSON Lines)")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		args = []string{"-"}
	}
	status := 0
	var files []string
	for _, a := range args {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			names, _ := filepath.Glob(filepath.Join(a, "*.eml"))
			files = append(files, names...)
			continue
		}
		files = append(files, a)
	}
	for _, a := range files {
		var data []byte
		var err error
		if a == "-" {
			data, err = io.ReadAll(os.Stdin)
		} else {
			data, err = os.ReadFile(a)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bounce:", err)
			status = 1
			continue
		}
		rep := classify.Classify(data)
		if *asJSON {
			out, _ := json.Marshal(struct {
				File string `json:"file"`
				classify.Report
			}{a, rep})
			fmt.Println(string(out))
		} else {
			fmt.Printf("%s: %+v\n", a, rep)
		}
	}
	os.Exit(status)
}
