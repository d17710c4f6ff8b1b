package runtime

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sse "github.com/tmaxmax/go-sse"
)

// churnClient reads path until it has want events, dropping the
// connection after a few events each time and coming back with the last
// id it saw, as a browser does. It returns the data of every event.
func churnClient(ctx context.Context, e *env, path string, want int, rng *rand.Rand) ([]string, error) {
	last := ""
	var got []string
	for len(got) < want {
		if err := ctx.Err(); err != nil {
			return got, fmt.Errorf("after %d of %d events: %w", len(got), want, err)
		}
		cctx, cancel := context.WithCancel(ctx)
		req, _ := http.NewRequestWithContext(cctx, http.MethodGet, e.ts.URL+path, nil)
		if last != "" {
			req.Header.Set("Last-Event-ID", last)
		}
		res, err := e.ts.Client().Do(req)
		if err != nil {
			cancel()
			return got, err
		}
		if res.StatusCode != http.StatusOK {
			cancel()
			res.Body.Close()
			return got, fmt.Errorf("status %d", res.StatusCode)
		}
		budget := rng.IntN(40)
		for ev, err := range sse.Read(res.Body, nil) {
			if err != nil {
				break
			}
			last = ev.LastEventID
			if ev.Type == "" && ev.Data == "" {
				if budget == 0 {
					break // drop even before the first event
				}
				continue
			}
			if ev.Type == "resync" {
				cancel()
				res.Body.Close()
				return got, fmt.Errorf("unexpected resync for %q", ev.Data)
			}
			got = append(got, ev.Data)
			budget--
			if budget <= 0 || len(got) == want {
				break
			}
		}
		cancel()
		res.Body.Close()
	}
	return got, nil
}

// runChurn runs clients against path while publish sends every event,
// and checks each client's events with check.
func runChurn(t *testing.T, e *env, path string, clients, events int, publish func(i int), check func(got []string) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	// Every client opens once before publishing starts, so it is owed
	// every event.
	var ready, done sync.WaitGroup
	errs := make(chan error, clients)
	for i := range clients {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 1))
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.ts.URL+path, nil)
			res, err := e.ts.Client().Do(req)
			if err != nil {
				ready.Done()
				errs <- err
				return
			}
			// The position block after retry gives the starting id.
			var last string
			for ev, err := range sse.Read(res.Body, nil) {
				if err == nil {
					last = ev.LastEventID
				}
				break
			}
			res.Body.Close()
			ready.Done()
			got, err := churnClientFrom(ctx, e, path, last, events, rng)
			if err == nil {
				err = check(got)
			}
			if err != nil {
				errs <- fmt.Errorf("client %d: %w", i, err)
			}
		}()
	}
	ready.Wait()
	for i := range events {
		publish(i)
		if i%8 == 0 {
			time.Sleep(200 * time.Microsecond)
		}
	}
	done.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// churnClientFrom is churnClient starting from a known position.
