package runtime

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// liveHeap returns the live heap after a full collection.
func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// fakeClock is a clock tests move by hand; the backplane's expiry timers
// still run on real time and read it.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// hubTopics is how many topics the hub holds state for.
func (h *Hub) topicCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.topics)
}

// channelMemory is one run of the per-user shape: n connections, each
// subscribed to its own channel, one event published to each, then every
// connection leaves and the history expires.
type channelMemory struct {
	n int
	// base is the heap before anything; conns with the connections'
	// own state (subscriber and connection topic) made but not joined;
	// held with every channel joined and holding one event; left after
	// they all left and the history expired, connections still there;
	// after with the connections gone too.
	base, conns, held, left, after uint64
}

// perChannel is the heap each joined channel with one event costs beyond
// its connection.
func (m channelMemory) perChannel() float64 {
	return (float64(m.held) - float64(m.conns)) / float64(m.n)
}

// retained is how far the heap after everyone left is above the base,
// as a fraction of the base.
func (m channelMemory) retained() float64 {
	return (float64(m.after) - float64(m.base)) / float64(m.base)
}

// measureChannels runs the per-user shape with n channels; publish says
// whether one event goes to each.
func measureChannels(t testing.TB, n int, publish bool) channelMemory {
	t.Helper()
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	bp := NewMemoryBackplane(MemoryConfig{HistoryAge: 200 * time.Millisecond, now: clock.Now})
	hub := NewHub(HubConfig{Backplane: bp})
	defer hub.Close()
	data := []byte(`{"kind":"mention","from":"someone","text":"a short notification"}`)
	m := channelMemory{n: n, base: liveHeap()}

	type userConn struct {
		sub   *subscriber
		c     *conn
		names []string
	}
	conns := make([]userConn, n)
	for i := range conns {
		name := "user/user:" + strconv.Itoa(i)
		sub := newSubscriber(hub.queue, true)
		conns[i] = userConn{sub: sub, names: []string{name},
			c: &conn{hub: hub, sub: sub, mux: false, topics: []*connTopic{{name: name, stream: "user", channel: name[5:]}}}}
	}
	m.conns = liveHeap()

	ctx := context.Background()
	for i := range conns {
		uc := &conns[i]
		if err := hub.join(uc.sub, uc.names, limits{}); err != nil {
			t.Fatal(err)
		}
		uc.c.topics[0].last = uc.sub.joinedAt[0]
		if publish {
			if _, err := hub.Publish(ctx, "user", uc.c.topics[0].channel, "Notified", data); err != nil {
				t.Fatal(err)
			}
			// Written out, as the connection's loop would; the queue
			// keeps its array.
			q := uc.sub.take(nil)
			for _, f := range q {
				uc.c.topics[0].last = f.id
			}
			clear(q)
			uc.sub.queue = q[:0]
		}
	}
	m.held = liveHeap()

	for i := range conns {
		hub.leave(conns[i].sub, conns[i].names)
	}
	// The history expires on the backplane's own timers.
	clock.advance(time.Hour)
	deadline := time.Now().Add(30 * time.Second)
	for bp.topicCount() != 0 || hub.topicCount() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d backplane and %d hub topics left after every channel was left and its history expired", bp.topicCount(), hub.topicCount())
		}
		time.Sleep(10 * time.Millisecond)
	}
	m.left = liveHeap()
	runtime.KeepAlive(conns)
	conns = nil
	m.after = liveHeap()
	return m
}

