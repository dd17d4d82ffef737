package cli

import (
	"bytes"
	"os"
	"testing"
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
