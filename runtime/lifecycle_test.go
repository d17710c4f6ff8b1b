package runtime

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestHeartbeat(t *testing.T) {
	e := newEnv(t, &Server{HeartbeatInterval: 30 * time.Millisecond}, HubConfig{})
	res := e.get(t, "/sse/system/system")
	defer res.Body.Close()
	r := bufio.NewReader(res.Body)
	pings := 0
	deadline := time.Now().Add(5 * time.Second)
	for pings < 2 && time.Now().Before(deadline) {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if line == ": ping\n" {
			pings++
		}
	}
	if pings < 2 {
		t.Fatalf("%d heartbeat comments, want 2", pings)
	}
}

func TestMaxLifetimeEndsStream(t *testing.T) {
	const lifetime = 200 * time.Millisecond
	e := newEnv(t, &Server{MaxLifetime: lifetime}, HubConfig{})
	start := time.Now()
	c := e.open(t, "/sse/system/system")
	c.ended(t, 5*time.Second)
	if took := time.Since(start); took < lifetime*8/10 || took > lifetime+time.Second {
		t.Fatalf("stream ended after %v, want between 80%% and 100%% of %v", took, lifetime)
	}
	waitFor(t, time.Second, "the lifetime disconnect to be counted", func() bool { return e.hub.Metrics().Disconnects[reasonLifetime] == 1 })
	if n := e.hub.Presence("system/system"); n != 0 {
		t.Fatalf("presence %d after the stream ended, want 0", n)
	}
}

func TestPresence(t *testing.T) {
	var mu sync.Mutex
	var seen []int
	hub := NewHub(HubConfig{OnPresence: func(topic string, n int) {
		if topic == "comment/item:1" {
			mu.Lock()
			seen = append(seen, n)
			mu.Unlock()
		}
	}})
	e := newEnv(t, &Server{Hub: hub}, HubConfig{})
	a := e.open(t, "/sse/comment/item:1")
	b := e.open(t, "/sse?c=comment/item:1&c=system/system")
	if n := hub.Presence("comment/item:1"); n != 2 {
		t.Fatalf("presence %d, want 2", n)
	}
	if n := hub.Presence("system/system"); n != 1 {
		t.Fatalf("presence of system %d, want 1", n)
	}
	a.close()
	waitFor(t, 2*time.Second, "presence 1", func() bool { return hub.Presence("comment/item:1") == 1 })
	b.close()
	waitFor(t, 2*time.Second, "presence 0", func() bool { return hub.Presence("comment/item:1") == 0 })
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(seen) != "[1 2 1 0]" {
		t.Fatalf("OnPresence saw %v, want [1 2 1 0]", seen)
	}
}

func TestCloseChannel(t *testing.T) {
	e := newEnv(t, nil, HubConfig{})
	single := e.open(t, "/sse/comment/item:9")
	mux := e.open(t, "/sse?c=comment/item:9&c=system/system")
	if err := e.hub.CloseChannel(t.Context(), "comment", "item:9", "Closed", []byte("bye")); err != nil {
		t.Fatal(err)
	}
	got := single.ended(t, 5*time.Second)
	if len(got) != 1 || got[0].Type != "Closed" || got[0].Data != "bye" {
		t.Fatalf("single stream got %+v before its end, want the final event once", got)
	}
	if ev := mux.next(t, 5*time.Second); ev.Type != "Closed" || ev.Data != "comment/item:9\nbye" {
		t.Fatalf("multiplexed stream got %+v, want the final event", ev)
	}
	// The multiplexed stream goes on for its other channel only.
	e.publish(t, "comment", "item:9", "CommentAdded", "after close")
	e.publish(t, "system", "system", "Notice", "still here")
	if ev := mux.next(t, 5*time.Second); ev.Data != "system/system\nstill here" {
		t.Fatalf("multiplexed stream after close got %+v", ev)
	}
	res := e.get(t, "/sse/comment/item:9")
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("closed channel answered %d, want 204", res.StatusCode)
	}
	e.hub.ReopenChannel("comment", "item:9")
	e.open(t, "/sse/comment/item:9")
	if _, err := e.hub.Publish(t.Context(), "comment", "item:9", "CommentAdded", []byte("x")); err != nil {
		t.Fatal(err)
	}
	// The stream counts its end after closing the connection, so the
	// client may see the end first.
	waitFor(t, 5*time.Second, "one stream counted as closed", func() bool { return e.hub.Metrics().Disconnects[reasonClosed] == 1 })
	if m := e.hub.Metrics(); m.Disconnects[reasonClosed] != 1 {
		t.Fatalf("disconnects %v, want one closed", m.Disconnects)
	}
}

