package sse

// Updated carries a channel by mistake.
type Updated struct {
	ID    string   `json:"id"`
	Ready chan int `json:"ready"`
	Done  <-chan struct{}
}
