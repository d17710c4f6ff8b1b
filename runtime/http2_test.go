package runtime

import (
	"net/http/httptest"
	"testing"
	"time"
)

// TestHTTP2 serves streams over TLS with HTTP/2, where many streams share
// one connection: flushes, write deadlines and stream ends must work per
// stream there too.
func TestHTTP2(t *testing.T) {
	srv := &Server{Hub: NewHub(HubConfig{}), Streams: testStreams, WriteTimeout: time.Second}
	ts := httptest.NewUnstartedServer(srv)
	ts.EnableHTTP2 = true
	ts.StartTLS()
	e := &env{hub: srv.Hub, srv: srv, ts: ts}
	t.Cleanup(func() { srv.Shutdown(t.Context()); ts.Close(); srv.Hub.Close() })

	a := e.open(t, "/sse/comment/item:1")
	b := e.open(t, "/sse?c=comment/item:1&c=system/system")
	if a.res.ProtoMajor != 2 || b.res.ProtoMajor != 2 {
		t.Fatalf("protocol %s, want HTTP/2", a.res.Proto)
	}
	e.publish(t, "comment", "item:1", "CommentAdded", "over h2")
	if ev := a.next(t, 5*time.Second); ev.Data != "over h2" {
		t.Fatalf("one-channel stream got %+v", ev)
	}
	if ev := b.next(t, 5*time.Second); ev.Data != "comment/item:1\nover h2" {
		t.Fatalf("multiplexed stream got %+v", ev)
	}
	a.close()
	waitFor(t, 2*time.Second, "the closed h2 stream to leave", func() bool { return e.hub.Presence("comment/item:1") == 1 })
	e.publish(t, "system", "system", "Notice", "still")
	if ev := b.next(t, 5*time.Second); ev.Data != "system/system\nstill" {
		t.Fatalf("the other stream on the connection got %+v", ev)
	}
}
