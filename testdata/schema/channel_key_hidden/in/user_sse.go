//ssegen:channel user:{userID}
package sse

// Joined has the key as an unexported field.
type Joined struct {
	userID string
	Name   string `json:"name"`
}
