package sse

// B is an event of a stream whose name starts with a digit.
type B struct {
	ID string `json:"id"`
}
