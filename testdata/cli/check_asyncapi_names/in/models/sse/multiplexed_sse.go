// A stream named like the document's channel of the multiplexed endpoint,
// with an event whose name AsyncAPI does not allow.
package sse

// Größe is a Go name with letters beyond ASCII.
type Größe struct {
	Value int `json:"value"`
}
