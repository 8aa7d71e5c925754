// Command bounce explains bounced email from files, directories, maildirs,
// mbox files or standard input, offline: nothing it reads leaves the machine.
//
// Usage:
//
//	bounce [-json | -csv] [-kb-base URL] [-max-size MiB] FILE|DIR|- ...
//
// Each argument is a message file, a directory, an mbox file, or "-" for
// standard input (the default when no argument is given). Directories are
// searched recursively, following symbolic links once, for every file whose
// content looks like mail, whatever its name (.eml, .txt, maildir files);
// binary files, hidden files and maildirs' tmp/ folders are skipped. A file whose first line
// is an mbox "From " postmark is split into its messages, named FILE#1,
// FILE#2, ... (a lone message keeps the plain name).
//
// Output: readable text by default; -json prints JSON Lines, one Report per
// input with a "file" field (and "error" when it could not be read); -csv
// prints one row per recipient.
//
// Exit status: 0 when every input was recognised as a bounce (or another
// delivery report), 1 when some input was read but not recognised (or a
// directory held no message at all), 2 when some input could not be read or
// the command line was wrong. When both 1 and 2 apply, 2 wins.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bounce-explainer/bounce/classify"
)

// defaultKBBase is where the hosted help site keeps the KB articles: the
// same placeholder as tools/site -base and the Makefile's SITE_URL; a
// deployment passes its own with -kb-base.
const defaultKBBase = "https://bounce-explainer.example/kb/"

// maxSizeMiB bounds -max-size: 4 GiB is far past any bounce, and keeps
// the byte count well inside an int64.
const maxSizeMiB = 4096

// Exit statuses.
const (
	exitOK         = 0 // every input is a delivery report
	exitNotBounce  = 1 // some input was not recognised
	exitUnreadable = 2 // some input could not be read, or bad usage
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command, with its streams passed in so tests drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("bounce", flag.ContinueOnError)
	fl.SetOutput(stderr)
	asJSON := fl.Bool("json", false, "print JSON Lines: one Report per input, with a \"file\" field")
	asCSV := fl.Bool("csv", false, "print CSV: one row per recipient")
	kbBase := fl.String("kb-base", defaultKBBase, "URL the KB links in text output start with")
	maxMiB := fl.Int64("max-size", 64, "read at most this many MiB of each message (the rest is skipped)")
	fl.Usage = func() {
		fmt.Fprint(stderr, `usage: bounce [-json | -csv] [flags] FILE|DIR|- ...

Explains bounced email: each FILE is a message (.eml, .txt) or an mbox; each
DIR is searched recursively for files that look like mail, whatever their
names (binary and hidden files skipped);
"-" reads standard input. Exit status: 0 all inputs were bounces, 1 some
input was not recognised as a bounce, 2 some input could not be read.

`)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUnreadable
	}
	if *asJSON && *asCSV {
		fmt.Fprintln(stderr, "bounce: -json and -csv cannot be used together")
		return exitUnreadable
	}
	if *maxMiB < 1 || *maxMiB > maxSizeMiB {
		fmt.Fprintf(stderr, "bounce: -max-size must be between 1 and %d (MiB)\n", maxSizeMiB)
		return exitUnreadable
	}
	base := *kbBase
	if base != "" && !strings.HasSuffix(base, "/") {
		base += "/"
	}

	out := bufio.NewWriterSize(stdout, 64<<10)
	var w writer
	switch {
	case *asJSON:
		w = newJSONWriter(out)
	case *asCSV:
		w = newCSVWriter(out)
	default:
		w = &textWriter{w: out, kbBase: base}
	}

	var tot totals
	var writeErr error
	src := source{stdin: stdin, maxSize: *maxMiB << 20, note: func(m string) { fmt.Fprintln(stderr, "bounce:", printable(m)) }}
	src.emit = func(in input) {
		if writeErr != nil {
			return
		}
		var rep classify.Report
		switch {
		case in.err != nil:
			tot.unreadable++
			fmt.Fprintf(stderr, "bounce: %s: %v\n", printable(in.name), printable(plainErr(in.err).Error()))
			rep = classify.Report{Kind: classify.KindUnknown, Recipients: []classify.Recipient{}, Warnings: []string{}}
		default:
			rep = classify.Classify(in.data)
			if in.truncated {
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("only the first %d MiB of this message were read", *maxMiB))
			}
			if rep.Bounce {
				tot.bounces++
			} else {
				tot.notBounces++
			}
		}
		writeErr = w.write(in, rep)
		if writeErr == nil && *asJSON {
			// Flush per line so a pipeline (| jq, | head) sees results as
			// they come during a long batch.
			writeErr = out.Flush()
		}
	}
	if len(fl.Args()) == 0 {
		if isTerminal(stdin) {
			// Someone typed "bounce" alone: say what it waits for.
			fmt.Fprintln(stderr, "bounce: paste a bounce (or an error line), then press Ctrl-D; bounce -h for help")
		}
		src.walk("-")
	}
	emptyDirs := 0
	for _, a := range fl.Args() {
		before := tot.bounces + tot.notBounces + tot.unreadable
		src.skipped = 0
		src.walk(a)
		if writeErr != nil {
			break
		}
		if tot.bounces+tot.notBounces+tot.unreadable == before {
			// Most likely the wrong folder, or messages saved under
			// names bounce does not read.
			emptyDirs++
			fmt.Fprintf(stderr, "bounce: %s: no messages found (%d files skipped as not mail: images, archives, text without headers, addresses or codes)\n", printable(a), src.skipped)
		}
	}
	if writeErr == nil {
		writeErr = w.close(tot)
	}
	if writeErr == nil {
		writeErr = out.Flush()
	}
	if writeErr != nil {
		fmt.Fprintln(stderr, "bounce: writing output:", writeErr)
		return exitUnreadable
	}
	switch {
	case tot.unreadable > 0:
		return exitUnreadable
	case tot.notBounces > 0 || emptyDirs > 0:
		return exitNotBounce
	}
	return exitOK
}

// plainErr drops the path that os errors repeat, since the caller prints it.
func plainErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
