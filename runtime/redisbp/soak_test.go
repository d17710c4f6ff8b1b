package redisbp

import (
	"context"
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/internal/soak"
)

var soakFor = flag.Duration("soak", 2*time.Second, "how long TestSoakAcrossNodes publishes")

var soakSeed = flag.Uint64("soakseed", 0, "seed of TestSoakAcrossNodes's random choices (0: from the clock)")

// TestSoakAcrossNodes runs clients on both endpoints of two server nodes
// sharing one real Redis: they join mid-stream, drop their connections at
// random and resume on either node, and every channel of every client
// must get every event exactly once, in order, or a resync. A short
// history (MaxLen) makes some resumes fall off its end.
func TestSoakAcrossNodes(t *testing.T) {
	for name, maxLen := range map[string]int64{"history": 1000, "short-history": 20} {
		t.Run(name, func(t *testing.T) {
			r := startRedis(t, false)
			var hubs []*runtime.Hub
			var nodes []string
			for range 2 {
				bp := newNode(t, r.URL(), Config{MaxLen: maxLen})
				hub := runtime.NewHub(runtime.HubConfig{Backplane: bp, QueueSize: 64})
				url, stop := serve(&runtime.Server{Hub: hub, Streams: testStreams, Retry: 10 * time.Millisecond})
				t.Cleanup(stop)
				hubs = append(hubs, hub)
				nodes = append(nodes, url)
			}
			soak.Run(t, soak.Config{
				Nodes:  nodes,
				Topics: []string{"comment/item:1", "comment/item:2", "comment/item:3", "comment/item:4", "system/system"},
				Publish: func(ctx context.Context, node int, topic string, data []byte) (string, error) {
					stream, channel, _ := strings.Cut(topic, "/")
					event := map[string]string{"comment": "CommentAdded", "system": "Notice"}[stream]
					return hubs[node].Publish(ctx, stream, channel, event, data)
				},
				Compare:  compareIDs,
				Duration: *soakFor,
				Clients:  24,
				Interval: time.Millisecond,
				Seed:     seed(*soakSeed),
			})
		})
	}
}

// seed returns s, or a seed from the clock when s is 0.
func seed(s uint64) uint64 {
	if s == 0 {
		return uint64(time.Now().UnixNano())
	}
	return s
}
