package peers

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/centrifugal/centrifuge"

	"github.com/ssegen/ssegen/internal/loadtest"
)

// centrifugePeer serves the stream with centrifugal/centrifuge (the
// library behind Centrifugo) through a unidirectional SSE transport: a
// plain EventSource client connects with a GET, the server subscribes it
// to the channel, and every push reaches it as one "data:" line of
// Centrifuge's JSON protocol ({"channel":"tick","pub":{"data":{...}}}).
// The tick's JSON is the same as the other servers'; it arrives wrapped.
//
// Centrifuge queues per client (up to 1 MiB by default, then it
// disconnects the client as slow) and a writer goroutine per client
// drains the queue in frames of up to 16 messages. Centrifuge leaves
// unidirectional transports to the application; this one writes each
// frame with one write and one flush, from the client's writer
// goroutine, under a write deadline as Centrifuge's own streaming
// handlers do.
//
// A plain EventSource cannot send Centrifuge's recovery offsets, so a
// client that reconnects misses what was published meanwhile.
type centrifugePeer struct {
	node *centrifuge.Node
	slow atomic.Uint64
}

const centrifugeChannel = "tick"

func newCentrifuge(int) (loadtest.Target, error) {
	node, err := centrifuge.New(centrifuge.Config{LogLevel: centrifuge.LogLevelNone})
	if err != nil {
		return nil, err
	}
	p := &centrifugePeer{node: node}
	node.OnConnecting(func(context.Context, centrifuge.ConnectEvent) (centrifuge.ConnectReply, error) {
		return centrifuge.ConnectReply{
			Credentials:   &centrifuge.Credentials{}, // anonymous
			Subscriptions: map[string]centrifuge.SubscribeOptions{centrifugeChannel: {}},
		}, nil
	})
	node.OnConnect(func(c *centrifuge.Client) {
		c.OnDisconnect(func(e centrifuge.DisconnectEvent) {
			if e.Code == centrifuge.DisconnectSlow.Code {
				p.slow.Add(1)
			}
		})
	})
	if err := node.Run(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *centrifugePeer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	t := &uniSSE{w: w, rc: http.NewResponseController(w), closed: make(chan struct{})}
	c, closeFn, err := centrifuge.NewClient(r.Context(), p.node, t)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer func() { _ = closeFn() }()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if err := t.rc.Flush(); err != nil {
		return
	}
	c.Connect(centrifuge.ConnectRequest{})
	select {
	case <-r.Context().Done():
	case <-t.closed:
	}
	// No write may reach w once the handler returns.
	t.mu.Lock()
	t.done = true
	t.mu.Unlock()
}

func (p *centrifugePeer) Subscribers() int { return p.node.Hub().NumSubscribers(centrifugeChannel) }

func (p *centrifugePeer) Publish(_ context.Context, t loadtest.Tick) error {
	_, err := p.node.Publish(centrifugeChannel, t.JSON())
	return err
}

func (p *centrifugePeer) Dropped() uint64 { return 0 }
func (p *centrifugePeer) Cut() uint64     { return p.slow.Load() }

// uniSSE is a unidirectional SSE transport: Centrifuge's writer hands it
// encoded pushes, which it writes as SSE events to the response.
type uniSSE struct {
	w  http.ResponseWriter
	rc *http.ResponseController

	mu     sync.Mutex
	buf    []byte
	done   bool          // the handler returned: w is gone
	closed chan struct{} // closed by Close: the handler returns
	once   sync.Once
}

// uniWriteTimeout bounds each frame's write, as Centrifuge's streaming
// handlers bound theirs.
const uniWriteTimeout = time.Second

func (t *uniSSE) Name() string                                { return "uni_sse" }
func (t *uniSSE) AcceptProtocol() string                      { return "h1" }
func (t *uniSSE) Protocol() centrifuge.ProtocolType           { return centrifuge.ProtocolTypeJSON }
func (t *uniSSE) ProtocolVersion() centrifuge.ProtocolVersion { return centrifuge.ProtocolVersion2 }
func (t *uniSSE) Unidirectional() bool                        { return true }
func (t *uniSSE) Emulation() bool                             { return false }
func (t *uniSSE) DisabledPushFlags() uint64                   { return 0 }

func (t *uniSSE) PingPongConfig() centrifuge.PingPongConfig {
	return centrifuge.PingPongConfig{PingInterval: 25 * time.Second}
}

func (t *uniSSE) Write(msg []byte) error { return t.WriteMany(msg) }

// WriteMany writes msgs as SSE events with one write and one flush.
func (t *uniSSE) WriteMany(msgs ...[]byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return nil
	}
	t.buf = t.buf[:0]
	for _, m := range msgs {
		t.buf = append(t.buf, "data: "...)
		t.buf = append(t.buf, m...)
		t.buf = append(t.buf, "\n\n"...)
	}
	_ = t.rc.SetWriteDeadline(time.Now().Add(uniWriteTimeout))
	if _, err := t.w.Write(t.buf); err != nil {
		return err
	}
	return t.rc.Flush()
}

func (t *uniSSE) Close(centrifuge.Disconnect) error {
	t.once.Do(func() { close(t.closed) })
	return nil
}