func TestShutdown(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) { testShutdown(t, m.hijack) })
	}
}

func testShutdown(t *testing.T, hijack bool) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := &Server{Retry: 250 * time.Millisecond, Hijack: hijack}
	srv.Hub = NewHub(HubConfig{})
	srv.Streams = testStreams
	e := &env{hub: srv.Hub, srv: srv}
	e.ts = newLoopbackServer(srv)
	var bodies []io.ReadCloser
	for _, path := range []string{"/sse/comment/item:1", "/sse?c=system/system&c=comment/item:2", "/sse/system/system"} {
		res := e.get(t, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		bodies = append(bodies, res.Body)
	}
	// Churn first, so that shutdown also follows streams that came and
	// went (some may still be ending when Shutdown starts).
	for range 20 {
		res := e.get(t, "/sse/comment/item:3")
		res.Body.Close()
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	for i, b := range bodies {
		all, err := io.ReadAll(b)
		b.Close()
		if err != nil {
			t.Fatalf("stream %d: %v", i, err)
		}
		if !strings.HasSuffix(string(all), "retry: 250\n\n") {
			t.Fatalf("stream %d ended with %q, want a retry field last", i, all)
		}
	}
	res := e.get(t, "/sse/system/system")
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("after Shutdown: %d, want 503 with Retry-After", res.StatusCode)
	}
	if m := srv.Hub.Metrics(); m.Open != 0 || m.Disconnects[reasonShutdown] < 3 || m.Subscriptions != 0 {
		t.Fatalf("metrics after shutdown: %+v", m)
	}
	e.ts.Close()
	srv.Hub.Close()
}

// TestPresenceHookMayPublish checks that an OnPresence that publishes
// (a users-online counter) works even when the change comes from a slow
// subscriber dropped in the middle of a publish to the same topic.
func TestPresenceHookMayPublish(t *testing.T) {
	var hub *Hub
	hub = NewHub(HubConfig{QueueSize: 1, OnPresence: func(topic string, n int) {
		hub.Publish(context.Background(), "system", "system", "Online", []byte(fmt.Sprint(n)))
	}})
	e := newEnv(t, &Server{Hub: hub}, HubConfig{})
	sub := newSubscriber(1, true)
	if err := hub.join(sub, []string{"system/system"}, limits{}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 3 { // the second overflows the queue of one
			e.publish(t, "system", "system", "Notice", "x")
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("publish deadlocked with a publishing OnPresence")
	}
	if sub.ended() != reasonSlow {
		t.Fatalf("subscriber not ended as slow: %q", sub.ended())
	}
	waitFor(t, 2*time.Second, "the presence change to be published", func() bool { return hub.Metrics().Published >= 5 })
	hub.leave(sub, []string{"system/system"})
}

// TestCleanEndAfterIdle: a stream that idled past its last write's
// deadline still ends as a complete response, not a cut connection.
func TestCleanEndAfterIdle(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := newEnv(t, &Server{WriteTimeout: 30 * time.Millisecond, MaxLifetime: 250 * time.Millisecond, HeartbeatInterval: -1, Hijack: m.hijack}, HubConfig{})
			res := e.get(t, "/sse/system/system")
			defer res.Body.Close()
			if _, err := io.ReadAll(res.Body); err != nil {
				t.Fatalf("stream ended with %v, want a complete response", err)
			}
		})
	}
}
