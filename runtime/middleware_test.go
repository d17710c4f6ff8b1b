package runtime

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// protocols are the two ways a stream reaches a client, for tests of
// what middleware around the handler sees.
var protocols = []struct {
	name string
	h2   bool
}{{"HTTP/1.1", false}, {"HTTP/2", true}}

// serveWrapped serves srv, wrapped by wrap, on loopback over HTTP/2 (TLS)
// when h2, else HTTP/1.1, and stops everything when the test ends.
func serveWrapped(t *testing.T, srv *Server, h2 bool, wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	if srv.Hub == nil {
		srv.Hub = NewHub(HubConfig{})
	}
	if srv.Streams == nil {
		srv.Streams = testStreams
	}
	ts := httptest.NewUnstartedServer(wrap(srv))
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
	return &env{hub: srv.Hub, srv: srv, ts: ts}
}

// observed is what a middleware saw of one request.
type observed struct {
	status int
	took   time.Duration
}

// statusRecorder is the plainest middleware: it wraps the writer to see
// the status (with Unwrap, as http.ResponseController asks, but no Flush
// of its own) and times the handler.
func statusRecorder(seen chan<- observed) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sw := &statusWriter{ResponseWriter: w}
			start := time.Now()
			next.ServeHTTP(sw, r)
			seen <- observed{sw.status, time.Since(start)}
		})
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// holdStream opens a stream, checks that an event published while it is
// open arrives through the middleware, keeps it open for hold and closes
// it. It returns when it closed the stream.
func holdStream(t *testing.T, e *env, hold time.Duration) time.Time {
	t.Helper()
	start := time.Now()
	c := e.open(t, "/sse/system/system")
	e.publish(t, "system", "system", "Notice", "through the middleware")
	if ev := c.next(t, 5*time.Second); ev.Data != "through the middleware" {
		t.Fatalf("got %+v", ev)
	}
	time.Sleep(hold - time.Since(start))
	c.close()
	return time.Now()
}

// TestMiddlewareSeesStatusAndDuration: a middleware around the handler
// sees status 200 and a duration that covers the stream, and only once
// the stream ended.
func TestMiddlewareSeesStatusAndDuration(t *testing.T) {
	const hold = 400 * time.Millisecond
	for _, p := range protocols {
		t.Run(p.name, func(t *testing.T) {
			seen := make(chan observed, 1)
			e := serveWrapped(t, &Server{HeartbeatInterval: -1}, p.h2, statusRecorder(seen))
			start := time.Now()
			go func() {
				time.Sleep(hold / 2)
				select {
				case o := <-seen:
					t.Errorf("the handler returned while the stream was open (after %v, status %d)", o.took, o.status)
				default:
				}
			}()
			holdStream(t, e, hold)
			select {
			case o := <-seen:
				if o.status != http.StatusOK {
					t.Errorf("middleware saw status %d, want 200", o.status)
				}
				if o.took < hold-50*time.Millisecond || o.took > time.Since(start) {
					t.Errorf("middleware saw %v, want the stream's %v", o.took, hold)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the handler did not return after the client left")
			}
			waitFor(t, 2*time.Second, "the stream to be counted as ended", func() bool {
				return e.hub.Metrics().Disconnects[reasonClient] == 1
			})
		})
	}
}

// TestStreamOutlivesReadTimeout: http.Server.ReadTimeout bounds reading
// the request, not a stream, which reads nothing after it. (net/http lifts
// the read deadline when the handler starts; a hijacked connection has its
// deadlines lifted by Hijack.)
func TestStreamOutlivesReadTimeout(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			srv := &Server{Hub: NewHub(HubConfig{}), Streams: testStreams, HeartbeatInterval: -1, Hijack: m.hijack}
			ts := httptest.NewUnstartedServer(srv)
			ts.Config.ReadTimeout = 100 * time.Millisecond
			ts.Start()
			e := &env{hub: srv.Hub, srv: srv, ts: ts}
			t.Cleanup(func() { srv.Shutdown(t.Context()); ts.Close(); srv.Hub.Close() })
			c := e.open(t, "/sse/system/system")
			time.Sleep(400 * time.Millisecond)
			e.publish(t, "system", "system", "Notice", "late")
			if ev := c.next(t, 5*time.Second); ev.Data != "late" {
				t.Fatalf("got %+v", ev)
			}
			if m := e.hub.Metrics(); m.Open != 1 {
				t.Fatalf("%d streams open, want 1 (disconnects %v)", m.Open, m.Disconnects)
			}
		})
	}
}