// TestTouchedAndLeftChannelsCostNothing: channels that were subscribed
// (over HTTP on both endpoints and on the hub directly), published to or
// only asked about, and then left, keep no state in the hub or the
// backplane once their history expired, and the heap returns to where it
// was (within a margin far below what one channel's old history ring
// cost: 96 KB).
func TestTouchedAndLeftChannelsCostNothing(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	bp := NewMemoryBackplane(MemoryConfig{HistoryAge: 100 * time.Millisecond, now: clock.Now})
	e := newEnv(t, nil, HubConfig{Backplane: bp})
	ctx := context.Background()
	before := liveHeap()

	// Over HTTP: one-channel streams, multiplexed ones of 64 channels
	// (some with a cursor), and a refused stream of an auth channel. The
	// streams are read raw: the test client's buffers would count.
	for i := range 100 {
		res := e.get(t, fmt.Sprintf("/sse/comment/item:d%d", i))
		readUntil(t, res.Body, "id: ")
		if i%10 == 0 {
			e.publish(t, "comment", fmt.Sprintf("item:d%d", i), "CommentAdded", "x")
			readUntil(t, res.Body, "data: x\n")
		}
		res.Body.Close()
	}
	for i := range 4 {
		q := ""
		for j := range 64 {
			q += fmt.Sprintf("&c=comment/item:m%d-%d", i, j)
		}
		res := e.get(t, "/sse?"+q[1:], "Last-Event-ID", "comment%2Fitem%3Am0-0=123&comment%2Fitem%3Anever=5")
		readUntil(t, res.Body, "id: ")
		res.Body.Close()
	}
	res := e.get(t, "/sse/user/user:1")
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("auth channel without an authorizer: %d", res.StatusCode)
	}

	// On the hub: 5,000 channels joined, published to and left, and
	// 5,000 only asked about.
	for i := range 5000 {
		sub := newSubscriber(e.hub.queue, true)
		names := []string{"user/user:" + strconv.Itoa(i)}
		if err := e.hub.join(sub, names, limits{}); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := e.hub.Publish(ctx, "user", "user:"+strconv.Itoa(i), "Notified", []byte("{}")); err != nil {
				t.Fatal(err)
			}
		}
		e.hub.leave(sub, names)
		topic := "user/user:untouched" + strconv.Itoa(i)
		id, _ := bp.Latest(ctx, topic)
		if _, ok, _ := bp.Since(ctx, topic, id); !ok {
			t.Fatalf("Since(Latest) of an untouched topic resyncs")
		}
	}

	clock.advance(time.Hour)
	waitFor(t, 10*time.Second, "every stream to end and every topic to be freed", func() bool {
		return e.hub.Metrics().Open == 0 && e.hub.topicCount() == 0 && bp.topicCount() == 0
	})
	e.ts.Client().CloseIdleConnections()
	after := liveHeap()
	const margin = 2 << 20
	if after > before+margin {
		t.Errorf("heap %d bytes after the channels were left, %d before: %d more, want at most %d", after, before, after-before, margin)
	}
	t.Logf("heap before %d, after %d bytes", before, after)
}

// readUntil reads r until what it read contains s.
func readUntil(t *testing.T, r io.Reader, s string) {
	t.Helper()
	var got []byte
	buf := make([]byte, 4096)
	for !strings.Contains(string(got), s) {
		n, err := r.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			t.Fatalf("stream ended before %q: %q (%v)", s, got, err)
		}
	}
}

// TestChannelMemoryPerUser is the per-user shape at a size fit for every
// test run; BenchmarkChannelMemory runs it at 100,000 and 1,000,000.
func TestChannelMemoryPerUser(t *testing.T) {
	m := measureChannels(t, 20_000, true)
	t.Logf("%.0f bytes a channel; heap after everyone left %+.2f%% of before", m.perChannel(), 100*m.retained())
	if m.perChannel() > 2048 {
		t.Errorf("%.0f heap bytes per channel holding one event, want at most 2048", m.perChannel())
	}
	if m.retained() > 0.05 {
		t.Errorf("heap after everyone left is %.1f%% above the baseline, want at most 5%%", 100*m.retained())
	}
}

// BenchmarkChannelMemory measures the per-user shape: n connections each
// on its own channel, one event published to each, then all leave.
// Reported per run: bytes a channel costs beyond its connection while
// held, and the heap after everyone left as a change from before, in
// percent. Run with -benchtime=1x: each run is the whole scenario.
//
//	go test ./runtime -run '^$' -bench ChannelMemory -benchtime=1x
func BenchmarkChannelMemory(b *testing.B) {
	for _, tc := range []struct {
		name    string
		n       int
		publish bool
	}{
		{"100k-one-event-each", 100_000, true},
		{"1M-touched", 1_000_000, false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var m channelMemory
			for range b.N {
				m = measureChannels(b, tc.n, tc.publish)
			}
			b.ReportMetric(m.perChannel(), "B/channel")
			b.ReportMetric(100*m.retained(), "%retained")
			b.ReportMetric(float64(m.after)-float64(m.base), "B-retained")
			b.ReportMetric(float64(m.base), "B-base")
			b.ReportMetric(float64(m.conns-m.base)/float64(m.n), "B/conn-state")
		})
	}
}
