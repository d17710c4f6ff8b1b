package browsertest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/schema"
)

// HistorySize is how many events each topic keeps for replay.
const HistorySize = 4

// StaticFile is a file the test server serves as it is.
type StaticFile struct {
	ContentType string
	Content     []byte
}

// Request is what the server saw of one request to the stream endpoint.
type Request struct {
	URL         string
	LastEventID string
}

// Server serves static files (a page and its scripts) and the streams of
// a model through the runtime, on one loopback address that survives
// restarts.
type Server struct {
	// Hub is the hub the streams are served from.
	Hub *runtime.Hub

	t       *testing.T
	streams []runtime.Stream
	files   map[string]StaticFile
	addr    string

	mu       sync.Mutex
	requests []Request

	http *httptest.Server
	rt   *runtime.Server
}

// NewServer starts serving files, by path, and the streams of m. It stops
// when the test ends.
func NewServer(t *testing.T, m *schema.Model, files map[string]StaticFile) *Server {
	// A short history lets the test outrun it and see a resync.
	backplane := runtime.NewMemoryBackplane(runtime.MemoryConfig{HistorySize: HistorySize})
	s := &Server{t: t, Hub: runtime.NewHub(runtime.HubConfig{Backplane: backplane}), files: files}
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
		s.Stop()
		s.Hub.Close()
	})
	s.Start()
	return s
}

// Start serves on the address of the last start, or on a new loopback
// port the first time.
func (s *Server) Start() {
	s.rt = &runtime.Server{
		Hub:     s.Hub,
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
		w.Header().Set("Content-Type", f.ContentType)
		w.Write(f.Content)
	})
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, Request{URL: r.URL.RequestURI(), LastEventID: r.Header.Get("Last-Event-ID")})
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

// Stop ends every stream as a shutting-down server does, then closes the
// listener, so that browsers see the server go away.
func (s *Server) Stop() {
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

// URL is the address of the page.
func (s *Server) URL() string { return "http://" + s.addr + "/" }

// StreamRequests returns the requests to the stream endpoint so far.
func (s *Server) StreamRequests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Publish sends an event through the hub and fails the test on error.
func (s *Server) Publish(stream, channel, event, data string) string {
	id, err := s.Hub.Publish(context.Background(), stream, channel, event, []byte(data))
	if err != nil {
		s.t.Fatalf("publish %s/%s %s: %v", stream, channel, event, err)
	}
	return id
}

// WaitPresence waits until every topic has one subscriber, so that events
// published next reach the page live.
func (s *Server) WaitPresence(topics ...string) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		all := true
		for _, t := range topics {
			if s.Hub.Presence(t) != 1 {
				all = false
			}
		}
		if all {
			return
		}
		if time.Now().After(deadline) {
			var got []string
			for _, t := range topics {
				got = append(got, t+"="+strconv.Itoa(s.Hub.Presence(t)))
			}
			s.t.Fatalf("subscribers never reached one per topic: %s", strings.Join(got, " "))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
