//go:build unix

package publish

import (
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

// create opens path for writing, creating or emptying it. It makes the
// system calls itself: os.OpenFile also offers each file to the runtime's
// poller, which a regular file never needs, at four more system calls a
// file (20 against 11 microseconds to create and write a small file on
// this project's machines; a build of 10,000 briefings writes 14,600).
func create(path string) (*fdFile, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return &fdFile{fd, path}, nil
	}
}

// fdFile is a file opened by create.
type fdFile struct {
	fd   int
	path string
}

func (f *fdFile) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := syscall.Write(f.fd, p[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return n, &fs.PathError{Op: "write", Path: f.path, Err: err}
		}
		n += m
	}
	return n, nil
}

func (f *fdFile) Close() error {
	if err := syscall.Close(f.fd); err != nil {
		return &fs.PathError{Op: "close", Path: f.path, Err: err}
	}
	return nil
}

// stat returns what the file system says of the file.
func (f *fdFile) stat() (fileStat, error) {
	var st unix.Stat_t
	if err := unix.Fstat(f.fd, &st); err != nil {
		return fileStat{}, &fs.PathError{Op: "stat", Path: f.path, Err: err}
	}
	mtime, _ := st.Mtim.Unix()
	return fileStat{exists: true, regular: true, ino: uint64(st.Ino), nlink: uint64(st.Nlink), size: st.Size, mtime: mtime*1e9 + st.Mtim.Nsec}, nil
}
