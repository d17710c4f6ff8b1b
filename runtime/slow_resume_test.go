package runtime

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// gatedBackplane holds the next subscription to a topic open, once
// armed, until released: events published meanwhile already reach the
// hub, as they would while a slow backplane subscribes.
type gatedBackplane struct {
	*MemoryBackplane
	armed   chan struct{} // receives once: hold the next SubscribeAt
	reached chan struct{} // closed when a held SubscribeAt began delivering
	release chan struct{}
}

func (b *gatedBackplane) SubscribeAt(topic string, deliver func(Event)) (func(), string, error) {
	cancel, after, err := b.MemoryBackplane.SubscribeAt(topic, deliver)
	select {
	case <-b.armed:
		close(b.reached)
		<-b.release
	default:
	}
	return cancel, after, err
}

// TestClientCutAsSlowBeforeItsFirstWriteIsToldAndResumes cuts a
// resuming client as slow before its stream wrote anything (its queue
// overflows while it subscribes). Its connection must end, as every cut
// stream's does, so that it reconnects: a complete empty 200 on a
// connection kept open for another request told it nothing. Then,
// resuming from the same id, it gets every event once, in order.
func TestClientCutAsSlowBeforeItsFirstWriteIsToldAndResumes(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			bp := &gatedBackplane{
				MemoryBackplane: NewMemoryBackplane(MemoryConfig{}),
				armed:           make(chan struct{}, 1),
				reached:         make(chan struct{}),
				release:         make(chan struct{}),
			}
			e := newEnv(t, &Server{Hijack: m.hijack, Retry: 10 * time.Millisecond}, HubConfig{Backplane: bp, QueueSize: 2})
			const path = "/sse/comment/item:1"
			var ids []string
			publish := func(n int) {
				for range n {
					ids = append(ids, e.publish(t, "comment", "item:1", "CommentAdded", fmt.Sprintf("event %d", len(ids))))
				}
			}
			publish(4)
			resumeFrom := ids[0]

			bp.armed <- struct{}{}
			released := false
			defer func() {
				if !released {
					close(bp.release)
				}
			}()
			nc, err := net.Dial("tcp", e.ts.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			fmt.Fprintf(nc, "GET %s HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nLast-Event-ID: %s\r\n\r\n", path, resumeFrom)
			select {
			case <-bp.reached:
			case <-time.After(5 * time.Second):
				t.Fatal("the stream never subscribed")
			}
			publish(3) // one more than the queue holds
			if d := e.hub.Metrics().Dropped; d != 1 {
				t.Fatalf("dropped %d, want the resuming client cut as slow", d)
			}
			close(bp.release)
			released = true

			// The cut client's connection ends, whatever it got first.
			nc.SetReadDeadline(time.Now().Add(5 * time.Second))
			got, err := io.ReadAll(nc)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("the client cut as slow still has its connection open, after reading %q: it is never told to reconnect", got)
			}
			if strings.Contains(string(got), "\nid: ") {
				t.Errorf("the client cut before its stream wrote anything got events: %q", got)
			}

			// Resuming from the same id, it gets every event after it
			// once, in order; the next live event follows the last.
			c := e.open(t, path, "Last-Event-ID", resumeFrom)
			publish(1)
			for i := 1; i < len(ids); i++ {
				ev := c.next(t, 5*time.Second)
				if want := fmt.Sprintf("event %d", i); ev.Data != want || ev.LastEventID != ids[i] {
					t.Fatalf("event %d: got %q (id %s), want %q (id %s)", i, ev.Data, ev.LastEventID, want, ids[i])
				}
			}
			waitFor(t, 5*time.Second, "the cut stream to be counted", func() bool { return e.hub.Metrics().Open == 1 })
		})
	}
}
