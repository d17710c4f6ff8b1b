package loadtest

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Baseline is the straightforward SSE server the runtime is measured
// against: a mutex-guarded map of subscribers, a buffered channel per
// subscriber, each frame formatted once per publish, then written and
// flushed per event by the subscriber's handler. A subscriber whose buffer
// is full misses the event, as such servers commonly do.
type Baseline struct {
	// Buffer is how many events each subscriber's channel holds (64 from
	// NewBaseline); set it before serving.
	Buffer int

	mu   sync.Mutex
	subs map[chan []byte]struct{}
	seq  uint64
	// missed counts events a full buffer made a subscriber miss: loss the
	// client is never told of.
	missed atomic.Uint64
}

// NewBaseline returns an empty baseline server.
func NewBaseline() *Baseline {
	return &Baseline{Buffer: 64, subs: make(map[chan []byte]struct{})}
}

// Subscribers reports how many clients are connected.
func (b *Baseline) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Missed reports how many deliveries were skipped because a subscriber's
// buffer was full.
func (b *Baseline) Missed() uint64 { return b.missed.Load() }

// Publish formats one frame and offers it to every subscriber.
func (b *Baseline) Publish(event string, data []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq++
	frame := make([]byte, 0, len(data)+len(event)+32)
	frame = append(frame, "id: "...)
	frame = strconv.AppendUint(frame, b.seq, 10)
	frame = append(frame, "\nevent: "...)
	frame = append(frame, event...)
	frame = append(frame, "\ndata: "...)
	frame = append(frame, data...)
	frame = append(frame, "\n\n"...)
	for ch := range b.subs {
		select {
		case ch <- frame:
		default:
			b.missed.Add(1)
		}
	}
}

// ServeHTTP streams every published event to the client until it leaves.
func (b *Baseline) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	if err := rc.Flush(); err != nil {
		return
	}
	ch := make(chan []byte, max(b.Buffer, 1))
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}()
	for {
		select {
		case <-r.Context().Done():
			return
		case frame := <-ch:
			_ = rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if _, err := w.Write(frame); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
	}
}
