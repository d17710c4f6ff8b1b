package redisbp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
)

// errNotJoined is returned by the cluster calls of a backplane no hub
// joined.
var errNotJoined = errors.New("redisbp: no hub joined the cluster (runtime.NewHub does)")

// CloseTopic implements runtime.ClusterBackplane: it records the close in
// Redis until CloseTTL from now and announces it with the final event, so
// that every node ends its connections of the topic after that event and
// refuses new ones. A node that starts later, or whose connection to
// Redis was down at the announcement, reads the closes from Redis.
func (b *Backplane) CloseTopic(ctx context.Context, final runtime.Event) error {
	c := b.clusterOf()
	if c == nil {
		return errNotJoined
	}
	until := time.Now().Add(b.cfg.CloseTTL)
	ms := strconv.FormatInt(until.UnixMilli(), 10)
	c.mu.Lock()
	c.closed[final.Topic] = until
	c.mu.Unlock()
	_, err := b.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAdd(ctx, b.closedKey(), redis.Z{Score: float64(until.UnixMilli()), Member: final.Topic})
		p.Publish(ctx, b.clusterChannel(), "C\n"+ms+"\n"+final.Topic+"\n"+final.ID+"\n"+final.Name+"\n"+string(final.Data))
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisbp: close %q: %w", final.Topic, err)
	}
	return nil
}

// ReopenTopic implements runtime.ClusterBackplane.
func (b *Backplane) ReopenTopic(ctx context.Context, topic string) error {
	c := b.clusterOf()
	if c == nil {
		return errNotJoined
	}
	c.mu.Lock()
	delete(c.closed, topic)
	c.mu.Unlock()
	_, err := b.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRem(ctx, b.closedKey(), topic)
		p.Publish(ctx, b.clusterChannel(), "R\n"+topic)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisbp: reopen %q: %w", topic, err)
	}
	return nil
}

// Closed implements runtime.ClusterBackplane from the closes this node
// heard or read; it asks Redis nothing.
func (b *Backplane) Closed(topic string) bool {
	c := b.clusterOf()
	if c == nil {
		return false
	}
	c.mu.Lock()
	until, ok := c.closed[topic]
	c.mu.Unlock()
	return ok && time.Now().Before(until)
}

// hearClose reads a close announcement: "until\ntopic\nid\nname\ndata".
func (c *cluster) hearClose(body string) {
	ms, rest, ok1 := strings.Cut(body, "\n")
	topic, rest, ok2 := strings.Cut(rest, "\n")
	id, rest, ok3 := strings.Cut(rest, "\n")
	name, data, ok4 := strings.Cut(rest, "\n")
	until, err := strconv.ParseInt(ms, 10, 64)
	if !ok1 || !ok2 || !ok3 || !ok4 || err != nil || topic == "" {
		return
	}
	c.mu.Lock()
	c.closed[topic] = time.UnixMilli(until)
	c.mu.Unlock()
	if c.hooks.Closed != nil {
		c.hooks.Closed(runtime.Event{Topic: topic, ID: id, Name: name, Data: []byte(data)})
	}
}

// hearReopen reads a reopen announcement: the topic.
func (c *cluster) hearReopen(topic string) {
	c.mu.Lock()
	delete(c.closed, topic)
	c.mu.Unlock()
}

// loadClosed replaces what this node knows of closes with what Redis
// holds, after the announcements may have been missed.
func (c *cluster) loadClosed(ctx context.Context) error {
	b := c.b
	zs, err := b.rdb.ZRangeByScoreWithScores(ctx, b.closedKey(), &redis.ZRangeBy{
		Min: strconv.FormatInt(time.Now().UnixMilli(), 10), Max: "+inf",
	}).Result()
	if err != nil {
		return err
	}
	closed := make(map[string]time.Time, len(zs))
	for _, z := range zs {
		if topic, ok := z.Member.(string); ok {
			closed[topic] = time.UnixMilli(int64(z.Score))
		}
	}
	c.mu.Lock()
	c.closed = closed
	c.mu.Unlock()
	return nil
}
