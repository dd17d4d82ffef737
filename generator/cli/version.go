package cli

import (
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
)

// Version is the release this source is, or leads to: a binary built
// from the commit tagged v<Version> says exactly that, one built from
// any other commit says v<Version>-dev and its commit.
const Version = "0.1.0"

// Repository is where briefings' source is published: the workflow that
// `new site` writes clones it at a pinned version to install briefings.
// A fork sets its own with go install -ldflags "-X
// briefings/generator/cli.Repository=https://github.com/me/briefings" .
var Repository = "https://github.com/briefings-dev/briefings"

// binary is what this binary knows of its own making, from the build
// information the go command embeds.
type binary struct {
	// Version is the release tag ("v0.2.0") when the binary was built
	// from a tagged commit with nothing changed, and "v<Version>-dev"
	// otherwise.
	Version string
	// Commit is the full hash of the commit it was built from, Time
	// that commit's time, and Modified says the work tree had changes;
	// all empty when the go command could not tell (a build outside a
	// git clone, or with -buildvcs=false).
	Commit   string
	Time     time.Time
	Modified bool
	// Go is the Go release that compiled it.
	Go string
}

// release matches a release tag: no pre-release, pseudo-version or
// +dirty suffix.
var release = regexp.MustCompile(`^v\d+\.\d+\.\d+$`)

// thisBinary describes the running binary.
func thisBinary() binary {
	info, _ := debug.ReadBuildInfo()
	return describe(info)
}

// describe reads info (nil when the binary has none).
func describe(info *debug.BuildInfo) binary {
	b := binary{Version: "v" + Version + "-dev"}
	if info == nil {
		return b
	}
	b.Go = info.GoVersion
	// The go command sets the main module's version from the commit's
	// tag (Go 1.24 and later): "v0.2.0" on a tagged commit, a
	// pseudo-version after it, "+dirty" with changes.
	if release.MatchString(info.Main.Version) {
		b.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.time":
			b.Time, _ = time.Parse(time.RFC3339, s.Value)
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String is the line `briefings version` prints:
//
//	briefings v0.1.0-dev (commit 0cc4cd781d67, 2025-12-07, with uncommitted changes; go1.26.8)
func (b binary) String() string {
	var about []string
	if b.Commit != "" {
		about = append(about, "commit "+b.Commit[:min(12, len(b.Commit))])
	}
	if !b.Time.IsZero() {
		about = append(about, b.Time.UTC().Format("2006-01-02"))
	}
	if b.Modified {
		about = append(about, "with uncommitted changes")
	}
	line := "briefings " + b.Version
	switch {
	case len(about) > 0 && b.Go != "":
		line += fmt.Sprintf(" (%s; %s)", strings.Join(about, ", "), b.Go)
	case b.Go != "":
		line += " (" + b.Go + ")"
	}
	return line
}

// Pin is the version a site's workflow installs to build with the
// briefings the user has: the release tag, or else the exact commit, or
// else the release this source leads to.
func (b binary) Pin() string {
	switch {
	case !strings.HasSuffix(b.Version, "-dev"):
		return b.Version
	case b.Commit != "":
		return b.Commit
	}
	return "v" + Version
}
