package redisbp

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
)

// Pub/Sub is only a wake-up: when a notification is lost (here an entry
// is appended without one), the next notification does not follow on from
// the last delivered event, and the node reads the missing event from the
// stream before the new one.
func TestLostNotificationIsRecoveredFromTheStream(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	const topic = "comment/item:3"
	rec := newRecorder()
	rec.subscribe(t, b, topic)
	waitSubscribed(t, r, b, topic)
	e1 := publish(t, a, topic, "CommentAdded", "1")
	rec.wait(t, 1)

	raw := redis.NewClient(&redis.Options{Addr: r.Addr()})
	defer raw.Close()
	ctx := context.Background()
	silentID, err := raw.XAdd(ctx, &redis.XAddArgs{
		Stream: a.streamKey(topic), Values: []any{"n", "CommentAdded", "d", "silent"},
	}).Result()
	if err != nil {
		t.Fatal(err)
	}
	silent := runtime.Event{Topic: topic, ID: silentID, Name: "CommentAdded", Data: []byte("silent")}
	e3 := publish(t, a, topic, "CommentAdded", "3")

	rec.wait(t, 3)
	if diff := cmp.Diff([]runtime.Event{e1, silent, e3}, rec.settle(100*time.Millisecond)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	// A message on the channel that is not a note also sends the node to
	// the stream, which has nothing new: nothing is delivered twice.
	if err := raw.Publish(ctx, a.channel(topic), "garbage").Err(); err != nil {
		t.Fatal(err)
	}
	e4 := publish(t, a, topic, "CommentAdded", "4")
	rec.wait(t, 4)
	if diff := cmp.Diff([]runtime.Event{e1, silent, e3, e4}, rec.settle(100*time.Millisecond)); diff != "" {
		t.Errorf("after a foreign message (-want +got):\n%s", diff)
	}
}
