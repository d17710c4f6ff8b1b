package runtime

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is the http.Handler that serves streams:
//
//	GET {Prefix}/{stream}/{channel}     one channel
//	GET {Prefix}?c=<topic>&c=<topic>    several channels on one connection
//
// Route Prefix and everything below it to the Server on any router (for
// example mux.Handle("/sse", s) and mux.Handle("/sse/", s), chi's
// r.Mount("/sse", s), echo's e.Any("/sse*", echo.WrapHandler(s))). Hub and
// Streams must be set; the other fields have working zero values. Do not
// change fields once it serves.
//
// A stream is an ordinary response: status 200 written through the
// ResponseWriter the handler was given, flushed event by event, and
// ServeHTTP returns when the stream ends, so that middleware around it
// sees the status and the stream's duration. http.Server.Shutdown waits
// for handlers to return, and a stream's handler returns when the stream
// ends: call Server.Shutdown first (or from http.Server.RegisterOnShutdown),
// which tells every stream to reconnect and waits for them. Hijack trades
// that transparency for less memory per idle HTTP/1.1 stream.
type Server struct {
	// Hub delivers the events; required.
	Hub *Hub
	// Streams are the streams served; generated code declares them.
	Streams []Stream
	// Prefix is the path the endpoints sit under as requests reach the
	// Server (default "/sse"). Behind http.StripPrefix, which removes the
	// mount path on the way, set it to "/".
	Prefix string
	// Authorizer is asked before subscribing to a stream with Auth set.
	// When it is nil such streams answer 403.
	Authorizer Authorizer
	// OnConnect, if set, sends a new subscriber the current state of a
	// channel (see Snapshot). It runs for every channel of a connection
	// that has no resume position, or whose position could not be
	// resumed (after the resync event). An error ends the connection.
	OnConnect func(*Snapshot) error

	// Retry is sent as the client's reconnection delay (default 3s).
	Retry time.Duration
	// HeartbeatInterval is the time between comment lines on an idle
	// stream (default 15s; negative sends none).
	HeartbeatInterval time.Duration
	// WriteTimeout bounds each write to a client (default 10s; negative
	// means none); a client that cannot take it is disconnected. A stream
	// served through the ResponseWriter may give a write as little as
	// three quarters of it, so that its deadline is not moved on every
	// write.
	WriteTimeout time.Duration
	// MaxLifetime, if positive, ends each stream after between 80% and
	// 100% of it, so that clients reconnect (and resume) spread out.
	MaxLifetime time.Duration

	// MaxSubscribers limits open streams (0: no limit), and
	// MaxSubscribersPerChannel the streams of one topic; over a limit
	// the server answers 503 with Retry-After.
	MaxSubscribers           int
	MaxSubscribersPerChannel int
	// RetryAfter is the Retry-After of 503 answers (default 5s).
	RetryAfter time.Duration
	// MaxChannelsPerRequest limits the channels of one multiplexed
	// request (default 64, see DefaultMaxChannelsPerRequest; negative:
	// no limit); more get 400. It also bounds the cursor a client may
	// send back (see request.go).
	MaxChannelsPerRequest int

	// AllowedOrigins enables CORS for these origins ("*" for any); empty
	// leaves CORS off. AllowCredentials lets browsers send cookies
	// (withCredentials); "*" then echoes the request's origin.
	AllowedOrigins   []string
	AllowCredentials bool

	// Hijack takes each HTTP/1.1 stream over from net/http once accepted,
	// for density: ServeHTTP returns at once, net/http frees its buffers
	// and the handler's goroutine, and the stream holds no goroutine,
	// timer or buffer of its own while it waits (on Linux one epoll
	// instance watches every such stream for its client leaving); each
	// event or heartbeat runs it briefly (docs/performance.md says what
	// that saves). The price: middleware around the handler sees neither a status nor the
	// stream's duration, and http.Server.Shutdown does not see these
	// connections (Server.Shutdown ends them). HTTP/2 streams are served
	// through the ResponseWriter either way.
	Hijack bool

	// Logger receives connection events; URLs are logged with tokens
	// redacted. Nil logs nothing.
	Logger *slog.Logger

	mu       sync.Mutex
	stopping bool
	streams  openStreams // signalled by Shutdown, pinged by heartbeats
	// retry is retryField's, made once.
	retryOnce sync.Once
	retry     []byte
	wg        sync.WaitGroup
}

const (
	defaultRetry      = 3 * time.Second
	defaultHeartbeat  = 15 * time.Second
	defaultWrite      = 10 * time.Second
	defaultRetryAfter = 5 * time.Second
)

// orDefault returns d when v is zero.
func orDefault(v, d time.Duration) time.Duration {
	if v == 0 {
		return d
	}
	return v
}

