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
}

func newHTTPSink(w http.ResponseWriter) *httpSink {
	return &httpSink{w: w, rc: http.NewResponseController(w)}
}

func (s *httpSink) Write(p []byte) (int, error) { return s.w.Write(p) }
func (s *httpSink) Flush() error                { return s.rc.Flush() }

// SetWriteDeadline bounds the writes that follow; a writer that does not
// support deadlines writes without one. Once aborted, the deadline stays
// in the past (see abort).
func (s *httpSink) SetWriteDeadline(t time.Time) error {
	if s.aborted.Load() {
		return os.ErrDeadlineExceeded
	}
	if err := s.rc.SetWriteDeadline(t); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
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
