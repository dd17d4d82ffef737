//go:build race

package generator_test

// raceEnabled is set when tests run under the race detector, which makes
// the large-input tests several times slower.
const raceEnabled = true
