//ssegen:channel feed:{FeedID}
//ssegen:html page Missing Posted Posted
package sse

// Posted is an event.
type Posted struct {
	FeedID string `json:"feed_id"`
}
