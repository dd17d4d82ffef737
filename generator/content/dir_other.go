//go:build !unix

package content

import (
	"io/fs"
	"os"
)

// Dir is os.DirFS(dir), for Load.
func Dir(dir string) fs.FS { return os.DirFS(dir) }
