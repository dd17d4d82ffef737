package prefault

import (
	"runtime/debug"
	"syscall"
	"unsafe"
)

// madvPopulateWrite is MADV_POPULATE_WRITE, since Linux 5.14.
const madvPopulateWrite = 23

func heap(n int) bool {
	if n <= 0 {
		return false
	}
	base := allocate(n)
	debug.FreeOSMemory()
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, base, uintptr(n), madvPopulateWrite)
	return errno == 0
}

// allocate allocates n bytes and returns their address, keeping no
// reference, so that the next collection frees them. The memory is new,
// so the runtime does not clear it, and nothing touches it.
//
//go:noinline
func allocate(n int) uintptr {
	b := make([]byte, n)
	return uintptr(unsafe.Pointer(unsafe.SliceData(b)))
}
