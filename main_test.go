package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"briefings/generator/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"briefings": func() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scripts in testdata/script: each
// builds, checks or creates a site with the real command and asserts on
// its output, messages and exit code. UPDATE_SCRIPTS=1 rewrites the
// expected output in the archives.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
	})
}
