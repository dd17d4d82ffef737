//go:build !unix

package cli

import "io/fs"

// processGone reports whether no process has the id pid; where this is
// not known, never, so that no folder of a running serve is removed.
func processGone(pid int) bool { return false }

// ownedByMe reports whether the file belongs to the user running this
// process.
func ownedByMe(info fs.FileInfo) bool { return true }
