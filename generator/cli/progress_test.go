package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestProgressIsSilentWhenNotATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, w := range []any{&bytes.Buffer{}, f} {
		update, clear := progress(w.(interface{ Write([]byte) (int, error) }))
		if update != nil {
			t.Errorf("progress(%T): got an update function, want nil", w)
		}
		clear()
	}
	if info, _ := f.Stat(); info.Size() != 0 {
		t.Errorf("progress wrote %d bytes to a file, want none", info.Size())
	}
}

// TestProgressShowsPagesOnATerminal: on a terminal (a pseudo-terminal
// here) a build keeps one line of pages written up to date, and erases it
// at the end.
func TestProgressShowsPagesOnATerminal(t *testing.T) {
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	defer master.Close()
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("cannot unlock a pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("cannot name a pseudo-terminal: %v", err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("cannot open a pseudo-terminal: %v", err)
	}
	defer tty.Close()

	update, clear := progress(tty)
	if update == nil {
		t.Fatal("progress on a terminal: got no update function")
	}
	update(1, 3)
	update(3, 3)
	clear()
	tty.Close()
	out, _ := io.ReadAll(master)
	for _, want := range []string{"\rwriting pages 1 of 3", "\rwriting pages 3 of 3", "\r\033[K"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("terminal shows %q, want %q in it", out, want)
		}
	}
}
