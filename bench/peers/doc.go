// Package peers serves the load test's tick stream with the SSE libraries
// a Go team would pick instead of ssegen (tmaxmax/go-sse, r3labs/sse and
// centrifugal/centrifuge), so that ssebench-peers measures them beside
// ssegen and the baseline in the same run.
//
// Each peer runs with its defaults except where the contract needs
// otherwise; every such choice is stated where it is made.
package peers

import "github.com/ssegen/ssegen/internal/loadtest"

// Register makes the peers available to loadtest.Main, in the order the
// table lists them.
func Register() {
	loadtest.Register("go-sse", newGoSSE)
	loadtest.Register("r3labs", newR3labs)
	loadtest.Register("centrifuge", newCentrifuge)
}
