package runtime

import (
	"context"
	"testing"
)

// TestPublishAllocsDoNotGrowWithSubscribers checks the promise behind
// the fan-out: one frame per publish, shared, whatever the number of
// subscribers.
func TestPublishAllocsDoNotGrowWithSubscribers(t *testing.T) {
	allocs := func(subs int) float64 {
		hub := NewHub(HubConfig{QueueSize: 1 << 20})
		defer hub.Close()
		var all []*subscriber
		for range subs {
			s := newSubscriber(hub.queue, true)
			if err := hub.join(s, []string{"comment/item:42"}, limits{}); err != nil {
				t.Fatal(err)
			}
			all = append(all, s)
		}
		publish := func() {
			if _, err := hub.Publish(context.Background(), "comment", "item:42", "CommentAdded", benchData); err != nil {
				t.Fatal(err)
			}
		}
		// Grow the queues first, then empty them as a writer would: their
		// growth is per subscriber, once, not per publish.
		for range 200 {
			publish()
		}
		for _, s := range all {
			s.queue = s.queue[:0]
		}
		return testing.AllocsPerRun(100, publish)
	}
	one, many := allocs(1), allocs(1000)
	if many > one {
		t.Fatalf("allocations per publish: %v with 1 subscriber, %v with 1000", one, many)
	}
	if one > 8 {
		t.Fatalf("%v allocations per publish, want at most 8", one)
	}
}
