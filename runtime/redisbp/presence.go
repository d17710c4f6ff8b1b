package redisbp

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
)

var _ runtime.ClusterBackplane = (*Backplane)(nil)

//go:embed presence.lua
var presenceLua string

var presenceScript = redis.NewScript(presenceLua)

const (
	// emptyPresenceTTL is how long Redis keeps the version of a topic that
	// nobody counts; it must outlast forgetZeroAfter by far.
	emptyPresenceTTL = 10 * time.Minute
	// forgetZeroAfter is how long a node remembers a count of zero (and
	// its version) before it forgets the topic.
	forgetZeroAfter = time.Minute
	// maxAnnounce bounds the topics one presence announcement carries.
	maxAnnounce = 500
)

// cluster is the backplane's share of presence and channel closing. It
// exists once a hub joined (JoinCluster); a backplane used without a hub
// starts none of it.
type cluster struct {
	b     *Backplane
	hooks runtime.ClusterHooks
	node  string // this node's id in the presence hashes

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	kick   chan struct{} // capacity 1: topics are dirty
	// hookMu makes the Presence hook's calls one at a time, each with
	// the count as it is then, so the last call has the newest count.
	hookMu sync.Mutex

	mu       sync.Mutex
	dirty    map[string]struct{} // topics whose local count changed
	reported map[string]int      // nonzero local counts stored in Redis
	totals   map[string]shared   // cluster-wide counts heard
	closed   map[string]time.Time
}

// shared is a cluster-wide count as announced.
type shared struct {
	total   int
	version int64
	at      time.Time // when it was heard
}

