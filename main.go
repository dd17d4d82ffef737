// Command briefings builds a static site from briefing notes. See
// generator/cli for the commands.
package main

import (
	"os"

	"briefings/generator/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
