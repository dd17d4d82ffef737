package generator_test

import (
	"os"
	"path/filepath"
	"testing"

	"briefings/generator"
)

func TestZZProfileBuild(t *testing.T) {
	src := os.Getenv("ZZ_CORPUS")
	if src == "" {
		t.Skip()
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Source: src, Dest: dest, Future: true})
	if err != nil || res.Failed {
		t.Fatal(err, res.Errors)
	}
}
