package runtime

import (
	"sync"
	"time"
)

// openStreams are a server's open streams: Shutdown signals each, and
// one timer sends their heartbeats, where a timer per stream cost over
// 100 bytes of every idle stream. The streams are spread over slots,
// and each tick of the timer pings one slot, so that the heartbeats of
// many streams do not all fall at once. A stream joins the slot pinged
// last, so that its first heartbeat comes about an interval after it
// began.
type openStreams struct {
	slots [heartbeatSlots][]*conn
	last  int32 // the slot pinged last
	n     int
	every time.Duration // the heartbeat interval; 0: none
	tick  *time.Timer   // runs while n > 0 and every > 0
}

// heartbeatSlots is how many ticks one heartbeat interval has.
const heartbeatSlots = 16

// add counts c among the open streams. mu is the server's lock, which
// guards o and is held.
func (o *openStreams) add(c *conn, every time.Duration, mu *sync.Mutex) {
	o.every = every
	c.slot = o.last
	c.index = int32(len(o.slots[c.slot]))
	o.slots[c.slot] = append(o.slots[c.slot], c)
	o.n++
	if o.n == 1 && o.every > 0 {
		if o.tick == nil {
			o.tick = time.AfterFunc(o.every/heartbeatSlots, func() { o.ping(mu) })
		} else {
			o.tick.Reset(o.every / heartbeatSlots)
		}
	}
}

// remove forgets c if add counted it (a stream that began during
// Shutdown was not). The server's lock is held.
func (o *openStreams) remove(c *conn) {
	if c.slot < 0 {
		return
	}
	slot := o.slots[c.slot]
	last := len(slot) - 1
	moved := slot[last]
	slot[c.index] = moved
	moved.index = c.index
	slot[last] = nil
	slot = slot[:last]
	// A slot that shrank to a quarter of its room gives it back:
	// memory follows the streams open, not the most there ever were.
	if cap(slot) > 64 && len(slot) < cap(slot)/4 {
		slot = append([]*conn(nil), slot...)
	}
	o.slots[c.slot] = slot
	c.slot = -1
	o.n--
	if o.n == 0 && o.tick != nil {
		o.tick.Stop()
	}
}

// signal signals flag to every open stream. The server's lock is held.
func (o *openStreams) signal(flag uint32) {
	for _, slot := range o.slots {
		for _, c := range slot {
			c.signal(flag)
		}
	}
}

// ping asks the streams of the next slot for a heartbeat.
func (o *openStreams) ping(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
	if o.n == 0 {
		return // the last stream left while the timer fired
	}
	o.last = (o.last + 1) % heartbeatSlots
	for _, c := range o.slots[o.last] {
		c.signal(flagPing)
	}
	o.tick.Reset(o.every / heartbeatSlots)
}
