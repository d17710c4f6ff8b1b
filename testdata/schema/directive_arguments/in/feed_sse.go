//ssegen:channel feed:{FeedID} user:{UserID}
//ssegen:auth admins
package sse

// Posted is an event.
type Posted struct {
	FeedID string `json:"feed_id"`
	UserID string `json:"user_id"`
}
