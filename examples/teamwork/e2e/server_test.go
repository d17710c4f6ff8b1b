package e2e

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/app"
	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/runtime"
)

// server is one board server process, in this test process: it can be
// stopped and started again on the same address with the same store, as a
// real process restarted over a persistent store would be.
type server struct {
	t     *testing.T
	addr  string
	store board.Store
	// backplane makes a fresh backplane per start; nil keeps events in memory.
	backplane func() runtime.Backplane

	// extra are handlers served beside the app, by path pattern.
	extra map[string]http.Handler

	app  *app.App
	http *http.Server
	done chan struct{}
}

// startServer starts a server on a free loopback port.
func startServer(t *testing.T, store board.Store, backplane func() runtime.Backplane) *server {
	t.Helper()
	s := &server{t: t, addr: "127.0.0.1:0", store: store, backplane: backplane}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *server) url(path string) string { return "http://" + s.addr + path }

func (s *server) start() {
	s.t.Helper()
	var l net.Listener
	var err error
	// The port of a server just stopped can take a moment to be free.
	for deadline := time.Now().Add(5 * time.Second); ; {
		l, err = net.Listen("tcp", s.addr)
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("listen on %s: %v", s.addr, err)
	}
	s.addr = l.Addr().String()
	cfg := app.Config{Store: s.store}
	if s.backplane != nil {
		cfg.Backplane = s.backplane()
	}
	a, err := app.New(cfg)
	if err != nil {
		s.t.Fatal(err)
	}
	s.app = a
	var h http.Handler = s.app
	if len(s.extra) > 0 {
		mux := http.NewServeMux()
		for pattern, x := range s.extra {
			mux.Handle(pattern, x)
		}
		mux.Handle("/", s.app)
		h = mux
	}
	s.http = &http.Server{Handler: logRequests(s.t, h)}
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		if err := s.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.t.Errorf("serve: %v", err)
		}
	}()
}

// stop ends the server as main does on SIGTERM: streams are told to
// reconnect, then the listener closes. Safe to call twice.
func (s *server) stop() {
	if s.app == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.app.Shutdown(ctx)
	s.http.Shutdown(ctx)
	<-s.done
	s.app.Close()
	s.app = nil
}

// restart stops the server and starts a new one on the same address; in
// between, during the outage, it runs meanwhile.
func (s *server) restart(meanwhile func()) {
	s.t.Helper()
	s.stop()
	if meanwhile != nil {
		meanwhile()
	}
	s.start()
}

// logRequests logs every request but the streams themselves, so that a
// failing test shows what the browser asked and what it got.
func logRequests(t *testing.T, h http.Handler) http.Handler {
	start := time.Now()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		begin := time.Since(start)
		h.ServeHTTP(rec, r)
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			t.Logf("%8.3fs %s %s -> %d (%v)", begin.Seconds(), r.Method, r.URL.RequestURI(), rec.status, time.Since(start)-begin)
		}
	})
}

// statusRecorder remembers the status a handler answered. Unwrap keeps
// http.ResponseController working for the streams.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
