package client

import (
	"math/rand/v2"
	"time"
)

// backoff returns the wait before reconnect attempt n (0 for the first
// after a stream that worked). The first wait is the reconnection time (the
// server's `retry:`, else MinBackoff), as a browser waits; later ones double
// from at least MinBackoff up to MaxBackoff, or up to the server's retry when
// that is longer. Up to half of the wait is added at random so that clients
// cut off together (a server restart) do not all come back at once; jitter
// only adds, so the server's retry is never undercut.
func (s *subscription) backoff(n int) time.Duration {
	minB, maxB := s.c.MinBackoff, s.c.MaxBackoff
	if minB <= 0 {
		minB = DefaultMinBackoff
	}
	if maxB <= 0 {
		maxB = DefaultMaxBackoff
	}
	base := minB
	if s.hasRetry {
		base = s.retry
	}
	limit := max(maxB, base)

	d := base
	if n > 0 {
		d = max(base, minB)
		for i := 0; i < n && d < limit; i++ {
			if d > limit/2 {
				d = limit // doubling would pass the limit, or overflow
				break
			}
			d *= 2
		}
	}
	d = min(d, limit)
	if d <= 0 {
		return 0
	}
	return d + rand.N(d/2+1)
}