func churnClientFrom(ctx context.Context, e *env, path, last string, want int, rng *rand.Rand) ([]string, error) {
	if last == "" {
		return nil, fmt.Errorf("no starting position sent")
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	// The first connection names its starting point in the query, as a
	// new EventSource does; reconnects use Last-Event-ID.
	return churnClient(ctx, e, path+sep+"lastEventId="+urlQueryEscape(last), want, rng)
}

func urlQueryEscape(s string) string { return string(appendQueryEscape(nil, s)) }

// laggyHistory delays Since as a networked backplane would, so that live
// events keep arriving between subscribing and reading the history: the
// window where replay and live events overlap.
type laggyHistory struct{ *MemoryBackplane }

func (l laggyHistory) Since(ctx context.Context, topic, id string) ([]Event, bool, error) {
	time.Sleep(time.Millisecond)
	return l.MemoryBackplane.Since(ctx, topic, id)
}

// laggyAsync is laggyHistory delivering asynchronously too.
type laggyAsync struct{ asyncBackplane }

func (l laggyAsync) Since(ctx context.Context, topic, id string) ([]Event, bool, error) {
	time.Sleep(time.Millisecond)
	return l.MemoryBackplane.Since(ctx, topic, id)
}

func TestResumeOneChannel(t *testing.T) {
	t.Run("memory", func(t *testing.T) { testResumeOneChannel(t, laggyHistory{NewMemoryBackplane(MemoryConfig{})}) })
	t.Run("async", func(t *testing.T) {
		testResumeOneChannel(t, laggyAsync{asyncBackplane{NewMemoryBackplane(MemoryConfig{})}})
	})
}

func testResumeOneChannel(t *testing.T, bp Backplane) {
	e := newEnv(t, nil, HubConfig{Backplane: bp})
	const events = 300
	runChurn(t, e, "/sse/comment/item:1", 10, events,
		func(i int) { e.publish(t, "comment", "item:1", "CommentAdded", strconv.Itoa(i)) },
		func(got []string) error {
			for i, d := range got {
				if d != strconv.Itoa(i) {
					return fmt.Errorf("event %d is %q: lost, doubled or out of order (got %d events)", i, d, len(got))
				}
			}
			return nil
		})
}

func TestResumeMultiplexed(t *testing.T) {
	t.Run("memory", func(t *testing.T) { testResumeMultiplexed(t, laggyHistory{NewMemoryBackplane(MemoryConfig{})}) })
	t.Run("async", func(t *testing.T) {
		testResumeMultiplexed(t, laggyAsync{asyncBackplane{NewMemoryBackplane(MemoryConfig{})}})
	})
}

func testResumeMultiplexed(t *testing.T, bp Backplane) {
	e := newEnv(t, nil, HubConfig{Backplane: bp})
	topics := []string{"comment/item:1", "comment/item:2", "system/system"}
	const perTopic = 100
	runChurn(t, e, "/sse?c=comment/item:1&c=comment/item:2&c=system/system", 8, perTopic*len(topics),
		func(i int) {
			stream, channel, _ := strings.Cut(topics[i%len(topics)], "/")
			name := map[string]string{"comment": "CommentAdded", "system": "Notice"}[stream]
			e.publish(t, stream, channel, name, strconv.Itoa(i/len(topics)))
		},
		func(got []string) error {
			next := map[string]int{}
			for _, d := range got {
				topic, data, ok := strings.Cut(d, "\n")
				if !ok {
					return fmt.Errorf("event data %q has no topic line", d)
				}
				if data != strconv.Itoa(next[topic]) {
					return fmt.Errorf("topic %s: event %d is %q: lost, doubled or out of order", topic, next[topic], data)
				}
				next[topic]++
			}
			for _, topic := range topics {
				if next[topic] != perTopic {
					return fmt.Errorf("topic %s: %d events, want %d", topic, next[topic], perTopic)
				}
			}
			return nil
		})
}

func TestResyncWhenHistoryTooShortOrIDUnknown(t *testing.T) {
	bp := NewMemoryBackplane(MemoryConfig{HistorySize: 5})
	e := newEnv(t, nil, HubConfig{Backplane: bp})
	first := e.publish(t, "comment", "item:1", "CommentAdded", "0")
	for i := 1; i < 10; i++ {
		e.publish(t, "comment", "item:1", "CommentAdded", strconv.Itoa(i))
	}
	for _, id := range []string{first, "garbage", "99999999999999999999", "-1"} {
		c := e.open(t, "/sse/comment/item:1", "Last-Event-ID", id)
		if ev := c.next(t, 5*time.Second); ev.Type != "resync" || ev.Data != "comment/item:1" {
			t.Fatalf("Last-Event-ID %q: first event %+v, want resync with the topic", id, ev)
		}
		e.publish(t, "comment", "item:1", "CommentAdded", "live")
		if ev := c.next(t, 5*time.Second); ev.Data != "live" {
			t.Fatalf("after resync: %+v, want the live event", ev)
		}
		c.close()
	}

	// Within the history the missed events are replayed, then live ones.
	recent := e.publish(t, "comment", "item:1", "CommentAdded", "r0")
	e.publish(t, "comment", "item:1", "CommentAdded", "r1")
	e.publish(t, "comment", "item:1", "CommentAdded", "r2")
	c := e.open(t, "/sse/comment/item:1?lastEventId="+recent)
	for _, want := range []string{"r1", "r2"} {
		if ev := c.next(t, 5*time.Second); ev.Data != want {
			t.Fatalf("replay: %+v, want %s", ev, want)
		}
	}
	// The header wins over the query.
	c2 := e.open(t, "/sse/comment/item:1?lastEventId=garbage", "Last-Event-ID", recent)
	if ev := c2.next(t, 5*time.Second); ev.Data != "r1" {
		t.Fatalf("header and query: %+v, want replay of r1", ev)
	}
}

func TestResyncAfterRestart(t *testing.T) {
	old := NewMemoryBackplane(MemoryConfig{})
	ev, _ := old.Publish(t.Context(), "comment/item:1", "CommentAdded", []byte("{}"))
	old.Close()
	time.Sleep(2 * time.Microsecond)
	// A new process: its own numbering, above every id the old one gave.
	e := newEnv(t, nil, HubConfig{})
	for range 3 {
		e.publish(t, "comment", "item:1", "CommentAdded", "{}")
	}
	c := e.open(t, "/sse/comment/item:1", "Last-Event-ID", ev.ID)
	if got := c.next(t, 5*time.Second); got.Type != "resync" {
		t.Fatalf("id from an earlier process: %+v, want resync", got)
	}
}

func TestResyncMultiplexedPerTopic(t *testing.T) {
	bp := NewMemoryBackplane(MemoryConfig{HistorySize: 3})
	e := newEnv(t, nil, HubConfig{Backplane: bp})
	oldA := e.publish(t, "comment", "item:1", "CommentAdded", "a0")
	for i := 1; i < 6; i++ {
		e.publish(t, "comment", "item:1", "CommentAdded", fmt.Sprintf("a%d", i))
	}
	b0 := e.publish(t, "system", "system", "Notice", "b0")
	e.publish(t, "system", "system", "Notice", "b1")
	cursor := formatCursor(map[string]string{"comment/item:1": oldA, "system/system": b0})
	c := e.open(t, "/sse?c=system/system&c=comment/item:1", "Last-Event-ID", cursor)
	var got []string
	for range 2 {
		ev := c.next(t, 5*time.Second)
		got = append(got, ev.Type+":"+ev.Data)
	}
	want := []string{"resync:comment/item:1", "Notice:system/system\nb1"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
	pos, err := parseCursor(c.last)
	if err != nil || pos["system/system"] == "" {
		t.Fatalf("cursor %q: %v", c.last, err)
	}
	// A malformed cursor resyncs every topic.
	c2 := e.open(t, "/sse?c=system/system&c=comment/item:1", "Last-Event-ID", "%zz")
	for _, want := range []string{"comment/item:1", "system/system"} {
		if ev := c2.next(t, 5*time.Second); ev.Type != "resync" || ev.Data != want {
			t.Fatalf("malformed cursor: %+v, want resync of %s", ev, want)
		}
	}
}

// TestReplayBytes pins the exact bytes of a resumed stream: the retry
// field, the missed events, and no extra position block after them.
func TestReplayBytes(t *testing.T) {
	e := newEnv(t, nil, HubConfig{})
	from := e.publish(t, "comment", "item:1", "CommentAdded", "a")
	b := e.publish(t, "comment", "item:1", "CommentAdded", "b")
	res := e.get(t, "/sse/comment/item:1", "Last-Event-ID", from)
	defer res.Body.Close()
	c := e.publish(t, "comment", "item:1", "CommentAdded", "c")
	want := "retry: 3000\n\n" +
		"id: " + b + "\nevent: CommentAdded\ndata: b\n\n" +
		"id: " + c + "\nevent: CommentAdded\ndata: c\n\n"
	got := make([]byte, len(want))
	if _, err := io.ReadFull(res.Body, got); err != nil {
		t.Fatalf("read: %v (got %q)", err, got)
	}
	if string(got) != want {
		t.Fatalf("stream:\n%q\nwant\n%q", got, want)
	}
}
