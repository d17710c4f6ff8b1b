package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/ssegen/ssegen/runtime"
)

// These tests run the client against the real runtime: Hub and Server over
// loopback HTTP, with connections cut while events flow.

// liveServer serves a comment stream (item:{ItemID}) and the global system
// stream, and is torn down completely at cleanup.
type liveServer struct {
	hub *runtime.Hub
	srv *runtime.Server
	ts  *httptest.Server

	// streams are the connections the runtime took over from net/http
	// (HTTP/1.1 streams are hijacked), which httptest no longer tracks.
	mu      sync.Mutex
	streams []net.Conn
}

// cut closes every client connection, streams included.
func (l *liveServer) cut() {
	l.mu.Lock()
	streams := l.streams
	l.streams = nil
	l.mu.Unlock()
	for _, c := range streams {
		c.Close()
	}
	l.ts.CloseClientConnections()
}

func newLiveServer(t *testing.T, configure func(*runtime.Server)) *liveServer {
	t.Helper()
	hub := runtime.NewHub(runtime.HubConfig{})
	srv := &runtime.Server{
		Hub: hub,
		Streams: []runtime.Stream{
			{Name: "comment", ChannelPrefix: "item:", Events: []string{"CommentAdded"}},
			{Name: "system", Events: []string{"Notice"}},
		},
		Retry:             5 * time.Millisecond,
		HeartbeatInterval: -1,
	}
	if configure != nil {
		configure(srv)
	}
	mux := http.NewServeMux()
	mux.Handle("/sse", srv)
	mux.Handle("/sse/", srv)
	l := &liveServer{hub: hub, srv: srv}
	ts := httptest.NewUnstartedServer(mux)
	ts.Config.ConnState = func(c net.Conn, st http.ConnState) {
		if st == http.StateHijacked {
			l.mu.Lock()
			l.streams = append(l.streams, c)
			l.mu.Unlock()
		}
	}
	ts.Start()
	l.ts = ts
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		ts.Close()
		hub.Close()
	})
	return l
}

// numbered is the data of the test events.
type numbered struct {
	N int `json:"n"`
}

func (l *liveServer) publish(t *testing.T, stream, channel string, n int) {
	data, _ := json.Marshal(numbered{n})
	if _, err := l.hub.Publish(context.Background(), stream, channel, "CommentAdded", data); err != nil {
		t.Errorf("publish %s/%s %d: %v", stream, channel, n, err)
	}
}

// sequence checks that each topic's numbers arrive as 0, 1, 2, ... with
// nothing lost or doubled, and says when every topic has reached want.
type sequence struct {
	mu      sync.Mutex
	next    map[string]int
	want    int
	topics  int
	done    chan struct{}
	errs    []string
	resyncs int
}

func newSequence(topics, want int) *sequence {
	return &sequence{next: map[string]int{}, want: want, topics: topics, done: make(chan struct{})}
}

func (s *sequence) see(topic string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var v numbered
	if err := json.Unmarshal(data, &v); err != nil {
		s.errs = append(s.errs, fmt.Sprintf("%s: bad data %q", topic, data))
		return
	}
	if v.N != s.next[topic] {
		s.errs = append(s.errs, fmt.Sprintf("%s: got %d, want %d", topic, v.N, s.next[topic]))
	}
	s.next[topic] = v.N + 1
	complete := 0
	for _, n := range s.next {
		if n >= s.want {
			complete++
		}
	}
	if complete == s.topics {
		select {
		case <-s.done:
		default:
			close(s.done)
		}
	}
}

func (s *sequence) check(t *testing.T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.errs[:min(len(s.errs), 10)] {
		t.Error(e)
	}
	if s.resyncs > 0 {
		t.Errorf("%d resync events, want none: the history covers every gap", s.resyncs)
	}
}

// runCut subscribes with subscribe, publishes n events per topic with
// publish, cuts every connection every few events, and waits until the
// sequence is complete.
func runCut(t *testing.T, l *liveServer, seq *sequence, n int, publish func(i int), subscribe func(ctx context.Context, c *Client) error) int {
	c := testClient(t)
	c.MinBackoff, c.MaxBackoff = time.Millisecond, 5*time.Millisecond
	connected := make(chan struct{}, 100)
	var mu sync.Mutex
	connects := 0
	c.OnConnect = func(string) {
		mu.Lock()
		connects++
		mu.Unlock()
		select {
		case connected <- struct{}{}:
		default:
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- subscribe(ctx, c) }()
	defer func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Subscribe returned %v, want context.Canceled", err)
		}
	}()

	// The first connection starts "from now": publish once it is there.
	select {
	case <-connected:
	case <-time.After(5 * time.Second):
		t.Fatal("no connection")
	}
	for i := range n {
		publish(i)
		if i%25 == 24 {
			l.cut()
		}
		if i%10 == 0 {
			time.Sleep(time.Millisecond) // let some events out before the cut
		}
	}
	select {
	case <-seq.done:
	case <-time.After(10 * time.Second):
		seq.check(t)
		t.Fatalf("not every event arrived: next per topic %v", seq.next)
	}
	seq.check(t)
	mu.Lock()
	defer mu.Unlock()
	return connects
}

func TestRuntimeOneChannelResume(t *testing.T) {
	l := newLiveServer(t, nil)
	const n = 200
	seq := newSequence(1, n)
	connects := runCut(t, l, seq, n,
		func(i int) { l.publish(t, "comment", "item:7", i) },
		func(ctx context.Context, c *Client) error {
			return c.Subscribe(ctx, l.ts.URL+"/sse/comment/item:7", func(e Event) {
				if e.Name != "CommentAdded" {
					seq.mu.Lock()
					seq.resyncs++
					seq.mu.Unlock()
					return
				}
				seq.see("comment/item:7", e.Data)
			})
		})
	if connects < 2 {
		t.Errorf("%d connections: the cuts did not force a resume", connects)
	}
}

