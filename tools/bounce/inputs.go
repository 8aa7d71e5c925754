package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// input is one message to classify: a file, one message of an mbox, or
// standard input. Exactly one of data and err is meaningful.
type input struct {
	name      string
	data      []byte
	err       error
	truncated bool // data holds only the first maxSize bytes of the message
}

// source turns the command-line arguments into inputs, one at a time, so a
// directory of a million messages or a multi-gigabyte mbox never sits in
// memory: at most one message (two for an mbox, to name a lone message
// plainly) is held at once.
type source struct {
	stdin   io.Reader
	maxSize int64 // bytes kept per message; the rest is read and dropped
	emit    func(input)
}

// walk emits the inputs named by arg: "-" for standard input, a directory
// (searched recursively), or a file.
func (s *source) walk(arg string) {
	if arg == "-" {
		s.stream("-", s.stdin, true)
		return
	}
	st, err := os.Stat(arg)
	if err != nil {
		s.emit(input{name: arg, err: err})
		return
	}
	if !st.IsDir() {
		s.file(arg, true)
		return
	}
	// WalkDir reads one directory at a time, in lexical order, so the
	// output order is stable and memory stays flat however big the tree.
	err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			s.emit(input{name: path, err: err})
			if d != nil && d.IsDir() && path != arg {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != arg && strings.HasPrefix(d.Name(), ".") && !isMaildirFolder(path) {
				return fs.SkipDir // .git, .cache and the like
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		switch kindOf(path) {
		case kindMessage:
			s.file(path, false)
		case kindMbox:
			s.file(path, true)
		}
		return nil
	})
	if err != nil {
		s.emit(input{name: arg, err: err})
	}
}

// isMaildirFolder reports a Maildir++ subfolder (.Sent, .Junk, ...): hidden
// by name, but holding mail in its own cur/.
func isMaildirFolder(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "cur"))
	return err == nil && st.IsDir()
}

// Kinds of file met in a directory walk.
const (
	kindSkip = iota
	kindMessage
	kindMbox
)

// kindOf says which files of a directory are read: *.eml messages, *.mbox
// mailboxes, and every file in a maildir's cur/ and new/ folders (maildir
// file names carry no extension, only "unique:2,flags"). Messages still being
// delivered sit in tmp/ and are skipped, as are hidden files and hidden
// folders other than Maildir++ subfolders.
func kindOf(path string) int {
	base := filepath.Base(path)
	if strings.HasPrefix(base, ".") {
		return kindSkip
	}
	switch strings.ToLower(filepath.Ext(base)) {
	case ".eml":
		return kindMessage
	case ".mbox":
		return kindMbox
	}
	switch filepath.Base(filepath.Dir(path)) {
	case "cur", "new":
		return kindMessage
	}
	return kindSkip
}

// file emits the message(s) in path. With mayBeMbox, a file whose first line
// is an mbox "From " postmark is split into its messages; a .eml file is
// always one message, even when it starts with an envelope "From " line.
func (s *source) file(path string, mayBeMbox bool) {
	f, err := os.Open(path)
	if err != nil {
		s.emit(input{name: path, err: err})
		return
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".eml") {
		mayBeMbox = false
	}
	s.stream(path, f, mayBeMbox)
}

// stream emits the message(s) read from r.
func (s *source) stream(name string, r io.Reader, mayBeMbox bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	if mayBeMbox {
		head, _ := br.Peek(1024)
		if isPostmark(firstLine(head)) {
			s.mbox(name, br)
			return
		}
	}
	data, truncated, err := readCapped(br, s.maxSize)
	if err != nil {
		s.emit(input{name: name, err: err})
		return
	}
	s.emit(input{name: name, data: data, truncated: truncated})
}

// readCapped reads r to the end and keeps the first max bytes.
func readCapped(r io.Reader, max int64) ([]byte, bool, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, max))
	if err != nil {
		return nil, false, err
	}
	if n < max {
		return buf.Bytes(), false, nil
	}
	rest, err := io.Copy(io.Discard, r)
	if err != nil {
		return nil, false, err
	}
	return buf.Bytes(), rest > 0, nil
}

// postmark matches the "From " line that starts each message of an mbox:
// "From sender date", where the date carries a time of day. Requiring the
// time keeps a body line such as "From the desk of ..." from splitting a
// message in mailboxes whose writer did not escape it.
var postmark = regexp.MustCompile(`^From \S+ +.*\b\d{1,2}:\d{2}`)

func isPostmark(line []byte) bool {
	return bytes.HasPrefix(line, []byte("From ")) && postmark.Match(line)
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

// mbox splits an mbox (mboxo or mboxrd) into messages at postmark lines and
// undoes the ">From " quoting of body lines. The messages are named
// NAME#1, NAME#2, ...; an mbox that holds a single message is named NAME.
func (s *source) mbox(name string, br *bufio.Reader) {
	var (
		cur       bytes.Buffer
		truncated bool
		started   bool
		pending   *input // the previous message, held back to learn whether it is alone
		count     int
		atStart   = true
	)
	flush := func() {
		if !started {
			return
		}
		count++
		msg := bytes.TrimSuffix(cur.Bytes(), []byte("\n")) // the blank separator line
		msg = bytes.TrimSuffix(msg, []byte("\r"))
		in := input{name: name + "#" + strconv.Itoa(count), data: bytes.Clone(msg), truncated: truncated}
		if pending != nil {
			s.emit(*pending)
		}
		pending = &in
		cur.Reset()
		truncated = false
	}
	for {
		frag, err := br.ReadSlice('\n')
		if len(frag) > 0 {
			if atStart && isPostmark(bytes.TrimRight(frag, "\r\n")) {
				flush()
				started = true
			} else if started {
				if atStart && isQuotedFrom(frag) {
					frag = frag[1:]
				}
				if room := s.maxSize - int64(cur.Len()); room > 0 {
					if int64(len(frag)) > room {
						cur.Write(frag[:room])
						truncated = true
					} else {
						cur.Write(frag)
					}
				} else {
					truncated = true
				}
			}
			atStart = frag[len(frag)-1] == '\n'
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			flush()
			if pending != nil {
				s.emit(*pending)
			}
			s.emit(input{name: fmt.Sprintf("%s#%d", name, count+1), err: err})
			return
		}
	}
	flush()
	if pending != nil {
		if count == 1 {
			pending.name = name
		}
		s.emit(*pending)
	}
	if count == 0 {
		s.emit(input{name: name, err: errors.New("empty mbox")})
	}
}

// isQuotedFrom reports a body line ">From ", ">>From ", ... that an mbox
// writer quoted; one ">" comes off on reading.
func isQuotedFrom(line []byte) bool {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
	}
	return i > 0 && bytes.HasPrefix(line[i:], []byte("From "))
}
