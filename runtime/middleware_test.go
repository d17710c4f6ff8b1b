package runtime

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
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
// open arrives through the middleware, keeps it open for hold more, calls
// whileOpen and closes it. It returns the times it saw the event and
// began to close: the handler ran from before the one to after the other.
func holdStream(t *testing.T, e *env, hold time.Duration, whileOpen func()) (opened, closing time.Time) {
	t.Helper()
	c := e.open(t, "/sse/system/system")
	e.publish(t, "system", "system", "Notice", "through the middleware")
	if ev := c.next(t, 5*time.Second); ev.Data != "through the middleware" {
		t.Fatalf("got %+v", ev)
	}
	opened = time.Now()
	time.Sleep(hold)
	whileOpen()
	closing = time.Now()
	c.close()
	return opened, closing
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
			holdStream(t, e, hold, func() {
				select {
				case o := <-seen:
					t.Errorf("the handler returned while the stream was open (after %v, status %d)", o.took, o.status)
				default:
				}
			})
			select {
			case o := <-seen:
				if o.status != http.StatusOK {
					t.Errorf("middleware saw status %d, want 200", o.status)
				}
				if o.took < hold || o.took > time.Since(start) {
					t.Errorf("middleware saw %v, want the stream's duration, over %v", o.took, hold)
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

// lockedBuffer collects log lines written from the handler's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// chiLogLine is the end of chi's request log line: status, bytes and
// duration.
var chiLogLine = regexp.MustCompile(`"GET [^"]*/sse/system/system HTTP/[12].[01]" from \S+ - (\d{3}) (\d+)B in (\S+)\n`)

// TestChiLoggerSeesTheStream runs the handler under chi's
// middleware.Logger, which logged "- 000 0B in 82µs" for a hijacked stream
// that lasted minutes.
func TestChiLoggerSeesTheStream(t *testing.T) {
	const hold = 400 * time.Millisecond
	var logged lockedBuffer
	saved := middleware.DefaultLogger
	middleware.DefaultLogger = middleware.RequestLogger(&middleware.DefaultLogFormatter{Logger: log.New(&logged, "", 0), NoColor: true})
	t.Cleanup(func() { middleware.DefaultLogger = saved })
	for _, p := range protocols {
		t.Run(p.name, func(t *testing.T) {
			r := chi.NewRouter()
			r.Use(middleware.Logger)
			srv := &Server{HeartbeatInterval: -1}
			r.Handle("/sse/*", srv)
			e := serveWrapped(t, srv, p.h2, func(http.Handler) http.Handler { return r })
			before := logged.String()
			holdStream(t, e, hold, func() {})
			var line []string
			waitFor(t, 5*time.Second, "chi's log line", func() bool {
				line = chiLogLine.FindStringSubmatch(strings.TrimPrefix(logged.String(), before))
				return line != nil
			})
			took, err := time.ParseDuration(strings.ReplaceAll(line[3], "µ", "u"))
			if err != nil {
				t.Fatalf("log line %q: %v", line[0], err)
			}
			if n, _ := strconv.Atoi(line[2]); line[1] != "200" || n < len("retry: 3000\n\n") || took < hold {
				t.Errorf("chi logged %q, want status 200, the bytes of the stream and at least %v", line[0], hold)
			}
		})
	}
}

// TestOtelhttpSpanCoversTheStream runs the handler under otelhttp: the
// request's span ends after the stream, with status 200.
func TestOtelhttpSpanCoversTheStream(t *testing.T) {
	const hold = 400 * time.Millisecond
	for _, p := range protocols {
		t.Run(p.name, func(t *testing.T) {
			spans := tracetest.NewSpanRecorder()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
			t.Cleanup(func() { tp.Shutdown(context.Background()) })
			e := serveWrapped(t, &Server{HeartbeatInterval: -1}, p.h2, func(h http.Handler) http.Handler {
				return otelhttp.NewHandler(h, "sse", otelhttp.WithTracerProvider(tp))
			})
			opened, closing := holdStream(t, e, hold, func() {
				if n := len(spans.Ended()); n != 0 {
					t.Errorf("%d spans ended while the stream was open", n)
				}
			})
			waitFor(t, 5*time.Second, "the request's span to end", func() bool { return len(spans.Ended()) == 1 })
			s := spans.Ended()[0]
			if s.StartTime().After(opened) || s.EndTime().Before(closing) {
				t.Errorf("span from %v to %v, want it to cover the stream, open from before %v to after %v", s.StartTime(), s.EndTime(), opened, closing)
			}
			status := -1
			for _, a := range s.Attributes() {
				if a.Key == "http.response.status_code" {
					status = int(a.Value.AsInt64())
				}
			}
			if status != http.StatusOK {
				t.Errorf("span's http.response.status_code %d, want 200 (attributes %v)", status, s.Attributes())
			}
		})
	}
}

// TestHTTPServerShutdownEndsStreams: with Server.Shutdown registered on
// the http.Server, http.Server.Shutdown alone ends every stream (each
// told to reconnect) and returns, since each handler returns when its
// stream ends.
func TestHTTPServerShutdownEndsStreams(t *testing.T) {
	srv := &Server{Hub: NewHub(HubConfig{}), Streams: testStreams, HeartbeatInterval: -1, Retry: 250 * time.Millisecond}
	defer srv.Hub.Close()
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.RegisterOnShutdown(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	ts.Start()
	// Should the test fail, end the streams so that Close returns.
	defer func() { srv.Shutdown(context.Background()); ts.Close() }()
	e := &env{hub: srv.Hub, srv: srv, ts: ts}
	var bodies []*http.Response
	for _, path := range []string{"/sse/system/system", "/sse?c=comment/item:1&c=system/system"} {
		res := e.get(t, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		bodies = append(bodies, res)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.Config.Shutdown(ctx); err != nil {
		t.Fatalf("http.Server.Shutdown: %v", err)
	}
	for i, res := range bodies {
		all, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || !strings.HasSuffix(string(all), "retry: 250\n\n") {
			t.Errorf("stream %d ended with %q, %v; want a retry field last", i, all, err)
		}
	}
	if m := srv.Hub.Metrics(); m.Open != 0 || m.Disconnects[reasonShutdown] != 2 {
		t.Errorf("after shutdown: %d open, disconnects %v", m.Open, m.Disconnects)
	}
}
