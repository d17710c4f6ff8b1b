package runtime

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// writeSizes records the size of every write of a stream's response.
type writeSizes struct {
	http.ResponseWriter
	mu    *sync.Mutex
	sizes *[]int
}

func (w writeSizes) Write(p []byte) (int, error) {
	w.mu.Lock()
	*w.sizes = append(*w.sizes, len(p))
	w.mu.Unlock()
	return w.ResponseWriter.Write(p)
}

func (w writeSizes) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// TestLongReplayIsWrittenInParts resumes a client far behind: its replay
// reaches it in writes of at most about maxBatch as it is framed, not in
// one write once the whole history is, so that the client gets its first
// events at once (while many resume together) and the buffer stays
// bounded. Every event still arrives once, in order.
func TestLongReplayIsWrittenInParts(t *testing.T) {
	srv := &Server{Hub: NewHub(HubConfig{}), Streams: testStreams}
	var mu sync.Mutex
	var sizes []int
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.ServeHTTP(writeSizes{w, &mu, &sizes}, r)
	}))
	e := &env{hub: srv.Hub, srv: srv, ts: ts}
	t.Cleanup(func() { srv.Shutdown(t.Context()); ts.Close(); srv.Hub.Close() })

	const events = 300
	data := strings.Repeat("x", 1000)
	var ids []string
	for i := range events {
		ids = append(ids, e.publish(t, "comment", "item:1", "CommentAdded", fmt.Sprintf("%d %s", i, data)))
	}
	c := e.open(t, "/sse/comment/item:1", "Last-Event-ID", ids[0])
	for i := 1; i < events; i++ {
		ev := c.next(t, 5*time.Second)
		if !strings.HasPrefix(ev.Data, fmt.Sprintf("%d ", i)) || ev.LastEventID != ids[i] {
			t.Fatalf("event %d: got %.10q (id %s), want id %s", i, ev.Data, ev.LastEventID, ids[i])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	total, largest := 0, 0
	for _, n := range sizes {
		total += n
		largest = max(largest, n)
	}
	if frame := 2 << 10; largest > maxBatch+frame {
		t.Errorf("a replay of %d bytes went out in %d writes, the largest %d bytes: want parts of about %d", total, len(sizes), largest, maxBatch)
	}
}
