package runtime_test

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/internal/soak"
)

var soakFor = flag.Duration("soak", 2*time.Second, "how long TestSoak publishes")

var soakSeed = flag.Uint64("soakseed", 0, "seed of TestSoak's random choices (0: from the clock)")

var soakStreams = []runtime.Stream{
	{Name: "comment", ChannelPrefix: "item:", Events: []string{"CommentAdded"}},
	{Name: "system", Events: []string{"Notice"}},
}

// TestSoak runs clients on both endpoints of two servers that share one
// memory backplane, as two nodes share Redis: they join mid-stream, drop
// their connections at random and resume on either server, and every
// channel of every client must get every event exactly once, in order,
// or a resync. A small history makes some resumes fall off its end.
func TestSoak(t *testing.T) {
	type soakCase struct {
		history int
		// direct: the first node hijacks its streams and writes every
		// event it can directly from the publisher (direct.go).
		direct bool
		// latestOnly hides the backplane's SubscribeAt, so that new
		// clients are positioned through Latest instead, as with a
		// backplane that cannot tell where its subscriptions start.
		latestOnly bool
	}
	for name, tc := range map[string]soakCase{
		"history":       {history: 1000},
		"short-history": {history: 20},
		"hijack-direct": {history: 1000, direct: true},
		"latest-only":   {history: 20, latestOnly: true},
	} {
		t.Run(name, func(t *testing.T) {
			mem := runtime.NewMemoryBackplane(runtime.MemoryConfig{HistorySize: tc.history})
			var bp runtime.Backplane = mem
			if tc.latestOnly {
				bp = latestOnly{mem}
			}
			defer bp.Close()
			var hubs []*runtime.Hub
			var nodes []string
			for i := range 2 {
				hub := runtime.NewHub(runtime.HubConfig{Backplane: bp, QueueSize: 64})
				srv := &runtime.Server{Hub: hub, Streams: soakStreams, Retry: 10 * time.Millisecond}
				if tc.direct && i == 0 {
					srv.Hijack = true
					runtime.AlwaysWriteDirectly(hub)
				}
				mux := http.NewServeMux()
				mux.Handle("/sse", srv)
				mux.Handle("/sse/", srv)
				ts := httptest.NewServer(mux)
				t.Cleanup(func() {
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					defer cancel()
					srv.Shutdown(ctx)
					ts.Close()
				})
				hubs = append(hubs, hub)
				nodes = append(nodes, ts.URL)
			}
			soak.Run(t, soak.Config{
				Nodes:  nodes,
				Topics: []string{"comment/item:1", "comment/item:2", "comment/item:3", "comment/item:4", "system/system"},
				Publish: func(ctx context.Context, node int, topic string, data []byte) (string, error) {
					stream, channel, _ := strings.Cut(topic, "/")
					event := map[string]string{"comment": "CommentAdded", "system": "Notice"}[stream]
					return hubs[node].Publish(ctx, stream, channel, event, data)
				},
				Compare:  bp.Compare,
				Duration: *soakFor,
				Clients:  24,
				Interval: 500 * time.Microsecond,
				Seed:     seed(*soakSeed),
			})
		})
	}
}

// latestOnly is the memory backplane without SubscribeAt.
type latestOnly struct{ mem *runtime.MemoryBackplane }

func (l latestOnly) Publish(ctx context.Context, topic, name string, data []byte) (runtime.Event, error) {
	return l.mem.Publish(ctx, topic, name, data)
}

func (l latestOnly) Subscribe(topic string, deliver func(runtime.Event)) (func(), error) {
	return l.mem.Subscribe(topic, deliver)
}

func (l latestOnly) Since(ctx context.Context, topic, id string) ([]runtime.Event, bool, error) {
	return l.mem.Since(ctx, topic, id)
}

func (l latestOnly) Latest(ctx context.Context, topic string) (string, error) {
	return l.mem.Latest(ctx, topic)
}

func (l latestOnly) Compare(a, b string) int { return l.mem.Compare(a, b) }
func (l latestOnly) Close() error            { return l.mem.Close() }

// seed returns s, or a seed from the clock when s is 0.
func seed(s uint64) uint64 {
	if s == 0 {
		return uint64(time.Now().UnixNano())
	}
	return s
}
