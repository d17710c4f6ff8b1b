// Package soak drives a served event stream deployment with clients that
// join mid-stream, drop their connections at random and resume on any
// node, and checks the protocol's promise for every channel of every
// client: exactly once, in order, or an explicit resync.
package soak

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Config describes a deployment and the load to put on it.
type Config struct {
	// Nodes are the base URLs of the servers (without /sse); every
	// connection goes to one picked at random.
	Nodes []string
	// Topics are the channels published to, as "stream/channel".
	Topics []string
	// Publish publishes data to topic through node and returns its id.
	Publish func(ctx context.Context, node int, topic string, data []byte) (string, error)
	// Compare orders two ids of one topic, as the backplane does.
	Compare func(a, b string) int
	// Duration is how long events are published.
	Duration time.Duration
	// Clients is how many clients join, at random times while publishing.
	Clients int
	// Interval is the pause between two events of one topic.
	Interval time.Duration
	// Seed makes the run's random choices repeatable.
	Seed uint64
}

// observation is one thing a client saw about a topic.
type observation struct {
	kind  byte   // 'p' position, 'e' event, 'r' resync, 'c' new connection
	id    string // position or event id
	seq   int    // event's sequence number in its topic
	where string // for messages
}

// client is one simulated browser tab: a set of topics on one endpoint.
type client struct {
	n      int
	topics []string
	mux    bool
	obs    map[string][]observation
	pos    map[string]string // the last position seen per topic
	last   string            // the last id seen, sent on reconnect
	conns  int
	http   *http.Client
}

// Run publishes and runs the clients, then checks what each saw. It fails
// t for every broken promise, naming the client and the topic.
func Run(t *testing.T, cfg Config) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), cfg.Duration+30*time.Second)
	defer cancel()
	rng := rand.New(rand.NewPCG(cfg.Seed, 7))

	// The log of every topic: ids in publish order, which is id order
	// because one goroutine publishes each topic.
	logs := make(map[string][]string, len(cfg.Topics))
	fin := &finals{done: make(chan struct{})}
	var logMu sync.Mutex
	pubCtx, stopPub := context.WithTimeout(ctx, cfg.Duration)
	defer stopPub()
	var pubs sync.WaitGroup
	for i, topic := range cfg.Topics {
		pubs.Add(1)
		prng := rand.New(rand.NewPCG(cfg.Seed, uint64(100+i)))
		go func() {
			defer pubs.Done()
			for seq := 1; pubCtx.Err() == nil; seq++ {
				id, err := cfg.Publish(ctx, prng.IntN(len(cfg.Nodes)), topic, []byte(strconv.Itoa(seq)))
				if err != nil {
					t.Errorf("publish %s #%d: %v", topic, seq, err)
					return
				}
				logMu.Lock()
				logs[topic] = append(logs[topic], id)
				logMu.Unlock()
				time.Sleep(cfg.Interval)
			}
		}()
	}

	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	hc := &http.Client{Transport: transport}
	clients := make([]*client, cfg.Clients)
	var wg sync.WaitGroup
	for i := range clients {
		c := &client{n: i, obs: map[string][]observation{}, pos: map[string]string{}, http: hc}
		k := 1 + rng.IntN(min(4, len(cfg.Topics)))
		c.mux = k > 1 || rng.IntN(3) == 0
		c.topics = pickTopics(rng, cfg.Topics, k)
		clients[i] = c
		joinAfter := time.Duration(rng.Int64N(int64(cfg.Duration) * 3 / 4))
		crng := rand.New(rand.NewPCG(cfg.Seed, uint64(1000+i)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-time.After(joinAfter):
			case <-ctx.Done():
				return
			}
			c.churn(ctx, fin, cfg, crng)
		}()
	}
	pubs.Wait()
	// After publishing stops every client reads until it has everything;
	// the deadline bounds a client that never will.
	fin.last = map[string]string{}
	for topic, l := range logs {
		if len(l) > 0 {
			fin.last[topic] = l[len(l)-1]
		}
	}
	close(fin.done)
	wg.Wait()

	var failures, conns, resyncs int
	for _, c := range clients {
		conns += c.conns
		for _, topic := range cfg.Topics {
			if len(c.obs[topic]) == 0 {
				continue
			}
			for _, o := range c.obs[topic] {
				if o.kind == 'r' {
					resyncs++
				}
			}
			if err := check(c, topic, logs[topic], cfg.Compare); err != nil {
				failures++
				if failures <= 20 {
					t.Errorf("client %d (%s, %d connections): %s: %v", c.n, c.endpoint(), c.conns, topic, err)
				}
			}
		}
	}
	total := 0
	for _, l := range logs {
		total += len(l)
	}
	t.Logf("seed %d: %d events on %d topics; %d clients, %d connections, %d resyncs; %d failures",
		cfg.Seed, total, len(cfg.Topics), len(clients), conns, resyncs, failures)
}

