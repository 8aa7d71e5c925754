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
	opts, code, ok := parseFlags(args, stderr)
	if !ok {
		return code
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	b := &batch{opts: opts, out: out, w: newWriter(opts, out), stderr: stderr}
	src := source{stdin: stdin, maxSize: opts.maxMiB << 20, note: func(m string) { fmt.Fprintln(stderr, "bounce:", printable(m)) }}
	src.emit = b.emit
	if len(opts.args) == 0 {
		if isTerminal(stdin) {
			// Someone typed "bounce" alone: say what it waits for.
			fmt.Fprintln(stderr, "bounce: paste a bounce (or an error line), then press Ctrl-D; bounce -h for help")
		}
		src.walk("-")
	}
	b.walkArgs(&src)
	return b.finish()
}

// options are the parsed command line, kept together so the batch and the
// writers read one value instead of many flag pointers.
type options struct {
	asJSON, asCSV bool
	kbBase        string // ends in "/" unless empty
	maxMiB        int64
	args          []string
}

// parseFlags reads the command line; when ok is false, run returns code
// at once (help asked for, or bad usage already reported on stderr).
func parseFlags(args []string, stderr io.Writer) (opts options, code int, ok bool) {
	fl := flag.NewFlagSet("bounce", flag.ContinueOnError)
	fl.SetOutput(stderr)
	asJSON := fl.Bool("json", false, "print JSON Lines: one Report per input, with a \"file\" field")
	asCSV := fl.Bool("csv", false, "print CSV: one row per recipient")
	kbBase := fl.String("kb-base", defaultKBBase, "URL the KB links in text output start with")
	maxMiB := fl.Int64("max-size", 64, "read at most this many MiB of each message (the rest is skipped)")
	fl.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return opts, exitOK, false
		}
		return opts, exitUnreadable, false
	}
	if *asJSON && *asCSV {
		fmt.Fprintln(stderr, "bounce: -json and -csv cannot be used together")
		return opts, exitUnreadable, false
	}
	if *maxMiB < 1 || *maxMiB > maxSizeMiB {
		fmt.Fprintf(stderr, "bounce: -max-size must be between 1 and %d (MiB)\n", maxSizeMiB)
		return opts, exitUnreadable, false
	}
	base := *kbBase
	if base != "" && !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return options{asJSON: *asJSON, asCSV: *asCSV, kbBase: base, maxMiB: *maxMiB, args: fl.Args()}, exitOK, true
}

// usageText is printed before the flag defaults by -h and on bad usage.
const usageText = `usage: bounce [-json | -csv] [flags] FILE|DIR|- ...

Explains bounced email: each FILE is a message (.eml, .txt) or an mbox; each
DIR is searched recursively for files that look like mail, whatever their
names (binary and hidden files skipped);
"-" reads standard input. Exit status: 0 all inputs were bounces, 1 some
input was not recognised as a bounce, 2 some input could not be read.

`

// newWriter picks the output format the flags asked for.
func newWriter(opts options, out *bufio.Writer) writer {
	switch {
	case opts.asJSON:
		return newJSONWriter(out)
	case opts.asCSV:
		return newCSVWriter(out)
	default:
		return &textWriter{w: out, kbBase: opts.kbBase}
	}
}

// batch is the state of one run across all its inputs: the counts that
// decide the exit code and the first write error, after which it stops.
type batch struct {
	opts      options
	out       *bufio.Writer
	w         writer
	stderr    io.Writer
	tot       totals
	writeErr  error
	emptyDirs int
}

// emit classifies one input and writes its result; it is the source's
// callback, so each message is explained as soon as it is read.
func (b *batch) emit(in input) {
	if b.writeErr != nil {
		return
	}
	var rep classify.Report
	switch {
	case in.err != nil:
		b.tot.unreadable++
		fmt.Fprintf(b.stderr, "bounce: %s: %v\n", printable(in.name), printable(plainErr(in.err).Error()))
		rep = classify.Report{Kind: classify.KindUnknown, Recipients: []classify.Recipient{}, Warnings: []string{}}
	default:
		rep = classify.Classify(in.data)
		if in.truncated {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("only the first %d MiB of this message were read", b.opts.maxMiB))
		}
		if rep.Bounce {
			b.tot.bounces++
		} else {
			b.tot.notBounces++
		}
	}
	b.writeErr = b.w.write(in, rep)
	if b.writeErr == nil && b.opts.asJSON {
		// Flush per line so a pipeline (| jq, | head) sees results as
		// they come during a long batch.
		b.writeErr = b.out.Flush()
	}
}

// walkArgs reads every named input in order, noting the arguments that
// held no message at all.
func (b *batch) walkArgs(src *source) {
	for _, a := range b.opts.args {
		before := b.tot.bounces + b.tot.notBounces + b.tot.unreadable
		src.skipped = 0
		src.walk(a)
		if b.writeErr != nil {
			break
		}
		if b.tot.bounces+b.tot.notBounces+b.tot.unreadable == before {
			// Most likely the wrong folder, or messages saved under
			// names bounce does not read.
			b.emptyDirs++
			fmt.Fprintf(b.stderr, "bounce: %s: no messages found (%d files skipped as not mail: images, archives, text without headers, addresses or codes)\n", printable(a), src.skipped)
		}
	}
}

// finish closes the output and turns the totals into the exit code.
func (b *batch) finish() int {
	if b.writeErr == nil {
		b.writeErr = b.w.close(b.tot)
	}
	if b.writeErr == nil {
		b.writeErr = b.out.Flush()
	}
	if b.writeErr != nil {
		fmt.Fprintln(b.stderr, "bounce: writing output:", b.writeErr)
		return exitUnreadable
	}
	switch {
	case b.tot.unreadable > 0:
		return exitUnreadable
	case b.tot.notBounces > 0 || b.emptyDirs > 0:
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
