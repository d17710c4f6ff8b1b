package redisbp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// startNodes starts n node processes on one Redis.
func startNodes(t *testing.T, r *redisServer, n int, nodeTTL time.Duration) []*nodeProcess {
	t.Helper()
	nodes := make([]*nodeProcess, n)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() { nodes[i] = startNodeProcess(t, r.URL(), nodeTTL) })
	}
	wg.Wait()
	for _, nd := range nodes {
		if nd == nil {
			t.FailNow()
		}
	}
	return nodes
}

// Subscribers on three nodes are counted once each on every node, by
// Presence and by OnPresence, and a disconnect anywhere shows everywhere.
func TestPresenceCountsEveryNode(t *testing.T) {
	r := startRedis(t, false)
	nodes := startNodes(t, r, 3, time.Second)
	var onB []*sseStream
	for i, n := range []int{2, 3, 1} {
		for range n {
			s := openURL(t, nodes[i].url+"/sse/comment/item:1", "")
			if i == 1 {
				onB = append(onB, s)
			}
		}
	}
	openURL(t, nodes[0].url+"/sse/system/system", "")
	waitPresence(t, nodes, "comment/item:1", 6)
	waitPresence(t, nodes, "system/system", 1)

	onB[0].body.Close()
	onB[1].body.Close()
	waitPresence(t, nodes, "comment/item:1", 4)
	if c, _ := nodes[2].presence(t, "comment/item:2"); c != 0 {
		t.Errorf("Presence of a topic nobody follows = %d", c)
	}
}

