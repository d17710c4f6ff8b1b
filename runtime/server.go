package runtime

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
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
// Mount it at both Prefix and Prefix+"/" (for example mux.Handle("/sse",
// s) and mux.Handle("/sse/", s)). Hub and Streams must be set; the other
// fields have working zero values. Do not change fields once it serves.
//
// An HTTP/1.1 stream is taken over from net/http once accepted (Hijack):
// ServeHTTP returns while the stream goes on, which frees net/http's
// per-connection buffers (see hijack.go). http.Server.Shutdown does not
// wait for such connections, so call Server.Shutdown first: it ends every
// stream and waits for them. HTTP/2 streams, and writers that cannot be
// hijacked, are served through the ResponseWriter until they end.
type Server struct {
	// Hub delivers the events; required.
	Hub *Hub
	// Streams are the streams served; generated code declares them.
	Streams []Stream
	// Prefix is the path the endpoints sit under (default "/sse").
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
	// means none); a client that cannot take it is disconnected.
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

	// AllowedOrigins enables CORS for these origins ("*" for any); empty
	// leaves CORS off. AllowCredentials lets browsers send cookies
	// (withCredentials); "*" then echoes the request's origin.
	AllowedOrigins   []string
	AllowCredentials bool

	// Logger receives connection events; URLs are logged with tokens
	// redacted. Nil logs nothing.
	Logger *slog.Logger

	mu       sync.Mutex
	stopping bool
	streams  map[*conn]struct{} // open streams, signalled by Shutdown
	wg       sync.WaitGroup
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

func (s *Server) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
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
	if s.streams == nil {
		s.streams = map[*conn]struct{}{}
	}
	s.streams[c] = struct{}{}
}

func (s *Server) untrack(c *conn) {
	s.mu.Lock()
	delete(s.streams, c)
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

// serve runs one checked stream request until the stream ends.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, req *request) {
	log := s.logger()
	mux, topics, open := req.mux, req.topics, req.names
	h := s.Hub
	sub := newSubscriber(h.queue)
	s.mu.Lock()
	if s.stopping {
		s.mu.Unlock()
		s.refuse(w, "shutting down")
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	// detached is set when the stream goes on in its own goroutine after
	// a hijack; that goroutine then does what the defers below would.
	detached := false
	defer func() {
		if !detached {
			s.wg.Done()
		}
	}()
	switch err := h.join(sub, open, limits{total: s.MaxSubscribers, perTopic: s.MaxSubscribersPerChannel}); {
	case errors.Is(err, errLimit):
		s.refuse(w, "too many subscribers")
		return
	case errors.Is(err, errClosed):
		w.WriteHeader(http.StatusNoContent)
		return
	case err != nil:
		log.Error("ssegen: subscribe failed", "url", RedactURL(r.URL), "err", err)
		s.refuse(w, "subscribe failed")
		return
	}
	h.m.connections.Add(1)
	h.m.open.Add(1)
	reason := reasonClient
	// Only the URL outlives the handler, not the whole request.
	u := r.URL
	var hj *hijacked
	end := func() {
		if hj != nil {
			hj.close()
		}
		h.leave(sub, open)
		h.m.open.Add(-1)
		h.m.disconnect(reason)
		log.Debug("ssegen: stream ended", "url", RedactURL(u), "reason", reason)
	}
	defer func() {
		if !detached {
			end()
		}
	}()

	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("X-Accel-Buffering", "no")
	writeTimeout := orDefault(s.WriteTimeout, defaultWrite)
	if writeTimeout < 0 {
		writeTimeout = 0
	}
	c := &conn{hub: h, sub: sub, mux: mux, topics: topics, writeTimeout: writeTimeout, log: log}
	hj, err := hijack(w, r, writeTimeout)
	if err != nil {
		reason = reasonWrite
		return
	}
	if hj != nil {
		sink := newNetSink(hj.c)
		c.out = sink
		// A write deadline in the past unblocks a write to a client that
		// stopped reading, the moment its queue overflows.
		sub.onSlow(sink.abort)
	} else {
		w.WriteHeader(http.StatusOK)
		c.out = httpSink{w: w, rc: http.NewResponseController(w)}
	}
	retry := retryField(orDefault(s.Retry, defaultRetry))
	if err := c.write(retry); err != nil {
		reason = reasonWrite
		return
	}
	log.Debug("ssegen: stream opened", "url", RedactURL(r.URL))
	if err := c.start(r.Context(), r, req.clientID, req.pos, req.badCursor, s.OnConnect); err != nil {
		log.Error("ssegen: connect failed", "url", RedactURL(r.URL), "err", err)
		reason = reasonWrite
		if r.Context().Err() != nil || (hj != nil && hj.ctx.Err() != nil) {
			reason = reasonClient
		}
		return
	}
	heartbeat := orDefault(s.HeartbeatInterval, defaultHeartbeat)
	var lifetime time.Duration
	if s.MaxLifetime > 0 {
		lifetime = s.MaxLifetime - rand.N(s.MaxLifetime/5+1)
	}
	run := func(ctx context.Context) {
		s.track(c)
		reason = c.loop(ctx, nil, heartbeat, lifetime, retry)
		s.untrack(c)
		if reason != reasonWrite {
			// Lift the last write's deadline, which may have passed while
			// the stream idled, so that net/http can end the response
			// cleanly.
			_ = c.out.SetWriteDeadline(time.Time{})
		}
		if reason == reasonSlow {
			log.Info("ssegen: slow client disconnected", "url", RedactURL(u))
		}
	}
	if hj == nil {
		run(r.Context())
		return
	}
	// The handler returns so that net/http frees the connection's
	// buffers and the handler's stack; the stream goes on here.
	detached = true
	go func() {
		defer s.wg.Done()
		defer end()
		// The loop learns that the client left from a flag, so that it
		// waits on one channel.
		hj.onGone(func() { c.signal(flagClientGone) })
		run(context.Background())
	}()
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
		return st, http.StatusText(st)
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
		for c := range s.streams {
			c.signal(flagStop)
		}
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
