package browsertest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssegen/ssegen/gen/ts"
	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/schema"
)

// historySize is how many events each topic keeps for replay.
const historySize = 4

// staticFile is a file the test server serves as it is.
type staticFile struct {
	contentType string
	content     []byte
}

// request is what the server saw of one request to the stream endpoint.
type request struct {
	url         string
	lastEventID string
}

// server serves the page, the bundled app and the seed streams through
// the runtime, on one loopback address that survives restarts.
type server struct {
	t       *testing.T
	hub     *runtime.Hub
	streams []runtime.Stream
	// files are the static files served, by path: the page and the app.
	files map[string]staticFile
	addr  string

	mu       sync.Mutex
	requests []request

	http *httptest.Server
	rt   *runtime.Server
}

// newServer generates the TypeScript of the seed streams, bundles the app
// with it and starts serving.
func newServer(t *testing.T) *server {
	m, err := schema.Load(filepath.Join("..", "..", "..", "testdata", "seed"))
	if err != nil {
		t.Fatalf("load the seed streams: %v", err)
	}
	out, err := ts.Generate(m, ts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	appJS := bundle(t, out)
	// A short history lets the test outrun it and see a resync.
	backplane := runtime.NewMemoryBackplane(runtime.MemoryConfig{HistorySize: historySize})
	s := &server{t: t, hub: runtime.NewHub(runtime.HubConfig{Backplane: backplane}), files: map[string]staticFile{
		"/":       {"text/html; charset=utf-8", []byte(page)},
		"/app.js": {"text/javascript; charset=utf-8", appJS},
	}}
	for _, st := range m.Streams {
		rs := runtime.Stream{Name: st.Name, Auth: st.Auth}
		if st.Channel != nil {
			rs.ChannelPrefix = st.Channel.Prefix
			rs.KeyIsInteger = st.Channel.Key.Kind == schema.KindInt || st.Channel.Key.Kind == schema.KindUint
		}
		for _, e := range st.Events {
			rs.Events = append(rs.Events, e.Name)
		}
		s.streams = append(s.streams, rs)
	}
	t.Cleanup(func() {
		s.stop()
		s.hub.Close()
	})
	s.start()
	return s
}

// start serves on s.addr, or on a new loopback port the first time.
func (s *server) start() {
	s.rt = &runtime.Server{
		Hub:     s.hub,
		Streams: s.streams,
		// A short retry keeps reconnects within the test's time.
		Retry:             200 * time.Millisecond,
		HeartbeatInterval: time.Second,
		Authorizer: func(r *http.Request, stream, channel string) error {
			if stream == "notification" && channel == "user:7" {
				return runtime.Deny(http.StatusUnauthorized, "no session")
			}
			return nil
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f.contentType)
		w.Write(f.content)
	})
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, request{url: r.URL.RequestURI(), lastEventID: r.Header.Get("Last-Event-ID")})
		s.mu.Unlock()
		s.rt.ServeHTTP(w, r)
	})
	mux.Handle("/sse", record)
	mux.Handle("/sse/", record)

	ts := httptest.NewUnstartedServer(mux)
	if s.addr != "" {
		ts.Listener.Close()
		l, err := listenAgain(s.addr)
		if err != nil {
			s.t.Fatalf("listen again on %s: %v", s.addr, err)
		}
		ts.Listener = l
	}
	ts.Start()
	s.addr = ts.Listener.Addr().String()
	s.http = ts
}

// listenAgain binds the address the previous server used; the port may
// take a moment to become free.
func listenAgain(addr string) (net.Listener, error) {
	var err error
	for i := 0; i < 50; i++ {
		var l net.Listener
		if l, err = net.Listen("tcp", addr); err == nil {
			return l, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, err
}

// stop ends every stream as a shutting-down server does, then closes the
// listener, so that browsers see the server go away.
func (s *server) stop() {
	if s.http == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.rt.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		s.t.Errorf("runtime shutdown: %v", err)
	}
	s.http.CloseClientConnections()
	s.http.Close()
	s.http = nil
}

// url is the address of the page.
func (s *server) url() string { return "http://" + s.addr + "/" }

// streamRequests returns the requests to the stream endpoint so far.
func (s *server) streamRequests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]request(nil), s.requests...)
}

// publish sends an event through the hub and fails the test on error.
func (s *server) publish(stream, channel, event, data string) string {
	id, err := s.hub.Publish(context.Background(), stream, channel, event, []byte(data))
	if err != nil {
		s.t.Fatalf("publish %s/%s %s: %v", stream, channel, event, err)
	}
	return id
}

// waitPresence waits until every topic has one subscriber, so that events
// published next reach the page live.
func (s *server) waitPresence(topics ...string) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		all := true
		for _, t := range topics {
			if s.hub.Presence(t) != 1 {
				all = false
			}
		}
		if all {
			return
		}
		if time.Now().After(deadline) {
			var got []string
			for _, t := range topics {
				got = append(got, t+"="+strconv.Itoa(s.hub.Presence(t)))
			}
			s.t.Fatalf("subscribers never reached one per topic: %s", strings.Join(got, " "))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
