//go:build !race

package prefault

const race = false
