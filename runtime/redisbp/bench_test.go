package redisbp

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/client"
)

// Run with:
//
//	go test -run '^$' -bench . -benchtime 5000x ./runtime/redisbp
//
// Each benchmark measures the in-memory backplane (one process) and this
// backplane (two nodes on one local redis-server, publishing on one and
// delivering on the other) in the same run, and reports both and their
// ratio, so figures from different machines compare.

// benchPair is what both benchmarks measure: a publisher and a subscriber
// node for each backplane.
type benchPair struct {
	name       string
	pub, sub   runtime.Backplane
	deliveries chan time.Time
}

func newBenchPairs(b *testing.B) []*benchPair {
	r := startRedis(b, false)
	mem := runtime.NewMemoryBackplane(runtime.MemoryConfig{})
	b.Cleanup(func() { mem.Close() })
	pairs := []*benchPair{
		{name: "memory", pub: mem, sub: mem},
		{name: "redis", pub: newNode(b, r.URL(), Config{}), sub: newNode(b, r.URL(), Config{})},
	}
	for _, p := range pairs {
		p.deliveries = make(chan time.Time, 1<<16)
		cancel, err := p.sub.Subscribe("bench/bench", func(runtime.Event) { p.deliveries <- time.Now() })
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(cancel)
	}
	return pairs
}

// BenchmarkLatency publishes one event at a time and times it from the
// Publish call to the subscriber's deliver call, alternating between the
// backplanes so that both see the same machine load.
func BenchmarkLatency(b *testing.B) {
	pairs := newBenchPairs(b)
	data := []byte(`{"comment_id":"c1","item_id":"42","author_name":"Ada","text":"Hello there","timestamp":1700000000}`)
	ctx := context.Background()
	lat := make([][]time.Duration, len(pairs))
	b.ResetTimer()
	for range b.N {
		for i, p := range pairs {
			start := time.Now()
			if _, err := p.pub.Publish(ctx, "bench/bench", "CommentAdded", data); err != nil {
				b.Fatal(err)
			}
			select {
			case at := <-p.deliveries:
				lat[i] = append(lat[i], at.Sub(start))
			case <-time.After(waitFor):
				b.Fatalf("%s: no delivery within %v", p.name, waitFor)
			}
		}
	}
	b.StopTimer()
	p50 := make([]float64, len(pairs))
	p99 := make([]float64, len(pairs))
	for i, p := range pairs {
		p50[i], p99[i] = quantile(lat[i], 0.50), quantile(lat[i], 0.99)
		b.ReportMetric(p50[i], p.name+"-p50-µs")
		b.ReportMetric(p99[i], p.name+"-p99-µs")
	}
	b.ReportMetric(p50[1]/p50[0], "redis/memory-p50-x")
	b.ReportMetric(p99[1]/p99[0], "redis/memory-p99-x")
}

// BenchmarkThroughput publishes b.N events from 8 goroutines at once and
// counts events per second until the subscriber has them all.
func BenchmarkThroughput(b *testing.B) {
	pairs := newBenchPairs(b)
	data := []byte(`{"comment_id":"c1","item_id":"42","text":"Hello there"}`)
	const publishers = 8
	rate := make([]float64, len(pairs))
	b.ResetTimer()
	for i, p := range pairs {
		start := time.Now()
		var wg sync.WaitGroup
		for w := range publishers {
			wg.Go(func() {
				for j := w; j < b.N; j += publishers {
					if _, err := p.pub.Publish(context.Background(), "bench/bench", "CommentAdded", data); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		var last time.Time
		for range b.N {
			select {
			case last = <-p.deliveries:
			case <-time.After(waitFor):
				b.Fatalf("%s: deliveries stalled", p.name)
			}
		}
		wg.Wait()
		rate[i] = float64(b.N) / last.Sub(start).Seconds()
		b.ReportMetric(rate[i], p.name+"-events/s")
	}
	b.StopTimer()
	b.ReportMetric(rate[1]/rate[0], "redis/memory-throughput-x")
}

// quantile returns the q-quantile of ds in microseconds.
func quantile(ds []time.Duration, q float64) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q * float64(len(s)-1))
	return float64(s[i]) / float64(time.Microsecond)
}

// BenchmarkHubLatency times an event end to end, from Hub.Publish to the
// event's bytes parsed by an HTTP client: one in-memory hub, against a
// hub on node A publishing to a client of node B through Redis. Events
// alternate between the two, as in BenchmarkLatency.
func BenchmarkHubLatency(b *testing.B) {
	r := startRedis(b, false)
	memHub := runtime.NewHub(runtime.HubConfig{})
	b.Cleanup(func() { memHub.Close() })
	pubA := startBenchNode(b, r.URL())
	subB := startBenchNode(b, r.URL())
	setups := []struct {
		name     string
		pub      *runtime.Hub
		clientOn string
	}{
		{"memory", memHub, serveHub(b, memHub)},
		{"redis", pubA, serveHub(b, subB)},
	}
	streams := make([]<-chan struct{}, len(setups))
	for i, s := range setups {
		streams[i] = benchClient(b, s.clientOn+"/sse/system/system")
	}
	data := []byte(`{"text":"Hello there"}`)
	lat := make([][]time.Duration, len(setups))
	b.ResetTimer()
	for range b.N {
		for i, s := range setups {
			start := time.Now()
			if _, err := s.pub.Publish(context.Background(), "system", "system", "Notice", data); err != nil {
				b.Fatal(err)
			}
			select {
			case <-streams[i]:
				lat[i] = append(lat[i], time.Since(start))
			case <-time.After(waitFor):
				b.Fatalf("%s: no event within %v", s.name, waitFor)
			}
		}
	}
	b.StopTimer()
	p50 := make([]float64, len(setups))
	p99 := make([]float64, len(setups))
	for i, s := range setups {
		p50[i], p99[i] = quantile(lat[i], 0.50), quantile(lat[i], 0.99)
		b.ReportMetric(p50[i], s.name+"-p50-µs")
		b.ReportMetric(p99[i], s.name+"-p99-µs")
	}
	b.ReportMetric(p50[1]/p50[0], "redis/memory-p50-x")
	b.ReportMetric(p99[1]/p99[0], "redis/memory-p99-x")
}

// startBenchNode is a hub on the Redis at url.
func startBenchNode(b *testing.B, url string) *runtime.Hub {
	hub := runtime.NewHub(runtime.HubConfig{Backplane: newNode(b, url, Config{})})
	b.Cleanup(func() { hub.Close() })
	return hub
}

// serveHub serves hub over loopback HTTP and returns the base URL.
func serveHub(b *testing.B, hub *runtime.Hub) string {
	url, stop := serve(&runtime.Server{Hub: hub, Streams: testStreams})
	b.Cleanup(stop)
	return url
}

// benchClient opens url and signals each event it parses.
func benchClient(b *testing.B, url string) <-chan struct{} {
	resp, err := http.Get(url)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %v %v", url, resp, err)
	}
	b.Cleanup(func() { resp.Body.Close() })
	got := make(chan struct{}, 1024)
	go func() {
		rd := client.NewReader(resp.Body)
		for {
			if _, err := rd.Next(); err != nil {
				return
			}
			got <- struct{}{}
		}
	}()
	return got
}
