package runtime

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The publish benchmark compares the hub with the straightforward design
// it replaces: a mutex-guarded map of subscribers that the publisher
// writes to, one after another, with a flush each. Both write to
// /dev/null, so that every flush is a real write system call as on a
// socket. Each subscriber count runs the baseline first and the hub
// second, and the hub reports its rate as a ratio of the baseline's in the
// same run ("x-baseline", against the median of the baseline's runs).

var benchData = []byte(`{"comment_id":"c1","item_id":"42","author_name":"Ada","text":"Looks good to me","timestamp":1700000000}`)

// baselineRates holds the baseline's deliveries/s per subscriber count,
// one per run (-count runs each benchmark that many times in a row); the
// hub's ratio is against their median, so that one noisy baseline run
// does not set every ratio.
var (
	baselineMu    sync.Mutex
	baselineRates = map[int][]float64{}
)

// baselineMedian returns the median baseline rate for subs, or 0.
func baselineMedian(subs int) float64 {
	baselineMu.Lock()
	defer baselineMu.Unlock()
	r := slices.Clone(baselineRates[subs])
	if len(r) == 0 {
		return 0
	}
	slices.Sort(r)
	return r[len(r)/2]
}

func BenchmarkPublish(b *testing.B) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devNull.Close()
	for _, subs := range []int{1, 100, 10000} {
		b.Run("subs="+strconv.Itoa(subs), func(b *testing.B) {
			b.Run("baseline", func(b *testing.B) { benchBaseline(b, devNull, subs) })
			b.Run("hub", func(b *testing.B) { benchHub(b, devNull, subs) })
		})
	}
}

// fileSink writes to a file; deadlines do not apply to /dev/null.
type fileSink struct{ f *os.File }

func (s fileSink) Write(p []byte) (int, error)    { return s.f.Write(p) }
func (fileSink) Flush() error                     { return nil }
func (fileSink) SetWriteDeadline(time.Time) error { return nil }

func benchHub(b *testing.B, out *os.File, subs int) {
	hub := NewHub(HubConfig{QueueSize: 1 << 20})
	defer hub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	topics := []string{"comment/item:42"}
	for range subs {
		sub := newSubscriber(hub.queue, true)
		if err := hub.join(sub, topics, limits{}); err != nil {
			b.Fatal(err)
		}
		c := &conn{hub: hub, sub: sub, topics: []*connTopic{{name: topics[0]}}, out: fileSink{out}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			stop := context.AfterFunc(ctx, func() { c.signal(flagClientGone) })
			defer stop()
			c.loop(0, nil)
			hub.leave(sub, topics)
		}()
	}
	// Warm up with as many events as will be timed: every queue and write
	// buffer grows to its working size for this load once, so that the
	// figures show the steady state, not each subscriber's first
	// allocations.
	warm := max(256, b.N)
	for range warm {
		if _, err := hub.Publish(ctx, "comment", "item:42", "CommentAdded", benchData); err != nil {
			b.Fatal(err)
		}
	}
	for hub.m.delivered.Load() < uint64(warm*subs) {
		time.Sleep(50 * time.Microsecond)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := hub.Publish(ctx, "comment", "item:42", "CommentAdded", benchData); err != nil {
			b.Fatal(err)
		}
	}
	want := uint64(b.N * subs)
	for hub.m.delivered.Load() < want+uint64(warm*subs) {
		time.Sleep(50 * time.Microsecond)
	}
	b.StopTimer()
	cancel()
	wg.Wait()
	rate := float64(want) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "deliveries/s")
	if base := baselineMedian(subs); base > 0 {
		b.ReportMetric(rate/base, "x-baseline")
	}
}

// baselineHub is the straightforward design: a map under a mutex, each
// subscriber written and flushed in turn by the publisher.
type baselineHub struct {
	mu   sync.Mutex
	seq  uint64
	subs map[int]*bufio.Writer
}

func (h *baselineHub) publish(name string, data []byte) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	frame := fmt.Appendf(nil, "id: %d\nevent: %s\ndata: %s\n\n", h.seq, name, data)
	for _, w := range h.subs {
		w.Write(frame)
		if err := w.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func benchBaseline(b *testing.B, out io.Writer, subs int) {
	h := &baselineHub{subs: map[int]*bufio.Writer{}}
	for i := range subs {
		h.subs[i] = bufio.NewWriter(out)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := h.publish("CommentAdded", benchData); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	rate := float64(b.N*subs) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "deliveries/s")
	// The testing package calls this with growing b.N until the run is
	// long enough, starting each of -count runs with b.N == 1: keep the
	// last (reported) rate of each run.
	baselineMu.Lock()
	if b.N == 1 || len(baselineRates[subs]) == 0 {
		baselineRates[subs] = append(baselineRates[subs], 0)
	}
	baselineRates[subs][len(baselineRates[subs])-1] = rate
	baselineMu.Unlock()
}
