package cli

import (
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionNamesTheReleaseAndTheCommit: `briefings version` says the
// release, the commit and its date from the build information the go
// command embeds, so that a bug report can name them, and the version a
// new site's workflow pins is the one the user has (issue 21).
func TestVersionNamesTheReleaseAndTheCommit(t *testing.T) {
	const commit = "0cc4cd781d673844ceb81b76b90e355ffdd9ff10"
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: commit},
			{Key: "vcs.time", Value: "2025-12-07T02:32:12Z"},
			{Key: "vcs.modified", Value: modified},
		}
	}
	info := func(version string, settings []debug.BuildSetting) *debug.BuildInfo {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "briefings", Version: version}, Settings: settings}
	}
	tests := []struct {
		name      string
		info      *debug.BuildInfo
		line, pin string
	}{
		{"a release", info("v0.2.0", vcs("false")), "briefings v0.2.0 (commit 0cc4cd781d67, 2025-12-07; go1.26.8)", "v0.2.0"},
		{"after a release", info("v0.2.1-0.20251207023212-0cc4cd781d67", vcs("false")), "briefings v" + Version + "-dev (commit 0cc4cd781d67, 2025-12-07; go1.26.8)", commit},
		{"a release with changes", info("v0.2.0+dirty", vcs("true")), "briefings v" + Version + "-dev (commit 0cc4cd781d67, 2025-12-07, with uncommitted changes; go1.26.8)", commit},
		{"no vcs", info("(devel)", nil), "briefings v" + Version + "-dev (go1.26.8)", "v" + Version},
		{"no build information", nil, "briefings v" + Version + "-dev", "v" + Version},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := describe(tc.info)
			if got := b.String(); got != tc.line {
				t.Errorf("got %q, want %q", got, tc.line)
			}
			if got := b.Pin(); got != tc.pin {
				t.Errorf("pin: got %q, want %q", got, tc.pin)
			}
		})
	}
}

// TestDocsNameTheRepositoryTheWorkflowInstallsFrom: the README's install
// command and docs/publishing.md name the repository a new site's
// workflow clones (Repository), so that changing it is not half done.
func TestDocsNameTheRepositoryTheWorkflowInstallsFrom(t *testing.T) {
	for _, doc := range []string{"../../README.md", "../../docs/publishing.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		urls := regexp.MustCompile(`(?:git clone |BRIEFINGS_REPOSITORY: )(\S+)`).FindAllStringSubmatch(string(b), -1)
		if len(urls) == 0 {
			t.Errorf("%s names no repository to clone", doc)
		}
		for _, u := range urls {
			if u[1] != Repository && !strings.Contains(u[1], "USER/REPO") {
				t.Errorf("%s clones %s, but new site's workflow clones %s", doc, u[1], Repository)
			}
		}
	}
}
