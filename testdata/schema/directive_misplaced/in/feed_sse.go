package sse

// Posted has the directive after the package clause.
//
//ssegen:channel feed:{FeedID}
type Posted struct {
	FeedID string `json:"feed_id"`
}
