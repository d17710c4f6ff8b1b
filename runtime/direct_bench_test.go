//go:build unix

// BenchmarkTrickle's floor is write(2) on a socket's file descriptor, and
// its CPU time getrusage(2)'s: unix only.

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
// sockets: the hub queueing every event for the connection's goroutine,
// as it does under load ("queued"); nothing but one write(2) per
// delivery from one goroutine on the same kind of sockets ("floor", what
// any server that writes each event as it comes must spend); and the hub
// writing directly from the publishing goroutine ("direct"). Direct
// reports its CPU per delivery as ratios of queued's and floor's medians
// in the same run ("x-queued", "x-floor"), and the time a publish took
// as a ratio of floor's ("x-floor-time": both write from the publishing
// goroutine alone, so that time is what the writes cost it). CPU is the
// process's user + system time, readers included, so the CPU ratios
// understate the server's own differences.
func BenchmarkTrickle(b *testing.B) {
	for _, subs := range []int{10, 200} {
		b.Run("subs="+strconv.Itoa(subs), func(b *testing.B) {
			b.Run("queued", func(b *testing.B) { benchTrickle(b, subs, false) })
			b.Run("floor", func(b *testing.B) { benchFloor(b, subs) })
			b.Run("direct", func(b *testing.B) { benchTrickle(b, subs, true) })
		})
	}
}

var (
	trickleMu  sync.Mutex
	trickleCPU = map[string][]float64{} // by "queued/200", "floor/200"
)

// noteTrickle keeps the last (reported) figure of each -count run of a
// variant, and returns the medians of the others' figures by variant.
func noteTrickle(variant string, subs int, n int, perDelivery float64) map[string]float64 {
	trickleMu.Lock()
	defer trickleMu.Unlock()
	key := variant + "/" + strconv.Itoa(subs)
	if n == 1 || len(trickleCPU[key]) == 0 {
		trickleCPU[key] = append(trickleCPU[key], 0)
	}
	trickleCPU[key][len(trickleCPU[key])-1] = perDelivery
	med := map[string]float64{}
	for _, v := range []string{"queued", "floor", "floor-time"} {
		if q := slices.Clone(trickleCPU[v+"/"+strconv.Itoa(subs)]); len(q) > 0 {
			slices.Sort(q)
			med[v] = q[len(q)/2]
		}
	}
	return med
}

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
	perDelivery := measureTrickle(b, subs, publish)
	variant := "queued"
	if direct {
		variant = "direct"
	}
	med := noteTrickle(variant, subs, b.N, perDelivery)
	if direct {
		for _, v := range []string{"queued", "floor"} {
			if med[v] > 0 {
				b.ReportMetric(perDelivery/med[v], "x-"+v)
			}
		}
		// Direct writes, like the floor's, are one goroutine's work: the
		// time a publish takes is what they cost it.
		if wall := float64(b.Elapsed()) / float64(b.N*subs); med["floor-time"] > 0 {
			b.ReportMetric(wall/med["floor-time"], "x-floor-time")
		}
	}
}

// benchFloor writes each event to subs loopback sockets with one
// non-blocking write(2) each from one goroutine, and nothing else: the
// floor the hub's direct writes are measured against.
func benchFloor(b *testing.B, subs int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	var readers sync.WaitGroup
	fds := make([]syscall.RawConn, 0, subs)
	for range subs {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		readers.Add(1)
		go func() {
			defer readers.Done()
			io.Copy(io.Discard, c)
		}()
		sc, err := ln.Accept()
		if err != nil {
			b.Fatal(err)
		}
		defer sc.Close()
		raw, err := sc.(*net.TCPConn).SyscallConn()
		if err != nil {
			b.Fatal(err)
		}
		fds = append(fds, raw)
	}
	f, err := newFrame(Event{Topic: "comment/item:1", ID: "1", Name: "CommentAdded", Data: benchData})
	if err != nil {
		b.Fatal(err)
	}
	frame := f.appendSingle(nil)
	fd := make([]int, len(fds))
	for i, raw := range fds {
		_ = raw.Control(func(x uintptr) { fd[i] = int(x) })
	}
	publish := func() {
		for _, x := range fd {
			if n, err := syscall.Write(x, frame); n != len(frame) || err != nil {
				b.Fatalf("floor write: %d of %d bytes, %v", n, len(frame), err)
			}
		}
	}
	perDelivery := measureTrickle(b, subs, publish)
	noteTrickle("floor", subs, b.N, perDelivery)
	noteTrickle("floor-time", subs, b.N, float64(b.Elapsed())/float64(b.N*subs))
}

// cpuTime is the process's user + system time.
// measureTrickle warms up with 50 events, then times b.N of them and
// reports the process's CPU per delivery to subs streams.
func measureTrickle(b *testing.B, subs int, publish func()) float64 {
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
	return perDelivery
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
