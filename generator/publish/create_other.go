//go:build !unix

package publish

import (
	"io"
	"os"
)

// create opens path for writing, creating or emptying it.
func create(path string) (io.WriteCloser, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}
