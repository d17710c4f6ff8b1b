package redisbp

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// runHeartbeat renews this node's entry in the node set every third of
// NodeTTL, and removes the presence of nodes whose entry expired: they
// died without leaving. Every node reaps, so the bound holds while any
// node lives; reaping twice is harmless.
func (c *cluster) runHeartbeat() {
	defer c.wg.Done()
	period := c.b.cfg.NodeTTL / 3
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		c.beat()
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
		}
	}
}

// beat renews the node, reaps dead ones and forgets stale state.
func (c *cluster) beat() {
	b := c.b
	ctx, cancel := context.WithTimeout(c.ctx, b.cfg.Timeout)
	defer cancel()
	now := time.Now()
	added, err := b.rdb.ZAdd(ctx, b.nodesKey(), redis.Z{Score: float64(now.Add(b.cfg.NodeTTL).UnixMilli()), Member: c.node}).Result()
	if err != nil {
		if c.ctx.Err() == nil {
			b.cfg.Logger.Warn("redisbp: presence heartbeat failed", slog.Any("err", err))
		}
		return
	}
	if added == 1 {
		c.reassert()
	}
	c.forgetOld(now)
	dead, err := b.rdb.ZRangeArgs(ctx, redis.ZRangeArgs{
		Key: b.nodesKey(), ByScore: true, Start: "-inf", Stop: strconv.FormatInt(now.UnixMilli(), 10), Count: 16,
	}).Result()
	if err != nil {
		return
	}
	for _, node := range dead {
		if node == c.node {
			continue
		}
		if err := c.reap(ctx, node); err != nil {
			b.cfg.Logger.Warn("redisbp: cannot remove a dead node's presence; retrying", slog.String("node", node), slog.Any("err", err))
			return
		}
	}
	b.rdb.ZRemRangeByScore(ctx, b.closedKey(), "-inf", strconv.FormatInt(now.UnixMilli(), 10))
}

// reassert stores every local count again: this node's entry was missing
// (its first heartbeat, or it was taken for dead and reaped while it
// stalled), so its counts may have been removed.
func (c *cluster) reassert() {
	c.mu.Lock()
	for topic := range c.reported {
		c.dirty[topic] = struct{}{}
	}
	clear(c.reported)
	c.mu.Unlock()
	c.wake()
}

// reap removes a dead node's counts, topic by topic, then the node.
func (c *cluster) reap(ctx context.Context, node string) error {
	b := c.b
	for {
		topics, err := b.rdb.SRandMemberN(ctx, b.nodeTopicsKey(node), maxAnnounce).Result()
		if err != nil {
			return err
		}
		if len(topics) == 0 {
			break
		}
		counts := make(map[string]int, len(topics))
		for _, t := range topics {
			counts[t] = 0
		}
		if err := c.store(ctx, node, counts); err != nil {
			return err
		}
	}
	b.cfg.Logger.Info("redisbp: removed the presence of a node that stopped its heartbeat", slog.String("node", node))
	return b.rdb.ZRem(ctx, b.nodesKey(), node).Err()
}
