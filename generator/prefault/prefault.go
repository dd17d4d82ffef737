// Package prefault has the kernel map, in one call, memory that a build's
// heap is about to grow into.
//
// On the virtual machines briefings is measured on (a paravirtual
// hypervisor), the first touch of each 4 KB page a process maps costs 13
// to 17 microseconds, and more when the host is busy. A build of 10,000
// briefings touches some 48,000 pages, most of them as its heap grows,
// where the work it does costs about 5 s of CPU. Mapped by the kernel in
// one madvise(MADV_POPULATE_WRITE) call, a page costs about 3
// microseconds (docs/internals/performance.md, "Levers").
package prefault

// Heap makes about n bytes of memory ready for the heap to grow into: it
// allocates them, lets the collector free them and return them to the
// system, and then has the kernel map them again in one call. The runtime
// counts them as returned, so its scavenger leaves them alone, and takes
// them for the allocations that follow, lowest addresses first, without a
// page fault each. The bytes stay with the process, so n should be no more
// than the heap will use.
//
// Heap runs a full collection: call it at the start of a long run, while
// the heap is small. It reports whether the kernel mapped the memory; it
// does nothing and returns false on systems without
// MADV_POPULATE_WRITE (Linux before 5.14, and systems other than Linux).
func Heap(n int) bool { return heap(n) }
