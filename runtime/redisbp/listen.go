package redisbp

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// runListen keeps a Pub/Sub connection subscribed to the cluster channel
// until the cluster part stops, replacing it with backoff when it fails.
// It is a connection of its own, apart from the events' one, so that
// presence costs nothing on a backplane no hub joined.
func (c *cluster) runListen() {
	defer c.wg.Done()
	var backoff reconnectBackoff
	for again := false; c.ctx.Err() == nil; again = true {
		start := time.Now()
		err := c.listen(again)
		if c.ctx.Err() != nil {
			return
		}
		c.b.cfg.Logger.Debug("redisbp: cluster channel lost; reconnecting", slog.Any("err", err))
		if c.b.cc != nil {
			// The node it was on may have failed over: look again.
			c.b.reloadLayout(c.ctx)
		}
		sleep(c.ctx, backoff.after(start))
	}
}

// listen runs one subscription to the cluster channel. Its confirmation
// makes the node read again what announcements it may have missed; on a
// new connection (again) the node also stores its counts again, in case
// Redis lost them (a restart without persistence, a failover before the
// replica had them).
func (c *cluster) listen(again bool) error {
	ps := c.b.rdb.Subscribe(c.ctx, c.b.clusterChannel())
	defer ps.Close()
	// A receive does not end with its context; closing the connection
	// ends it.
	defer context.AfterFunc(c.ctx, func() { ps.Close() })()
	for {
		msg, err := receiveWithPing(c.ctx, ps, c.b.cfg.pingAfter)
		if err != nil {
			return err
		}
		switch m := msg.(type) {
		case *redis.Subscription:
			if m.Kind == "subscribe" {
				if again {
					c.reassert()
				}
				if err := c.catchUp(); err != nil {
					return err
				}
			}
		case *redis.Message:
			kind, body, _ := strings.Cut(m.Payload, "\n")
			switch kind {
			case "P":
				c.hearPresence(body)
			case "C":
				c.hearClose(body)
			case "R":
				c.hearReopen(body)
			}
		}
	}
}

// catchUp reads the closes and the counts of the topics this node knows
// from Redis, for the announcements missed while not subscribed.
func (c *cluster) catchUp() error {
	ctx, cancel := context.WithTimeout(c.ctx, c.b.cfg.Timeout)
	defer cancel()
	if err := c.loadClosed(ctx); err != nil {
		return err
	}
	c.mu.Lock()
	topics := make([]string, 0, len(c.totals))
	for t := range c.totals {
		topics = append(topics, t)
	}
	c.mu.Unlock()
	cmds := make([]*redis.MapStringStringCmd, len(topics))
	_, err := c.b.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, t := range topics {
			cmds[i] = p.HGetAll(ctx, c.b.presenceKey(t))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, t := range topics {
		total, version := sumPresence(cmds[i].Val())
		if version == 0 {
			// The hash expired: nobody counts, and versions begin anew.
			c.mu.Lock()
			old := c.totals[t]
			delete(c.totals, t)
			c.mu.Unlock()
			if old.total != 0 {
				c.report(t)
			}
			continue
		}
		c.heard(t, total, version)
	}
	return nil
}
