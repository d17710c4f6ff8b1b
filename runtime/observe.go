package runtime

import (
	"strings"
	"time"
)

// Delivery latency, for HubConfig.OnDelivered: the hub stamps each
// event's frame when it fans the event out, and a connection reports the
// frames it wrote once the write that carried them returned. Without
// OnDelivered neither happens.

// stamp records when the hub fanned f out, if anyone observes deliveries.
func (h *Hub) stamp(f *frame, now time.Time) {
	if h.onDelivered != nil {
		f.at = now
	}
}

// willObserve notes a live frame the connection is about to write.
func (c *conn) willObserve(f *frame) {
	if c.hub.onDelivered != nil {
		c.b.observed = append(c.b.observed, f)
	}
}

// observeWritten reports the noted frames to OnDelivered, now that the
// write carrying them returned.
func (c *conn) observeWritten() {
	// The hub's field first: the connection's list is one more cache
	// line to load per delivery, which costs when nobody observes.
	if c.hub.onDelivered == nil || len(c.b.observed) == 0 {
		return
	}
	now := time.Now()
	for _, f := range c.b.observed {
		c.hub.observe(f, now)
	}
	clear(c.b.observed)
	c.b.observed = c.b.observed[:0]
}

// observeOne reports f (if not nil) as written now: the frame of a
// direct write, which has no batch.
func (c *conn) observeOne(f *frame) {
	if c.hub.onDelivered == nil || f == nil {
		return
	}
	c.hub.observe(f, time.Now())
}

// observe reports f's delivery at now to OnDelivered.
func (h *Hub) observe(f *frame, now time.Time) {
	stream, _, _ := strings.Cut(f.topic, "/")
	h.onDelivered(stream, now.Sub(f.at))
}
