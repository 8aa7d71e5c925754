package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
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
	maxSize int64 // bytes kept per message; the rest of a message is not read
	emit    func(input)
	note    func(string) // a remark for standard error that is not an error
	skipped int          // files of a directory walk skipped as not text
}

// walk emits the inputs named by arg: "-" for standard input, a directory
// (searched recursively), or a file.
func (s *source) walk(arg string) {
	if arg == "-" {
		s.stream("-", s.stdin, true)
		return
	}
	st, err := os.Stat(arg) // follows a symlink given on the command line
	if err != nil {
		s.emit(input{name: arg, err: err})
		return
	}
	if !st.IsDir() {
		s.file(arg, true)
		return
	}
	s.dir(arg, map[string]bool{})
}

// dir emits the messages under the folder path, one at a time and in
// lexical order, so the output order is stable and memory stays flat however
// big the tree. Symbolic links are followed; seen holds the real paths of
// the folders already entered, so a link back up the tree is entered once.
// Hidden files and folders are skipped (.git, .cache), except Maildir++
// subfolders (.Sent, .Junk), and so is a maildir's tmp/ folder, where
// messages still being delivered sit.
func (s *source) dir(path string, seen map[string]bool) {
	real, err := filepath.EvalSymlinks(path)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		s.emit(input{name: path, err: err})
		return
	}
	if seen[real] {
		s.remark(path + ": already read through another path (a symbolic link loop?); skipped")
		return
	}
	seen[real] = true
	entries, err := os.ReadDir(path)
	if err != nil {
		s.emit(input{name: path, err: err})
		return
	}
	for _, e := range entries {
		p := filepath.Join(path, e.Name())
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			st, err := os.Stat(p)
			if err != nil {
				s.emit(input{name: p, err: err})
				continue
			}
			mode = st.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if s.enters(p, e.Name()) {
				s.dir(p, seen)
			}
		case mode.IsRegular() && !strings.HasPrefix(e.Name(), "."):
			s.sniff(p)
		}
	}
}

// remark passes a note for standard error on, when someone listens.
func (s *source) remark(msg string) {
	if s.note != nil {
		s.note(msg)
	}
}

// enters says whether a folder met in a walk is searched.
func (s *source) enters(path, name string) bool {
	if strings.HasPrefix(name, ".") {
		return isMaildirFolder(path)
	}
	if name == "tmp" && isMaildirFolder(filepath.Dir(path)) {
		return false
	}
	return true
}

// isMaildirFolder reports a folder that holds mail in its own cur/: a
// maildir, or a Maildir++ subfolder (.Sent, .Junk, ...) hidden by name.
func isMaildirFolder(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "cur"))
	return err == nil && st.IsDir()
}

// sniff emits the message(s) of a file found in a directory walk when its
// content looks like mail: bounces are saved as .eml, .txt, maildir files
// without any extension, or whatever a helpdesk exports, so names say
// little. Images, archives, PDFs, other binary files and text with nothing
// of mail in its first kilobytes (an index, a configuration file) are
// skipped.
func (s *source) sniff(path string) {
	f, err := os.Open(path)
	if err != nil {
		s.emit(input{name: path, err: err})
		return
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		s.emit(input{name: path, err: err})
		return
	}
	if n == 0 || !looksLikeMail(head[:n]) {
		s.skipped++
		return
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		s.emit(input{name: path, err: err})
		return
	}
	s.stream(path, f, !strings.EqualFold(filepath.Ext(path), ".eml"))
}

// binaryMagic are the openings of binary formats that can pass the NUL-byte
// test in their first kilobytes.
var binaryMagic = [][]byte{[]byte("%PDF-"), {0xff, 0xd8, 0xff}, []byte("GIF8"), []byte("\x89PNG")}

// looksLikeText reports whether the start of a file is text: no known
// binary opening and few control bytes (a stray NUL in a bounce is common;
// UTF-16 text with a byte-order mark counts as text).
func looksLikeText(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return true
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, m) {
			return false
		}
	}
	bad := 0
	for _, c := range head {
		if c < 0x09 || (c > 0x0d && c < 0x20) {
			bad++
		}
	}
	return bad*20 < len(head)
}

