//go:build !linux

package publish

// exchange is renameat2(RENAME_EXCHANGE) on Linux; elsewhere Write swaps
// with two renames and recovers on the next run if stopped between them.
func exchange(a, b string) error { return errNoExchange }
