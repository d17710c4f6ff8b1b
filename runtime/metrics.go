package runtime

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
)

// Reasons a connection ends, as counted in Metrics.Disconnects.
const (
	reasonClient   = "client"   // the client went away
	reasonSlow     = "slow"     // its queue overflowed
	reasonWrite    = "write"    // a write failed or missed its deadline
	reasonLifetime = "lifetime" // MaxLifetime passed
	reasonClosed   = "closed"   // CloseChannel ended its channels
	reasonShutdown = "shutdown" // Server.Shutdown
)

// reasons lists every reason, in the order metrics are written.
var reasons = [...]string{reasonClient, reasonSlow, reasonWrite, reasonLifetime, reasonClosed, reasonShutdown}

// counters are the hub's live counters.
type counters struct {
	connections   atomic.Uint64
	open          atomic.Int64
	subscriptions atomic.Int64
	refused       atomic.Uint64
	published     atomic.Uint64
	delivered     atomic.Uint64
	dropped       atomic.Uint64
	disconnects   [len(reasons)]atomic.Uint64
	// direct counts the deliveries of delivered that a publishing
	// goroutine wrote itself (direct.go).
	direct atomic.Uint64
}

func (c *counters) disconnect(reason string) {
	for i, r := range reasons {
		if r == reason {
			c.disconnects[i].Add(1)
			return
		}
	}
}

// Metrics is a snapshot of a hub's counters.
type Metrics struct {
	// Connections counts streams opened since the hub started.
	Connections uint64
	// Open is the number of streams open now.
	Open int64
	// Subscriptions is the number of (connection, topic) pairs now.
	Subscriptions int64
	// Refused counts requests answered 503 over a limit or at shutdown.
	Refused uint64
	// Published counts events handed to the backplane by this process.
	Published uint64
	// Delivered counts events written to clients (replays included).
	Delivered uint64
	// Dropped counts events not queued because their subscriber was
	// too slow and got disconnected.
	Dropped uint64
	// Disconnects counts ended streams by reason: client, slow, write,
	// lifetime, closed, shutdown.
	Disconnects map[string]uint64
}

// Metrics returns a snapshot of the hub's counters.
func (h *Hub) Metrics() Metrics {
	m := Metrics{
		Connections:   h.m.connections.Load(),
		Open:          h.m.open.Load(),
		Subscriptions: h.m.subscriptions.Load(),
		Refused:       h.m.refused.Load(),
		Published:     h.m.published.Load(),
		Delivered:     h.m.delivered.Load(),
		Dropped:       h.m.dropped.Load(),
		Disconnects:   make(map[string]uint64, len(reasons)),
	}
	for i, r := range reasons {
		m.Disconnects[r] = h.m.disconnects[i].Load()
	}
	return m
}

// MetricsHandler serves the hub's counters in the Prometheus text
// exposition format, so that a scraper can read them without the
// application importing a Prometheus client. It stays as that
// zero-dependency option; runtime/promsse puts the same counters in the
// application's own registry, with latency histograms by stream.
func (h *Hub) MetricsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		m := h.Metrics()
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		metric := func(name, kind, help string, v any) {
			fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %v\n", name, help, name, kind, name, v)
		}
		metric("ssegen_connections_total", "counter", "Event streams opened.", m.Connections)
		metric("ssegen_connections_open", "gauge", "Event streams open now.", m.Open)
		metric("ssegen_subscriptions", "gauge", "Channel subscriptions of open streams.", m.Subscriptions)
		metric("ssegen_refused_total", "counter", "Requests refused with 503.", m.Refused)
		metric("ssegen_events_published_total", "counter", "Events published by this process.", m.Published)
		metric("ssegen_events_delivered_total", "counter", "Events written to clients.", m.Delivered)
		metric("ssegen_events_dropped_total", "counter", "Events dropped because their subscriber was too slow.", m.Dropped)
		fmt.Fprintf(w, "# HELP ssegen_disconnects_total Event streams ended, by reason.\n# TYPE ssegen_disconnects_total counter\n")
		for _, r := range reasons {
			fmt.Fprintf(w, "ssegen_disconnects_total{reason=%q} %d\n", r, m.Disconnects[r])
		}
	})
}

// SubscriptionsByStream returns the number of (connection, topic) pairs of
// each stream now, as Metrics.Subscriptions counts them all: a label per
// stream, never per channel, keeps a metric's series bounded. It takes a
// pass over the hub's topics, so call it per scrape, not per event.
func (h *Hub) SubscriptionsByStream() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]int{}
	for name, t := range h.topics {
		stream, _, _ := strings.Cut(name, "/")
		if n := t.count(); n > 0 {
			out[stream] += n
		}
	}
	return out
}