func (c *client) endpoint() string {
	if c.mux {
		return "multiplexed"
	}
	return "one channel"
}

func pickTopics(rng *rand.Rand, topics []string, k int) []string {
	p := rng.Perm(len(topics))[:k]
	out := make([]string, k)
	for i, j := range p {
		out[i] = topics[j]
	}
	sort.Strings(out)
	return out
}

// finals is the newest id of every topic, known once publishing ended.
type finals struct {
	done chan struct{} // closed when publishing ended and last is set
	last map[string]string
}

// ended reports whether publishing ended.
func (f *finals) ended() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// caughtUp reports whether publishing ended and the client's position in
// every topic is the topic's newest id.
func (c *client) caughtUp(fin *finals) bool {
	if !fin.ended() {
		return false
	}
	for _, topic := range c.topics {
		if c.pos[topic] != fin.last[topic] {
			return false
		}
	}
	return true
}

// churn connects, reads for a random while, drops the connection and
// comes back with the last id it saw, until publishing ended and it has
// caught up, or ctx ends.
func (c *client) churn(ctx context.Context, fin *finals, cfg Config, rng *rand.Rand) {
	for ctx.Err() == nil && !c.caughtUp(fin) {
		// While publishing, drop after a few events or at once (even
		// before the position arrives); afterwards read to the end.
		budget := -1
		var cut time.Duration
		if !fin.ended() {
			budget = rng.IntN(30)
			cut = time.Duration(rng.Int64N(int64(50 * time.Millisecond)))
		}
		// Now and then a multiplexed client follows another set of
		// channels: as a page does, it opens a new stream that gives the
		// last cursor in the query.
		query := false
		if c.mux && c.conns > 0 && !fin.ended() && rng.IntN(6) == 0 {
			c.changeTopics(rng, cfg.Topics)
			query = true
		}
		node := rng.IntN(len(cfg.Nodes))
		c.connect(ctx, fin, cfg.Nodes[node], budget, cut, query)
		if !fin.ended() && rng.IntN(8) == 0 {
			// Away for a while: the history may no longer reach back.
			time.Sleep(time.Duration(rng.Int64N(int64(200 * time.Millisecond))))
		}
	}
}

// changeTopics adds a channel to the client's set or drops one; a dropped
// channel's observations end there (a later one is a new join).
func (c *client) changeTopics(rng *rand.Rand, all []string) {
	if rng.IntN(2) == 0 && len(c.topics) < len(all) {
		for {
			topic := all[rng.IntN(len(all))]
			if !slices.Contains(c.topics, topic) {
				c.topics = append(c.topics, topic)
				sort.Strings(c.topics)
				return
			}
		}
	}
	if len(c.topics) > 1 {
		i := rng.IntN(len(c.topics))
		c.obs[c.topics[i]] = append(c.obs[c.topics[i]], observation{kind: 'x'})
		delete(c.pos, c.topics[i])
		c.topics = slices.Delete(c.topics, i, i+1)
	}
}

