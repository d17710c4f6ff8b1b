package sse

import "time"

// Stamped embeds time.Time, whose MarshalJSON is promoted to Stamped: the
// whole event would be written as a time.
type Stamped struct {
	time.Time
	ID string `json:"id"`
}
