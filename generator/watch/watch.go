// Package watch tells watch and serve which of a site's files changed.
// A Watcher follows site.toml and every folder under content/, layouts/
// and static/ with fsnotify, adds folders as they appear, skips hidden
// files and editor leftovers (content.Ignored), and waits for a short
// quiet spell before it reports: one save that an editor makes of a
// write, a rename and a delete, or a `git checkout` touching hundreds of
// files, comes out as one change set. A save that writes into one file
// in place, the most common change, waits a shorter spell.
//
// The key type is Watcher; Run delivers change sets until its context
// ends.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"briefings/generator/content"
)

// Folders are the folders of a site that a Watcher follows, with every
// folder below them.
var Folders = []string{"content", "layouts", "static"}

// Config is the site's own file, watched in the site folder.
const Config = "site.toml"

// Everything is the change set a Watcher reports when it cannot tell what
// changed (the kernel's event queue overflowed): read everything again.
const Everything = "."

// DefaultQuiet is how long a Watcher waits after the last event before it
// reports a change set.
const DefaultQuiet = 20 * time.Millisecond

// DefaultQuietOne is how long a Watcher waits after the last event when
// the events so far are two or more writes into one and the same file
// that was there already: a save in place truncates the file (one Write
// event) and writes it (another), within a millisecond or two. After the
// truncation alone the Watcher waits Quiet, lest it report a file half
// written. A change that creates, removes or renames a file (vim's save,
// a temporary file renamed over the note, git, which deletes and
// creates) or touches several files waits Quiet too, so that a burst
// still comes as one change set.
const DefaultQuietOne = 4 * time.Millisecond

// Watcher follows a site folder. Make one with New; Run delivers its
// change sets.
type Watcher struct {
	// Quiet is the pause after the last event that ends a change set;
	// New sets DefaultQuiet. QuietOne is the pause when the change set
	// is one file truncated and written in place (see DefaultQuietOne),
	// no longer than Quiet; New sets DefaultQuietOne.
	Quiet, QuietOne time.Duration
	// MaxWait caps how long a steady stream of events can hold a change
	// set back; New sets one second.
	MaxWait time.Duration

	root string
	fsw  *fsnotify.Watcher
}

// New starts watching the site folder root: the folder itself (for
// site.toml and for content/, layouts/ and static/ appearing) and every
// folder under content/, layouts/ and static/.
func New(root string) (*Watcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	w := &Watcher{Quiet: DefaultQuiet, QuietOne: DefaultQuietOne, MaxWait: time.Second, root: abs, fsw: fsw}
	if err := fsw.Add(abs); err != nil {
		fsw.Close()
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	for _, f := range Folders {
		w.addTree(filepath.Join(abs, f), nil)
	}
	return w, nil
}

// Close stops watching; Run closes the Watcher too when it returns. It
// may be called more than once.
func (w *Watcher) Close() error { return w.fsw.Close() }

// addTree watches dir and every folder below it that is not ignored. When
// found is not nil, the files met on the way are added to it (as paths
// from the site folder): a folder that appears with files already in it
// (a move, an unpacked archive) gets no event for them.
func (w *Watcher) addTree(dir string, found map[string]bool) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p != dir && content.Ignored(d.Name()) && !w.wellKnown(p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			w.fsw.Add(p) // a folder that vanished meanwhile is simply not watched
		} else if found != nil {
			if rel, ok := w.rel(p); ok {
				found[rel] = true
			}
		}
		return nil
	})
}

// rel returns p as a slash-separated path from the site folder, and
// whether the site cares about it: site.toml, or a file or folder under
// one of Folders whose path has no ignored name in it.
func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	if r == Config {
		return r, true
	}
	top, _, _ := strings.Cut(r, "/")
	if !slices.Contains(Folders, top) {
		return "", false
	}
	for i, part := range strings.Split(r, "/") {
		if content.Ignored(part) && !(i == 1 && w.wellKnown(filepath.Join(w.root, top, part))) {
			return "", false
		}
	}
	return r, true
}

// wellKnown reports whether p is the site's static/.well-known, the one
// hidden folder a build publishes (content.WellKnown), so the one whose
// changes are watched.
func (w *Watcher) wellKnown(p string) bool {
	return p == filepath.Join(w.root, "static", content.WellKnown)
}

// Run reports change sets to changed until ctx ends, then stops watching
// and returns nil. A change set lists paths from the site folder,
// slash-separated and sorted: files and folders that were written,
// created, removed or renamed (a folder stands for everything in it), or
// only Everything when events were lost. changed runs on Run's goroutine,
// so a slow rebuild holds further events back until it returns, and they
// then come as one change set.
//
// Changes made between New and Run are not lost: Run delivers them first.
func (w *Watcher) Run(ctx context.Context, changed func(paths []string)) error {
	defer w.fsw.Close()
	pending := map[string]bool{}
	var timer <-chan time.Time
	var first time.Time
	// writes counts the events of a change set that is one file written
	// in place; it is -1 once the change set is anything else.
	writes := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			if !w.note(ev, pending) {
				continue
			}
			now := time.Now()
			if timer == nil {
				first = now
				writes = 0
			}
			if writes >= 0 && len(pending) == 1 && ev.Op&^fsnotify.Chmod == fsnotify.Write {
				writes++
			} else {
				writes = -1
			}
			wait := w.Quiet
			if writes >= 2 {
				wait = min(w.QuietOne, w.Quiet)
			}
			if rest := w.MaxWait - now.Sub(first); rest < wait {
				wait = max(rest, 0)
			}
			timer = time.After(wait)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				pending[Everything] = true
				writes = -1
				if timer == nil {
					first = time.Now()
					timer = time.After(w.Quiet)
				}
			}
		case <-timer:
			timer = nil
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			clear(pending)
			if slices.Contains(paths, Everything) {
				paths = []string{Everything}
			}
			slices.Sort(paths)
			changed(paths)
		}
	}
}

// note records one event into pending and reports whether it concerns
// the site. A new folder is watched at once, with everything below it.
func (w *Watcher) note(ev fsnotify.Event, pending map[string]bool) bool {
	rel, ok := w.rel(ev.Name)
	if !ok {
		return false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// A watched folder that moved away keeps reporting under its old
		// name; forget it, and the Create at its new name watches it
		// again.
		w.fsw.Remove(ev.Name)
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			w.addTree(ev.Name, pending)
		}
	}
	if ev.Op == fsnotify.Chmod {
		return false // touch, or an indexer reading the file: the bytes are the same
	}
	pending[rel] = true
	return true
}