// connect runs one connection until it used its budget of events, its
// time (cut) or, once publishing ended, until the client caught up. With
// query, the last id goes in the query (lastEventId), as a new stream of
// a page gives it, instead of in Last-Event-ID.
func (c *client) connect(ctx context.Context, fin *finals, base string, budget int, cut time.Duration, query bool) {
	var u string
	if c.mux {
		q := url.Values{"c": c.topics}
		if query && c.last != "" {
			q.Set("lastEventId", c.last)
		}
		u = base + "/sse?" + q.Encode()
	} else {
		stream, channel, _ := strings.Cut(c.topics[0], "/")
		u = base + "/sse/" + url.PathEscape(stream) + "/" + url.PathEscape(channel)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, _ := http.NewRequestWithContext(cctx, http.MethodGet, u, nil)
	if c.last != "" && !query {
		req.Header.Set("Last-Event-ID", c.last)
	}
	res, err := c.http.Do(req)
	if err != nil {
		time.Sleep(5 * time.Millisecond)
		return
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		time.Sleep(5 * time.Millisecond)
		return
	}
	c.conns++
	// The id sent claims a position in the topics it names: the server
	// resumes them from there, and the client is owed what follows.
	sent := map[string]string{}
	if v, err := url.ParseQuery(c.last); c.mux && err == nil {
		for topic, ids := range v {
			sent[topic] = ids[0]
		}
	} else if !c.mux {
		sent[c.topics[0]] = c.last
	}
	for _, topic := range c.topics {
		c.obs[topic] = append(c.obs[topic], observation{kind: 'c', id: sent[topic]})
	}
	if cut > 0 {
		defer time.AfterFunc(cut, cancel).Stop()
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var id, event string
	var hasID bool
	var data []string
	for sc.Scan() {
		line := sc.Text()
		if line != "" {
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "id":
				id, hasID = value, true
			case "event":
				event = value
			case "data":
				data = append(data, value)
			}
			continue
		}
		// A blank line ends a block: an event, a position (id only), or
		// the retry field. An event's id is the position after it.
		if len(data) > 0 {
			c.event(event, id, data)
		}
		if hasID {
			c.last = id
			c.position(id)
		}
		if len(data) > 0 {
			if budget > 0 {
				budget--
			}
			if budget == 0 {
				return
			}
		}
		if c.caughtUp(fin) {
			return
		}
		id, hasID, event, data = "", false, "", nil
	}
}

// position records an id as the position of the client's topics.
func (c *client) position(id string) {
	if !c.mux {
		c.obs[c.topics[0]] = append(c.obs[c.topics[0]], observation{kind: 'p', id: id})
		c.pos[c.topics[0]] = id
		return
	}
	v, err := url.ParseQuery(id)
	for _, topic := range c.topics {
		o := observation{kind: 'p', where: "cursor " + strconv.Quote(id)}
		if err == nil && len(v[topic]) == 1 {
			o.id = v[topic][0]
		}
		c.obs[topic] = append(c.obs[topic], o)
		c.pos[topic] = o.id
	}
}

// event records an event (or a resync) of one of the client's topics.
func (c *client) event(name, id string, data []string) {
	topic, payload := c.topics[0], data
	if c.mux {
		topic, payload = data[0], data[1:]
	}
	if name == "resync" {
		// The data of a resync is the topic on both endpoints.
		c.obs[data[0]] = append(c.obs[data[0]], observation{kind: 'r'})
		return
	}
	seq, err := strconv.Atoi(strings.Join(payload, "\n"))
	if err != nil {
		seq = -1
	}
	if !c.mux {
		// The event's id is its position.
		c.obs[topic] = append(c.obs[topic], observation{kind: 'e', id: id, seq: seq})
		return
	}
	v, _ := url.ParseQuery(id)
	own := ""
	if len(v[topic]) == 1 {
		own = v[topic][0]
	}
	c.obs[topic] = append(c.obs[topic], observation{kind: 'e', id: own, seq: seq, where: "cursor " + strconv.Quote(id)})
}

// check walks what a client saw of topic against the topic's log: every
// id must name a position; from the first position on, every event after
// it arrives once, in order, with each later position matching what was
// received, until a resync, after which the next position starts afresh;
// and after publishing stopped the client has every event.
func check(c *client, topic string, log []string, compare func(a, b string) int) error {
	// count is how many events of the log are at or before id.
	count := func(id string) int {
		return sort.Search(len(log), func(i int) bool { return compare(log[i], id) > 0 })
	}
	have := false
	next := 0 // sequence number owed next, when have
	resyncs := 0
	for i, o := range c.obs[topic] {
		switch o.kind {
		case 'c':
			if o.id == "" {
				break
			}
			n := count(o.id)
			if have && n != next-1 {
				return fmt.Errorf("observation %d: sent position %s (after event %d) but had received up to event %d", i, o.id, n, next-1)
			}
			if !have {
				have, next = true, n+1
			}
		case 'x':
			have = false // no longer followed: a later position is a new join
		case 'r':
			have = false
			resyncs++
		case 'p':
			if o.id == "" {
				return fmt.Errorf("observation %d: an id without this topic's position (%s)", i, o.where)
			}
			n := count(o.id)
			if have && n != next-1 {
				return fmt.Errorf("observation %d: told position %s (after event %d) but had received up to event %d", i, o.id, n, next-1)
			}
			if !have {
				have, next = true, n+1
			}
		case 'e':
			if o.seq <= 0 || o.seq > len(log) || log[o.seq-1] != o.id {
				return fmt.Errorf("observation %d: event %d with id %q does not match the log (%s)", i, o.seq, o.id, o.where)
			}
			if !have {
				return fmt.Errorf("observation %d: event %d before any position of the topic", i, o.seq)
			}
			switch {
			case o.seq < next:
				return fmt.Errorf("observation %d: event %d again or out of order (expected %d)", i, o.seq, next)
			case o.seq > next:
				return fmt.Errorf("observation %d: events %d..%d lost without a resync", i, next, o.seq-1)
			}
			next++
		}
	}
	if !slices.Contains(c.topics, topic) {
		return nil // dropped from the client's set before the end
	}
	if !have {
		return fmt.Errorf("never told a position (%d observations, %d resyncs)", len(c.obs[topic]), resyncs)
	}
	if next-1 != len(log) {
		return fmt.Errorf("ended at event %d of %d", next-1, len(log))
	}
	return nil
}
