package promsse_test

import (
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime/promsse"
)

// BenchmarkObserveDelivery is what the collector adds to each delivery:
// one histogram observation, from many goroutines at once as the
// connections' writes make them.
func BenchmarkObserveDelivery(b *testing.B) {
	metrics := promsse.New(promsse.Options{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			metrics.ObserveDelivery("comment", 3*time.Millisecond)
		}
	})
}
