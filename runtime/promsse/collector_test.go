package promsse_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/promsse"
)

var streams = []runtime.Stream{
	{Name: "comment", ChannelPrefix: "item:", Events: []string{"CommentAdded"}},
	{Name: "system", Events: []string{"Notice"}},
}

// reader reads one stream's events as they arrive.
type reader struct {
	events chan string // data lines
}

func open(t *testing.T, url string) *reader {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		cancel()
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	r := &reader{events: make(chan string, 64)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				r.events <- d
			}
		}
	}()
	t.Cleanup(func() { cancel(); res.Body.Close(); <-done })
	return r
}

func (r *reader) next(t *testing.T) string {
	t.Helper()
	select {
	case d := <-r.events:
		return d
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
		return ""
	}
}

// families gathers reg into name -> family.
func families(t *testing.T, reg *prometheus.Registry) map[string]*dto.MetricFamily {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	out := map[string]*dto.MetricFamily{}
	for _, mf := range mfs {
		out[mf.GetName()] = mf
	}
	return out
}

// settled gathers reg until done accepts what it gathered, for up to 5s,
// and returns the last gathering either way.
func settled(t *testing.T, reg *prometheus.Registry, done func(map[string]*dto.MetricFamily) bool) map[string]*dto.MetricFamily {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f := families(t, reg)
		if done(f) || time.Now().After(deadline) {
			return f
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// value is the value of the family's metric with the given label pairs
// (name, value, ...), or -1 when it has none such.
func value(mf *dto.MetricFamily, labels ...string) float64 {
	if mf == nil {
		return -1
	}
metrics:
	for _, m := range mf.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue metrics
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

// TestCollectorInARegistry serves two streams with the collector in an
// application's registry, publishes, and reads back the counters, the
// per-stream subscriptions and one latency sample per delivery, in both
// ways the server writes (through the handler, and hijacked, where the
// publishing goroutine may write itself).
func TestCollectorInARegistry(t *testing.T) {
	for _, hijack := range []bool{false, true} {
		t.Run(fmt.Sprintf("hijack=%v", hijack), func(t *testing.T) {
			metrics := promsse.New(promsse.Options{ConstLabels: prometheus.Labels{"node": "a"}})
			hub := runtime.NewHub(runtime.HubConfig{OnDelivered: metrics.ObserveDelivery})
			metrics.Watch(hub)
			reg := prometheus.NewRegistry()
			reg.MustRegister(metrics)
			// The application's own metrics sit beside the hub's.
			own := prometheus.NewCounter(prometheus.CounterOpts{Name: "app_requests_total", Help: "Requests."})
			reg.MustRegister(own)
			own.Inc()

			srv := &runtime.Server{Hub: hub, Streams: streams, HeartbeatInterval: -1, Hijack: hijack}
			ts := httptest.NewServer(srv)
			t.Cleanup(func() { srv.Shutdown(context.Background()); ts.Close(); hub.Close() })

			a := open(t, ts.URL+"/sse/comment/item:1")
			b := open(t, ts.URL+"/sse/comment/item:2")
			c := open(t, ts.URL+"/sse/system/system")
			const comments, notices = 5, 3
			for i := range comments {
				if _, err := hub.Publish(context.Background(), "comment", "item:1", "CommentAdded", []byte(fmt.Sprint(i))); err != nil {
					t.Fatal(err)
				}
				if got := a.next(t); got != fmt.Sprint(i) {
					t.Fatalf("comment %d: got %q", i, got)
				}
				time.Sleep(6 * time.Millisecond) // far enough apart to be written directly when hijacked
			}
			for i := range notices {
				if _, err := hub.Publish(context.Background(), "system", "system", "Notice", []byte(fmt.Sprint(i))); err != nil {
					t.Fatal(err)
				}
				c.next(t)
			}
			_ = b

			// A delivery is counted when the write that carried it has
			// returned, which can be just after the client read it: wait
			// until the counts reach what was sent (an overcount still
			// fails below).
			f := settled(t, reg, func(f map[string]*dto.MetricFamily) bool {
				lat := f["ssegen_delivery_latency_seconds"]
				return value(f["ssegen_events_delivered_total"]) >= comments+notices &&
					value(lat, "stream", "comment") >= comments && value(lat, "stream", "system") >= notices
			})
			for name, want := range map[string]float64{
				"ssegen_connections_total":      3,
				"ssegen_connections_open":       3,
				"ssegen_events_published_total": comments + notices,
				"ssegen_events_delivered_total": comments + notices,
				"ssegen_events_dropped_total":   0,
				"ssegen_refused_total":          0,
				"app_requests_total":            1,
			} {
				if got := value(f[name]); got != want {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
			for stream, want := range map[string]float64{"comment": 2, "system": 1} {
				if got := value(f["ssegen_subscriptions"], "stream", stream); got != want {
					t.Errorf("ssegen_subscriptions{stream=%q} = %v, want %v", stream, got, want)
				}
			}
			if got := value(f["ssegen_disconnects_total"], "reason", "client"); got != 0 {
				t.Errorf("client disconnects %v, want 0", got)
			}
			lat := f["ssegen_delivery_latency_seconds"]
			for stream, want := range map[string]float64{"comment": comments, "system": notices} {
				if got := value(lat, "stream", stream); got != want {
					t.Errorf("latency samples of %s: %v, want one per delivery, %v", stream, got, want)
				}
			}
			for _, m := range lat.GetMetric() {
				h := m.GetHistogram()
				if s := h.GetSampleSum(); s <= 0 || s > 5*float64(h.GetSampleCount()) {
					t.Errorf("latency sum %v s over %d deliveries", s, h.GetSampleCount())
				}
			}
			// Bounded labels: streams, reasons and the constant node, never
			// a channel.
			for name, mf := range f {
				for _, m := range mf.GetMetric() {
					for _, l := range m.GetLabel() {
						if strings.Contains(l.GetValue(), ":") || strings.Contains(l.GetValue(), "/") {
							t.Errorf("%s has label %s=%q: a channel or topic", name, l.GetName(), l.GetValue())
						}
					}
					if name != "app_requests_total" && !hasLabel(m, "node", "a") {
						t.Errorf("%s lacks the constant label", name)
					}
				}
			}
		})
	}
}

func hasLabel(m *dto.Metric, name, value string) bool {
	for _, l := range m.GetLabel() {
		if l.GetName() == name && l.GetValue() == value {
			return true
		}
	}
	return false
}

// TestCollectorBeforeWatch reports the histograms alone until it has a
// hub.
func TestCollectorBeforeWatch(t *testing.T) {
	metrics := promsse.New(promsse.Options{Namespace: "events"})
	reg := prometheus.NewRegistry()
	reg.MustRegister(metrics)
	metrics.ObserveDelivery("comment", 3*time.Millisecond)
	f := families(t, reg)
	if len(f) != 1 || value(f["events_delivery_latency_seconds"], "stream", "comment") != 1 {
		t.Fatalf("families %v, want the latency histogram alone, with one sample", f)
	}
}
