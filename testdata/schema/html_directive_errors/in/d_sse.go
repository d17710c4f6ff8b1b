//ssegen:channel user:{UserID}
//ssegen:html page
package sse

// Greeted is an event.
type Greeted struct {
	UserID string `json:"user_id"`
}
