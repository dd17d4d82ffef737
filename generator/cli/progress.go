package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress returns a generator.Options.Progress that keeps one line on
// a terminal up to date ("writing pages 1200 of 14588"), at most ten
// times a second, and clear, a function that erases the line when the
// build is over. When w is not a terminal both are nil and nothing is
// printed, so logs and pipes see only the summary.
func progress(w io.Writer) (update func(done, total int), clear func()) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	var mu sync.Mutex
	var last time.Time
	shown, best := false, 0
	update = func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		best = max(best, done)
		if now := time.Now(); now.Sub(last) >= 100*time.Millisecond || best == total {
			last = now
			shown = true
			fmt.Fprintf(w, "\rwriting pages %d of %d", best, total)
		}
	}
	clear = func() {
		mu.Lock()
		defer mu.Unlock()
		if shown {
			fmt.Fprint(w, "\r\033[K")
		}
	}
	return update, clear
}
