package runtime

import (
	"sync"
	"testing"
	"time"
)

// TestOnDeliveredSeesLiveDeliveriesByStream: one call per live event
// written, with its stream and a latency no longer than the test took;
// replays, which were not just published, are not observed.
func TestOnDeliveredSeesLiveDeliveriesByStream(t *testing.T) {
	var mu sync.Mutex
	seen := map[string][]time.Duration{}
	hub := NewHub(HubConfig{OnDelivered: func(stream string, d time.Duration) {
		mu.Lock()
		seen[stream] = append(seen[stream], d)
		mu.Unlock()
	}})
	e := newEnv(t, &Server{Hub: hub, HeartbeatInterval: -1}, HubConfig{})
	start := time.Now()
	first := e.publish(t, "comment", "item:1", "CommentAdded", "before")
	e.publish(t, "comment", "item:1", "CommentAdded", "missed")
	replayed := e.open(t, "/sse/comment/item:1", "Last-Event-ID", first)
	if ev := replayed.next(t, 5*time.Second); ev.Data != "missed" {
		t.Fatalf("replay got %+v", ev)
	}
	mux := e.open(t, "/sse?c=comment/item:1&c=system/system")
	e.publish(t, "comment", "item:1", "CommentAdded", "live")
	e.publish(t, "system", "system", "Notice", "live")
	replayed.next(t, 5*time.Second)
	mux.next(t, 5*time.Second)
	mux.next(t, 5*time.Second)
	took := time.Since(start)

	mu.Lock()
	defer mu.Unlock()
	if len(seen["comment"]) != 2 || len(seen["system"]) != 1 || len(seen) != 2 {
		t.Fatalf("observed %v, want two comment deliveries and one system delivery", seen)
	}
	for stream, ds := range seen {
		for _, d := range ds {
			if d < 0 || d > took {
				t.Errorf("%s delivery took %v, more than the test's %v", stream, d, took)
			}
		}
	}
}
