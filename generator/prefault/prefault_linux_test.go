package prefault

import (
	"syscall"
	"testing"
)

// faults returns the page faults the process has taken so far that the
// kernel served without reading from disk.
func faults(t *testing.T) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return ru.Minflt
}

// TestHeapSparesFaults checks what Heap is for: memory the heap takes
// after it is already mapped, so writing to it faults far less than once
// a page, and it reads as zeros like any new memory.
func TestHeapSparesFaults(t *testing.T) {
	const size, page = 64 << 20, 4096
	if race {
		t.Skip("the race detector's shadow memory faults as the heap is written")
	}
	if !Heap(size) {
		t.Skip("the kernel cannot populate memory (MADV_POPULATE_WRITE, Linux 5.14)")
	}
	before := faults(t)
	var kept [][]byte
	for range size / 2 / (1 << 20) {
		b := make([]byte, 1<<20)
		for i := 0; i < len(b); i += page {
			if b[i] != 0 {
				t.Fatalf("new memory holds %d at %d, want 0", b[i], i)
			}
			b[i] = 1
		}
		kept = append(kept, b)
	}
	touched := int64(len(kept) * (1 << 20) / page)
	if got := faults(t) - before; got > touched/4 {
		t.Errorf("writing to %d pages after Heap took %d page faults, want under %d: the heap did not grow into the mapped memory", touched, got, touched/4)
	}
}

// TestHeapWithoutBytes checks that asking for nothing maps nothing.
func TestHeapWithoutBytes(t *testing.T) {
	if Heap(0) || Heap(-1) {
		t.Error("Heap(0) or Heap(-1) reported memory mapped")
	}
}
