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
	"sync"
	"sync/atomic"
	"unsafe"
)

// File is an append-only temporary file of byte strings. Put and Read may
// be called from any goroutine; a nil *File keeps everything in memory.
type File struct {
	f    *os.File
	name string // removed by Close: the OS did not let Create remove it
	size atomic.Int64

	mu  sync.Mutex
	err error // the first failed write or read
}

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

// Close closes the file and removes it if Create could not.
func (s *File) Close() error {
	if s == nil {
		return nil
	}
	err := s.f.Close()
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
	}
	return err
}

// Err returns the first write or read that failed, or nil. A failed write
// costs only memory (Put keeps that string in memory); a failed read is
// also reported to the caller of Read.
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
	if s.err == nil {
		s.err = err
	}
}

// Put stores b and returns its handle. With a nil File, or when the file
// cannot be written, the handle holds b itself, so the caller must not
// change b afterwards.
func (s *File) Put(b []byte) Bytes {
	if len(b) == 0 {
		return Bytes{}
	}
	if s == nil {
		return Bytes{mem: b}
	}
	off := s.size.Add(int64(len(b))) - int64(len(b))
	if _, err := s.f.WriteAt(b, off); err != nil {
		s.fail(err)
		return Bytes{mem: b}
	}
	return Bytes{file: s, off: off, n: len(b)}
}

// PutString is Put for a string; with a nil File, or when the file
// cannot be written, the handle holds str itself.
func (s *File) PutString(str string) Bytes {
	if s == nil || str == "" {
		return MemString(str)
	}
	b := s.Put(unsafe.Slice(unsafe.StringData(str), len(str)))
	if b.file == nil {
		return MemString(str)
	}
	return b
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

// Mem returns a Bytes holding b in memory.
func Mem(b []byte) Bytes { return Bytes{mem: b} }

// MemString returns a Bytes holding s in memory.
func MemString(s string) Bytes { return Bytes{str: s} }

// Len returns the length of the string.
func (b Bytes) Len() int {
	if b.file != nil {
		return b.n
	}
	return len(b.mem) + len(b.str)
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
	if _, err := b.file.f.ReadAt(buf, b.off); err != nil {
		b.file.fail(err)
		return nil, err
	}
	return buf, nil
}

// String returns the string, or "" when it cannot be read (File.Err then
// says why).
func (b Bytes) String() string {
	switch {
	case b.str != "":
		return b.str
	case b.file == nil:
		return string(b.mem)
	}
	buf, err := b.Read()
	if err != nil || len(buf) == 0 {
		return ""
	}
	// buf is new and nobody else holds it: no need to copy it again.
	return unsafe.String(&buf[0], len(buf))
}
