//ssegen:html Page
package sse

// Ponged is an event.
type Ponged struct {
	N int `json:"n"`
}
