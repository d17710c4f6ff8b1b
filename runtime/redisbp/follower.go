package redisbp

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ssegen/ssegen/runtime"
)

// maxPendingNotes bounds the notes waiting for a topic's goroutine. Past
// it they are dropped and the topic reads its stream instead, so a slow
// topic never holds up the Pub/Sub connection nor grows without bound.
const maxPendingNotes = 256

// Backoff between failed catch-up reads of one topic.
const (
	minCatchUpBackoff = 50 * time.Millisecond
	maxCatchUpBackoff = 2 * time.Second
)

// A follower delivers one topic to this node's subscribers of it. Its
// goroutine is the only caller of their deliver functions, which gives the
// one-call-at-a-time and in-order guarantees of runtime.Backplane.
type follower struct {
	b     *Backplane
	topic string
	ctx   context.Context // ends when the last subscriber leaves or at Close
	stop  context.CancelFunc
	wake  chan struct{} // capacity 1: work is pending

	mu      sync.Mutex
	subs    []*subscription // replaced, never changed in place
	last    string          // id of the last event handed to subscribers
	pending []note          // notes not yet looked at
	catchUp bool            // read the stream after last
}

// A subscription is one Subscribe call.
type subscription struct {
	deliver   func(runtime.Event)
	from      string // deliver only events after this id
	cancelled atomic.Bool
}

// newFollower starts following topic from the position last; its first
// act is to read the stream, to fetch what was published before the Pub/Sub
// subscription took effect.
func newFollower(b *Backplane, topic, last string) *follower {
	f := &follower{b: b, topic: topic, last: last, wake: make(chan struct{}, 1), catchUp: true}
	f.ctx, f.stop = context.WithCancel(b.ctx)
	b.wg.Add(1)
	go f.run()
	f.signal()
	return f
}

// add registers s, which then gets the events after both s.from and what
// this follower already delivered.
func (f *follower) add(s *subscription) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if compareIDs(f.last, s.from) > 0 {
		s.from = f.last
	}
	f.subs = append(slices.Clip(f.subs), s)
}

// remove unregisters s and returns how many subscriptions remain.
func (f *follower) remove(s *subscription) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs = slices.DeleteFunc(slices.Clone(f.subs), func(x *subscription) bool { return x == s })
	return len(f.subs)
}

// push queues a note from Pub/Sub. It never blocks.
func (f *follower) push(n note) {
	f.mu.Lock()
	if len(f.pending) < maxPendingNotes {
		f.pending = append(f.pending, n)
	} else {
		f.pending, f.catchUp = nil, true
	}
	f.mu.Unlock()
	f.signal()
}

// requestCatchUp makes the follower read its stream after the last
// delivered id. It never blocks.
func (f *follower) requestCatchUp() {
	f.mu.Lock()
	f.pending, f.catchUp = nil, true
	f.mu.Unlock()
	f.signal()
}

func (f *follower) signal() {
	notify(f.wake)
}

func (f *follower) run() {
	defer f.b.wg.Done()
	retry := time.NewTimer(time.Hour)
	retry.Stop()
	defer retry.Stop()
	backoff := minCatchUpBackoff
	for {
		select {
		case <-f.ctx.Done():
			return
		case <-f.wake:
		case <-retry.C:
		}
		f.mu.Lock()
		notes, catchUp := f.pending, f.catchUp
		f.pending, f.catchUp = nil, false
		f.mu.Unlock()

		if !catchUp {
			catchUp = f.deliverNotes(notes)
		}
		if !catchUp {
			continue
		}
		if err := f.readStream(); err != nil {
			if f.ctx.Err() != nil {
				return
			}
			f.mu.Lock()
			f.catchUp = true
			f.mu.Unlock()
			if f.b.down.Load() {
				// The Pub/Sub connection's return resubscribes every
				// topic, and its confirmation wakes this one: no need for
				// every topic to dial a Redis that is down.
				f.b.cfg.Logger.Debug("redisbp: cannot catch up until Redis is back", slog.String("topic", f.topic), slog.Any("err", err))
				continue
			}
			f.b.cfg.Logger.Warn("redisbp: cannot catch up; retrying",
				slog.String("topic", f.topic), slog.Duration("in", backoff), slog.Any("err", err))
			retry.Reset(backoff)
			backoff = min(2*backoff, maxCatchUpBackoff)
			continue
		}
		backoff = minCatchUpBackoff
	}
}

// deliverNotes delivers the notes that follow on from the last delivered
// event and skips those already delivered. It returns true, having stopped,
// at the first note that does not follow on: events are missing and the
// stream must be read.
func (f *follower) deliverNotes(notes []note) (catchUp bool) {
	for _, n := range notes {
		f.mu.Lock()
		last := f.last
		f.mu.Unlock()
		switch {
		case compareIDs(n.event.ID, last) <= 0:
			continue
		case n.prev != last:
			return true
		}
		f.deliver(n.event)
	}
	return false
}

// readStream delivers every event of the stream after the last delivered
// one.
func (f *follower) readStream() error {
	f.mu.Lock()
	last := f.last
	f.mu.Unlock()
	ctx, cancel := context.WithTimeout(f.ctx, f.b.cfg.Timeout)
	defer cancel()
	events, ok, err := f.b.readAfter(ctx, f.topic, last)
	if err != nil {
		return err
	}
	if !ok && len(events) > 0 {
		// The contract has no way to tell a live subscriber about a gap;
		// its clients learn of it when they resume through Since.
		f.b.cfg.Logger.Warn("redisbp: history was trimmed before this node read it; subscribers may have missed events",
			slog.String("topic", f.topic), slog.String("after", last), slog.String("resumed_at", events[0].ID))
	}
	for _, e := range events {
		if f.ctx.Err() != nil {
			return nil
		}
		f.deliver(e)
	}
	return nil
}

// deliver hands e to every subscription that wants it and records it as
// the last delivered event.
func (f *follower) deliver(e runtime.Event) {
	f.mu.Lock()
	f.last = e.ID
	subs := f.subs
	f.mu.Unlock()
	for _, s := range subs {
		if !s.cancelled.Load() && compareIDs(e.ID, s.from) > 0 {
			s.deliver(e)
		}
	}
}
