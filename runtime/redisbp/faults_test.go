package redisbp

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssegen/ssegen/runtime"
)

// Redis goes away mid-stream and comes back on the same port, without its
// data. Meanwhile publishing fails loudly, subscriptions stay in place,
// and afterwards every node gets, exactly once and in order, what was
// published after Redis returned, including what came before its own
// Pub/Sub connection was back.
func TestRedisRestartMidStream(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	const topic = "comment/item:42"
	onA, onB := newRecorder(), newRecorder()
	onA.subscribe(t, a, topic)
	onB.subscribe(t, b, topic)
	before := publish(t, a, topic, "CommentAdded", "before")
	onA.wait(t, 1)
	onB.wait(t, 1)

	r.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if e, err := a.Publish(ctx, topic, "CommentAdded", []byte("lost?")); err == nil {
		t.Fatalf("Publish with Redis down = %+v, nil; want an error", e)
	}
	if _, err := b.Subscribe("comment/item:new", func(runtime.Event) {}); err == nil {
		t.Error("Subscribe to a new topic with Redis down: no error")
	}
	// Long enough for both nodes to notice and start retrying.
	time.Sleep(300 * time.Millisecond)
	r.Restart()

	// Publish on both nodes as soon as each can, likely before either
	// node's Pub/Sub connection is back.
	var after []runtime.Event
	eventually(t, func() error {
		e, err := a.Publish(context.Background(), topic, "CommentAdded", []byte("after 1"))
		if err == nil {
			after = append(after, e)
		}
		return err
	})
	eventually(t, func() error {
		e, err := b.Publish(context.Background(), topic, "CommentAdded", []byte("after 2"))
		if err == nil {
			after = append(after, e)
		}
		return err
	})
	after = append(after, publish(t, a, topic, "CommentAdded", "after 3"))

	want := append([]runtime.Event{before}, after...)
	for node, rec := range map[string]*recorder{"A": onA, "B": onB} {
		rec.wait(t, len(want))
		if diff := cmp.Diff(want, rec.settle(200*time.Millisecond)); diff != "" {
			t.Errorf("node %s (-want +got):\n%s", node, diff)
		}
	}
}

// With persistence, Redis keeps the history across its restart: ids
// handed out before it still resume, on any node, and go on increasing.
func TestPersistentRedisRestartKeepsHistory(t *testing.T) {
	r := startRedis(t, true)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	const topic = "notification/user:1"
	rec := newRecorder()
	rec.subscribe(t, b, topic)
	e1 := publish(t, a, topic, "Notified", "1")
	e2 := publish(t, a, topic, "Notified", "2")
	rec.wait(t, 2)

	r.Stop()
	r.Restart()
	var e3 runtime.Event
	eventually(t, func() error {
		var err error
		e3, err = a.Publish(context.Background(), topic, "Notified", []byte("3"))
		return err
	})
	if a.Compare(e3.ID, e2.ID) <= 0 {
		t.Errorf("id after restart %s is not after %s", e3.ID, e2.ID)
	}
	got, ok := since(t, b, topic, e1.ID)
	if !ok {
		t.Fatal("Since(e1) after a persistent restart: ok false")
	}
	if diff := cmp.Diff([]runtime.Event{e2, e3}, got); diff != "" {
		t.Errorf("Since(e1) after restart (-want +got):\n%s", diff)
	}
	rec.wait(t, 3)
	if diff := cmp.Diff([]runtime.Event{e1, e2, e3}, rec.settle(100*time.Millisecond)); diff != "" {
		t.Errorf("subscriber across the restart (-want +got):\n%s", diff)
	}
}
