package redisbp

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Timing of the node's Pub/Sub connection.
const (
	// defaultPingAfter is how long a silent connection waits before a
	// PING; a connection silent for twice this is taken for dead, which
	// finds connections lost without a reset (a vanished network, a frozen
	// host).
	defaultPingAfter = 10 * time.Second
)

// runPubSub keeps the node's one Pub/Sub connection up until Close,
// replacing it with backoff when it fails.
func (b *Backplane) runPubSub() {
	defer b.wg.Done()
	var backoff reconnectBackoff
	for {
		start := time.Now()
		established, err := b.session()
		if b.ctx.Err() != nil {
			return
		}
		b.down.Store(true)
		wait := backoff.after(start)
		if established {
			b.cfg.Logger.Warn("redisbp: Pub/Sub connection lost; reconnecting", slog.Any("err", err))
		} else {
			b.cfg.Logger.Debug("redisbp: Pub/Sub reconnect failed", slog.Duration("retry_in", wait), slog.Any("err", err))
		}
		if !sleep(b.ctx, wait) {
			return
		}
	}
}

// session runs one Pub/Sub connection until it fails or Close. It
// subscribes the channels of every followed topic; each confirmation makes
// the topic catch up, which covers what was published while there was no
// connection.
func (b *Backplane) session() (established bool, err error) {
	ps := b.rdb.Subscribe(b.ctx)
	// PING connects, so that an unreachable Redis shows here.
	if err := ps.Ping(b.ctx); err != nil {
		ps.Close()
		return false, err
	}
	if b.down.Swap(false) {
		b.cfg.Logger.Info("redisbp: Pub/Sub connection restored; catching up")
	}
	received := make(chan error, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		received <- b.receive(ps)
	}()
	defer func() {
		ps.Close() // ends receive
		wg.Wait()
	}()

	subscribed := make(map[string]bool) // topics subscribed on ps
	peak := 0                           // of subscribed (see shrunk)
	for full := true; ; full = false {
		if err := b.reconcile(ps, subscribed, full); err != nil {
			return true, err
		}
		subscribed = shrunk(subscribed, &peak)
		select {
		case <-b.resync:
		case err := <-received:
			return true, err
		case <-b.ctx.Done():
			return true, nil
		}
	}
}

// reconcile brings the connection's subscriptions in line with the
// followed topics: all of them on a new connection (full), else those that
// changed since the last call, so that a change costs the same however
// many topics the node follows. Only this goroutine changes the
// subscriptions, so a quick unsubscribe and resubscribe of one topic can
// never reach Redis out of order.
func (b *Backplane) reconcile(ps *redis.PubSub, subscribed map[string]bool, full bool) error {
	b.mu.Lock()
	if full {
		for topic := range b.topics {
			b.dirty[topic] = struct{}{}
		}
	}
	add, drop := subscriptionChanges(b.dirty, subscribed, func(topic string) bool { return b.topics[topic] != nil })
	b.dirtyPeak = max(b.dirtyPeak, len(b.dirty))
	clear(b.dirty)
	b.dirty = shrunk(b.dirty, &b.dirtyPeak)
	b.mu.Unlock()

	if len(add) > 0 {
		if err := ps.Subscribe(b.ctx, b.channels(add)...); err != nil {
			return err
		}
		for _, topic := range add {
			subscribed[topic] = true
		}
	}
	if len(drop) > 0 {
		if err := ps.Unsubscribe(b.ctx, b.channels(drop)...); err != nil {
			return err
		}
		for _, topic := range drop {
			delete(subscribed, topic)
		}
	}
	return nil
}

// subscriptionChanges splits the topics that changed into those to
// subscribe (wanted, not yet subscribed) and those to unsubscribe
// (subscribed, no longer wanted).
func subscriptionChanges(changed map[string]struct{}, subscribed map[string]bool, wanted func(topic string) bool) (add, drop []string) {
	for topic := range changed {
		switch want := wanted(topic); {
		case want && !subscribed[topic]:
			add = append(add, topic)
		case !want && subscribed[topic]:
			drop = append(drop, topic)
		}
	}
	return add, drop
}

// channels maps topics to their notification channels.
func (b *Backplane) channels(topics []string) []string {
	out := make([]string, len(topics))
	for i, t := range topics {
		out[i] = b.channel(t)
	}
	return out
}

// receive reads the connection until it fails, handing notes to the
// topics' followers.
func (b *Backplane) receive(ps *redis.PubSub) error {
	for {
		msg, err := receiveWithPing(b.ctx, ps, b.cfg.pingAfter)
		if err != nil {
			if b.ctx.Err() != nil {
				return nil
			}
			return err
		}
		switch m := msg.(type) {
		case *redis.Subscription:
			if m.Kind == "subscribe" {
				b.catchUpOn(m.Channel)
			}
		case *redis.Message:
			b.deliver(m)
		}
	}
}

// receiveWithPing waits for the next message on ps. A connection silent
// for pingAfter gets one PING; silent for as long again, it is taken for
// dead and the timeout is returned.
func receiveWithPing(ctx context.Context, ps *redis.PubSub, pingAfter time.Duration) (any, error) {
	pinged := false
	for {
		msg, err := ps.ReceiveTimeout(ctx, pingAfter)
		if err == nil {
			return msg, nil
		}
		if !isTimeout(err) || pinged {
			return nil, err
		}
		pinged = true
		if err := ps.Ping(ctx); err != nil {
			return nil, err
		}
	}
}

// catchUpOn makes the follower of the topic announced on channel, if any,
// read what it may have missed from the topic's stream.
func (b *Backplane) catchUpOn(channel string) {
	if f := b.followerOf(channel); f != nil {
		f.requestCatchUp()
	}
}

// deliver hands a note heard on Pub/Sub to its topic's follower. A
// payload that is not a note of ours makes the follower catch up instead:
// the stream says what happened.
func (b *Backplane) deliver(m *redis.Message) {
	f := b.followerOf(m.Channel)
	if f == nil {
		return
	}
	if n, ok := parseNote(f.topic, m.Payload); ok {
		f.push(n)
	} else {
		f.requestCatchUp()
	}
}

// followerOf is the follower of the topic announced on channel, if any.
func (b *Backplane) followerOf(channel string) *follower {
	topic, ok := b.topicOf(channel)
	if !ok {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.topics[topic]
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
