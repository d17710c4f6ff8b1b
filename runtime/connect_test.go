package runtime

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// counterApp is an application whose state is a counter: every change
// is published under the same lock the connect hook reads it with.
type counterApp struct {
	mu  sync.Mutex
	n   int
	hub *Hub
}

func (a *counterApp) bump(ctx context.Context, channels ...string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	for _, ch := range channels {
		if _, err := a.hub.Publish(ctx, "comment", ch, "CommentAdded", []byte(strconv.Itoa(a.n))); err != nil {
			return err
		}
	}
	return nil
}

func (a *counterApp) snapshot(s *Snapshot) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return s.Send("State", []byte(strconv.Itoa(a.n)))
}

// asyncBackplane is the memory backplane delivering from a goroutine per
// subscription, after Publish returned, as a networked backplane does.
type asyncBackplane struct{ *MemoryBackplane }

func (a asyncBackplane) Subscribe(topic string, deliver func(Event)) (func(), error) {
	cancel, _, err := a.SubscribeAt(topic, deliver)
	return cancel, err
}

// SubscribeAt hides the memory backplane's own, which delivers
// synchronously.
func (a asyncBackplane) SubscribeAt(topic string, deliver func(Event)) (func(), string, error) {
	ch := make(chan Event, 1<<16)
	done := make(chan struct{})
	cancel, after, err := a.MemoryBackplane.SubscribeAt(topic, func(ev Event) {
		select {
		case ch <- ev:
		case <-done:
		}
	})
	if err != nil {
		return nil, "", err
	}
	go func() {
		for {
			select {
			case ev := <-ch:
				deliver(ev)
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { cancel(); close(done) }) }, after, nil
}

func TestConnectHookRaceFree(t *testing.T) {
	backplanes := map[string]func() Backplane{
		"memory": func() Backplane { return NewMemoryBackplane(MemoryConfig{}) },
		"async":  func() Backplane { return asyncBackplane{NewMemoryBackplane(MemoryConfig{})} },
	}
	for _, bp := range []string{"memory", "async"} {
		for _, path := range []string{"/sse/comment/item:1", "/sse?c=comment/item:1&c=comment/item:2"} {
			t.Run(bp+path, func(t *testing.T) { testConnectHook(t, backplanes[bp](), path) })
		}
	}
}

func testConnectHook(t *testing.T, bp Backplane, path string) {
	app := &counterApp{}
	srv := &Server{OnConnect: app.snapshot}
	e := newEnv(t, srv, HubConfig{Backplane: bp})
	app.hub = e.hub
	ctx, cancel := context.WithCancel(t.Context())
	publishing := make(chan struct{})
	go func() {
		defer close(publishing)
		for ctx.Err() == nil {
			if err := app.bump(ctx, "item:1", "item:2"); err != nil && ctx.Err() == nil {
				t.Error(err)
				return
			}
			// Fast, but not so fast that a reader under -race
			// falls a whole queue behind and is dropped as slow.
			time.Sleep(20 * time.Microsecond)
		}
	}()
	mux := strings.HasPrefix(path, "/sse?")
	for i := range 20 {
		c := e.open(t, path)
		// Per channel: the state, then every later change once.
		want := map[string]int{}
		for range 30 {
			ev := c.next(t, 5*time.Second)
			topic, data := "comment/item:1", ev.Data
			if mux {
				topic, data, _ = strings.Cut(ev.Data, "\n")
			}
			n, err := strconv.Atoi(data)
			if err != nil {
				t.Fatalf("connection %d: event %+v", i, ev)
			}
			switch {
			case ev.Type == "State":
				if _, seen := want[topic]; seen {
					t.Fatalf("connection %d: second snapshot of %s", i, topic)
				}
			case want[topic] == 0:
				t.Fatalf("connection %d: live event %d on %s before its snapshot", i, n, topic)
			case n != want[topic]:
				t.Fatalf("connection %d: %s: change %d after %d: lost or doubled", i, topic, n, want[topic]-1)
			}
			want[topic] = n + 1
		}
		c.close()
	}
	cancel()
	<-publishing
}

func TestConnectHookSkippedOnResume(t *testing.T) {
	calls := 0
	var mu sync.Mutex
	srv := &Server{OnConnect: func(s *Snapshot) error {
		mu.Lock()
		calls++
		mu.Unlock()
		return s.Send("State", []byte(fmt.Sprintf("%q", s.Channel)))
	}}
	e := newEnv(t, srv, HubConfig{})
	id := e.publish(t, "comment", "item:1", "CommentAdded", "a")
	e.publish(t, "comment", "item:1", "CommentAdded", "b")
	c := e.open(t, "/sse/comment/item:1", "Last-Event-ID", id)
	if ev := c.next(t, 5*time.Second); ev.Type != "CommentAdded" || ev.Data != "b" {
		t.Fatalf("resumed connection got %+v, want the replay of b", ev)
	}
	c2 := e.open(t, "/sse/comment/item:1", "Last-Event-ID", "garbage")
	if ev := c2.next(t, 5*time.Second); ev.Type != "resync" {
		t.Fatalf("got %+v, want resync", ev)
	}
	if ev := c2.next(t, 5*time.Second); ev.Type != "State" || ev.Data != `"item:1"` {
		t.Fatalf("after resync got %+v, want the snapshot", ev)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 1 {
		t.Fatalf("hook ran %d times, want once (only after resync)", calls)
	}
}
