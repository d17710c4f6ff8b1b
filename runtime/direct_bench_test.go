package runtime

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkTrickle measures what one delivery costs when each event
// reaches each client alone (nothing to batch), over real loopback
// sockets: the hub writing directly from the publishing goroutine, and
// the same hub queueing every event for the connection's goroutine, as
// it does under load. Each subscriber count runs "queued" first and
// "direct" second; direct reports its CPU per delivery as a ratio of
// queued's median in the same run ("x-queued"). CPU is the process's
// user + system time, readers included, so the ratio understates the
// server's own saving.
func BenchmarkTrickle(b *testing.B) {
	for _, subs := range []int{10, 200} {
		b.Run("subs="+strconv.Itoa(subs), func(b *testing.B) {
			b.Run("queued", func(b *testing.B) { benchTrickle(b, subs, false) })
			b.Run("direct", func(b *testing.B) { benchTrickle(b, subs, true) })
		})
	}
}

var (
	queuedMu  sync.Mutex
	queuedCPU = map[int][]float64{}
)

func benchTrickle(b *testing.B, subs int, direct bool) {
	hub := NewHub(HubConfig{})
	hub.budget = func(time.Duration) time.Duration {
		if direct {
			return time.Hour
		}
		return 0
	}
	srv := &Server{Hub: hub, Streams: testStreams, HeartbeatInterval: -1, Hijack: true}
	ts := httptest.NewServer(srv)
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		ts.Close()
		hub.Close()
	}()
	addr := ts.Listener.Addr().String()
	var readers sync.WaitGroup
	for range subs {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(c, "GET /sse/comment/item:1 HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
		readers.Add(1)
		go func() {
			defer readers.Done()
			io.Copy(io.Discard, c)
		}()
		defer c.Close()
	}
	for hub.Presence("comment/item:1") < subs {
		time.Sleep(time.Millisecond)
	}
	publish := func() {
		want := hub.m.delivered.Load() + uint64(subs)
		if _, err := hub.Publish(context.Background(), "comment", "item:1", "CommentAdded", benchData); err != nil {
			b.Fatal(err)
		}
		for hub.m.delivered.Load() < want {
			time.Sleep(20 * time.Microsecond)
		}
	}
	for range 50 {
		publish()
	}
	before := cpuTime()
	b.ResetTimer()
	for range b.N {
		publish()
	}
	b.StopTimer()
	perDelivery := float64(cpuTime()-before) / float64(b.N*subs)
	b.ReportMetric(perDelivery, "cpu-ns/delivery")
	queuedMu.Lock()
	defer queuedMu.Unlock()
	if !direct {
		// Keep the last (reported) figure of each -count run.
		if b.N == 1 || len(queuedCPU[subs]) == 0 {
			queuedCPU[subs] = append(queuedCPU[subs], 0)
		}
		queuedCPU[subs][len(queuedCPU[subs])-1] = perDelivery
		return
	}
	if q := slices.Clone(queuedCPU[subs]); len(q) > 0 {
		slices.Sort(q)
		b.ReportMetric(perDelivery/q[len(q)/2], "x-queued")
	}
}

// cpuTime is the process's user + system time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
