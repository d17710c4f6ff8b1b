package runtime

import (
	"bufio"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestTrickleIsWrittenByThePublisher: events that come one at a time
// reach a hijacked stream through the publisher's direct writes, in
// order, each once.
func TestTrickleIsWrittenByThePublisher(t *testing.T) {
	e := newEnv(t, &Server{Hijack: true}, HubConfig{})
	c := e.open(t, "/sse/comment/item:1")
	waitFor(t, 5*time.Second, "the client to subscribe", func() bool { return e.hub.Presence("comment/item:1") == 1 })
	const events = 50
	for i := range events {
		// Events further apart than directMinInterval: none is batched.
		time.Sleep(directMinInterval + time.Millisecond)
		e.publish(t, "comment", "item:1", "CommentAdded", fmt.Sprint(i))
		if ev := c.next(t, 5*time.Second); ev.Data != fmt.Sprint(i) {
			t.Fatalf("event %d: data %q", i, ev.Data)
		}
	}
	// The first event may find the stream's goroutine still owning the
	// socket after it started; the others must not wake it.
	if d := e.hub.m.direct.Load(); d < events-2 {
		t.Errorf("%d of %d events written directly", d, events)
	}
	waitFor(t, 5*time.Second, "every delivery to be counted", func() bool { return e.hub.Metrics().Delivered == events })
}

// TestBurstIsQueuedForBatching: events closer together than
// directMinInterval are left to the stream's goroutine, which writes
// what queued meanwhile with one write.
func TestBurstIsQueuedForBatching(t *testing.T) {
	e := newEnv(t, &Server{Hijack: true}, HubConfig{})
	c := e.open(t, "/sse/comment/item:1")
	waitFor(t, 5*time.Second, "the client to subscribe", func() bool { return e.hub.Presence("comment/item:1") == 1 })
	const events = 200
	for i := range events {
		e.publish(t, "comment", "item:1", "CommentAdded", fmt.Sprint(i))
	}
	for i := range events {
		if ev := c.next(t, 5*time.Second); ev.Data != fmt.Sprint(i) {
			t.Fatalf("event %d: data %q", i, ev.Data)
		}
	}
	// Only the first event of the topic goes directly, and those that a
	// busy machine kept the publisher from for longer than
	// directMinInterval.
	if d := e.hub.m.direct.Load(); d > events/4 {
		t.Errorf("%d of %d events of a burst written directly", d, events)
	}
}

// TestDirectWriteHandsTheRestToTheStream fills the socket of a client
// that does not read yet: the direct write that finds it full leaves the
// rest to the stream's goroutine, the events after it queue behind, and
// once the client reads it gets every event whole, once, in order.
func TestDirectWriteHandsTheRestToTheStream(t *testing.T) {
	srv := &Server{Hub: NewHub(HubConfig{QueueSize: 4096}), Streams: testStreams, WriteTimeout: 20 * time.Second, Hijack: true}
	ts := httptest.NewUnstartedServer(srv)
	ts.Listener = smallBuffers{ts.Listener}
	ts.Start()
	t.Cleanup(func() { srv.Shutdown(t.Context()); ts.Close(); srv.Hub.Close() })
	conn := stalledClient(t, ts.Listener.Addr().String(), "/sse/comment/item:1")
	waitFor(t, 5*time.Second, "the client to subscribe", func() bool { return srv.Hub.Presence("comment/item:1") == 1 })

	pad := strings.Repeat("x", 1000)
	const events = 100 // 100 KB: far more than both socket buffers hold
	for i := range events {
		if _, err := srv.Hub.Publish(t.Context(), "comment", "item:1", "CommentAdded", fmt.Appendf(nil, "%d %s", i, pad)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(directMinInterval + time.Millisecond) // a trickle: each event alone
	}
	direct := srv.Hub.m.direct.Load()
	if direct == 0 || direct == events {
		t.Fatalf("%d of %d events written directly: want the first directly and the rest, once the socket was full, by the stream", direct, events)
	}
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	r := bufio.NewReader(conn)
	next := 0
	for next < events {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("after %d events: %v", next, err)
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			continue
		}
		if want := fmt.Sprintf("%d %s\n", next, pad); data != want {
			t.Fatalf("event %d: got %.12q..., %d bytes; want %d bytes", next, data, len(data), len(want))
		}
		next++
	}
	if m := srv.Hub.Metrics(); m.Dropped != 0 || m.Disconnects[reasonSlow] != 0 || m.Disconnects[reasonWrite] != 0 {
		t.Errorf("metrics %+v: want nothing dropped or cut", m)
	}
}
