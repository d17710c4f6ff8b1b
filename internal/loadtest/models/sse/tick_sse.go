// Ticks published by the load test to every connected client.
package sse

// Tick carries its sequence number and the time it was published, so that a
// client can count losses and measure publish-to-receive latency.
type Tick struct {
	Seq  int64 `json:"seq"`
	Sent int64 `json:"sent"`
	// Pad makes the event the size of a typical small application event.
	Pad string `json:"pad"`
}
