//ssegen:html a
package sse

// Waved is an event.
type Waved struct {
	N int `json:"n"`
}
