package runtime

import (
	"sync"
	"sync/atomic"
)

// subscriber is one connection's bounded queue of frames. The hub pushes
// shared frames into it without blocking; the connection's goroutine
// takes everything queued at once and writes it with one write and one
// flush.
//
// A connection that can write without waiting (a hijacked socket) also
// takes frames directly: while its goroutine is idle and nothing is
// queued, push has the publishing goroutine write the frame to the
// socket itself, under mu, with a write that never waits. That saves
// waking the connection's goroutine for every event when events come
// one at a time. Only what the socket could not take at once is left to
// the connection's goroutine, which writes it under the write deadline;
// frames published meanwhile queue behind it, so order holds.
type subscriber struct {
	mu    sync.Mutex
	queue []*frame
	limit int
	wake  chan struct{} // capacity 1: "something is queued"; nil when driven
	// driver, when set, is kicked instead of sending on wake: a stream
	// with no goroutine waiting starts one (see conn.runDriven).
	driver atomic.Pointer[conn]
	reason string // why the hub dropped the subscriber, once it did
	// abort, if set, makes a write stuck on the connection fail at once,
	// so that a subscriber ended as slow lets go of it without waiting
	// for the write deadline.
	abort aborter
	// joinedAt is, per topic given to Hub.join, the id after which live
	// events are queued ("" when the backplane cannot tell).
	joinedAt []string
	// direct, when set, writes frames for push without waiting (see the
	// type's comment); busy is set while the connection's goroutine owns
	// the socket (from take to release, and before the connection's loop
	// began), when push must queue instead.
	direct directWriter
	busy   bool
}

// directWriter writes a frame to a connection at once, from the
// publishing goroutine, while the connection's goroutine is idle.
type directWriter interface {
	// writeDirect writes f, building it in run.scratch (reused across
	// subscribers) and counting it in run.written. It never waits: what
	// the socket does not take at once it keeps for the connection's
	// goroutine, and reports false.
	writeDirect(f *frame, run *directRun) (whole bool)
}

// newSubscriber makes a subscriber that queues up to limit frames. A
// driven stream's (drive.go) has no wake channel: it is woken by onWake
// once it runs, and wakes before that are done by its first step.
func newSubscriber(limit int, wakeChannel bool) *subscriber {
	var wake chan struct{}
	if wakeChannel {
		wake = make(chan struct{}, 1)
	}
	// The queue is made by the first frame queued: below saturation the
	// publisher writes most frames directly, and an idle stream holds
	// no queue.
	return &subscriber{limit: limit, wake: wake, busy: true}
}

// push queues f and reports whether the subscriber is still live. A full
// queue ends the subscriber with reason "slow": it will reconnect with its
// last id and replay, which costs less than holding the publisher.
// Frames that close a topic are queued even past the limit.
//
// With run not nil, push counts in run.lagging whether the subscriber's
// writer lags (frames still queued, or its goroutine owning the socket),
// and, while run.write is set, writes f directly (see subscriber) when
// the writer is idle.
func (s *subscriber) push(f *frame, run *directRun) bool {
	s.mu.Lock()
	if s.reason != "" {
		s.mu.Unlock()
		return false
	}
	if run != nil && s.direct != nil && !f.closes {
		if s.busy || len(s.queue) > 0 {
			run.lagging++
		} else if run.write {
			if !s.direct.writeDirect(f, run) {
				// The rest (or a write error) waits for the connection's
				// goroutine, which owns the socket until it releases it.
				s.busy = true
				s.mu.Unlock()
				run.lagging++
				s.wakeUp()
				return true
			}
			s.mu.Unlock()
			return true
		}
	}
	if len(s.queue) >= s.limit && !f.closes {
		s.endLocked(reasonSlow)
		s.mu.Unlock()
		return false
	}
	s.queue = append(s.queue, f)
	first := len(s.queue) == 1
	s.mu.Unlock()
	// Only the first frame into an empty queue needs to wake the writer:
	// later ones are taken in the same batch, which saves a channel
	// operation per event exactly when the writer lags.
	if first {
		s.wakeUp()
	}
	return true
}

// wakeUp wakes the connection's goroutine, unless a wake is pending.
func (s *subscriber) wakeUp() {
	if c := s.driver.Load(); c != nil {
		c.kick()
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// take swaps the queue with spare (emptied) and returns what was queued.
// The connection's goroutine owns the socket from here until release.
func (s *subscriber) take(spare []*frame) []*frame {
	s.mu.Lock()
	q := s.queue
	s.queue = spare[:0]
	s.busy = true
	s.mu.Unlock()
	return q
}

// release lets push write directly again, unless frames were queued
// since take (a wake for them is pending then, and the connection's
// goroutine keeps the socket).
func (s *subscriber) release() {
	s.mu.Lock()
	if len(s.queue) == 0 && s.direct != nil {
		s.busy = false
	}
	s.mu.Unlock()
}

// setDirect lets push write through d (nil: never again). Setting nil
// waits for a direct write in progress, and gives the socket to the
// connection's goroutine for good.
func (s *subscriber) setDirect(d directWriter) {
	s.mu.Lock()
	s.direct = d
	if d == nil {
		s.busy = true
	}
	s.mu.Unlock()
}

// endLocked stops the subscriber for reason, once; later calls are no-ops.
// s.mu must be held.
func (s *subscriber) endLocked(reason string) {
	if s.reason == "" {
		s.reason = reason
		// The writer waits on wake alone: wake it to see the end.
		s.wakeUp()
		if reason == reasonSlow && s.abort != nil {
			s.abort.abort()
		}
	}
}

// aborter is a sink whose stuck write abort makes fail at once (and
// every later write that would wait).
type aborter interface{ abort() }

// onSlow sets what to abort, calling it at once when the
// subscriber was already ended as slow.
func (s *subscriber) onSlow(abort aborter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.abort = abort
	if s.reason == reasonSlow {
		abort.abort()
	}
}

// ended returns the reason the subscriber was ended, or "".
func (s *subscriber) ended() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reason
}
