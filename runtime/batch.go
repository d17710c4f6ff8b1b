package runtime

import "sync"

// batch is what a stream uses while it writes: the bytes being framed,
// the queue's other half and the live frames being written (for
// OnDelivered). A stream borrows one for a step and gives it back, so an
// idle stream holds none: a replay or a burst leaves no buffer of up to
// maxBatch behind in every stream that saw one, and an idle stream's
// state is smaller by the three slices.
type batch struct {
	buf      []byte
	spare    []*frame
	observed []*frame
}

var batchPool = sync.Pool{New: func() any { return new(batch) }}

// borrow takes a batch for the stream's next writes.
func (c *conn) borrow() { c.b = batchPool.Get().(*batch) }

// giveBack returns the stream's batch.
func (c *conn) giveBack() {
	b := c.b
	c.b = nil
	if cap(b.buf) > 2*maxBatch {
		b.buf = nil // one huge event: not worth keeping for the next
	}
	b.buf = b.buf[:0]
	batchPool.Put(b)
}
