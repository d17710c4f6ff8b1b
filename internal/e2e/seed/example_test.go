package sse

import (
	"context"
	"fmt"
)

// printer is a runtime.Publisher that prints what it is asked to publish.
type printer struct{}

func (printer) Publish(_ context.Context, stream, channel, event string, data []byte) (string, error) {
	fmt.Printf("%s/%s %s %s\n", stream, channel, event, data)
	return "1", nil
}

// A typed publisher routes each event by its key field. Its Publish takes
// only the stream's own events: passing an event of another stream, as in
//
//	comments.Publish(ctx, SystemAlert{Message: "hi"})
//
// does not compile (SystemAlert does not implement CommentStreamEvent),
// which TestPublishingAnotherStreamsEventDoesNotCompile checks.
func ExampleCommentPublisher() {
	ctx := context.Background()
	comments := NewCommentPublisher(printer{})
	comments.Publish(ctx, CommentAdded{CommentID: "c1", ItemID: "42", AuthorName: "Ada", Text: "<3", Timestamp: 1})
	NewSystemPublisher(printer{}).PublishSystemAlert(ctx, SystemAlert{Message: "maintenance", Severity: "low"})
	// Output:
	// comment/item:42 CommentAdded {"comment_id":"c1","item_id":"42","author_name":"Ada","text":"\u003c3","timestamp":1}
	// system/system SystemAlert {"message":"maintenance","severity":"low","expires_at":0}
}
