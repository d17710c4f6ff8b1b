package runtime

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// rawStream is an HTTP/1.1 stream read byte for byte over its own TCP
// connection.
type rawStream struct {
	c net.Conn
	r *bufio.Reader
}

// dialStream requests path and reads the response head.
func dialStream(t *testing.T, addr, path string) *rawStream {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	s := &rawStream{c: c, r: bufio.NewReader(c)}
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			t.Fatalf("head: %v", err)
		}
		if line == "\r\n" {
			return s
		}
	}
}

// readUntil reads lines until one contains want.
func (s *rawStream) readUntil(t *testing.T, want string) {
	t.Helper()
	var got strings.Builder
	for {
		line, err := s.r.ReadString('\n')
		got.WriteString(line)
		if err != nil {
			t.Fatalf("waiting for %q: %v (read %q)", want, err, got.String())
		}
		if strings.Contains(line, want) {
			return
		}
	}
}

// TestIdleHijackedStreamsHoldNoGoroutine: hijacked streams that wait for
// events have no goroutine each (one poller watches all of them for their
// clients leaving), yet get their events, survive a client that sends
// bytes, and end as soon as their clients leave, the poller with the last.
func TestIdleHijackedStreamsHoldNoGoroutine(t *testing.T) {
	srv, ts, _ := startServer(t, false)
	before := runtime.NumGoroutine()
	const n = 50
	streams := make([]*rawStream, n)
	for i := range streams {
		streams[i] = dialStream(t, ts.Listener.Addr().String(), "/sse/system/system")
	}
	waitFor(t, 5*time.Second, "every stream subscribed", func() bool { return srv.Hub.Presence("system/system") == n })
	// Allow the poller and a few steps still finishing.
	waitFor(t, 5*time.Second, "idle streams to hold no goroutine", func() bool { return runtime.NumGoroutine()-before <= 3 })

	if _, err := srv.Hub.Publish(context.Background(), "system", "system", "Notice", []byte(`{"n":1}`)); err != nil {
		t.Fatal(err)
	}
	for _, s := range streams {
		s.readUntil(t, `data: {"n":1}`)
	}

	// A client that sends something is not taken for one that left.
	if _, err := io.WriteString(streams[0].c, "unexpected bytes\r\n"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := srv.Hub.Publish(context.Background(), "system", "system", "Notice", []byte(`{"n":2}`)); err != nil {
		t.Fatal(err)
	}
	streams[0].readUntil(t, `data: {"n":2}`)
	if m := srv.Hub.Metrics(); m.Open != n {
		t.Fatalf("%d streams open, want %d (disconnects %v)", m.Open, n, m.Disconnects)
	}

	for _, s := range streams[:n/2] {
		s.c.Close()
	}
	waitFor(t, 5*time.Second, "half the streams to end", func() bool {
		m := srv.Hub.Metrics()
		return m.Open == n-n/2 && m.Disconnects[reasonClient] == n/2
	})
	for _, s := range streams[n/2:] {
		s.c.Close()
	}
	waitFor(t, 5*time.Second, "every stream to end", func() bool { return srv.Hub.Metrics().Open == 0 })
	waitFor(t, 5*time.Second, "the poller to exit", func() bool { return runtime.NumGoroutine() <= before })
	if p := srv.Hub.Presence("system/system"); p != 0 {
		t.Errorf("presence %d after every client left", p)
	}
}

// TestDrivenStreamSendsHeartbeats: with no goroutine of its own, an idle
// hijacked stream still gets its heartbeats, and its lifetime ends it.
func TestDrivenStreamSendsHeartbeats(t *testing.T) {
	srv := &Server{Hub: NewHub(HubConfig{}), Streams: testStreams, HeartbeatInterval: 30 * time.Millisecond, MaxLifetime: 400 * time.Millisecond, Hijack: true}
	ts := newLoopbackServer(srv)
	t.Cleanup(func() { srv.Shutdown(context.Background()); ts.Close(); srv.Hub.Close() })
	s := dialStream(t, ts.Listener.Addr().String(), "/sse/system/system")
	for range 3 {
		s.readUntil(t, ": ping")
	}
	if _, err := io.Copy(io.Discard, s.r); err != nil {
		t.Fatalf("the stream did not end cleanly at its lifetime: %v", err)
	}
	waitFor(t, 2*time.Second, "the lifetime to be counted", func() bool { return srv.Hub.Metrics().Disconnects[reasonLifetime] == 1 })
}

// plainWriter hides every optional interface of the ResponseWriter it
// wraps but Flush, as some middleware does: it cannot be hijacked.
type plainWriter struct{ w http.ResponseWriter }

func (p plainWriter) Header() http.Header         { return p.w.Header() }
func (p plainWriter) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p plainWriter) WriteHeader(code int)        { p.w.WriteHeader(code) }
func (p plainWriter) Flush()                      { p.w.(http.Flusher).Flush() }

