//ssegen:html
package sse

// Pinged is an event.
type Pinged struct {
	N int `json:"n"`
}