// JoinCluster implements runtime.ClusterBackplane: it reads the closed
// channels, then starts the node's heartbeat, its presence updates and the
// connection that hears the other nodes' presence and closes. A second
// call does nothing.
func (b *Backplane) JoinCluster(h runtime.ClusterHooks) {
	var id [8]byte
	rand.Read(id[:])
	c := &cluster{
		b:        b,
		hooks:    h,
		node:     hex.EncodeToString(id[:]),
		kick:     make(chan struct{}, 1),
		dirty:    make(map[string]struct{}),
		reported: make(map[string]int),
		totals:   make(map[string]shared),
		closed:   make(map[string]time.Time),
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	// A node that starts while a channel is closed refuses it from its
	// first request; the listener reloads the closes on each connection.
	ctx, cancel := context.WithTimeout(c.ctx, b.cfg.Timeout)
	if err := c.loadClosed(ctx); err != nil {
		b.cfg.Logger.Warn("redisbp: cannot read closed channels yet", slog.Any("err", err))
	}
	cancel()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cl != nil || b.closing() {
		c.cancel()
		return
	}
	c.wg.Add(3)
	go c.runUpdates()
	go c.runHeartbeat()
	go c.runListen()
	b.cl = c
}

// clusterOf is the backplane's cluster part, or nil before JoinCluster.
func (b *Backplane) clusterOf() *cluster {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cl
}

// LocalChanged implements runtime.ClusterBackplane.
func (b *Backplane) LocalChanged(topic string) {
	c := b.clusterOf()
	if c == nil {
		return
	}
	if !b.sharesPresence(topic) {
		if c.hooks.Presence != nil {
			c.hooks.Presence(topic, c.hooks.Local(topic))
		}
		return
	}
	c.mu.Lock()
	c.dirty[topic] = struct{}{}
	c.mu.Unlock()
	c.wake()
}

func (c *cluster) wake() {
	notify(c.kick)
}

// Count implements runtime.ClusterBackplane: the last count announced for
// topic, or, for a topic this node has not heard of, the count stored in
// Redis (0 when Redis cannot be asked).
func (b *Backplane) Count(topic string) int {
	c := b.clusterOf()
	if c == nil {
		return 0
	}
	if !b.sharesPresence(topic) {
		return c.hooks.Local(topic)
	}
	c.mu.Lock()
	s, ok := c.totals[topic]
	c.mu.Unlock()
	if ok {
		return s.total
	}
	ctx, cancel := context.WithTimeout(c.ctx, b.cfg.Timeout)
	defer cancel()
	all, err := b.rdb.HGetAll(ctx, b.presenceKey(topic)).Result()
	if err != nil {
		b.cfg.Logger.Warn("redisbp: cannot read presence", slog.String("topic", topic), slog.Any("err", err))
		return 0
	}
	total, version := sumPresence(all)
	// Recorded without telling the hook: Count may be called from it.
	c.mu.Lock()
	if _, ok := c.totals[topic]; !ok {
		c.totals[topic] = shared{total: total, version: version, at: time.Now()}
	}
	c.mu.Unlock()
	return total
}

// sharesPresence reports whether topic is counted across nodes
// (Config.PresenceStreams).
func (b *Backplane) sharesPresence(topic string) bool {
	if b.cfg.PresenceStreams == nil {
		return true
	}
	stream, _, _ := strings.Cut(topic, "/")
	return slices.Contains(b.cfg.PresenceStreams, stream)
}

// sumPresence adds up a presence hash.
func sumPresence(all map[string]string) (total int, version int64) {
	for k, v := range all {
		n, _ := strconv.ParseInt(v, 10, 64)
		if k == versionField {
			version = n
		} else {
			total += int(n)
		}
	}
	return total, version
}

// versionField is the presence hash's version; node ids are hex.
const versionField = "#v"

// heard records an announced count and tells the hub when it is news.
func (c *cluster) heard(topic string, total int, version int64) {
	c.mu.Lock()
	old, ok := c.totals[topic]
	if ok && old.version >= version {
		c.mu.Unlock()
		return
	}
	c.totals[topic] = shared{total: total, version: version, at: time.Now()}
	c.mu.Unlock()
	if !ok || old.total != total {
		c.report(topic)
	}
}

// report calls the Presence hook with topic's count as it is now.
func (c *cluster) report(topic string) {
	if c.hooks.Presence == nil {
		return
	}
	c.hookMu.Lock()
	defer c.hookMu.Unlock()
	c.mu.Lock()
	total := c.totals[topic].total
	c.mu.Unlock()
	c.hooks.Presence(topic, total)
}

// runUpdates stores this node's changed counts and announces the new
// totals, at most once per PresenceInterval, so a burst of connects and
// disconnects costs one update per topic.
func (c *cluster) runUpdates() {
	defer c.wg.Done()
	backoff := minReconnectBackoff
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-c.kick:
		}
		if err := c.update(); err != nil {
			if c.ctx.Err() != nil {
				return
			}
			c.b.cfg.Logger.Warn("redisbp: cannot update presence; retrying", slog.Duration("in", backoff), slog.Any("err", err))
			sleep(c.ctx, backoff)
			backoff = min(2*backoff, maxReconnectBackoff)
			c.wake()
			continue
		}
		backoff = minReconnectBackoff
		sleep(c.ctx, c.b.cfg.PresenceInterval)
	}
}

// update stores the counts of the dirty topics; topics whose update
// failed stay dirty.
func (c *cluster) update() error {
	c.mu.Lock()
	counts := make(map[string]int, len(c.dirty))
	for topic := range c.dirty {
		counts[topic] = -1
	}
	clear(c.dirty)
	c.mu.Unlock()
	// Read the local counts outside c.mu: the hub takes its own locks.
	for topic := range counts {
		counts[topic] = c.hooks.Local(topic)
	}
	c.mu.Lock()
	for topic, n := range counts {
		if c.reported[topic] == n {
			delete(counts, topic)
		}
	}
	c.mu.Unlock()
	if len(counts) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(c.ctx, c.b.cfg.Timeout)
	defer cancel()
	err := c.store(ctx, c.node, counts)
	if err != nil {
		c.mu.Lock()
		for topic := range counts {
			c.dirty[topic] = struct{}{}
		}
		c.mu.Unlock()
	}
	return err
}

