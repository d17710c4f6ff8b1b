package runtime

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// TestOpenStreamsAddAndRemove: streams removed in any order, and streams
// never added, leave every other one where its slot and index say, shutdown's signal reaches
// exactly the streams still open, and slots give back their room.
func TestOpenStreamsAddAndRemove(t *testing.T) {
	var mu sync.Mutex
	var o openStreams
	const n = 2000
	conns := make([]*conn, n)
	mu.Lock()
	defer mu.Unlock()
	for i := range conns {
		conns[i] = &conn{sub: newSubscriber(1, true)}
		o.add(conns[i], 0, &mu)
		if i%100 == 99 {
			o.last = (o.last + 1) % heartbeatSlots // as ticks would
		}
	}
	open := map[*conn]bool{}
	for _, c := range conns {
		open[c] = true
	}
	// A stream that began during Shutdown was never added; removing it
	// must not remove another.
	stray := &conn{slot: -1}
	for _, i := range rand.Perm(n)[:n-10] {
		o.remove(stray)
		o.remove(conns[i])
		delete(open, conns[i])
		for c := range open {
			if o.slots[c.slot][c.index] != c {
				t.Fatalf("a stream is not where its slot and index say")
			}
		}
	}
	if o.n != len(open) {
		t.Fatalf("%d counted, %d open", o.n, len(open))
	}
	room := 0
	for _, s := range o.slots {
		room += cap(s)
	}
	if room > 16*64+10 {
		t.Errorf("slots keep room for %d streams with %d open", room, len(open))
	}
	o.signal(flagStop)
	for _, c := range conns {
		if got := c.flags.Load()&flagStop != 0; got != open[c] {
			t.Errorf("stop signalled: %v, open: %v", got, open[c])
		}
	}
}

// TestHeartbeatsComeFromOneTimer: one timer pings every open stream about
// once an interval, a slot at a time, and stops with the last stream.
func TestHeartbeatsComeFromOneTimer(t *testing.T) {
	var mu sync.Mutex
	var o openStreams
	const every = 160 * time.Millisecond
	conns := make([]*conn, 64)
	mu.Lock()
	for i := range conns {
		conns[i] = &conn{sub: newSubscriber(1, true)}
		o.add(conns[i], every, &mu)
		o.last = int32(i % heartbeatSlots)
	}
	mu.Unlock()
	time.Sleep(every + every/2)
	mu.Lock()
	for i, c := range conns {
		if c.flags.Load()&flagPing == 0 {
			t.Errorf("stream %d had no heartbeat in 1.5 intervals", i)
		}
	}
	for _, c := range conns {
		o.remove(c)
	}
	stopped := !o.tick.Stop() // Stop reports false once stopped
	mu.Unlock()
	if !stopped {
		t.Error("the heartbeat timer still runs with no stream open")
	}
}
