package runtime

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"
)

// A stream's life, from a request that passed every check to its end:
//
//	accept   refuse at shutdown or over a limit; join the hub's topics
//	head     status 200 and the event-stream headers
//	open     the retry field; replay, resync or OnConnect per topic
//	loop     queued frames and heartbeats until the client leaves, the
//	         lifetime passes, every channel closes or Shutdown says stop
//	finish   leave the topics, count why the stream ended
//
// By default all of it runs on the handler's goroutine and ServeHTTP
// returns when the stream ends, so middleware around the handler sees
// status 200, written through the ResponseWriter it handed down, and the
// stream's real duration. With Server.Hijack an HTTP/1.1 stream takes the
// separate path in serveHijacked instead.

// serve runs one checked stream request until the stream ends.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, req *request) {
	c, ok := s.accept(w, r, req)
	if !ok {
		return
	}
	if s.Hijack && r.ProtoMajor == 1 {
		if hj, err := hijack(w, r, c.writeTimeout); hj != nil || err != nil {
			s.serveHijacked(c, r, req, hj, err)
			return
		}
		// Not hijackable (a wrapping writer without Unwrap): serve it
		// through w like any other, though driven (accept made it for
		// hijacking, with no wake channel for a loop).
	}
	reason := reasonWrite
	defer func() { s.finish(c, requestURI(r), reason) }()

	out := newHTTPSink(w)
	c.out = out
	w.WriteHeader(http.StatusOK)
	// A write stuck on a client that stopped reading fails at once when
	// its queue overflows, instead of at the write deadline.
	c.sub.onSlow(out)
	// The request's context ends when the client goes away; the loop
	// learns it from a flag, so that it waits on one channel.
	stop := context.AfterFunc(r.Context(), func() { c.signal(flagClientGone) })
	defer stop()

	if err := s.open(r.Context(), c, r, req); err != nil {
		reason = s.openFailed(c, r, err, r.Context().Err() != nil)
		return
	}
	if c.sub.wake == nil {
		reason = s.loopDriven(c)
		return
	}
	reason = s.loop(c)
}

// accept lets a stream in: it refuses it at shutdown and over a limit
// (503), answers 204 when a channel closed meanwhile, and joins the
// stream's topics. Once it returns true, finish must follow.
func (s *Server) accept(w http.ResponseWriter, r *http.Request, req *request) (*conn, bool) {
	h := s.Hub
	s.mu.Lock()
	if s.stopping {
		s.mu.Unlock()
		s.refuse(w, "shutting down")
		return nil, false
	}
	s.wg.Add(1)
	s.mu.Unlock()
	// A stream to be hijacked will be driven, and needs no wake channel.
	sub := newSubscriber(h.queue, !(s.Hijack && r.ProtoMajor == 1))
	switch err := h.join(sub, req.names, limits{total: s.MaxSubscribers, perTopic: s.MaxSubscribersPerChannel}); {
	case err == nil:
	case errors.Is(err, errLimit):
		s.wg.Done()
		s.refuse(w, "too many subscribers")
		return nil, false
	case errors.Is(err, errClosed):
		s.wg.Done()
		w.WriteHeader(http.StatusNoContent)
		return nil, false
	default:
		s.wg.Done()
		s.logger().Error("ssegen: subscribe failed", "url", RedactURL(r.URL), "err", err)
		s.refuse(w, "subscribe failed")
		return nil, false
	}
	h.m.connections.Add(1)
	h.m.open.Add(1)
	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("X-Accel-Buffering", "no")
	writeTimeout := orDefault(s.WriteTimeout, defaultWrite)
	if writeTimeout < 0 {
		writeTimeout = 0
	}
	return &conn{hub: h, sub: sub, mux: req.mux, topics: req.topics, names: req.names, writeTimeout: writeTimeout, log: s.logger(), slot: -1}, true
}

// open writes the retry field and brings the client up to date: replay,
// resync or the OnConnect snapshot per topic, then its position.
func (s *Server) open(ctx context.Context, c *conn, r *http.Request, req *request) error {
	if err := c.write(s.retryField()); err != nil {
		return err
	}
	s.logger().Debug("ssegen: stream opened", "url", RedactURL(r.URL))
	return c.start(ctx, r, req.clientID, req.pos, req.badCursor, s.OnConnect)
}

// openFailed logs why open failed and returns the reason the stream
// ends with: the client's leaving when gone, else a failed write.
func (s *Server) openFailed(c *conn, r *http.Request, err error, gone bool) string {
	if gone {
		return reasonClient
	}
	c.log.Error("ssegen: connect failed", "url", RedactURL(r.URL), "err", err)
	return reasonWrite
}

// loop writes the stream's frames and heartbeats until it ends, as one of
// the streams Shutdown stops, and returns why it ended.
func (s *Server) loop(c *conn) string {
	s.track(c)
	reason := c.loop(s.lifetime(), s.retryField())
	s.stopped(c, reason)
	return reason
}

// loopDriven is loop for a stream made to be driven (see drive.go): the
// handler's goroutine waits for its end.
func (s *Server) loopDriven(c *conn) string {
	ended := make(chan string, 1)
	s.track(c)
	c.runDriven(s.lifetime(), s.retryField(), func(reason string) {
		s.stopped(c, reason)
		ended <- reason
	})
	return <-ended
}

// heartbeat is the interval between heartbeats (0: none).
func (s *Server) heartbeat() time.Duration {
	return max(orDefault(s.HeartbeatInterval, defaultHeartbeat), 0)
}

// lifetime is a new stream's lifetime (0: unbounded): MaxLifetime less up
// to a fifth, so that streams opened together do not all reconnect at
// once.
func (s *Server) lifetime() time.Duration {
	if s.MaxLifetime <= 0 {
		return 0
	}
	return s.MaxLifetime - rand.N(s.MaxLifetime/5+1)
}

// retryField is the retry field streams begin with and end with at
// shutdown: made once per Server and shared, since every stream sends
// the same bytes (writes only read it).
func (s *Server) retryField() []byte {
	s.retryOnce.Do(func() { s.retry = retryField(orDefault(s.Retry, defaultRetry)) })
	return s.retry
}

// stopped undoes track once the stream's loop ended for reason.
func (s *Server) stopped(c *conn, reason string) {
	s.untrack(c)
	if reason != reasonWrite {
		// Lift the last write's deadline, which may have passed while the
		// stream idled, so that net/http can end the response cleanly.
		_ = c.out.SetWriteDeadline(time.Time{})
	}
}

// finish ends a stream that accept let in: it leaves the hub's topics and
// counts the reason. uri is the request's target (requestURI), which a
// hijacked stream keeps instead of its URL, read again only to log.
func (s *Server) finish(c *conn, uri string, reason string) {
	h := s.Hub
	h.leave(c.sub, c.names)
	h.m.open.Add(-1)
	h.m.disconnect(reason)
	if reason == reasonSlow {
		c.log.Info("ssegen: slow client disconnected", "url", redactURI(uri))
	}
	if c.log.Enabled(context.Background(), slog.LevelDebug) {
		c.log.Debug("ssegen: stream ended", "url", redactURI(uri), "reason", reason)
	}
	s.wg.Done()
}

// requestURI is r's target as the client sent it.
func requestURI(r *http.Request) string {
	if r.RequestURI != "" {
		return r.RequestURI
	}
	return r.URL.RequestURI()
}

// redactURI is RedactURL of a request's target.
func redactURI(uri string) string {
	u, err := url.ParseRequestURI(uri)
	if err != nil {
		return "(unreadable URL)"
	}
	return RedactURL(u)
}
