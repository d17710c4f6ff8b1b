package redisbp

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/redis/go-redis/v9"
	ssegen "github.com/ssegen/ssegen/runtime"
)

// liveHeap returns the live heap after a full collection.
func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// A node keeps state for a topic only while it has subscribers here:
// once every topic was left, the node follows none, its Pub/Sub
// connection is subscribed to no channel, and its heap is back where it
// was. Asking about topics (Since, Latest) keeps nothing either.
func TestLeftTopicsKeepNoState(t *testing.T) {
	r := startRedis(t, false)
	b := newNode(t, r.URL(), Config{})
	raw := redis.NewClient(&redis.Options{Addr: r.Addr()})
	defer raw.Close()
	// Two rounds first grow the Redis clients' connection pools (bounded
	// by their PoolSize) to their working size, and the Go runtime's
	// store of goroutines for reuse to the followers' number: the
	// baseline includes both.
	touchAndLeave(t, b, raw, "warm")
	touchAndLeave(t, b, raw, "warmer")
	before := liveHeap()
	const topics = 2000
	touchAndLeave(t, b, raw, "user")
	after := liveHeap()
	// One KiB a topic: a leaked follower costs more than twice that (its
	// goroutine's stack alone is 2 KiB, then its context and timer), and
	// on a loaded machine the pools' buffers still grew by up to 1 MiB
	// between rounds now and then.
	const margin = 2 << 20
	if after > before+margin {
		t.Errorf("heap %d bytes after %d topics were left, %d before: %d more, want at most %d", after, topics, before, after-before, margin)
	}
	t.Logf("heap before %d, after %d bytes", before, after)
}

// touchAndLeave subscribes to 2,000 topics, publishes to some, asks about
// as many others, leaves them all, and waits until the node follows none.
func touchAndLeave(t *testing.T, b *Backplane, raw *redis.Client, stream string) {
	t.Helper()
	ctx := context.Background()
	cancels := make([]func(), 0, 2000)
	for i := range 2000 {
		topic := fmt.Sprintf("%s/user:%d", stream, i)
		cancel, err := b.Subscribe(topic, func(ssegen.Event) {})
		if err != nil {
			t.Fatal(err)
		}
		cancels = append(cancels, cancel)
		if i%4 == 0 {
			publish(t, b, topic, "Notified", "{}")
		}
		untouched := fmt.Sprintf("%s/untouched:%d", stream, i)
		if _, err := b.Latest(ctx, untouched); err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.Since(ctx, untouched, "1-0"); err != nil {
			t.Fatal(err)
		}
	}
	for _, cancel := range cancels {
		cancel()
	}
	eventually(t, func() error {
		b.mu.Lock()
		followed, dirty := len(b.topics), len(b.dirty)
		b.mu.Unlock()
		if followed != 0 || dirty != 0 {
			return fmt.Errorf("%d topics followed and %d waiting for the Pub/Sub connection after all were left", followed, dirty)
		}
		if subs := pubSubClients(t, raw); len(subs) != 0 {
			return fmt.Errorf("Pub/Sub connections still subscribed: %v", subs)
		}
		return nil
	})
}
