package runtime

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	sse "github.com/tmaxmax/go-sse"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testStreams are the streams most tests serve.
var testStreams = []Stream{
	{Name: "comment", ChannelPrefix: "item:", Events: []string{"CommentAdded"}},
	{Name: "user", ChannelPrefix: "user:", KeyIsInteger: true, Auth: true, Events: []string{"Notified"}},
	{Name: "system", Events: []string{"Notice"}},
}

// env is a hub and server on a loopback listener.
type env struct {
	hub *Hub
	srv *Server
	ts  *httptest.Server
}

// newEnv starts srv (Hub and Streams filled in when unset) over a hub
// built from cfg, and stops everything when the test ends.
func newEnv(t testing.TB, srv *Server, cfg HubConfig) *env {
	t.Helper()
	if srv == nil {
		srv = &Server{}
	}
	if srv.Hub == nil {
		srv.Hub = NewHub(cfg)
	}
	if srv.Streams == nil {
		srv.Streams = testStreams
	}
	mux := http.NewServeMux()
	mux.Handle("/sse", srv)
	mux.Handle("/sse/", srv)
	ts := httptest.NewServer(mux)
	e := &env{hub: srv.Hub, srv: srv, ts: ts}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		ts.Close()
		srv.Hub.Close()
	})
	return e
}

// publish publishes or fails the test.
func (e *env) publish(t testing.TB, stream, channel, event, data string) string {
	t.Helper()
	id, err := e.hub.Publish(context.Background(), stream, channel, event, []byte(data))
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return id
}

// client is one open event stream read by the independent parser.
type client struct {
	res    *http.Response
	cancel context.CancelFunc
	events chan sse.Event
	errs   chan error
	last   string // the last id seen, as a browser keeps it
}

// get sends a GET with the given headers (name, value pairs).
func (e *env) get(t testing.TB, path string, hdr ...string) *http.Response {
	t.Helper()
	res, _ := e.request(t, context.Background(), path, hdr...)
	return res
}

func (e *env) request(t testing.TB, ctx context.Context, path string, hdr ...string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := e.ts.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return res, nil
}

// open connects to path and expects 200.
func (e *env) open(t testing.TB, path string, hdr ...string) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	res, _ := e.request(t, ctx, path, hdr...)
	if res.StatusCode != http.StatusOK {
		cancel()
		res.Body.Close()
		t.Fatalf("GET %s: status %d, want 200", path, res.StatusCode)
	}
	c := &client{res: res, cancel: cancel, events: make(chan sse.Event, 4096), errs: make(chan error, 1)}
	go func() {
		defer close(c.events)
		for ev, err := range sse.Read(res.Body, &sse.ReadConfig{MaxEventSize: 1 << 20}) {
			if err != nil {
				c.errs <- err
				return
			}
			c.events <- ev
		}
	}()
	t.Cleanup(c.close)
	return c
}

// close ends the connection and waits for the reader.
func (c *client) close() {
	c.cancel()
	c.res.Body.Close()
	for range c.events {
	}
}

// next returns the next dispatched event (events with neither a type nor
// data are the id-only position blocks, which a browser does not
// dispatch), and fails the test after timeout.
func (c *client) next(t testing.TB, timeout time.Duration) sse.Event {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev, ok := <-c.events:
			if !ok {
				t.Fatalf("stream ended while waiting for an event")
			}
			c.last = ev.LastEventID
			if ev.Type == "" && ev.Data == "" {
				continue
			}
			return ev
		case <-deadline:
			t.Fatalf("no event within %v", timeout)
		}
	}
}

// ended waits for the stream to end and returns the events still read.
func (c *client) ended(t testing.TB, timeout time.Duration) []sse.Event {
	t.Helper()
	var got []sse.Event
	deadline := time.After(timeout)
	for {
		select {
		case ev, ok := <-c.events:
			if !ok {
				return got
			}
			c.last = ev.LastEventID
			if ev.Type != "" || ev.Data != "" {
				got = append(got, ev)
			}
		case <-deadline:
			t.Fatalf("stream still open after %v", timeout)
		}
	}
}

// waitFor polls cond until it holds or the test fails after timeout.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// modes are the two ways a Server serves HTTP/1.1 streams, for tests
// that must hold in both.
var modes = []struct {
	name   string
	hijack bool
}{{"handler", false}, {"hijack", true}}

// newLoopbackServer serves h on 127.0.0.1 without the env's cleanup.
func newLoopbackServer(h http.Handler) *httptest.Server {
	return httptest.NewServer(h)
}
