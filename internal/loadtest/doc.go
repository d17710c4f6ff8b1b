// Package loadtest measures fan-out: many SSE clients over loopback, events
// published at a set rate, and what each server costs to deliver them.
//
// It compares the ssegen runtime with a straightforward baseline server that
// has the same HTTP contract, in the same run, so every figure is also a
// ratio. cmd/ssebench is its command line.
package loadtest
