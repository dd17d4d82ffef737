//go:build race

package prefault

// race is whether the race detector is on: it keeps shadow memory of its
// own beside the heap, which faults as the heap is written.
const race = true
