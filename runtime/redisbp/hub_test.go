package redisbp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/client"
)

// serverNode is one server process of a deployment: a hub on the shared
// Redis, served over real HTTP on loopback.
type serverNode struct {
	hub  *runtime.Hub
	bp   *Backplane
	url  string // base URL, without /sse
	stop func() // shuts the node down; later calls do nothing
}

// testStreams are the streams the nodes serve.
var testStreams = []runtime.Stream{
	{Name: "comment", ChannelPrefix: "item:", Events: []string{"CommentAdded"}},
	{Name: "system", Events: []string{"Notice"}},
}

// startServerNode starts a node on the Redis at redisURL and stops it at
// cleanup.
func startServerNode(t *testing.T, redisURL string, heartbeat time.Duration) *serverNode {
	t.Helper()
	return startServerNodeWith(t, redisURL, Config{}, heartbeat)
}

// startServerNodeWith starts a node whose backplane has cfg.
func startServerNodeWith(t *testing.T, redisURL string, cfg Config, heartbeat time.Duration) *serverNode {
	t.Helper()
	bp := newNode(t, redisURL, cfg)
	hub := runtime.NewHub(runtime.HubConfig{Backplane: bp})
	url, stopServing := serve(&runtime.Server{Hub: hub, Streams: testStreams, HeartbeatInterval: heartbeat, Retry: 100 * time.Millisecond})
	var once sync.Once
	stop := func() {
		once.Do(func() {
			stopServing()
			hub.Close()
		})
	}
	t.Cleanup(stop)
	return &serverNode{hub: hub, bp: bp, url: url, stop: stop}
}

// serve serves srv over loopback HTTP. stop shuts it down, giving its
// streams up to waitFor to end.
func serve(srv *runtime.Server) (url string, stop func()) {
	mux := http.NewServeMux()
	mux.Handle("/sse", srv)
	mux.Handle("/sse/", srv)
	ts := httptest.NewServer(mux)
	return ts.URL, func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		srv.Shutdown(ctx)
		ts.Close()
	}
}

// sseStream is one open event stream, read in the background.
type sseStream struct {
	events chan client.Event
	bytes  atomic.Int64 // bytes received, heartbeats included
	body   io.ReadCloser
	reader *client.Reader
}

// open opens path on node with the given Last-Event-ID ("" sends none),
// and closes it at cleanup.
func open(t *testing.T, n *serverNode, path, lastEventID string) *sseStream {
	t.Helper()
	return openURL(t, n.url+path, lastEventID)
}

// openURL opens an event stream at target, as open does.
func openURL(t *testing.T, target, lastEventID string) *sseStream {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lastEventID != "" {
		req.Header.Set("Last-Event-ID", lastEventID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.Fatalf("GET %s: %s", target, resp.Status)
	}
	s := &sseStream{events: make(chan client.Event, 1024), body: resp.Body}
	s.reader = client.NewReader(countingReader{r: resp.Body, n: &s.bytes})
	go func() {
		defer close(s.events)
		for {
			e, err := s.reader.Next()
			if err != nil {
				return
			}
			s.events <- e
		}
	}()
	t.Cleanup(func() { resp.Body.Close() })
	return s
}

// next returns the next event, failing the test after waitFor.
func (s *sseStream) next(t *testing.T) client.Event {
	t.Helper()
	select {
	case e, ok := <-s.events:
		if !ok {
			t.Fatal("stream ended")
		}
		return e
	case <-time.After(waitFor):
		t.Fatalf("no event within %v", waitFor)
	}
	return client.Event{}
}

// none checks that no event arrives within d.
func (s *sseStream) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case e, ok := <-s.events:
		if ok {
			t.Errorf("unexpected event %+v", e)
		}
	case <-time.After(d):
	}
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// hubPublish publishes through a node's hub or fails the test.
func hubPublish(t *testing.T, n *serverNode, stream, channel, event, data string) string {
	t.Helper()
	id, err := n.hub.Publish(context.Background(), stream, channel, event, []byte(data))
	if err != nil {
		t.Fatalf("Publish on %s: %v", n.url, err)
	}
	return id
}

