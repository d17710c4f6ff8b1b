package sse

// A is an event of a stream whose name has a capital letter.
type A struct {
	ID string `json:"id"`
}
