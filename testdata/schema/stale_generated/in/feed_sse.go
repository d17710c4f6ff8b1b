// Posts in a feed.
//
//ssegen:channel feed:{FeedID}
package sse

// Posted is the one event left; Deleted was just removed.
type Posted struct {
	FeedID int64  `json:"feed_id"`
	Text   string `json:"text"`
	Tone   Tone   `json:"tone"`
}
