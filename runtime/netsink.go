package runtime

import (
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"
)

// netSink writes to a hijacked connection. Writes reach the socket at
// once, so Flush has nothing to do.
//
// A write deadline only matters to a write that has to wait for room in
// the socket, yet setting one costs a timer update, about a tenth of the
// server's CPU when each event is one write. So the sink first tries a
// write that does not wait, and sets the deadline it was given only for
// what the socket could not take at once; a write is still bounded by the
// deadline set before it.
type netSink struct {
	c   net.Conn
	raw syscall.RawConn // nil when the connection has no file descriptor, and off unix
	// want is the deadline the caller set, set the one set on c.
	want, set time.Time
	// aborted is set by abort: no write may wait any more.
	aborted atomic.Bool

	// writeFD is s.tryWrite, made once: a closure per write would be an
	// allocation per delivery. pending, done and werr are its arguments
	// and results.
	writeFD func(fd uintptr)
	pending []byte
	done    int
	werr    error
}

// init sets up a netSink in place (a hijacked stream holds its own).
func (s *netSink) init(c net.Conn) {
	s.c = c
	s.writeFD = s.tryWrite
	s.raw = rawConnOf(c)
}

// Flush does nothing: Write leaves nothing buffered.
func (*netSink) Flush() error { return nil }

// SetWriteDeadline records t for the next write that has to wait.
func (s *netSink) SetWriteDeadline(t time.Time) error {
	s.want = t
	return nil
}

// abort makes a write waiting on a client that stopped reading fail at
// once, and every later write that would wait. It may be called from any
// goroutine.
func (s *netSink) abort() {
	s.aborted.Store(true)
	_ = s.c.SetWriteDeadline(time.Now())
}

// Write writes all of p: what the socket takes at once without a
// deadline, the rest within the deadline last set.
func (s *netSink) Write(p []byte) (int, error) {
	n, err := s.writeNow(p)
	if err != nil || n == len(p) {
		return n, err
	}
	if !s.want.Equal(s.set) {
		if err := s.c.SetWriteDeadline(s.want); err != nil {
			return n, err
		}
		s.set = s.want
	}
	// abort sets its flag before its deadline: seen here, or its deadline
	// comes after the one just set and ends the wait below.
	if s.aborted.Load() {
		return n, os.ErrDeadlineExceeded
	}
	m, err := s.c.Write(p[n:])
	return n + m, err
}

// writeNow writes what the socket takes without waiting.
//
// It writes inside RawConn.Control rather than RawConn.Write: both keep
// the descriptor from being closed (and its number reused by another
// connection) during the write, but Write also takes the descriptor's
// write lock and checks the poller's state for a wait this write never
// does, which cost about a tenth of the hijacked mode's CPU below
// saturation, where every delivery is one such write. No other write
// can run at the same time: the connection's goroutine and a direct
// write take turns (subscriber.busy), and Write below is the goroutine's.
// Control does not check the deadline abort set, so writeNow checks
// abort's flag itself: a stream cut as slow writes nothing more.
func (s *netSink) writeNow(p []byte) (int, error) {
	if s.raw == nil {
		return 0, nil
	}
	if s.aborted.Load() {
		return 0, os.ErrDeadlineExceeded
	}
	s.pending, s.done, s.werr = p, 0, nil
	err := s.raw.Control(s.writeFD)
	n, werr := s.done, s.werr
	s.pending, s.werr = nil, nil
	if err != nil {
		return n, err
	}
	return n, werr
}
