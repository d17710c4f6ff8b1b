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
func (c *conn) writeDirect(f *frame, scratch *[]byte) bool {
	t := c.topic(f.topic)
	if t == nil || t.done {
		return true
	}
	buf, ok := c.appendFrameTo((*scratch)[:0], t, f, true)
	*scratch = buf
	if !ok {
		return true // a duplicate, left out
	}
	c.willObserve(f)
	n, err := c.direct.writeNow(buf)
	if err != nil {
		c.pendErr = err
		return false
	}
	c.hub.m.delivered.Add(1)
	c.hub.m.direct.Add(1)
	if n < len(buf) {
		c.pend = append(c.pend[:0], buf[n:]...)
		return false
	}
	c.observeWritten()
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
	c.pend = c.pend[:0]
	if err == nil {
		c.observeWritten()
	}
	return err
}

// directBudget is how long one fan-out of a topic may spend writing
// directly, given the time since the topic's previous fan-out: half of it,
// so that the publisher keeps up and the connections' goroutines take the
// rest in parallel, and at most directMaxBudget. Events closer together
// than directMinInterval are all queued: they come fast enough for the
// connections' goroutines to batch them, one write for many, which costs
// far less than a write each. A topic's first event gets directMaxBudget.
func directBudget(sincePrevious time.Duration) time.Duration {
	switch {
	case sincePrevious <= 0:
		return directMaxBudget
	case sincePrevious < directMinInterval:
		return 0
	}
	return min(sincePrevious/2, directMaxBudget)
}

// directMaxBudget bounds one fan-out's direct writes. Each is a system
// call of its own, where a stream's goroutine that finds several events
// queued writes them with one: when the machine is saturated (10,000
// streams × 50 events/s on two cores), longer budgets multiplied the
// system calls and cut what was delivered to a fifth.
const directMaxBudget = time.Millisecond

// directMinInterval is the time between a topic's events below which
// its fan-out does not write directly.
const directMinInterval = 5 * time.Millisecond

// scratchPool holds the buffers fan-outs build directly written frames
// in: one per fan-out in progress, whatever the number of subscribers.
var scratchPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}
