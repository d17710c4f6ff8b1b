//ssegen:channel feed:{FeedID}
//ssegen:auth
//ssegen:channel feed:{ID}
//ssegen:auth
package sse

// Posted is an event.
type Posted struct {
	FeedID string `json:"feed_id"`
	ID     string `json:"id"`
}
