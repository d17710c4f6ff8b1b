package sse

import "github.com/google/uuid"

// Placed is sent.
type Placed struct {
	ID uuid.UUID `json:"id"`
}
