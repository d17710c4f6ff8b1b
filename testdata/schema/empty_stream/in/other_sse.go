package sse

// Posted is an event, so this stream is fine.
type Posted struct {
	ID string `json:"id"`
}
