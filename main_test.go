package main

import (
	"net/http"
	"net/http/httptest"
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
		Setup: func(env *testscript.Env) error {
			web := sourcesServer()
			env.Setenv("WEB", web.URL)
			env.Defer(web.Close)
			return nil
		},
	})
}

// sourcesServer is the web that `check --sources` scripts ask, on
// 127.0.0.1 ($WEB in a script): /ok answers 200, /moved 301 to /ok,
// /gone 404, and /never never answers.
func sourcesServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		case "/never":
			<-r.Context().Done()
		default:
			http.NotFound(w, r)
		}
	}))
}