// expect checks the next event's name, data and id.
func (s *sseStream) expect(t *testing.T, name, data, id string) {
	t.Helper()
	e := s.next(t)
	if e.Name != name || string(e.Data) != data || (id != "" && e.ID != id) {
		t.Fatalf("got event %s %q id %s, want %s %q id %s", e.Name, e.Data, e.ID, name, data, id)
	}
}

// A browser on node B gets what node A publishes, and resumes on node B
// with the Last-Event-ID it got from node A.
func TestHubsShareChannelsAndResumeAcrossNodes(t *testing.T) {
	r := startRedis(t, false)
	a := startServerNode(t, r.URL(), 0)
	b := startServerNode(t, r.URL(), 0)
	const path = "/sse/comment/item:42"

	onB := open(t, b, path, "")
	onA := open(t, a, path, "")
	id1 := hubPublish(t, a, "comment", "item:42", "CommentAdded", `{"text":"from A"}`)
	id2 := hubPublish(t, b, "comment", "item:42", "CommentAdded", "two\nlines")
	for _, s := range []*sseStream{onA, onB} {
		s.expect(t, "CommentAdded", `{"text":"from A"}`, id1)
		s.expect(t, "CommentAdded", "two\nlines", id2)
	}

	// The client on A goes away after id2; meanwhile both nodes publish,
	// then node A shuts down.
	onA.body.Close()
	id3 := hubPublish(t, a, "comment", "item:42", "CommentAdded", "three")
	id4 := hubPublish(t, b, "comment", "item:42", "CommentAdded", "four")
	a.stop()

	resumed := open(t, b, path, id2)
	resumed.expect(t, "CommentAdded", "three", id3)
	resumed.expect(t, "CommentAdded", "four", id4)
	c := startServerNode(t, r.URL(), 0) // A's replacement
	id5 := hubPublish(t, c, "comment", "item:42", "CommentAdded", "five, live")
	resumed.expect(t, "CommentAdded", "five, live", id5)
	resumed.none(t, 150*time.Millisecond)

	// An id from history that is gone asks for a resync, on any node.
	stale := open(t, c, path, "1-0")
	stale.expect(t, "resync", "comment/item:42", "")
}

// The multiplexed endpoint's cursor, made on node A, resumes every topic
// on node B.
func TestMuxCursorResumesOnAnotherNode(t *testing.T) {
	r := startRedis(t, false)
	a := startServerNode(t, r.URL(), 0)
	b := startServerNode(t, r.URL(), 0)
	q := url.Values{"c": {"comment/item:1", "system/system"}}
	path := "/sse?" + q.Encode()

	onA := open(t, a, path, "")
	hubPublish(t, b, "comment", "item:1", "CommentAdded", "c1")
	hubPublish(t, b, "system", "system", "Notice", "s1")
	// Topics are delivered independently, so either may come first; the
	// cursor of the second covers both.
	first, second := onA.next(t), onA.next(t)
	if got := string(first.Data) + "|" + string(second.Data); got != "comment/item:1\nc1|system/system\ns1" &&
		got != "system/system\ns1|comment/item:1\nc1" {
		t.Fatalf("on A: got %q, want both events", got)
	}
	cursor := second.ID
	onA.body.Close()

	hubPublish(t, a, "system", "system", "Notice", "s2")
	hubPublish(t, a, "comment", "item:1", "CommentAdded", "c2")
	onB := open(t, b, path, cursor)
	// Order holds within a topic; across topics the replay goes topic by
	// topic.
	got := map[string]bool{}
	for range 2 {
		e := onB.next(t)
		got[e.Name+" "+string(e.Data)] = true
	}
	for _, want := range []string{"Notice system/system\ns2", "CommentAdded comment/item:1\nc2"} {
		if !got[want] {
			t.Errorf("resumed on B: got %v, want %q among them", got, want)
		}
	}
	onB.none(t, 150*time.Millisecond)
}

