// Feed has directives that do not exist or are written wrong.
//
// ssegen:auth
// ssegen:
//
//ssegen:channels feed:{FeedID}
package sse

// Posted is an event.
type Posted struct {
	FeedID string `json:"feed_id"`
}
