//go:build unix

package publish

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// fileStat is what a build needs to know of a path on disk.
type fileStat struct {
	exists, regular, dir bool
	ino                  uint64
	nlink                uint64
	size, mtime          int64
}

// lstat returns what the file system says of path, without following a
// final symbolic link.
func lstat(path string) fileStat {
	fi, err := os.Lstat(path)
	if err != nil {
		return fileStat{}
	}
	return statOf(fi)
}

// statOf returns what fi says.
func statOf(fi os.FileInfo) fileStat {
	s := fileStat{exists: true, regular: fi.Mode().IsRegular(), dir: fi.IsDir(), size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		s.ino, s.nlink = uint64(st.Ino), uint64(st.Nlink)
	}
	return s
}

// sameDevice reports whether a and b are on one file system.
func sameDevice(a, b os.FileInfo) bool {
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && sa.Dev == sb.Dev
}

// writable reports whether the folder dir may be written: an error for a
// read-only folder or file system.
func writable(dir string) error {
	return unix.Access(dir, unix.W_OK)
}
