package cli

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestFlagsReadEveryGNUFormAndTheOtherSpellings: one declaration per
// flag gives its -x and --long forms, --long=value, values after the
// arguments, the other spellings (Hugo's), a long name with one dash (Go's
// flag package), lists given twice or with commas, and -- to end them.
func TestFlagsReadEveryGNUFormAndTheOtherSpellings(t *testing.T) {
	type got struct {
		dest   string
		drafts bool
		port   int
		hosts  []string
		args   []string
	}
	parse := func(args ...string) (got, int, string) {
		var g got
		var out, errOut bytes.Buffer
		c := newCall(&command{Name: "try", Args: "[NAME]"}, &out, &errOut)
		c.String(&g.dest, "d", "destination", "write to `DIR`")
		c.Bool(&g.drafts, "D", "drafts", "include drafts", "buildDrafts")
		c.Int(&g.port, "p", "port", "listen on `PORT`")
		c.StringList(&g.hosts, "", "allowed-hosts", "answer `HOSTS` too")
		code, stop := c.parse(args)
		if !stop {
			g.args = c.args
		}
		return g, code, errOut.String()
	}
	tests := []struct {
		args []string
		want got
	}{
		{[]string{"-d", "out", "-D", "-p", "8080"}, got{dest: "out", drafts: true, port: 8080}},
		{[]string{"--destination=out", "--drafts", "--port", "8080"}, got{dest: "out", drafts: true, port: 8080}},
		{[]string{"name", "-d", "out"}, got{dest: "out", args: []string{"name"}}},
		{[]string{"--buildDrafts"}, got{drafts: true}},
		{[]string{"-destination", "out", "-drafts"}, got{dest: "out", drafts: true}},
		{[]string{"-buildDrafts=true", "-dout"}, got{dest: "out", drafts: true}},
		{[]string{"--allowed-hosts", "a.test,b.test", "--allowed-hosts=c.test"}, got{hosts: []string{"a.test", "b.test", "c.test"}}},
		{[]string{"--", "-d"}, got{args: []string{"-d"}}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			g, code, stderr := parse(tc.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if g.dest != tc.want.dest || g.drafts != tc.want.drafts || g.port != tc.want.port || !slices.Equal(g.hosts, tc.want.hosts) || !slices.Equal(g.args, tc.want.args) {
				t.Errorf("got %+v, want %+v", g, tc.want)
			}
		})
	}
	if _, code, stderr := parse("--build-drafts"); code != 2 || !strings.HasPrefix(stderr, "briefings try: unknown flag --build-drafts; did you mean --drafts?\n") {
		t.Errorf("--build-drafts: exit %d, %q", code, stderr)
	}
}
