//go:build !linux

package prefault

func heap(n int) bool { return false }
