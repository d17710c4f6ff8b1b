package runtime

import (
	"sync"
	"time"
)

// Direct writes: below saturation each event reaches a connection alone,
// so there is nothing to batch, and waking the connection's goroutine to
// write it (scheduling it, waking a thread for it, parking it again)
// cost about as much as the write system call itself. So the publishing
// goroutine writes to a hijacked socket whose goroutine is idle itself,
// with a write that never waits (see subscriber). Under load the same
// writes would serialise every delivery on the publishing goroutine and
// give up the batching that makes saturation cheap, so the hub spends
// only part of the time between a topic's events on direct writes and
// queues for the rest of the subscribers (directBudget).

// writeDirect writes f to the socket without waiting. It runs on the
// publishing goroutine, under the subscriber's lock, while the
// connection's goroutine is idle (see subscriber.push). It reports
// false when the socket did not take all of f, or failed: the rest is in
// c.pend (or the error in c.pendErr) for the connection's goroutine.
func (c *conn) writeDirect(f *frame, run *directRun) bool {
	t := c.topic(f.topic)
	if t == nil || t.done {
		return true
	}
	buf, ok := c.appendFrameTo(run.scratch[:0], t, f, true)
	run.scratch = buf
	if !ok {
		return true // a duplicate, left out
	}
	n, err := c.direct.writeNow(buf)
	if err != nil {
		c.pendErr = err
		return false
	}
	run.written++
	if n < len(buf) {
		c.pend = append(c.pend[:0], buf[n:]...)
		c.pendFrame = f
		return false
	}
	c.observeOne(f)
	return true
}

// writePending writes what a direct write left, within the write
// timeout, or returns the error that direct write met.
func (c *conn) writePending() error {
	if c.pendErr != nil {
		return c.pendErr
	}
	if len(c.pend) == 0 {
		return nil
	}
	err := c.write(c.pend)
	// Rare (the socket was full), so the rest is not worth holding
	// room for while the stream idles.
	c.pend = nil
	if err == nil {
		c.observeOne(c.pendFrame)
	}
	c.pendFrame = nil
	return err
}

// directRun is one fan-out's direct writing, shared by its subscribers
// in turn: the buffer frames are built in, whether writing directly is
// still allowed, and what the fan-out found, for its topic's directPace
// and the hub's counters (added once per fan-out, not per delivery).
type directRun struct {
	scratch []byte
	// write is set while the fan-out may write directly (within budget).
	write bool
	// ranOut is set when the budget ended the direct writes early.
	ranOut bool
	// written counts direct deliveries; lagging counts subscribers that
	// still had a frame queued, or whose goroutine owned the socket, or
	// whose socket filled: their writer lags behind the events.
	written uint64
	lagging int
}

// directRuns holds directRuns between fan-outs: one per fan-out in
// progress, whatever the number of subscribers.
var directRuns = sync.Pool{New: func() any { return &directRun{scratch: make([]byte, 0, 512)} }}

// directPace is how long a topic's fan-outs may write directly, learnt
// from the fan-outs before. Below saturation every subscriber's writer is
// idle when the next event comes, and a direct write saves a goroutine
// wake-up per delivery, so the budget doubles each time a fan-out ran
// out of it and found (almost) every writer idle. When the machine is
// saturated, writers still have frames queued when the next event comes:
// then a direct write per event would forgo the batching that carries
// saturation (one write for many events), so the budget falls back to
// directBaseBudget at once.
type directPace struct {
	budget time.Duration // 0: directBaseBudget
	last   time.Time     // the previous fan-out's start
}

// next returns the budget of a fan-out of the topic that starts at now,
// given the time since the hub's previous fan-out of any topic.
func (p *directPace) next(now time.Time, sinceAny time.Duration) time.Duration {
	since := time.Duration(0)
	if !p.last.IsZero() {
		since = now.Sub(p.last)
	}
	p.last = now
	return directBudget(since, sinceAny, p.budget)
}

// settle learns from a fan-out over n subscribers.
func (p *directPace) settle(run *directRun, n int) {
	switch {
	case run.lagging*directLagShare > n:
		p.budget = directBaseBudget
	case run.ranOut && run.lagging*directIdleShare <= n:
		p.budget = min(max(p.budget, directBaseBudget)*2, directMaxBudget)
	}
}

// directBudget is how long one fan-out of a topic may write directly,
// given the time since the topic's previous fan-out (0 for its first),
// the time since the hub's previous fan-out of any topic, and the
// topic's learnt budget (directPace; 0: directBaseBudget).
//
// Events of a topic closer together than directMinInterval are all
// queued: they come fast enough for the connections' goroutines to batch
// them, one write for many, which costs far less than a write each.
// Otherwise a fan-out writes directly for its learnt budget, but for at
// most half the time since the topic's previous fan-out, so that
// connections' goroutines take the rest in parallel and the publisher
// keeps up, and for at most half the time since the hub's previous
// fan-out of any topic beyond directBaseBudget: a fan-out runs on the
// goroutine that delivers the event (for the MemoryBackplane the one
// that called Hub.Publish), and one goroutine publishing to many topics
// must not spend all its time writing.
func directBudget(since, sinceAny, learnt time.Duration) time.Duration {
	if since > 0 && since < directMinInterval {
		return 0
	}
	learnt = max(learnt, directBaseBudget)
	if learnt > directBaseBudget && sinceAny > 0 {
		learnt = max(min(learnt, sinceAny/2), directBaseBudget)
	}
	if since > 0 {
		learnt = min(learnt, since/2)
	}
	return learnt
}

const (
	// directBaseBudget is what a topic's fan-out may spend on direct
	// writes before it learnt that its subscribers' writers are idle, and
	// again as soon as they lag. Each direct write is a system call of its
	// own, where a stream's goroutine that finds several events queued
	// writes them with one: when the machine is saturated (10,000 streams
	// × 50 events/s on two cores), fixed budgets much longer than this cut
	// what was delivered to a fifth.
	directBaseBudget = time.Millisecond
	// directMaxBudget bounds the learnt budget: with one write costing
	// some microseconds, tens of thousands of deliveries.
	directMaxBudget = 100 * time.Millisecond
	// directMinInterval is the time between a topic's events below which
	// its fan-out does not write directly.
	directMinInterval = 5 * time.Millisecond
	// A fan-out that found more than one subscriber in directLagShare
	// lagging falls back to directBaseBudget; one that ran out of budget
	// and found at most one in directIdleShare lagging doubles it (a few
	// slow clients must not keep a topic from writing directly to the
	// rest).
	directLagShare  = 16
	directIdleShare = 64
)