// store sets node's counts of topics in Redis, keeps the node's index of
// topics in step, and announces the new totals. What it stored for this
// node is recorded in reported, so that a failure part-way leaves the
// rest to retry.
func (c *cluster) store(ctx context.Context, node string, counts map[string]int) error {
	b := c.b
	type result struct {
		topic string
		n     int
		cmd   *redis.Cmd
	}
	results := make([]result, 0, len(counts))
	_, err := b.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for topic, n := range counts {
			cmd := presenceScript.Eval(ctx, p, []string{b.presenceKey(topic)}, node, n, emptyPresenceTTL.Milliseconds())
			results = append(results, result{topic, n, cmd})
		}
		return nil
	})
	if err != nil {
		return err
	}
	var add, drop []any
	var lines []string
	for _, r := range results {
		vals, err := r.cmd.Int64Slice()
		if err != nil || len(vals) != 2 {
			continue
		}
		if r.n > 0 {
			add = append(add, r.topic)
		} else {
			drop = append(drop, r.topic)
		}
		lines = append(lines, strconv.FormatInt(vals[1], 10)+"\t"+strconv.FormatInt(vals[0], 10)+"\t"+r.topic)
		if node == c.node {
			c.mu.Lock()
			if r.n > 0 {
				c.reported[r.topic] = r.n
			} else {
				delete(c.reported, r.topic)
			}
			c.mu.Unlock()
		}
		c.heard(r.topic, int(vals[0]), vals[1])
	}
	_, err = b.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		if len(add) > 0 {
			p.SAdd(ctx, b.nodeTopicsKey(node), add...)
		}
		if len(drop) > 0 {
			p.SRem(ctx, b.nodeTopicsKey(node), drop...)
		}
		for len(lines) > 0 {
			k := min(len(lines), maxAnnounce)
			p.Publish(ctx, b.clusterChannel(), "P\n"+strings.Join(lines[:k], "\n"))
			lines = lines[k:]
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range results {
		if err := r.cmd.Err(); err != nil {
			return err
		}
	}
	return nil
}

// hearPresence reads a presence announcement: lines of
// "version\ttotal\ttopic".
func (c *cluster) hearPresence(body string) {
	for line := range strings.SplitSeq(body, "\n") {
		v, rest, ok1 := strings.Cut(line, "\t")
		n, topic, ok2 := strings.Cut(rest, "\t")
		version, err1 := strconv.ParseInt(v, 10, 64)
		total, err2 := strconv.Atoi(n)
		if !ok1 || !ok2 || err1 != nil || err2 != nil || topic == "" {
			continue
		}
		c.heard(topic, total, version)
	}
}

// leave stores a count of zero for every topic this node counted, so
// that the other nodes need not wait for its heartbeat to expire, and
// removes the node.
func (c *cluster) leave() {
	ctx, cancel := context.WithTimeout(context.Background(), c.b.cfg.Timeout)
	defer cancel()
	c.mu.Lock()
	counts := make(map[string]int, len(c.reported))
	for topic := range c.reported {
		counts[topic] = 0
	}
	c.mu.Unlock()
	if len(counts) > 0 {
		if err := c.store(ctx, c.node, counts); err != nil {
			c.b.cfg.Logger.Warn("redisbp: cannot remove this node's presence; it expires after NodeTTL", slog.Any("err", err))
			return
		}
	}
	c.b.rdb.ZRem(ctx, c.b.nodesKey(), c.node)
	c.b.rdb.Del(ctx, c.b.nodeTopicsKey(c.node))
}

// stop leaves the cluster and ends the cluster part's goroutines.
func (c *cluster) stop() {
	c.cancel()
	c.wg.Wait()
	c.leave()
}

// forgetOld drops zero counts heard long ago and closes that expired, so
// that memory follows the topics in use.
func (c *cluster) forgetOld(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for topic, s := range c.totals {
		if s.total == 0 && now.Sub(s.at) > forgetZeroAfter {
			delete(c.totals, topic)
		}
	}
	for topic, until := range c.closed {
		if !now.Before(until) {
			delete(c.closed, topic)
		}
	}
}
