// Command ssebench-peers is ssebench with the peer servers linked in: one
// run measures ssegen, tmaxmax/go-sse, r3labs/sse, centrifugal/centrifuge
// and the baseline on the same contract, and prints ssegen's figures as
// ratios to the best peer and to the baseline.
package main

import (
	"os"

	"github.com/ssegen/ssegen/bench/peers"
	"github.com/ssegen/ssegen/internal/loadtest"
)

func main() {
	peers.Register()
	os.Exit(loadtest.Main(os.Args[1:], os.Stdout, os.Stderr))
}
