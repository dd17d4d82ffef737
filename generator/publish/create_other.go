//go:build !unix

package publish

import "os"

// fdFile is a file opened by create.
type fdFile struct{ *os.File }

// create opens path for writing, creating or emptying it.
func create(path string) (*fdFile, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	return &fdFile{f}, nil
}

func (f *fdFile) stat() (fileStat, error) {
	fi, err := f.File.Stat()
	if err != nil {
		return fileStat{}, err
	}
	return statOf(fi), nil
}
