// Package spill keeps byte strings that a build writes once and reads back
// once or twice later, the rendered bodies of notes and their plain text,
// in a temporary file instead of in memory. A build of 100,000 briefings
// renders some 600 MB of body HTML and 370 MB of plain text before it
// writes its first page; in a File they cost the process nothing, and the
// operating system keeps them in its page cache, which it can evict.
//
// The file lives beside the output folder, on the same disk, and is
// removed as soon as it is created where the operating system allows it
// (it then goes away with the process, however the build ends), otherwise
// by Close. A Bytes may also hold its string in memory, which is what
// watch and serve use: they keep everything between rebuilds.
package spill

import (
	"errors"
	"os"
	"slices"
	"sync"
	"unsafe"
)

// File is an append-only temporary file of byte strings. Put and Read may
// be called from any goroutine; a nil *File keeps everything in memory.
//
// Put gathers strings in a buffer of pendingSize bytes and writes them
// out together: at 10,000 briefings one write per string cost 0.2 s of
// system time a build.
type File struct {
	f    *os.File
	name string // removed by Close: the OS did not let Create remove it

	mu sync.Mutex
	// pending holds the strings put since the last write, which start at
	// offset written.
	pending []byte
	written int64
	// kept holds the buffers that could not be written, by offset.
	kept map[int64][]byte
	err  error // the first failed write or read
}

// pendingSize is the size of the buffer Put writes out when full.
const pendingSize = 1 << 20

// Create makes a File in dir.
func Create(dir string) (*File, error) {
	f, err := os.CreateTemp(dir, ".briefings-spill-*")
	if err != nil {
		return nil, err
	}
	s := &File{f: f}
	if err := os.Remove(f.Name()); err != nil {
		s.name = f.Name()
	}
	return s, nil
}

// Close closes the file and removes it if Create could not; the strings
// cannot be read any more.
func (s *File) Close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	s.pending, s.kept = nil, nil
	s.mu.Unlock()
	err := s.f.Close()
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
	}
	return err
}

// Err returns the first write or read that failed, or nil. A failed write
// costs only memory (the strings stay in memory); a failed read is also
// reported to the caller of Read.
func (s *File) Err() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *File) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failLocked(err)
}

func (s *File) failLocked(err error) {
	if s.err == nil {
		s.err = err
	}
}

// Put stores b and returns its handle. With a nil File the handle holds b
// itself, so the caller must not change b afterwards; a File copies it.
func (s *File) Put(b []byte) Bytes {
	if len(b) == 0 {
		return Bytes{}
	}
	if s == nil {
		return Bytes{mem: b}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending)+len(b) > pendingSize {
		s.flushLocked()
	}
	off := s.written + int64(len(s.pending))
	if s.pending == nil {
		s.pending = make([]byte, 0, max(pendingSize, len(b)))
	}
	s.pending = append(s.pending, b...)
	return Bytes{file: s, off: off, n: len(b)}
}

// flushLocked writes the pending strings out, or keeps them in memory
// when they cannot be written.
func (s *File) flushLocked() {
	if len(s.pending) == 0 {
		return
	}
	if _, err := s.f.WriteAt(s.pending, s.written); err != nil {
		s.failLocked(err)
		if s.kept == nil {
			s.kept = map[int64][]byte{}
		}
		s.kept[s.written] = s.pending
		s.written += int64(len(s.pending))
		s.pending = nil
		return
	}
	s.written += int64(len(s.pending))
	s.pending = s.pending[:0]
}

// read copies the string at off into buf from memory, and reports
// whether it could.
func (s *File) read(buf []byte, off int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if off >= s.written {
		if end := off - s.written + int64(len(buf)); end <= int64(len(s.pending)) {
			copy(buf, s.pending[off-s.written:end])
			return true
		}
		return false
	}
	for start, data := range s.kept {
		if off >= start && off < start+int64(len(data)) {
			copy(buf, data[off-start:])
			return true
		}
	}
	return false
}

