//go:build unix

package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBuildInterruptedLeavesNothing sends SIGINT (Ctrl-C) to `briefings
// build` while it writes its staging folder: the build stops with exit
// code 130 and says so, and no staging folder nor output is left (issue
// 20). The signal is sent only once the build's folder beside the output
// exists, when build is listening for it.
func TestBuildInterruptedLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"T\"\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "content", "briefings"), 0o755)
	for i := range 400 {
		note := fmt.Sprintf("+++\ntitle = \"Note %d\"\ndate = 2025-01-%02d\n+++\n%s\n", i, i%28+1, strings.Repeat("Some words of a briefing. ", 200))
		os.WriteFile(filepath.Join(dir, "content", "briefings", fmt.Sprintf("n%03d.md", i)), []byte(note), 0o644)
	}
	for try := range 5 {
		out := filepath.Join(dir, fmt.Sprintf("public%d", try))
		done := make(chan int, 1)
		var stdout, stderr bytes.Buffer
		go func() { done <- Main([]string{"build", "-s", dir, "-d", out}, &stdout, &stderr) }()
		sent := false
	wait:
		for {
			select {
			case code := <-done:
				if !sent {
					break wait // too quick: try again
				}
				if code != 130 || !strings.Contains(stderr.String(), "interrupted; the output folder was not changed") {
					t.Fatalf("exit %d, stderr %q; want 130 and the interruption said", code, stderr.String())
				}
				entries, _ := os.ReadDir(dir)
				for _, e := range entries {
					if e.Name() != "site.toml" && e.Name() != "content" && !strings.HasPrefix(e.Name(), "public") {
						t.Errorf("%s left beside the output", e.Name())
					}
					if e.Name() == filepath.Base(out) {
						t.Errorf("the interrupted first build left its output")
					}
				}
				return
			case <-time.After(time.Millisecond):
				if m, _ := filepath.Glob(filepath.Join(dir, ".public*.briefings-*", "briefings")); len(m) > 0 && !sent {
					syscall.Kill(os.Getpid(), syscall.SIGINT)
					sent = true
				}
			}
		}
	}
	t.Skip("every build was done before it could be interrupted")
}
