package runtime

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sseclient "github.com/ssegen/ssegen/runtime/client"
)

// TestGoClientResumesAcrossLifetimeEnds runs the Go client against
// streams that the server ends every few tens of milliseconds (MaxLifetime):
// each reconnect resumes from Last-Event-ID, and every client still sees
// every event exactly once, in order, on both endpoints.
func TestGoClientResumesAcrossLifetimeEnds(t *testing.T) {
	e := newEnv(t, &Server{MaxLifetime: 60 * time.Millisecond, Retry: 5 * time.Millisecond}, HubConfig{})
	const events = 300
	paths := []string{"/sse/comment/item:1", "/sse?c=comment/item:1&c=system/system"}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()

	type result struct {
		path       string
		got        map[string][]string // topic -> data
		reconnects int
	}
	results := make(chan result, 2*len(paths))
	var connected, done sync.WaitGroup
	for i := range 2 * len(paths) {
		path := paths[i%len(paths)]
		connected.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			r := result{path: path, got: map[string][]string{}}
			var once sync.Once
			cctx, stop := context.WithCancel(ctx)
			defer stop()
			c := &sseclient.Client{
				HTTPClient: e.ts.Client(),
				MinBackoff: 5 * time.Millisecond,
				OnConnect: func(string) {
					r.reconnects++
					once.Do(connected.Done)
				},
			}
			err := c.Subscribe(cctx, e.ts.URL+path, func(ev sseclient.Event) {
				topic, data := "comment/item:1", string(ev.Data)
				if strings.HasPrefix(path, "/sse?") {
					topic, data, _ = strings.Cut(data, "\n")
				}
				r.got[topic] = append(r.got[topic], data)
				if len(r.got["comment/item:1"]) == events && (!strings.HasPrefix(path, "/sse?") || len(r.got["system/system"]) == events) {
					stop()
				}
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s: Subscribe: %v", path, err)
			}
			results <- r
		}()
	}
	connected.Wait()
	for i := range events {
		e.publish(t, "comment", "item:1", "CommentAdded", strconv.Itoa(i))
		e.publish(t, "system", "system", "Notice", strconv.Itoa(i))
		if i%3 == 2 {
			// Spread publishing over several lifetimes.
			time.Sleep(3 * time.Millisecond)
		}
	}
	done.Wait()
	close(results)
	for r := range results {
		if r.reconnects < 3 {
			t.Errorf("%s: %d connections; the lifetime should have forced several", r.path, r.reconnects)
		}
		for topic, got := range r.got {
			for i, d := range got {
				if d != strconv.Itoa(i) {
					t.Errorf("%s: %s: event %d is %q: lost, doubled or out of order", r.path, topic, i, d)
					break
				}
			}
			if len(got) != events {
				t.Errorf("%s: %s: %d events, want %d", r.path, topic, len(got), events)
			}
		}
	}
}
