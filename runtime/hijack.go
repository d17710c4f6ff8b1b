package runtime

import (
	"bytes"
	"net"
	"net/http"
	"sync"
	"time"
)

// With Server.Hijack, an HTTP/1.1 stream is taken over from net/http once
// it is accepted (Hijack), and the handler returns while the stream goes on
// in a goroutine of its own. That lets net/http free what it holds for the
// connection's lifetime otherwise: its 4 KiB read and write buffers, the
// 2 KiB response buffer and the handler goroutine's grown stack, about
// half of what an idle stream costs. Frames go straight to the socket, one
// write system call per batch, with no chunked framing: the response says
// Connection: close and its body ends when the connection does.
//
// The price: middleware around the handler sees neither the status nor
// the stream's duration, and http.Server.Shutdown and httptest's
// CloseClientConnections no longer see these connections. Server.Shutdown
// ends them (as it ends every stream).
//
// An idle hijacked stream has no goroutine: it is driven on demand
// (drive.go), and its client's leaving is watched by one poller for the
// whole process where the system has one (watch_linux.go), else by a
// one-byte read that waits in a goroutine of its own, as net/http's own
// background read would.

// serveHijacked is the life of a stream that hijack took over (err set:
// it could not write the head). The client is brought up to date on the
// handler's goroutine, while the request is live for OnConnect; then the
// handler returns and the stream goes on driven by its wakes.
func (s *Server) serveHijacked(c *conn, r *http.Request, req *request, hj *hijacked, err error) {
	// Only the target outlives the handler, not the whole request.
	u := requestURI(r)
	if err != nil {
		s.finish(c, u, reasonWrite)
		return
	}
	sink := &hj.sink
	c.out = sink
	// A write deadline in the past unblocks a write to a client that
	// stopped reading, the moment its queue overflows.
	c.sub.onSlow(sink)
	if err := s.open(r.Context(), c, r, req); err != nil {
		hj.close()
		s.finish(c, u, s.openFailed(c, r, err, r.Context().Err() != nil || hj.clientLeft()))
		return
	}
	s.track(c)
	// The stream learns that the client left from a flag, as it learns
	// everything else.
	hj.onGone(c)
	c.runDriven(s.lifetime(), s.retryField(), func(reason string) {
		s.stopped(c, reason)
		hj.close()
		s.finish(c, u, reason)
	})
}

// hijacked is a stream taken over from net/http.
type hijacked struct {
	c net.Conn
	// sink writes to c; held here, not apart, to save an allocation per
	// stream.
	sink netSink
	// poll is how the poller watches the connection, when it does;
	// read, when a goroutine does instead, is closed once its read
	// returned.
	poll pollWatch
	read chan struct{}

	mu   sync.Mutex
	left bool  // the client went away, or the connection failed
	gone *conn // signalled once the client went away, if set
}

// onGone has c signalled flagClientGone when the client goes away, at
// once if it is gone already: a stream learns it so without watching
// another channel.
func (h *hijacked) onGone(c *conn) {
	h.mu.Lock()
	if !h.left {
		h.gone = c
		h.mu.Unlock()
		return
	}
	h.mu.Unlock()
	c.signal(flagClientGone)
}

// leave records that the client went away and tells the stream, once.
func (h *hijacked) leave() {
	h.mu.Lock()
	if h.left {
		h.mu.Unlock()
		return
	}
	h.left = true
	gone := h.gone
	h.mu.Unlock()
	if gone != nil {
		gone.signal(flagClientGone)
	}
}

// clientLeft reports whether the client went away.
func (h *hijacked) clientLeft() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.left
}

// hijack takes an HTTP/1.x stream over from net/http and writes the
// response head (status 200 and w's headers). It returns nil when the
// request is not HTTP/1.x or w cannot be hijacked; the caller then serves
// the stream through w. err is set when the connection was taken but the
// head could not be written: the connection is closed then.
func hijack(w http.ResponseWriter, r *http.Request, writeTimeout time.Duration) (*hijacked, error) {
	if r.ProtoMajor != 1 {
		return nil, nil
	}
	// Build the head before taking the connection: after Hijack, w's
	// headers must not be used.
	var head bytes.Buffer
	head.WriteString("HTTP/1.1 200 OK\r\n")
	hdr := w.Header().Clone()
	hdr.Set("Connection", "close")
	hdr.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	if err := hdr.Write(&head); err != nil {
		return nil, nil
	}
	head.WriteString("\r\n")
	nc, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, nil // not supported (HTTP/2, a wrapping writer): serve through w
	}
	// The request had no body (a GET) and clients send nothing more on a
	// stream, so what net/http buffered from the connection is dropped
	// with its reader.
	if writeTimeout > 0 {
		_ = nc.SetWriteDeadline(time.Now().Add(writeTimeout))
	}
	if _, err := nc.Write(head.Bytes()); err != nil {
		nc.Close()
		return nil, err
	}
	// The head's deadline must not outlive it: the stream's writes try the
	// socket without a deadline first (netSink), and a deadline left here
	// would fail every write once it passed, cutting each stream
	// writeTimeout after it began.
	if writeTimeout > 0 {
		if err := nc.SetWriteDeadline(time.Time{}); err != nil {
			nc.Close()
			return nil, err
		}
	}
	h := &hijacked{c: nc}
	h.sink.init(nc)
	h.watch()
	return h, nil
}

// watch has the client's leaving watched: by the poller where it can,
// else by a read in a goroutine of its own.
func (h *hijacked) watch() {
	if !watchByReading && h.poll.start(h, h.sink.raw) {
		return
	}
	h.read = make(chan struct{})
	go h.readUntilGone()
}

// watchByReading has every hijacked stream watched by a read of its own,
// as where there is no poller; tests set it to cover that path here.
var watchByReading bool

// readUntilGone reads until the client closes its side or the
// connection is closed. A client sends nothing on a stream; a byte it
// sends anyway is ignored.
func (h *hijacked) readUntilGone() {
	defer close(h.read)
	var b [1]byte
	for {
		if _, err := h.c.Read(b[:]); err != nil {
			break
		}
	}
	h.leave()
}

// close closes the connection once no watcher uses it, so that nothing
// of the stream outlives it.
func (h *hijacked) close() {
	// The poller forgets the socket before its descriptor is closed and
	// its number can be reused.
	h.poll.stop()
	h.c.Close()
	if h.read != nil {
		<-h.read
	}
}
