package runtime

import (
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestMetrics(t *testing.T) {
	e := newEnv(t, nil, HubConfig{})
	a := e.open(t, "/sse/comment/item:1")
	b := e.open(t, "/sse?c=comment/item:1&c=system/system")
	e.publish(t, "comment", "item:1", "CommentAdded", "1")
	e.publish(t, "system", "system", "Notice", "2")
	a.next(t, 5*time.Second)
	b.next(t, 5*time.Second)
	b.next(t, 5*time.Second)
	// A write is counted once it returned, maybe after the client read it.
	waitFor(t, 2*time.Second, "3 deliveries", func() bool { return e.hub.Metrics().Delivered == 3 })
	m := e.hub.Metrics()
	if m.Connections != 2 || m.Open != 2 || m.Subscriptions != 3 || m.Published != 2 || m.Delivered != 3 {
		t.Fatalf("metrics %+v, want 2 connections, 2 open, 3 subscriptions, 2 published, 3 delivered", m)
	}
	a.close()
	waitFor(t, 2*time.Second, "the client disconnect to be counted", func() bool { return e.hub.Metrics().Disconnects[reasonClient] == 1 })

	rec := httptest.NewRecorder()
	e.hub.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	body, _ := io.ReadAll(rec.Body)
	sample := regexp.MustCompile(`^([a-z_]+)(\{reason="[a-z]+"\})? [0-9]+$`)
	typed := map[string]bool{}
	values := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(body), "\n"), "\n") {
		if f := strings.Fields(line); len(f) >= 4 && f[0] == "#" && f[1] == "TYPE" {
			typed[f[2]] = true
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		s := sample.FindStringSubmatch(line)
		if s == nil {
			t.Fatalf("not a sample line of the text format: %q", line)
		}
		if !typed[s[1]] {
			t.Fatalf("sample before its TYPE line: %q", line)
		}
		values[s[1]+s[2]] = line[strings.LastIndexByte(line, ' ')+1:]
	}
	for name, want := range map[string]string{
		"ssegen_connections_total":                    "2",
		"ssegen_connections_open":                     "1",
		"ssegen_subscriptions":                        "2",
		"ssegen_events_published_total":               "2",
		"ssegen_events_delivered_total":               "3",
		"ssegen_events_dropped_total":                 "0",
		`ssegen_disconnects_total{reason="client"}`:   "1",
		`ssegen_disconnects_total{reason="slow"}`:     "0",
		`ssegen_disconnects_total{reason="shutdown"}`: "0",
	} {
		if values[name] != want {
			t.Errorf("%s = %q, want %s", name, values[name], want)
		}
	}
}
