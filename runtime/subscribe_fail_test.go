package runtime

import (
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// flakyBackplane is the memory backplane with Subscribe failing on
// demand, as a networked backplane does while its server is away.
type flakyBackplane struct {
	*MemoryBackplane
	down atomic.Bool
}

func (f *flakyBackplane) Subscribe(topic string, deliver func(Event)) (func(), error) {
	if f.down.Load() {
		return nil, errors.New("backplane unreachable")
	}
	return f.MemoryBackplane.Subscribe(topic, deliver)
}

func (f *flakyBackplane) SubscribeAt(topic string, deliver func(Event)) (func(), string, error) {
	if f.down.Load() {
		return nil, "", errors.New("backplane unreachable")
	}
	return f.MemoryBackplane.SubscribeAt(topic, deliver)
}

func TestBackplaneSubscribeFailure(t *testing.T) {
	bp := &flakyBackplane{MemoryBackplane: NewMemoryBackplane(MemoryConfig{})}
	e := newEnv(t, nil, HubConfig{Backplane: bp})
	bp.down.Store(true)
	res := e.get(t, "/sse?c=comment/item:1&c=system/system")
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("backplane down: %d, want 503 with Retry-After", res.StatusCode)
	}
	if m := e.hub.Metrics(); m.Subscriptions != 0 || m.Open != 0 {
		t.Fatalf("after a failed subscribe: %+v", m)
	}
	// Back up: the next request subscribes afresh and gets events.
	bp.down.Store(false)
	c := e.open(t, "/sse/comment/item:1")
	e.publish(t, "comment", "item:1", "CommentAdded", "back")
	if ev := c.next(t, 5*time.Second); ev.Data != "back" {
		t.Fatalf("after recovery: %+v", ev)
	}
	if m := e.hub.Metrics(); m.Subscriptions != 1 {
		t.Fatalf("subscriptions %d, want 1", m.Subscriptions)
	}
}
