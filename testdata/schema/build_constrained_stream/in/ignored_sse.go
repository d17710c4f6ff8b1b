//go:build ignore

package sse

// Ignored is never built.
type Ignored struct {
	ID string `json:"id"`
}
