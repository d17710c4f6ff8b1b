// Command ssegen turns plain Go structs into typed Server-Sent Event
// streams; see docs/cli.md or run `ssegen --help`.
package main

import (
	"os"

	"github.com/ssegen/ssegen/internal/cli"
)

func main() { os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
