package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// serve writes the site, when not given -d, to a temporary folder of its
// own, named serveTempPrefix and a random suffix in the system's
// temporary folder, holding serveOwner (its process id and the host's
// name) beside the output. It removes the folder when it stops; a serve
// that was killed leaves it, and a later serve on the same host removes
// it once that process is gone.
const (
	serveTempPrefix = "briefings-serve-"
	serveOwner      = "briefings-serve.pid"
)

// newServeTemp makes serve's temporary folder, and writes the process id
// in it.
func newServeTemp() (string, error) {
	tmp, err := os.MkdirTemp("", serveTempPrefix)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, serveOwner), []byte(owner(os.Getpid())), 0o644); err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// owner is what serveOwner holds for the process pid: its id, and the
// host's name, since a temporary folder may be shared by machines (or
// containers) that do not see each other's processes.
func owner(pid int) string {
	host, _ := os.Hostname()
	return strconv.Itoa(pid) + "\n" + host + "\n"
}

// removeServeTemp removes a temporary folder of serve's, its owner file
// last, so that a removal cut short (a second Ctrl-C) leaves a folder a
// later serve knows as one to remove.
func removeServeTemp(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != serveOwner {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	os.Remove(filepath.Join(dir, serveOwner))
	return os.Remove(dir)
}

// removeServeTempTelling removes serve's temporary folder when serve
// stops. The output of a large site takes seconds to remove (some 30,000
// files and folders at 10,000 briefings, the build before included), so
// when it takes longer than a moment the user is told, and a second
// Ctrl-C (which then ends the process at once) leaves the folder for the
// next serve to remove.
func removeServeTempTelling(dir string, stderr io.Writer) {
	done := make(chan error, 1)
	go func() { done <- removeServeTemp(dir) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(300 * time.Millisecond):
		fmt.Fprintf(stderr, "briefings serve: removing the temporary output %s (Ctrl-C again to leave it: the next serve removes it)\n", dir)
		err = <-done
	}
	if err != nil {
		fmt.Fprintf(stderr, "briefings serve: cannot remove the temporary output: %v\n", err)
	}
}

// removeStaleServeTemps removes, from the folder root (the system's
// temporary folder), the temporary folders that earlier serves left
// (killed, or stopped by a second Ctrl-C) and returns their paths. A
// folder is removed only when it is a folder of this user's, named as
// serve names them, holding the process id serve wrote, of a process
// of this host that is gone: never another program's, nor a running
// serve's.
func removeStaleServeTemps(root string) []string {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), serveTempPrefix) {
			continue // a symbolic link is no folder here
		}
		dir := filepath.Join(root, e.Name())
		info, err := os.Lstat(dir)
		if err != nil || !info.IsDir() || !ownedByMe(info) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, serveOwner))
		if err != nil {
			continue
		}
		id, _, _ := strings.Cut(string(b), "\n")
		pid, err := strconv.Atoi(id)
		if err != nil || pid <= 0 || pid == os.Getpid() || string(b) != owner(pid) || !processGone(pid) {
			continue
		}
		if removeServeTemp(dir) == nil {
			removed = append(removed, dir)
		}
	}
	return removed
}