// discardLogger logs nothing; one for every Server without a Logger.
var discardLogger = slog.New(slog.DiscardHandler)

func (s *Server) logger() *slog.Logger {
	if s.Logger == nil {
		return discardLogger
	}
	return s.Logger
}

// track counts c among the streams Shutdown ends, and tells it to end at
// once when Shutdown already began.
func (s *Server) track(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		c.signal(flagStop)
		return
	}
	s.streams.add(c, s.heartbeat(), &s.mu)
}

func (s *Server) untrack(c *conn) {
	s.mu.Lock()
	s.streams.remove(c)
	s.mu.Unlock()
}

// ServeHTTP serves one event stream request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := s.logger()
	if s.Hub == nil {
		log.Error("ssegen: Server.Hub is nil")
		http.Error(w, "event streams not configured", http.StatusInternalServerError)
		return
	}
	prefix := strings.TrimSuffix(s.Prefix, "/")
	if s.Prefix == "" {
		prefix = "/sse"
	}
	path := r.URL.EscapedPath()
	if !strings.HasPrefix(path, prefix) {
		http.NotFound(w, r)
		return
	}
	rest := path[len(prefix):]
	if rest != "" && rest[0] != '/' {
		http.NotFound(w, r)
		return
	}
	if s.cors(w, r) {
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	req := s.parseRequest(w, r, rest)
	if req == nil {
		return
	}
	s.serve(w, r, req)
}

// resolve finds the stream of a topic and checks the channel against its
// template: 404 for what matches no channel, 400 for a malformed key.
func (s *Server) resolve(stream, channel string) (*Stream, int, string) {
	var st *Stream
	for i := range s.Streams {
		if s.Streams[i].Name == stream {
			st = &s.Streams[i]
			break
		}
	}
	if st == nil {
		return nil, http.StatusNotFound, "unknown stream " + strconv.Quote(stream)
	}
	if st.ChannelPrefix == "" {
		if channel != st.Name {
			return nil, http.StatusNotFound, "stream " + st.Name + " has one channel, " + st.Name
		}
		return st, 0, ""
	}
	key, ok := strings.CutPrefix(channel, st.ChannelPrefix)
	if !ok {
		return nil, http.StatusNotFound, "channel does not match " + st.ChannelPrefix + "<key>"
	}
	if err := checkName("channel key", key, maxKeyLen); err != nil {
		return nil, http.StatusBadRequest, "malformed channel key"
	}
	if st.KeyIsInteger && !canonicalInt(key) {
		return nil, http.StatusNotFound, "channel key must be an integer"
	}
	return st, 0, ""
}

// canonicalInt reports whether s is a decimal integer as strconv writes
// it (no sign on zero, no leading zeros), the form generated code uses.
func canonicalInt(s string) bool {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return strconv.FormatInt(n, 10) == s
	}
	u, err := strconv.ParseUint(s, 10, 64)
	return err == nil && strconv.FormatUint(u, 10) == s
}

// authorize asks the Authorizer and returns the status to refuse with,
// or 0.
func (s *Server) authorize(r *http.Request, stream, channel string) (int, string) {
	if s.Authorizer == nil {
		s.logger().Error("ssegen: stream needs auth but Server.Authorizer is nil", "stream", stream)
		return http.StatusForbidden, "forbidden"
	}
	if err := s.Authorizer(r, stream, channel); err != nil {
		st := denyStatus(err)
		s.logger().Debug("ssegen: subscription refused", "url", RedactURL(r.URL), "status", st, "err", err)
		return st, denyReason(err, st)
	}
	return 0, ""
}

// refuse answers 503 with Retry-After.
func (s *Server) refuse(w http.ResponseWriter, msg string) {
	s.Hub.m.refused.Add(1)
	secs := int(orDefault(s.RetryAfter, defaultRetryAfter).Round(time.Second) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	http.Error(w, msg, http.StatusServiceUnavailable)
}

// cors sets CORS headers for an allowed origin and answers preflight
// requests; it reports whether the request was answered.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if len(s.AllowedOrigins) == 0 || origin == "" {
		return false
	}
	anyOrigin := slices.Contains(s.AllowedOrigins, "*")
	if !anyOrigin && !slices.Contains(s.AllowedOrigins, origin) {
		return false
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	if anyOrigin && !s.AllowCredentials {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	if s.AllowCredentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET")
		h.Set("Access-Control-Allow-Headers", "Last-Event-ID, Cache-Control, Authorization")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

// Shutdown refuses new streams with 503, tells open ones to reconnect
// (a retry field, then the end of the response) and waits until their
// handlers have returned or ctx is done.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.stopping {
		s.stopping = true
		s.streams.signal(flagStop)
		if s.Hub != nil {
			s.logger().Info("ssegen: shutting down, streams told to reconnect", "open", s.Hub.m.open.Load())
		}
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