// mailSign matches what mail has near its start and other text rarely
// does: a header field opening the text, an address, an SMTP reply code
// or an enhanced status code.
var mailSign = regexp.MustCompile(`(?m)\A(From |[A-Za-z][A-Za-z0-9-]*:[ \t])|[A-Za-z0-9._%+-]@[A-Za-z0-9-]+\.[A-Za-z]|(^|[^0-9.])[245][0-9][0-9][ -]|(^|[^0-9.])[245]\.[0-9]{1,3}\.[0-9]{1,3}($|[^0-9.])`)

// looksLikeMail reports whether the start of a file is text with a sign of
// mail in it.
func looksLikeMail(head []byte) bool {
	if !looksLikeText(head) {
		return false
	}
	return mailSign.Match(fromUTF16(head))
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
	s.emit(input{name: name, data: fromUTF16(data), truncated: truncated})
}

// readCapped reads at most max bytes of r and reports whether r held
// more. It stops there: the rest is neither read nor drained, so /dev/zero
// or an endless pipe ends at the cap.
func readCapped(r io.Reader, max int64) ([]byte, bool, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, err
	}
	if n <= max {
		return buf.Bytes(), false, nil
	}
	return buf.Bytes()[:max], true, nil
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
	m := mboxSplit{s: s, name: name, atStart: true}
	for {
		frag, err := br.ReadSlice('\n')
		if len(frag) > 0 {
			m.fragment(frag)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			m.flush()
			if m.pending != nil {
				s.emit(*m.pending)
			}
			s.emit(input{name: fmt.Sprintf("%s#%d", name, m.count+1), err: err})
			return
		}
	}
	m.flush()
	if m.pending != nil {
		if m.count == 1 {
			m.pending.name = name
		}
		s.emit(*m.pending)
	}
	if m.count == 0 {
		s.emit(input{name: name, err: errors.New("empty mbox")})
	}
}

// mboxSplit is the state of one mbox being split, so the line handling
// and the message boundary can be separate steps.
type mboxSplit struct {
	s         *source
	name      string
	cur       bytes.Buffer
	truncated bool
	started   bool
	pending   *input // the previous message, held back to learn whether it is alone
	count     int
	atStart   bool // the next fragment starts a line
}

// fragment takes one piece of a line (a whole line unless longer than the
// reader's buffer): a postmark ends the message, anything else is kept.
func (m *mboxSplit) fragment(frag []byte) {
	if m.atStart && isPostmark(bytes.TrimRight(frag, "\r\n")) {
		m.flush()
		m.started = true
	} else if m.started {
		if m.atStart && isQuotedFrom(frag) {
			frag = frag[1:]
		}
		m.keep(frag)
	}
	m.atStart = frag[len(frag)-1] == '\n'
}

// keep appends to the current message up to -max-size and marks it
// truncated past that, so a huge message never sits whole in memory.
func (m *mboxSplit) keep(frag []byte) {
	room := m.s.maxSize - int64(m.cur.Len())
	switch {
	case room <= 0:
		m.truncated = true
	case int64(len(frag)) > room:
		m.cur.Write(frag[:room])
		m.truncated = true
	default:
		m.cur.Write(frag)
	}
}

// flush ends the current message and emits the one before it, holding
// the newest back so a lone message can still be named without "#1".
func (m *mboxSplit) flush() {
	if !m.started {
		return
	}
	m.count++
	msg := bytes.TrimSuffix(m.cur.Bytes(), []byte("\n")) // the blank separator line
	msg = bytes.TrimSuffix(msg, []byte("\r"))
	in := input{name: m.name + "#" + strconv.Itoa(m.count), data: bytes.Clone(msg), truncated: m.truncated}
	if m.pending != nil {
		m.s.emit(*m.pending)
	}
	m.pending = &in
	m.cur.Reset()
	m.truncated = false
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

// fromUTF16 turns text saved as UTF-16 with a byte-order mark (Notepad's
// "Unicode") into UTF-8; anything else comes back as it is.
func fromUTF16(b []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		order = binary.LittleEndian
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		order = binary.BigEndian
	default:
		return b
	}
	units := make([]uint16, 0, len(b)/2)
	for i := 2; i+1 < len(b); i += 2 {
		units = append(units, order.Uint16(b[i:]))
	}
	return []byte(string(utf16.Decode(units)))
}