// While Redis is down, open streams stay up with heartbeats; when it is
// back, a client on node B gets what node A publishes, without a
// reconnect.
func TestHubsRideOutARedisRestart(t *testing.T) {
	r := startRedis(t, false)
	const heartbeat = 50 * time.Millisecond
	a := startServerNode(t, r.URL(), heartbeat)
	b := startServerNode(t, r.URL(), heartbeat)
	const path = "/sse/comment/item:5"
	onB := open(t, b, path, "")
	id1 := hubPublish(t, a, "comment", "item:5", "CommentAdded", "before")
	onB.expect(t, "CommentAdded", "before", id1)

	r.Stop()
	if _, err := a.hub.Publish(context.Background(), "comment", "item:5", "CommentAdded", []byte("lost")); err == nil {
		t.Fatal("Publish with Redis down: no error")
	}
	// A channel node B does not follow yet cannot be subscribed: 503, so
	// the client retries, and at once once B knows Redis is down.
	eventually(t, func() error {
		if !b.bp.down.Load() {
			return errors.New("node B has not noticed that Redis is down")
		}
		return nil
	})
	resp, err := http.Get(b.url + "/sse/comment/item:6")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("new channel with Redis down: %s, Retry-After %q; want 503 with Retry-After", resp.Status, resp.Header.Get("Retry-After"))
	}
	// Several heartbeats must reach the client while Redis stays down.
	got := onB.bytes.Load()
	deadline := time.Now().Add(waitFor)
	for onB.bytes.Load() < got+3*int64(len(": ping\n")) {
		if time.Now().After(deadline) {
			t.Fatalf("no heartbeats reached the client within %v while Redis was down", waitFor)
		}
		time.Sleep(heartbeat)
	}
	r.Restart()

	var id2 string
	eventually(t, func() error {
		var err error
		id2, err = a.hub.Publish(context.Background(), "comment", "item:5", "CommentAdded", []byte("after"))
		return err
	})
	onB.expect(t, "CommentAdded", "after", id2)
	onB.none(t, 150*time.Millisecond)
}

// Publishers on both nodes at once: the clients of both nodes see one and
// the same sequence, with increasing ids and nothing doubled.
func TestHubsAgreeOnOrderUnderConcurrentPublishers(t *testing.T) {
	r := startRedis(t, false)
	nodes := []*serverNode{startServerNode(t, r.URL(), 0), startServerNode(t, r.URL(), 0)}
	const path = "/sse/comment/item:77"
	streams := []*sseStream{open(t, nodes[0], path, ""), open(t, nodes[1], path, "")}
	const publishers, each = 4, 50
	var wg sync.WaitGroup
	for p := range publishers {
		wg.Go(func() {
			for i := range each {
				data := fmt.Appendf(nil, `{"p":%d,"i":%d}`, p, i)
				if _, err := nodes[p%2].hub.Publish(context.Background(), "comment", "item:77", "CommentAdded", data); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	var seqs [2][]string
	for n, s := range streams {
		for range publishers * each {
			e := s.next(t)
			seqs[n] = append(seqs[n], e.ID+" "+string(e.Data))
		}
		s.none(t, 100*time.Millisecond)
	}
	if diff := cmp.Diff(seqs[0], seqs[1]); diff != "" {
		t.Errorf("clients of node 0 and node 1 disagree (-0 +1):\n%s", diff)
	}
	for i := 1; i < len(seqs[0]); i++ {
		prev, _, _ := strings.Cut(seqs[0][i-1], " ")
		cur, _, _ := strings.Cut(seqs[0][i], " ")
		if compareIDs(prev, cur) >= 0 {
			t.Fatalf("ids not increasing: %s then %s", prev, cur)
		}
	}
}
