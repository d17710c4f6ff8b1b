package sse

// Posted is an event.
type Posted struct {
	ID string `json:"id"`
}