// A thousand connects and disconnects, at random over three nodes and
// five topics and many at once, leave every count exact on every node,
// and cost far fewer announcements than changes.
func TestPresenceExactAfterChurn(t *testing.T) {
	r := startRedis(t, false)
	nodes := startNodes(t, r, 3, time.Second)
	const ops, topics, workers = 1000, 5, 16
	tr := &http.Transport{MaxIdleConnsPerHost: 0, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	cl := &http.Client{Transport: tr}

	type conn struct {
		topic int
		body  io.Closer
	}
	var mu sync.Mutex
	var open []conn
	work := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		rng := rand.New(rand.NewPCG(uint64(w), 7))
		wg.Go(func() {
			for range work {
				mu.Lock()
				closing := len(open) > 0 && rng.IntN(5) < 2
				var c conn
				if closing {
					i := rng.IntN(len(open))
					c = open[i]
					open[i] = open[len(open)-1]
					open = open[:len(open)-1]
				}
				mu.Unlock()
				if closing {
					c.body.Close()
					continue
				}
				topic := rng.IntN(topics)
				n := nodes[rng.IntN(len(nodes))]
				resp, err := cl.Get(fmt.Sprintf("%s/sse/comment/item:%d", n.url, topic))
				if err == nil && resp.StatusCode != http.StatusOK {
					resp.Body.Close()
					err = errors.New(resp.Status)
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				open = append(open, conn{topic, resp.Body})
				mu.Unlock()
			}
		})
	}
	for i := range ops {
		select {
		case work <- i:
		case err := <-errs:
			t.Fatalf("connect: %v", err)
		}
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatalf("connect: %v", err)
	default:
	}
	t.Cleanup(func() {
		for _, c := range open {
			c.body.Close()
		}
	})

	want := make([]int, topics)
	for _, c := range open {
		want[c.topic]++
	}
	for topic, n := range want {
		waitPresence(t, nodes, fmt.Sprintf("comment/item:%d", topic), n)
	}
	// Once settled, the counts stay put: nothing late undoes them.
	time.Sleep(200 * time.Millisecond)
	for topic, n := range want {
		waitPresence(t, nodes, fmt.Sprintf("comment/item:%d", topic), n)
	}
	raw := redis.NewClient(&redis.Options{Addr: r.Addr()})
	defer raw.Close()
	publishes := commandCalls(t, raw, "publish")
	if publishes >= ops/2 {
		t.Errorf("%d presence announcements for %d changes; want them coalesced", publishes, ops)
	}
	t.Logf("%d connections left open of %d operations; per topic %v; %d announcements", len(open), ops, want, publishes)
}

// A node killed without a goodbye stops counting within NodeTTL and the
// heartbeat period after it.
func TestKilledNodeStopsCounting(t *testing.T) {
	const nodeTTL = time.Second
	r := startRedis(t, false)
	nodes := startNodes(t, r, 3, nodeTTL)
	openURL(t, nodes[0].url+"/sse/comment/item:1", "")
	for range 3 {
		openURL(t, nodes[2].url+"/sse/comment/item:1", "")
	}
	openURL(t, nodes[2].url+"/sse/comment/item:2", "")
	waitPresence(t, nodes, "comment/item:1", 4)
	waitPresence(t, nodes, "comment/item:2", 1)

	nodes[2].kill()
	killed := time.Now()
	live := nodes[:2]
	waitPresence(t, live, "comment/item:1", 1)
	waitPresence(t, live, "comment/item:2", 0)
	took := time.Since(killed)
	// NodeTTL, plus the heartbeat period in which a live node looks,
	// plus scheduling on a busy machine.
	if bound := nodeTTL + nodeTTL/3 + time.Second; took > bound {
		t.Errorf("the killed node's subscribers counted for %v; want at most %v", took, bound)
	}
	t.Logf("the killed node stopped counting after %v (NodeTTL %v)", took, nodeTTL)
}

// CloseChannel on one node ends the channel's connections on every node
// after the final event, and every node, one started later too, answers
// 204 to new subscribers.
func TestCloseReachesEveryNode(t *testing.T) {
	r := startRedis(t, false)
	nodes := startNodes(t, r, 3, time.Second)
	streams := make([]*sseStream, len(nodes))
	for i, n := range nodes {
		streams[i] = openURL(t, n.url+"/sse/comment/item:7", "")
	}
	other := openURL(t, nodes[0].url+"/sse/comment/item:8", "")
	waitPresence(t, nodes, "comment/item:7", 3)

	nodes[1].closeChannel(t, "comment", "item:7")
	for i, s := range streams {
		s.expect(t, "Closed", "bye", "")
		select {
		case e, ok := <-s.events:
			if ok {
				t.Errorf("node %d: event %+v after the final one", i, e)
			}
		case <-time.After(waitFor):
			t.Errorf("node %d: the stream did not end after the final event", i)
		}
	}
	late := startNodeProcess(t, r.URL(), time.Second)
	for i, n := range append(nodes, late) {
		if code := status(t, n.url+"/sse/comment/item:7"); code != http.StatusNoContent {
			t.Errorf("node %d: a new subscriber got %d; want 204", i, code)
		}
		if code := status(t, n.url+"/sse/comment/item:8"); code != http.StatusOK {
			t.Errorf("node %d: a subscriber of another channel got %d; want 200", i, code)
		}
	}
	other.none(t, 50*time.Millisecond)
}

// status is the status code of a GET of url; the body is not read.
func status(t *testing.T, url string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// commandCalls is how many times Redis ran a command (INFO commandstats).
func commandCalls(t *testing.T, raw *redis.Client, cmd string) int {
	t.Helper()
	info, err := raw.Info(context.Background(), "commandstats").Result()
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(info) {
		if rest, ok := strings.CutPrefix(line, "cmdstat_"+cmd+":calls="); ok {
			n, _ := strconv.Atoi(rest[:strings.IndexByte(rest, ',')])
			return n
		}
	}
	return 0
}

// With PresenceStreams, only the listed streams are counted across nodes;
// the others count on their own node, and Redis holds nothing for them.
func TestPresenceStreamsLimitsWhatIsShared(t *testing.T) {
	r := startRedis(t, false)
	cfg := Config{PresenceStreams: []string{"system"}, PresenceInterval: 10 * time.Millisecond}
	a := startServerNodeWith(t, r.URL(), cfg, 0)
	b := startServerNodeWith(t, r.URL(), cfg, 0)
	open(t, a, "/sse/system/system", "")
	open(t, a, "/sse/comment/item:3", "")
	eventually(t, func() error {
		if n := b.hub.Presence("system/system"); n != 1 {
			return fmt.Errorf("node B: Presence(system/system) = %d; want 1, counted across nodes", n)
		}
		return nil
	})
	if n := a.hub.Presence("comment/item:3"); n != 1 {
		t.Errorf("node A: Presence(comment/item:3) = %d; want its own 1", n)
	}
	if n := b.hub.Presence("comment/item:3"); n != 0 {
		t.Errorf("node B: Presence(comment/item:3) = %d; want 0, not shared", n)
	}
	raw := redis.NewClient(&redis.Options{Addr: r.Addr()})
	defer raw.Close()
	if n, err := raw.Exists(context.Background(), a.bp.presenceKey("comment/item:3")).Result(); err != nil || n != 0 {
		t.Errorf("Redis holds presence of an unshared stream: %d %v", n, err)
	}
}

// ReopenChannel on one node reopens the channel on every node, and a close
// ends by itself after CloseTTL.
func TestCloseReopensAndExpiresOnEveryNode(t *testing.T) {
	r := startRedis(t, false)
	const ttl = time.Second
	a := startServerNodeWith(t, r.URL(), Config{CloseTTL: ttl}, 0)
	b := startServerNodeWith(t, r.URL(), Config{CloseTTL: ttl}, 0)
	const path = "/sse/comment/item:5"
	both := func(want int) error {
		for i, n := range []*serverNode{a, b} {
			if code := status(t, n.url+path); code != want {
				return fmt.Errorf("node %d answers %d; want %d", i, code, want)
			}
		}
		return nil
	}
	if err := a.hub.CloseChannel(context.Background(), "comment", "item:5", "Closed", []byte("bye")); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error { return both(http.StatusNoContent) })
	b.hub.ReopenChannel("comment", "item:5")
	eventually(t, func() error { return both(http.StatusOK) })

	if err := b.hub.CloseChannel(context.Background(), "comment", "item:5", "Closed", []byte("bye")); err != nil {
		t.Fatal(err)
	}
	closed := time.Now()
	eventually(t, func() error { return both(http.StatusNoContent) })
	eventually(t, func() error { return both(http.StatusOK) })
	if took := time.Since(closed); took < ttl {
		t.Errorf("the close ended after %v; want CloseTTL %v", took, ttl)
	}
}
