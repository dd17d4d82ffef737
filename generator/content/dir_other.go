//go:build !unix

package content

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ReadFile implements fs.ReadFileFS: it follows a symbolic link only
// inside the site, and reads only a regular file.
func (d dirFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	p := filepath.Join(d.dir, filepath.FromSlash(name))
	info, err := os.Lstat(p)
	if err != nil {
		return nil, pathError("open", name, err)
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		if p, err = d.follow(name); err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, pathError("open", name, err)
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, pathError("stat", name, err)
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrNotRegular}
	}
	data, err := io.ReadAll(f)
	return data, pathError("read", name, err)
}
