package cli

import (
	"fmt"
	"io"

	"briefings/generator"
)

func serve(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "briefings serve: not built yet")
	return 2
}

func watchBuild(opts generator.Options, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "briefings build --watch: not built yet")
	return 2
}