// TestUnhijackableStreamIsServedThroughTheWriter: with Hijack set, an
// HTTP/1.1 stream whose writer cannot be hijacked is served through it,
// and its handler returns when the client leaves.
func TestUnhijackableStreamIsServedThroughTheWriter(t *testing.T) {
	srv := &Server{Hub: NewHub(HubConfig{}), Streams: testStreams, HeartbeatInterval: 20 * time.Millisecond, Hijack: true}
	returned := make(chan struct{}, 1)
	ts := newLoopbackServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.ServeHTTP(plainWriter{w}, r)
		returned <- struct{}{}
	}))
	e := &env{hub: srv.Hub, srv: srv, ts: ts}
	t.Cleanup(func() { srv.Shutdown(context.Background()); ts.Close(); srv.Hub.Close() })
	c := e.open(t, "/sse/system/system")
	waitFor(t, 2*time.Second, "subscriber", func() bool { return srv.Hub.Presence("system/system") == 1 })
	for i := range 3 {
		data := fmt.Sprintf(`{"n":%d}`, i)
		e.publish(t, "system", "system", "Notice", data)
		if ev := c.next(t, 5*time.Second); ev.Data != data {
			t.Fatalf("got %+v, want %s", ev, data)
		}
	}
	c.close()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("the handler did not return after the client left")
	}
	if m := srv.Hub.Metrics(); m.Open != 0 || m.Disconnects[reasonClient] != 1 {
		t.Fatalf("open %d, disconnects %v", m.Open, m.Disconnects)
	}
}

// TestIdleHijackedStreamMemory guards the densest mode's footprint: the
// Go heap and stacks an idle hijacked stream holds, measured in this
// process over loopback (the test's own clients, a bare TCP connection
// each, are counted too). A parked goroutine per stream, or a timer, a
// channel or a buffer each, shows here.
func TestIdleHijackedStreamMemory(t *testing.T) {
	srv := &Server{Hub: NewHub(HubConfig{}), Streams: testStreams, Hijack: true}
	ts := newLoopbackServer(srv)
	t.Cleanup(func() { srv.Shutdown(context.Background()); ts.Close(); srv.Hub.Close() })
	held := func() int64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc + ms.StackInuse)
	}
	const n = 500
	// Warm up: the first streams start the poller, the heartbeat timer
	// and the hub's topic.
	warm := make([]*rawStream, 10)
	for i := range warm {
		warm[i] = dialStream(t, ts.Listener.Addr().String(), "/sse/system/system")
	}
	waitFor(t, 5*time.Second, "warm-up streams", func() bool { return srv.Hub.Metrics().Open == int64(len(warm)) })
	before := held()
	streams := make([]net.Conn, n)
	for i := range streams {
		streams[i] = dialStream(t, ts.Listener.Addr().String(), "/sse/system/system").c
	}
	waitFor(t, 5*time.Second, "every stream open", func() bool { return srv.Hub.Metrics().Open == int64(n+len(warm)) })
	per := (held() - before) / n
	t.Logf("%d B of Go heap and stacks per idle hijacked stream, its client's connection included", per)
	if per > 3<<10 {
		t.Errorf("an idle hijacked stream holds %d B, want at most 3 KiB (7.7 KiB with a goroutine pair each)", per)
	}
}
