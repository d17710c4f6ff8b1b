package runtime

import (
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestBurstLeavesNoBufferInIdleStreams: streams that wrote a burst of
// events in large batches keep none of their batch buffers once idle.
// (They kept the largest batch each, up to 32 KiB a stream.)
func TestBurstLeavesNoBufferInIdleStreams(t *testing.T) {
	srv, ts, _ := startServer(t, false)
	const streams, events = 100, 100
	data := []byte(`{"text":"` + strings.Repeat("x", 300) + `"}`)
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	conns := make([]*rawStream, streams)
	for i := range conns {
		conns[i] = dialStream(t, ts.Listener.Addr().String(), "/sse/system/system")
	}
	waitFor(t, 5*time.Second, "every stream subscribed", func() bool { return srv.Hub.Presence("system/system") == streams })
	before := heap()
	// The clients read only once the burst is queued, so that each
	// stream writes it in few, large batches.
	for range events {
		if _, err := srv.Hub.Publish(context.Background(), "system", "system", "Notice", data); err != nil {
			t.Fatal(err)
		}
	}
	want := uint64(streams * events)
	done := make(chan error, streams)
	for _, s := range conns {
		go func() {
			// Count "data: " across reads: keep the last bytes of
			// each read before the next.
			const mark = "data: "
			buf := make([]byte, 512+len(mark))
			kept, n := 0, 0
			for n < events {
				m, err := s.r.Read(buf[kept:])
				if err != nil {
					done <- err
					return
				}
				got := buf[:kept+m]
				n += strings.Count(string(got), mark)
				kept = min(len(mark)-1, len(got))
				copy(buf, got[len(got)-kept:])
			}
			done <- nil
		}()
	}
	for range streams {
		if err := <-done; err != nil && err != io.EOF {
			t.Fatal(err)
		}
	}
	waitFor(t, 5*time.Second, "every delivery counted", func() bool { return srv.Hub.Metrics().Delivered >= want })
	after := heap()
	perStream := (int64(after) - int64(before)) / streams
	t.Logf("heap grew by %d B per idle stream after a burst of %d KiB each", perStream, events*len(data)/1024)
	if perStream > 4<<10 {
		t.Errorf("idle streams hold %d B each after a burst, want at most 4 KiB", perStream)
	}
}