// PutString is Put for a string.
func (s *File) PutString(str string) Bytes {
	if s == nil {
		return MemString(str)
	}
	return s.Put(unsafe.Slice(unsafe.StringData(str), len(str)))
}

// Bytes is a byte string held in memory or in a File. The zero value is
// empty.
type Bytes struct {
	mem  []byte
	str  string // in memory, from PutString
	file *File
	off  int64
	n    int
}

// Span returns where b is in its File: the offset and the length; ok is
// false for a Bytes in memory. File.At makes it again from them, for a
// caller that keeps many of one File and wants them small (16 bytes
// where a Bytes is 64).
func (b Bytes) Span() (off int64, n int, ok bool) {
	if b.file == nil {
		return 0, 0, false
	}
	return b.off, b.n, true
}

// At returns the Bytes of s that Span said was n bytes at off; n 0 is
// the empty Bytes.
func (s *File) At(off int64, n int) Bytes {
	if n == 0 {
		return Bytes{}
	}
	return Bytes{file: s, off: off, n: n}
}

// Mem returns a Bytes holding b in memory.
func Mem(b []byte) Bytes { return Bytes{mem: b} }

// MemString returns a Bytes holding s in memory.
func MemString(s string) Bytes { return Bytes{str: s} }

// Len returns the length of the string.
func (b Bytes) Len() int {
	switch {
	case b.str != "":
		return len(b.str)
	case b.file == nil:
		return len(b.mem)
	}
	return b.n
}

// Slice returns the bytes i to j of b, which reading reads alone.
func (b Bytes) Slice(i, j int) Bytes {
	switch {
	case b.str != "":
		return Bytes{str: b.str[i:j]}
	case b.file == nil:
		return Bytes{mem: b.mem[i:j]}
	}
	if i < 0 || i > j || j > b.n {
		panic("spill: slice out of range")
	}
	return Bytes{file: b.file, off: b.off + int64(i), n: j - i}
}

// Read returns the string. For a string in memory that is the slice
// itself, which the caller must not change; for one in a File it is a new
// slice.
func (b Bytes) Read() ([]byte, error) {
	switch {
	case b.str != "":
		return []byte(b.str), nil
	case b.file == nil:
		return b.mem, nil
	}
	buf := make([]byte, b.n)
	if err := b.readFile(buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// AppendTo appends the string to dst and returns the longer slice: a
// caller reading many strings one after the other can read each into the
// same buffer.
func (b Bytes) AppendTo(dst []byte) ([]byte, error) {
	switch {
	case b.str != "":
		return append(dst, b.str...), nil
	case b.file == nil:
		return append(dst, b.mem...), nil
	}
	dst = slices.Grow(dst, b.n)
	if err := b.readFile(dst[len(dst) : len(dst)+b.n]); err != nil {
		return dst, err
	}
	return dst[:len(dst)+b.n], nil
}

// readFile reads the string, which is in a File, into buf.
func (b Bytes) readFile(buf []byte) error {
	if b.file.read(buf, b.off) {
		return nil
	}
	if _, err := b.file.f.ReadAt(buf, b.off); err != nil {
		b.file.fail(err)
		return err
	}
	return nil
}

// ReadString returns the string as a string, copying it no more than
// once.
func (b Bytes) ReadString() (string, error) {
	switch {
	case b.str != "":
		return b.str, nil
	case b.file == nil:
		return string(b.mem), nil
	}
	buf, err := b.Read()
	if err != nil || len(buf) == 0 {
		return "", err
	}
	// buf is new and nobody else holds it: no need to copy it again.
	return unsafe.String(&buf[0], len(buf)), nil
}

// String returns the string, or "" when it cannot be read (File.Err then
// says why).
func (b Bytes) String() string {
	str, _ := b.ReadString()
	return str
}
