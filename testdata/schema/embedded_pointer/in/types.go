package sse

// Base is meant to be embedded.
type Base struct {
	ID string `json:"id"`
}
