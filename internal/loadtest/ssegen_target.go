package loadtest

import (
	"context"
	"net/http"

	"github.com/ssegen/ssegen/internal/loadtest/models/sse"
	"github.com/ssegen/ssegen/runtime"
)

// ssegenTarget serves the tick stream with the runtime and publishes
// through the generated publisher, as an application would.
type ssegenTarget struct {
	hub *runtime.Hub
	srv *runtime.Server
	pub sse.TickPublisher
}

// newSsegenTarget serves streams through the handler, or takes them over
// from net/http when hijack (ssegen-hijack: Server.Hijack).
func newSsegenTarget(queue int, hijack bool) (*ssegenTarget, error) {
	hub := runtime.NewHub(runtime.HubConfig{QueueSize: queue})
	srv := &runtime.Server{Hub: hub, Hijack: hijack}
	mux := http.NewServeMux()
	if err := sse.Mount(mux, srv); err != nil {
		return nil, err
	}
	return &ssegenTarget{hub: hub, srv: srv, pub: sse.NewTickPublisher(hub)}, nil
}

func (s *ssegenTarget) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.srv.ServeHTTP(w, r) }

func (s *ssegenTarget) Subscribers() int {
	return s.hub.Presence(runtime.Topic("tick", sse.TickChannel()))
}

func (s *ssegenTarget) Dropped() uint64 { return s.hub.Metrics().Dropped }

func (s *ssegenTarget) Cut() uint64 { return s.hub.Metrics().Disconnects["slow"] }

func (s *ssegenTarget) Publish(ctx context.Context, t Tick) error {
	_, err := s.pub.Publish(ctx, sse.Tick{Seq: t.Seq, Sent: t.Sent, Pad: t.Pad})
	return err
}

func (s *ssegenTarget) metrics() http.Handler { return s.hub.MetricsHandler() }
