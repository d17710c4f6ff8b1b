package seedext

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	sse "github.com/ssegen/ssegen/internal/e2e/seed"
)

// recorder is a runtime.Publisher that keeps the last event it is given.
type recorder struct{ stream, channel, event, data string }

func (r *recorder) Publish(_ context.Context, stream, channel, event string, data []byte) (string, error) {
	*r = recorder{stream, channel, event, string(data)}
	return "1", nil
}

// Code generated into a package of its own uses the models from outside:
// per-event publish methods, decoders returning any, the same JSON.
func TestGeneratedElsewherePublishesAndDecodes(t *testing.T) {
	var rec recorder
	ev := sse.CommentAdded{CommentID: "c1", ItemID: "42", AuthorName: "Ada", Text: "<hi>", Timestamp: 7}
	if _, err := NewCommentPublisher(&rec).PublishCommentAdded(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(ev)
	if rec.stream != "comment" || rec.channel != "item:42" || rec.event != "CommentAdded" || rec.data != string(want) {
		t.Errorf("published %+v, want comment item:42 CommentAdded %s", rec, want)
	}
	got, err := DecodeCommentStreamEvent(rec.event, []byte(rec.data))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(any(ev), got); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
	if len(Streams()) != 3 || !NotificationStream.Auth {
		t.Errorf("streams: %+v", Streams())
	}
}
