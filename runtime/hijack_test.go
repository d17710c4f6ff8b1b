package runtime

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	sse "github.com/tmaxmax/go-sse"
)

// startServer serves a Server with Hijack set on loopback, over TLS with
// HTTP/2 when h2, and counts connections net/http handed over by Hijack.
func startServer(t *testing.T, h2 bool) (*Server, *httptest.Server, *atomic.Int32) {
	t.Helper()
	srv := &Server{Hub: NewHub(HubConfig{}), Streams: testStreams, HeartbeatInterval: -1, Hijack: true}
	mux := http.NewServeMux()
	mux.Handle("/sse/", srv)
	ts := httptest.NewUnstartedServer(mux)
	var hijacked atomic.Int32
	ts.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateHijacked {
			hijacked.Add(1)
		}
	}
	if h2 {
		ts.EnableHTTP2 = true
		ts.StartTLS()
	} else {
		ts.Start()
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		ts.Close()
		srv.Hub.Close()
	})
	return srv, ts, &hijacked
}

// TestHTTP1StreamIsTakenOverAndEndsWithTheClient reads an HTTP/1.1
// stream byte for byte: a head that ends the body with the connection
// (no chunked framing), events as written, and the stream ended as soon
// as the client closes its side, though net/http no longer watches it.
func TestHTTP1StreamIsTakenOverAndEndsWithTheClient(t *testing.T) {
	t.Run("poller", testHTTP1StreamIsTakenOverAndEndsWithTheClient)
	// Where there is no poller, a read in a goroutine of the stream's
	// own watches for the client leaving.
	t.Run("read", func(t *testing.T) {
		watchByReading = true
		t.Cleanup(func() { watchByReading = false })
		testHTTP1StreamIsTakenOverAndEndsWithTheClient(t)
	})
}

func testHTTP1StreamIsTakenOverAndEndsWithTheClient(t *testing.T) {
	srv, ts, hijacked := startServer(t, false)
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, "GET /sse/system/system HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	var head strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("head: %v (so far %q)", err, head.String())
		}
		head.WriteString(line)
		if line == "\r\n" {
			break
		}
	}
	h := head.String()
	for _, want := range []string{"HTTP/1.1 200 OK\r\n", "Connection: close\r\n", "Content-Type: text/event-stream\r\n", "Cache-Control: no-cache\r\n", "X-Accel-Buffering: no\r\n"} {
		if !strings.Contains(h, want) {
			t.Errorf("head lacks %q:\n%s", want, h)
		}
	}
	if strings.Contains(h, "Transfer-Encoding") || strings.Contains(h, "Content-Length") {
		t.Errorf("head frames the body, want it ended by the connection:\n%s", h)
	}
	waitFor(t, 2*time.Second, "subscriber", func() bool { return srv.Hub.Presence("system/system") == 1 })
	if n := hijacked.Load(); n != 1 {
		t.Fatalf("%d connections hijacked, want 1", n)
	}
	if _, err := srv.Hub.Publish(context.Background(), "system", "system", "Notice", []byte(`{"n":1}`)); err != nil {
		t.Fatal(err)
	}
	const event = "event: Notice\ndata: {\"n\":1}\n\n"
	var body strings.Builder
	for !strings.Contains(body.String(), event) {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("body: %v (so far %q)", err, body.String())
		}
		body.WriteString(line)
	}
	if !strings.HasPrefix(body.String(), "retry: ") {
		t.Errorf("body begins %q, want the retry field", body.String())
	}
	c.Close()
	waitFor(t, 2*time.Second, "the stream to end", func() bool {
		m := srv.Hub.Metrics()
		return m.Open == 0 && m.Disconnects[reasonClient] == 1
	})
	if n := srv.Hub.Presence("system/system"); n != 0 {
		t.Errorf("presence %d after the client left", n)
	}
}

// TestHTTP2StreamIsServedThroughTheResponseWriter checks that Hijack
// leaves connections that cannot be hijacked on the ordinary path.
func TestHTTP2StreamIsServedThroughTheResponseWriter(t *testing.T) {
	srv, ts, hijacked := startServer(t, true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/sse/system/system", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.ProtoMajor != 2 || res.StatusCode != http.StatusOK {
		t.Fatalf("%s %d, want HTTP/2 200", res.Proto, res.StatusCode)
	}
	waitFor(t, 2*time.Second, "subscriber", func() bool { return srv.Hub.Presence("system/system") == 1 })
	if _, err := srv.Hub.Publish(context.Background(), "system", "system", "Notice", []byte(`{"n":2}`)); err != nil {
		t.Fatal(err)
	}
	for ev, err := range sse.Read(res.Body, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if ev.Type == "Notice" {
			if ev.Data != `{"n":2}` {
				t.Errorf("data %q", ev.Data)
			}
			break
		}
	}
	cancel()
	waitFor(t, 2*time.Second, "the stream to end", func() bool { return srv.Hub.Metrics().Open == 0 })
	if n := hijacked.Load(); n != 0 {
		t.Errorf("%d HTTP/2 connections hijacked, want none", n)
	}
}

// The deadline that bounds writing the response head must not stay on the
// connection: a stream outlives the write timeout by far, and every event
// after it must still arrive.
func TestHTTP1StreamOutlivesTheWriteTimeout(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) { testOutlivesWriteTimeout(t, m.hijack) })
	}
}

func testOutlivesWriteTimeout(t *testing.T, hijack bool) {
	e := newEnv(t, &Server{WriteTimeout: 150 * time.Millisecond, Hijack: hijack}, HubConfig{})
	c := e.open(t, "/sse/system/system")
	waitFor(t, 5*time.Second, "the subscriber", func() bool { return e.hub.Presence("system/system") == 1 })
	for i := 0; i < 4; i++ {
		time.Sleep(100 * time.Millisecond) // 400 ms in all: well past the timeout
		want := fmt.Sprintf(`{"i":%d}`, i)
		e.publish(t, "system", "system", "Notice", want)
		if ev := c.next(t, 5*time.Second); ev.Data != want {
			t.Fatalf("event %d: data %q, want %q", i, ev.Data, want)
		}
	}
	if n := e.hub.Metrics().Disconnects[reasonWrite]; n != 0 {
		t.Errorf("%d write failures, want none", n)
	}
}
