package loadtest

import (
	"testing"
	"time"
)

func TestHistogramQuantilesWithinBucketPrecision(t *testing.T) {
	var h histogram
	for i := 1; i <= 10000; i++ {
		h.record(time.Duration(i) * time.Microsecond)
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 5000 * time.Microsecond}, {0.9, 9000 * time.Microsecond}, {0.99, 9900 * time.Microsecond}} {
		got := h.quantile(c.q)
		if got > c.want || float64(got) < float64(c.want)*0.93 {
			t.Errorf("q%.2f = %v, want within 7%% below %v", c.q, got, c.want)
		}
	}
	if h.max.Load() != int64(10000*time.Microsecond) {
		t.Errorf("max = %v", time.Duration(h.max.Load()))
	}
}

func TestBucketBoundsAreMonotonic(t *testing.T) {
	prev := int64(-1)
	for i := 0; i < 60*16; i++ {
		lb := lowerBound(i)
		if lb <= prev {
			t.Fatalf("bucket %d lower bound %d not above %d", i, lb, prev)
		}
		if bucketOf(lb) != i {
			t.Fatalf("bucketOf(lowerBound(%d)) = %d", i, bucketOf(lb))
		}
		prev = lb
	}
}
