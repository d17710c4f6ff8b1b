package runtime

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// smallBuffers accepts connections with a small send buffer, so that a
// client that stops reading blocks the server's writes after kilobytes
// instead of the megabytes loopback buffers would take.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(8 << 10)
	}
	return c, err
}

// stalledClient opens a stream over raw TCP and never reads from it.
func stalledClient(t *testing.T, addr, path string) net.Conn {
	t.Helper()
	c, err := dialSmallReceiveBuffer(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, addr)
	return c
}

func TestSlowClientDoesNotDelayOthers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		queue  int
		reason string
	}{
		{"queue overflows", 128, reasonSlow},
		{"write deadline", 4096, reasonWrite},
	} {
		for _, m := range modes {
			t.Run(tc.name+"/"+m.name, func(t *testing.T) { testSlowClient(t, tc.queue, tc.reason, m.hijack) })
		}
	}
}

// testSlowClient stalls one client of eleven while events flow, with a
// queue of queue events, and expects it cut off for reason alone.
func testSlowClient(t *testing.T, queue int, reason string, hijack bool) {
	// A write stuck on the stalled client fails at the write deadline, or
	// at once when the client's queue overflows first. With a queue that
	// overflows, the deadline is long, so that a cut that waited for it
	// would show.
	writeTimeout := 1500 * time.Millisecond
	if reason == reasonSlow {
		writeTimeout = 10 * time.Second
	}
	srv := &Server{WriteTimeout: writeTimeout, Hijack: hijack}
	srv.Hub = NewHub(HubConfig{QueueSize: queue})
	srv.Streams = testStreams
	ts := httptest.NewUnstartedServer(srv)
	ts.Listener = smallBuffers{ts.Listener}
	ts.Start()
	e := &env{hub: srv.Hub, srv: srv, ts: ts}
	t.Cleanup(func() { srv.Shutdown(t.Context()); ts.Close(); srv.Hub.Close() })

	const normal, events = 10, 300
	var clients []*client
	for range normal {
		clients = append(clients, e.open(t, "/sse/comment/item:1"))
	}
	stalledClient(t, ts.Listener.Addr().String(), "/sse/comment/item:1")
	waitFor(t, 5*time.Second, "the stalled client to subscribe", func() bool {
		return e.hub.Presence("comment/item:1") == normal+1 && e.hub.Metrics().Open == normal+1
	})
	disconnected := whenTrue(t, func() bool { return e.hub.Metrics().Open == normal })

	data := strings.Repeat("x", 512)
	start := time.Now()
	var overflowed time.Time // when the stalled client's queue overflowed
	for i := range events {
		e.publish(t, "comment", "item:1", "CommentAdded", fmt.Sprintf("%d %s", i, data))
		if overflowed.IsZero() && e.hub.Metrics().Dropped > 0 {
			overflowed = time.Now()
		}
		if i%8 == 7 {
			// Let readers that do read drain their queues: wait
			// until only the stalled one has a backlog.
			waitFor(t, 10*time.Second, "readers to catch up", func() bool { return backlogged(e.hub, "comment/item:1") <= 1 })
		}
	}
	for i, c := range clients {
		for j := range events {
			ev := c.next(t, writeTimeout)
			if !strings.HasPrefix(ev.Data, fmt.Sprintf("%d ", j)) {
				t.Fatalf("client %d: event %d: %.10q", i, j, ev.Data)
			}
		}
	}
	// The stalled client is still stuck in a write (until its
	// deadline): had publishing waited for it, the others would
	// only have got their events after it was cut off.
	if reason == reasonWrite {
		if n := e.hub.Metrics().Open; n != normal+1 {
			t.Errorf("the others got every event only after the stalled client was cut off (%d open, took %v)", n, time.Since(start))
		}
	}
	var gone time.Time
	select {
	case gone = <-disconnected:
	case <-time.After(writeTimeout + time.Second):
		t.Fatalf("the stalled client is still connected %v after publishing began", time.Since(start))
	}
	if reason == reasonSlow {
		// An overflow cuts the stuck write at once, not at its deadline.
		// Measured from the overflow, not from the first event, since
		// publishing and reading the rest may take a while on a busy
		// machine.
		if overflowed.IsZero() {
			t.Fatal("the stalled client's queue never overflowed")
		}
		if d := gone.Sub(overflowed); d > writeTimeout/4 {
			t.Errorf("stalled client disconnected %v after its queue overflowed, write deadline %v", d, writeTimeout)
		}
	}
	if n := e.hub.Presence("comment/item:1"); n != normal {
		t.Errorf("presence %d after the stalled client was cut off, want %d", n, normal)
	}
	if took := gone.Sub(start); took > writeTimeout+500*time.Millisecond {
		t.Errorf("stalled client disconnected %v after publishing began, write deadline %v", took, writeTimeout)
	}
	m := e.hub.Metrics()
	if m.Disconnects[reason] != 1 {
		t.Errorf("disconnects %v, want one %q", m.Disconnects, reason)
	}
	if reason == reasonSlow && m.Dropped == 0 {
		t.Errorf("Dropped = 0 after a queue overflow")
	}
}

var _ http.Handler = (*Server)(nil)

// whenTrue polls cond every millisecond until it holds or the test ends,
// and sends the time it first held.
func whenTrue(t *testing.T, cond func() bool) <-chan time.Time {
	at := make(chan time.Time, 1)
	ctx := t.Context()
	go func() {
		for !cond() {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Millisecond):
			}
		}
		at <- time.Now()
	}()
	return at
}

// backlogged counts the topic's subscribers with more than 16 queued
// events.
func backlogged(h *Hub, topic string) int {
	h.mu.Lock()
	t := h.topics[topic]
	h.mu.Unlock()
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, s := range t.subs {
		s.mu.Lock()
		if len(s.queue) > 16 && s.reason == "" {
			n++
		}
		s.mu.Unlock()
	}
	return n
}
