// Command ssebench measures SSE fan-out over loopback: the ssegen runtime
// beside a straightforward baseline server, in the same run.
package main

import (
	"os"

	"github.com/ssegen/ssegen/internal/loadtest"
)

func main() { os.Exit(loadtest.Main(os.Args[1:], os.Stdout, os.Stderr)) }
