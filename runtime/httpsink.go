package runtime

import (
	"errors"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

// httpSink writes a stream through the ResponseWriter the handler was
// given, flushing and setting deadlines through its ResponseController,
// so that any middleware wrapping the writer sees what is written.
type httpSink struct {
	w  http.ResponseWriter
	rc *http.ResponseController
	// aborted is set by abort: no write may wait any more.
	aborted atomic.Bool
	// set is the deadline last set through rc (zero: none).
	set time.Time
}

func newHTTPSink(w http.ResponseWriter) *httpSink {
	return &httpSink{w: w, rc: http.NewResponseController(w)}
}

func (s *httpSink) Write(p []byte) (int, error) { return s.w.Write(p) }
func (s *httpSink) Flush() error                { return s.rc.Flush() }

// SetWriteDeadline bounds the writes that follow by t; a writer that does
// not support deadlines writes without one. Once aborted, the deadline
// stays in the past (see abort).
//
// Moving the connection's deadline costs a timer update, a tenth of the
// CPU of a stream that writes each event alone, so a deadline already set
// is kept while it is no later than t and leaves at least three quarters
// of the time to t: each write is bounded by its timeout, and given at
// least three quarters of it.
func (s *httpSink) SetWriteDeadline(t time.Time) error {
	if s.aborted.Load() {
		return os.ErrDeadlineExceeded
	}
	if !t.IsZero() && !s.set.IsZero() && !s.set.After(t) {
		now := time.Now()
		if s.set.Sub(now) >= t.Sub(now)/4*3 {
			return nil
		}
	}
	if err := s.rc.SetWriteDeadline(t); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	s.set = t
	// abort sets its flag before its deadline: seen here, or its deadline
	// comes after the one just set and ends the next write. Seen here, t
	// may have replaced abort's deadline: put a past one back.
	if s.aborted.Load() {
		_ = s.rc.SetWriteDeadline(aLongTimeAgo)
		return os.ErrDeadlineExceeded
	}
	return nil
}

// abort makes a write waiting on a client that stopped reading fail at
// once, and every later write. It may be called from any goroutine while
// the handler runs.
//
// The deadline stays in the past after the handler returns, so that
// net/http's own last writes (the head, if the stream never wrote, what
// its buffers hold, the end of the body) fail at once too, and net/http
// closes the connection: it neither waits on a client too slow to read
// nor keeps the connection for another request. The closed connection is
// what tells the client to reconnect and resume, as a hijacked stream's
// does; a response ended cleanly, above all an empty 200, would not.
func (s *httpSink) abort() {
	s.aborted.Store(true)
	_ = s.rc.SetWriteDeadline(aLongTimeAgo)
}

// aLongTimeAgo is a deadline that has passed.
var aLongTimeAgo = time.Unix(1, 0)
