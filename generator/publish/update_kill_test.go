package publish

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// updateToB is what a save under watch or serve hands Update to turn
// buildA into buildB: the files whose bytes changed or that are new, and
// the paths gone.
func updateToB() (files []File, gone []string) {
	for _, f := range buildB.files() {
		if old, ok := buildA[f.Path]; !ok || old != string(f.Data) {
			files = append(files, f)
		}
	}
	for p := range mapsKeys(buildA) {
		if _, ok := buildB[p]; !ok {
			gone = append(gone, p)
		}
	}
	slices.Sort(gone)
	return files, gone
}

// updateScenarios are the outputs holding buildA that a save updates:
// beside a spare tree, or written in place (a mount point, the current
// folder).
var updateScenarios = []scenario{
	{name: "beside a spare", before: []build{buildC, buildA}, was: buildA},
	{name: "no exchange", before: []build{buildC, buildA}, was: buildA, noExchange: true},
	{name: "in place", before: []build{buildC, buildA}, was: buildA, inPlace: true},
}

// TestKillDuringUpdateLeavesOneWholeBuild is TestKillAtEveryStep for a
// save under watch and serve (Output.Update, which writes only the files
// that changed): killed with SIGKILL at every change it makes to the
// file system, the output is then buildA or buildB whole, with its .git,
// CNAME and keep entries, at once or once the next run has finished the
// journal, and the next build writes buildB whole. Issue 27.
func TestKillDuringUpdateLeavesOneWholeBuild(t *testing.T) {
	for _, sc := range updateScenarios {
		t.Run(sc.name, func(t *testing.T) {
			// Count the steps of an Update that is not stopped.
			src, dest := sc.prepare(t)
			var n atomic.Int64
			stepHook = func() { n.Add(1) }
			forceNoExchange, forceInPlace = sc.noExchange, sc.inPlace
			o, err := Open(dest, src, keepList)
			if err == nil {
				files, gone := updateToB()
				_, err = o.Update(context.Background(), files, nil, gone)
			}
			stepHook, forceNoExchange, forceInPlace = nil, false, false
			if err != nil {
				t.Fatal(err)
			}
			sameTree(t, tree(t, dest), sc.want(buildB))
			total := int(n.Load())
			if total < 3 {
				t.Fatalf("only %d steps", total)
			}
			t.Logf("%d steps", total)
			for k := 1; k <= total; k += stride(total, 30) {
				src, dest := sc.prepare(t)
				cmd := exec.Command(os.Args[0], "-test.run=^TestUpdateChild$")
				cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", "BRIEFINGS_UPDATE_CHILD="+strings.Join([]string{src, dest, strconv.Itoa(k), strconv.FormatBool(sc.noExchange), strconv.FormatBool(sc.inPlace)}, "\n"))
				out, err := cmd.CombinedOutput()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("step %d of %d: the child was not killed: %v\n%s", k, total, err, out)
				}
				got := tree(t, dest)
				if !sameMap(got, sc.want(buildA)) && !sameMap(got, sc.want(buildB)) {
					// Stopped between renames: the next run finishes
					// or undoes what was begun.
					if _, err := Open(dest, src, keepList); err != nil {
						t.Fatal(err)
					}
					if got := tree(t, dest); !sameMap(got, sc.want(buildB)) && !sameMap(got, sc.want(buildA)) {
						t.Errorf("step %d of %d: after recovery the output holds %q", k, total, slices.Sorted(mapsKeys(build(got))))
					}
				}
				publishBuild(t, src, dest, buildB)
				sameTree(t, tree(t, dest), sc.want(buildB))
				sc.leftNothing(t, src)
			}
		})
	}
}

// TestUpdateChild is the save TestKillDuringUpdate kills: it opens the
// output holding buildA, updates it to buildB and kills itself at the
// step it is told.
func TestUpdateChild(t *testing.T) {
	env := os.Getenv("BRIEFINGS_UPDATE_CHILD")
	if env == "" {
		t.Skip("run by TestKillDuringUpdateLeavesOneWholeBuild")
	}
	args := strings.Split(env, "\n")
	src, dest := args[0], args[1]
	k, _ := strconv.Atoi(args[2])
	forceNoExchange, forceInPlace = args[3] == "true", args[4] == "true"
	o, err := Open(dest, src, keepList)
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	stepHook = func() {
		if n.Add(1) == int64(k) {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}
	files, gone := updateToB()
	if _, err := o.Update(context.Background(), files, nil, gone); err != nil {
		t.Fatal(err)
	}
	fmt.Println("not killed: the update was done")
}
