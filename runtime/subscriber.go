package runtime

import "sync"

// subscriber is one connection's bounded queue of frames. The hub pushes
// shared frames into it without blocking; the connection's goroutine
// takes everything queued at once and writes it with one write and one
// flush.
type subscriber struct {
	mu     sync.Mutex
	queue  []*frame
	limit  int
	wake   chan struct{} // capacity 1: "something is queued"
	done   chan struct{} // closed when the hub drops the subscriber
	reason string        // why done was closed
	// abort, if set, makes a write stuck on the connection fail at once,
	// so that a subscriber ended as slow lets go of it without waiting
	// for the write deadline.
	abort func()
	// joinedAt is, per topic given to Hub.join, the id after which live
	// events are queued ("" when the backplane cannot tell).
	joinedAt []string
}

func newSubscriber(limit int) *subscriber {
	return &subscriber{limit: limit, queue: make([]*frame, 0, 16), wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// push queues f and reports whether the subscriber is still live. A full
// queue ends the subscriber with reason "slow": it will reconnect with its
// last id and replay, which costs less than holding the publisher.
// Frames that close a topic are queued even past the limit.
func (s *subscriber) push(f *frame) bool {
	s.mu.Lock()
	if s.reason != "" {
		s.mu.Unlock()
		return false
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
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	return true
}

// take swaps the queue with spare (emptied) and returns what was queued.
func (s *subscriber) take(spare []*frame) []*frame {
	s.mu.Lock()
	q := s.queue
	s.queue = spare[:0]
	s.mu.Unlock()
	return q
}

// endLocked stops the subscriber for reason, once; later calls are no-ops.
// s.mu must be held.
func (s *subscriber) endLocked(reason string) {
	if s.reason == "" {
		s.reason = reason
		close(s.done)
		// The writer waits on wake alone: wake it to see the end.
		select {
		case s.wake <- struct{}{}:
		default:
		}
		if reason == reasonSlow && s.abort != nil {
			s.abort()
		}
	}
}

// onSlow sets the abort function, calling it at once when the
// subscriber was already ended as slow.
func (s *subscriber) onSlow(abort func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.abort = abort
	if s.reason == reasonSlow {
		abort()
	}
}

// ended returns the reason the subscriber was ended, or "".
func (s *subscriber) ended() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reason
}