func TestRuntimeMuxResume(t *testing.T) {
	l := newLiveServer(t, func(s *runtime.Server) { s.MaxLifetime = 40 * time.Millisecond })
	topics := []string{"comment/item:1", "comment/item:2", "system/system"}
	const n = 150
	seq := newSequence(len(topics), n)
	var cursorErrs []string
	connects := runCut(t, l, seq, n,
		func(i int) {
			l.publish(t, "comment", "item:1", i)
			l.publish(t, "system", "system", i)
			l.publish(t, "comment", "item:2", i)
		},
		func(ctx context.Context, c *Client) error {
			url := l.ts.URL + "/sse?c=comment/item:1&c=comment/item:2&c=system/system"
			return c.Subscribe(ctx, url, func(e Event) {
				topic, payload, err := SplitMux(e.Data)
				if err != nil || e.Name != "CommentAdded" {
					seq.mu.Lock()
					seq.resyncs++
					seq.mu.Unlock()
					return
				}
				// The id is a cursor naming this topic, in the encoding
				// Cursor writes.
				cur, err := ParseCursor(e.ID)
				if err != nil || cur[topic] == "" || cur.String() != e.ID {
					cursorErrs = append(cursorErrs, fmt.Sprintf("id %q: %v %v", e.ID, cur, err))
				}
				seq.see(topic, payload)
			})
		})
	for _, e := range cursorErrs[:min(len(cursorErrs), 5)] {
		t.Error(e)
	}
	if connects < 2 {
		t.Errorf("%d connections: the cuts did not force a resume", connects)
	}
}

// A position the history cannot serve gives a resync naming the topic, then
// live events.
func TestRuntimeResync(t *testing.T) {
	l := newLiveServer(t, nil)
	c := testClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []Event
	c.OnConnect = func(string) { l.publish(t, "comment", "item:3", 0) }
	err := c.SubscribeFrom(ctx, l.ts.URL+"/sse/comment/item:3", "not-an-id", func(e Event) {
		got = append(got, e)
		if len(got) == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Subscribe returned %v", err)
	}
	if got[0].Name != EventResync || string(got[0].Data) != "comment/item:3" {
		t.Errorf("first event %q %q, want resync with the topic", got[0].Name, got[0].Data)
	}
	if got[1].Name != "CommentAdded" || string(got[1].Data) != `{"n":0}` {
		t.Errorf("second event %q %q, want the live event", got[1].Name, got[1].Data)
	}
}

// The client stops where the runtime says stop: a closed channel (after its
// final event) and an unknown stream; and it waits out a full server.
func TestRuntimeStatuses(t *testing.T) {
	l := newLiveServer(t, func(s *runtime.Server) {
		s.MaxSubscribers = 1
		s.RetryAfter = time.Second
	})
	c := testClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	var se *StatusError
	if err := c.Subscribe(ctx, l.ts.URL+"/sse/nosuch/x", func(Event) {}); !errors.As(err, &se) || se.StatusCode != 404 {
		t.Errorf("unknown stream: %v, want 404", err)
	}

	// The first subscriber takes the only place.
	firstIn := make(chan struct{}, 1)
	c.OnConnect = func(string) { firstIn <- struct{}{} }
	first := make(chan error, 1)
	var final []Event
	go func() {
		first <- c.Subscribe(ctx, l.ts.URL+"/sse/comment/item:9", func(e Event) { final = append(final, e) })
	}()
	<-firstIn

	// A second is refused with 503 and waits at least the Retry-After.
	second := testClient(t)
	refused := make(chan time.Duration, 10)
	second.OnRetry = func(_ int, d time.Duration, err error) {
		if errors.As(err, new(*StatusError)) {
			refused <- d
		}
	}
	secondIn := make(chan time.Time, 1)
	second.OnConnect = func(string) { secondIn <- time.Now() }
	sctx, scancel := context.WithCancel(ctx)
	secondDone := make(chan error, 1)
	go func() { secondDone <- second.Subscribe(sctx, l.ts.URL+"/sse/system/system", func(Event) {}) }()
	var wait time.Duration
	select {
	case wait = <-refused:
	case <-time.After(5 * time.Second):
		t.Fatal("second subscriber not refused over the limit")
	}
	refusedAt := time.Now()

	// Closing the channel sends its final event and ends the first
	// subscriber for good with 204; that frees the place.
	if err := l.hub.CloseChannel(ctx, "comment", "item:9", "Closed", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	err := <-first
	if !errors.As(err, &se) || se.StatusCode != 204 {
		t.Fatalf("closed channel: %v, want 204", err)
	}
	if len(final) != 1 || final[0].Name != "Closed" {
		t.Errorf("events before the close: %+v, want the final Closed event", final)
	}

	select {
	case at := <-secondIn:
		if wait < time.Second || at.Sub(refusedAt) < 900*time.Millisecond {
			t.Errorf("second subscriber waited %v (planned %v) after a 503 with Retry-After: 1", at.Sub(refusedAt), wait)
		}
	case <-time.After(5 * time.Second):
		t.Error("second subscriber never got in")
	}
	scancel()
	if err := <-secondDone; !errors.Is(err, context.Canceled) {
		t.Errorf("second Subscribe returned %v", err)
	}
}
