//go:build !linux

package publish

// isMountPoint is known on Linux only; elsewhere a mount point on another
// device is found by its device number.
func isMountPoint(dir string) bool { return false }
