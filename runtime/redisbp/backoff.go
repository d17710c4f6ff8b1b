package redisbp

import (
	"context"
	"time"
)

// Backoff between attempts to reconnect.
const (
	minReconnectBackoff = 50 * time.Millisecond
	maxReconnectBackoff = 2 * time.Second
)

// reconnectBackoff is the wait before each attempt to reconnect. It
// doubles with each failure up to maxReconnectBackoff; only a connection
// that lasted longer than that starts it again from minReconnectBackoff,
// so that a server that accepts and then fails each connection is not
// hammered. The zero value is ready to use.
type reconnectBackoff struct {
	next time.Duration
}

// after is the wait after a connection, or an attempt, begun at start.
func (r *reconnectBackoff) after(start time.Time) time.Duration {
	if r.next == 0 || time.Since(start) > maxReconnectBackoff {
		r.next = minReconnectBackoff
	}
	d := r.next
	r.next = min(2*d, maxReconnectBackoff)
	return d
}

// sleep waits d, or until ctx ends; it reports whether all of d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
