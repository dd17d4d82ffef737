package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A site is read only from inside its own folder. A site may come from
// someone else's repository, and git keeps symbolic links: a link such as
// content/x.md -> ~/.ssh/id_rsa or static/y -> /etc would otherwise
// publish the files of whoever builds it. So a link is followed only when
// its target is inside the site folder, and only regular files are read,
// so that a named pipe cannot hang a build nor /dev/zero fill its memory.

// OutsideError is the error for a symbolic link whose target is outside
// the site folder, which is not followed.
type OutsideError struct {
	// Target is where the link leads, its links followed.
	Target string
}

func (e *OutsideError) Error() string {
	return "symbolic link to " + e.Target + ", outside the site folder"
}

// ErrNotRegular is the error for reading what is not a regular file: a
// named pipe, a device or a socket.
var ErrNotRegular = errors.New("not a regular file")

// Follow returns where path, inside the site folder site, leads once its
// symbolic links are followed. A target outside site is an *OutsideError.
func Follow(site, path string) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	if real, err = filepath.Abs(real); err != nil {
		return "", err
	}
	root, err := filepath.EvalSymlinks(site)
	if err == nil {
		root, err = filepath.Abs(root)
	}
	if err != nil {
		return "", err
	}
	if !Within(root, real) {
		return "", &OutsideError{Target: real}
	}
	return real, nil
}

// Within reports whether path is folder or inside it; both are clean
// absolute paths.
func Within(folder, path string) bool {
	return path == folder || strings.HasPrefix(path, strings.TrimSuffix(folder, string(filepath.Separator))+string(filepath.Separator))
}

// Kind names a file mode that is not a regular file or a folder, for
// messages: "a named pipe", "a device".
func Kind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode&fs.ModeIrregular != 0:
		return "a special file"
	}
	return fmt.Sprintf("a file of mode %v", mode.Type())
}

// Dir returns the folder dir of the site folder site as an fs.FS: for
// Load, and for the site's layouts/. It keeps to the site: Stat and
// ReadFile follow a symbolic link only when its target is inside site
// (else they fail with an *OutsideError), and ReadFile reads only regular
// files (else ErrNotRegular) without waiting on them. They check the
// link a name ends in; the folders on the way are those a walk of the
// FS found, and fs.WalkDir does not enter linked folders.
func Dir(dir, site string) fs.FS {
	return dirFS{os.DirFS(dir).(osDirFS), dir, site}
}

// osDirFS is what os.DirFS has besides ReadFile and Load uses: walking
// the folder and stat.
type osDirFS interface {
	fs.ReadDirFS
	fs.StatFS
}

type dirFS struct {
	osDirFS
	dir  string
	site string
}

// Stat implements fs.StatFS.
func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	p := filepath.Join(d.dir, filepath.FromSlash(name))
	info, err := os.Lstat(p)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return info, pathError("stat", name, err)
	}
	// os.Stat first, for its errors: a link that points nowhere or at
	// itself.
	if info, err = os.Stat(p); err != nil {
		return nil, pathError("stat", name, err)
	}
	if _, err := Follow(d.site, p); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return info, nil
}

// follow returns the file name, a symbolic link, leads to, when inside
// the site.
func (d dirFS) follow(name string) (string, error) {
	return Follow(d.site, filepath.Join(d.dir, filepath.FromSlash(name)))
}

// pathError returns err, an error of the os package about a file of the
// site, as an error about name.
func pathError(op, name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: op, Path: name, Err: pe.Err}
	}
	return err
}
