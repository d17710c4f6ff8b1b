// Package promsse exposes an ssegen hub to Prometheus: its counters and
// the latency of each delivery, by stream, as a prometheus.Collector for
// the application's own registry (github.com/prometheus/client_golang).
//
// Wire it before the hub serves:
//
//	metrics := promsse.New(promsse.Options{})
//	hub := runtime.NewHub(runtime.HubConfig{OnDelivered: metrics.ObserveDelivery})
//	metrics.Watch(hub)
//	prometheus.MustRegister(metrics)
//
// Labels name streams, never channels, so that the number of series stays
// bounded by the schema however many channels there are. Each delivery
// costs one histogram observation, about 50 ns on the 2-core machine this
// is developed on (BenchmarkObserveDelivery), against some 10 µs of server
// CPU per delivery below saturation (docs/performance.md). Hub's
// MetricsHandler serves the same counters without this package's
// dependency, but cannot join a registry and has no histograms.
package promsse

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ssegen/ssegen/runtime"
)

// Options configures a Collector. The zero value is ready to use.
type Options struct {
	// Namespace prefixes every metric name (default "ssegen").
	Namespace string
	// Buckets are the latency histogram's upper bounds in seconds
	// (default 100 µs to about 2.4 s, each 2.5 times the one before:
	// deliveries take well under a millisecond when idle and grow to
	// seconds only when something is wrong).
	Buckets []float64
	// ConstLabels are added to every metric (for example the node).
	ConstLabels prometheus.Labels
}

// DefaultBuckets are the latency buckets used when Options.Buckets is
// empty.
var DefaultBuckets = prometheus.ExponentialBuckets(0.0001, 2.5, 12)

// Collector is a prometheus.Collector of one hub's counters and delivery
// latencies.
type Collector struct {
	latency *prometheus.HistogramVec

	connections, open, subscriptions                    *prometheus.Desc
	refused, published, delivered, dropped, disconnects *prometheus.Desc

	mu  sync.Mutex
	hub *runtime.Hub
	// observers caches each stream's histogram: ObserveDelivery runs per
	// event, and a label lookup per event would cost more than the
	// observation.
	observers sync.Map // stream -> prometheus.Observer
}

// New returns a collector whose histograms are ready for ObserveDelivery;
// Watch gives it the hub whose counters it reports.
func New(o Options) *Collector {
	ns := o.Namespace
	if ns == "" {
		ns = "ssegen"
	}
	buckets := o.Buckets
	if len(buckets) == 0 {
		buckets = DefaultBuckets
	}
	desc := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(ns, "", name), help, labels, o.ConstLabels)
	}
	return &Collector{
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace:   ns,
			Name:        "delivery_latency_seconds",
			Help:        "Time from the hub fanning an event out (in one process: Publish) to the write that carried it to a client returning, by stream.",
			Buckets:     buckets,
			ConstLabels: o.ConstLabels,
		}, []string{"stream"}),
		connections:   desc("connections_total", "Event streams opened."),
		open:          desc("connections_open", "Event streams open now."),
		subscriptions: desc("subscriptions", "Channel subscriptions of open streams, by stream.", "stream"),
		refused:       desc("refused_total", "Requests refused with 503."),
		published:     desc("events_published_total", "Events published by this process."),
		delivered:     desc("events_delivered_total", "Events written to clients, replays included."),
		dropped:       desc("events_dropped_total", "Events dropped because their subscriber was too slow."),
		disconnects:   desc("disconnects_total", "Event streams ended, by reason.", "reason"),
	}
}

// Watch makes the collector report hub's counters. Call it once, before
// the collector is registered.
func (c *Collector) Watch(hub *runtime.Hub) {
	c.mu.Lock()
	c.hub = hub
	c.mu.Unlock()
}

// ObserveDelivery records one delivery's latency; it is what
// runtime.HubConfig.OnDelivered takes.
func (c *Collector) ObserveDelivery(stream string, latency time.Duration) {
	o, ok := c.observers.Load(stream)
	if !ok {
		o, _ = c.observers.LoadOrStore(stream, c.latency.WithLabelValues(stream))
	}
	o.(prometheus.Observer).Observe(latency.Seconds())
}

// Describe sends the descriptions of every metric.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.connections, c.open, c.subscriptions, c.refused, c.published, c.delivered, c.dropped, c.disconnects} {
		ch <- d
	}
	c.latency.Describe(ch)
}

// Collect sends the hub's counters as they are now, and the histograms.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	c.latency.Collect(ch)
	c.mu.Lock()
	hub := c.hub
	c.mu.Unlock()
	if hub == nil {
		return
	}
	m := hub.Metrics()
	counter := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter(c.connections, m.Connections)
	gauge(c.open, float64(m.Open))
	for stream, n := range hub.SubscriptionsByStream() {
		gauge(c.subscriptions, float64(n), stream)
	}
	counter(c.refused, m.Refused)
	counter(c.published, m.Published)
	counter(c.delivered, m.Delivered)
	counter(c.dropped, m.Dropped)
	for reason, n := range m.Disconnects {
		counter(c.disconnects, n, reason)
	}
}

var _ prometheus.Collector = (*Collector)(nil)
