//go:build unix

package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefings/generator/sitetest"
)

// deadPID returns the id of a process that has ended.
func deadPID(t *testing.T) int {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// staleServeTemp makes, in root, a folder as a serve of process pid
// leaves it, with a page in its output.
func staleServeTemp(t *testing.T, root, name string, pid int) string {
	dir := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Join(dir, "public", "briefings"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "public", "briefings", "index.html"), []byte("<p>page</p>"), 0o644)
	if pid != 0 {
		os.WriteFile(filepath.Join(dir, serveOwner), []byte(owner(pid)), 0o644)
	}
	return dir
}

// TestServeRemovesOnlyWhatEndedServesLeft: a serve removes the temporary
// output folders that killed serves left, and nothing else: not the
// folder of a serve still running, nor one without the process id serve
// writes, nor one written on another host, nor a folder named otherwise,
// nor what a symbolic link named like one points to (issue 27).
func TestServeRemovesOnlyWhatEndedServesLeft(t *testing.T) {
	root := t.TempDir()
	dead := deadPID(t)
	gone := staleServeTemp(t, root, serveTempPrefix+"killed", dead)
	keep := []string{
		staleServeTemp(t, root, serveTempPrefix+"running", os.Getppid()),
		staleServeTemp(t, root, serveTempPrefix+"unknown", 0),
		staleServeTemp(t, root, "other-program", dead),
	}
	elsewhere := staleServeTemp(t, root, serveTempPrefix+"host", dead)
	os.WriteFile(filepath.Join(elsewhere, serveOwner), []byte(strings.Replace(owner(dead), "\n", "\nanother-host.", 1)), 0o644)
	keep = append(keep, elsewhere)
	target := staleServeTemp(t, t.TempDir(), serveTempPrefix+"target", dead)
	if err := os.Symlink(target, filepath.Join(root, serveTempPrefix+"link")); err != nil {
		t.Fatal(err)
	}
	keep = append(keep, target, filepath.Join(root, serveTempPrefix+"link"))

	removed := removeStaleServeTemps(root)
	if len(removed) != 1 || removed[0] != gone {
		t.Errorf("removed %q, want only %q", removed, gone)
	}
	if _, err := os.Lstat(gone); err == nil {
		t.Errorf("%s is still there", gone)
	}
	for _, p := range keep {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}

// TestServeLeavesNoTemporaryOutput: serve without -d writes the site to a
// temporary folder, removes it when it stops, and removes on start the
// one a killed serve left (issue 27).
func TestServeLeavesNoTemporaryOutput(t *testing.T) {
	root := t.TempDir()
	t.Setenv("TMPDIR", root)
	stale := staleServeTemp(t, root, serveTempPrefix+"killed", deadPID(t))
	dir := sitetest.Write(t, serveSite)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- serveUntil(ctx, []string{"-s", dir, "--port", "0"}, &stdout, &stderr) }()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, err := os.Stat(stale)
		if strings.Contains(stdout.String(), "Serving") && err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start, or left %s, in 15 s: %v\n%s%s", stale, err, stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	own, _ := filepath.Glob(filepath.Join(root, serveTempPrefix+"*", "public", "index.html"))
	if len(own) != 1 {
		t.Errorf("serve's output: got %q, want one index.html in a folder of its own", own)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve ended with %d: %s", code, stderr.String())
	}
	if left, _ := filepath.Glob(filepath.Join(root, serveTempPrefix+"*")); len(left) > 0 {
		t.Errorf("left behind: %q", left)
	}
}
