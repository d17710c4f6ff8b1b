package redisbp

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// On a Redis Cluster, notes go out with SPUBLISH: sharded Pub/Sub keeps
// each one on the shard that owns the topic's slot, instead of copying
// every note to every node of the cluster. A node therefore listens on
// each shard that owns a topic it follows, with one connection per shard
// master (SSUBSCRIBE takes one slot per call, and a connection may hold
// channels of many slots of its node). The router assigns each followed
// topic to the master of its slot; when a shard's connection fails or
// Redis says a slot moved (a failover, a resharding), it reloads the
// cluster's layout and moves the topics, whose followers then catch up
// from their last delivered id on the new master.

// runShards is the cluster's counterpart of runPubSub.
func (b *Backplane) runShards() {
	defer b.wg.Done()
	r := &router{b: b, shards: make(map[string]*shard), at: make(map[string]*shard), moved: make(chan struct{}, 1)}
	defer r.stopAll()
	retry := time.NewTimer(time.Hour)
	retry.Stop()
	defer retry.Stop()
	for {
		reload := false
		select {
		case <-b.ctx.Done():
			return
		case <-b.resync:
		case <-r.moved:
			reload = true
		case <-retry.C:
			reload = true
		}
		if reload {
			b.reloadLayout(b.ctx)
		}
		if !r.route(reload) {
			retry.Reset(minReconnectBackoff * 4)
		}
	}
}

// router owns the assignment of followed topics to shards. Only
// runShards uses it.
type router struct {
	b      *Backplane
	shards map[string]*shard // by master address
	at     map[string]*shard // the shard each followed topic is assigned to
	moved  chan struct{}     // capacity 1: a shard saw the layout change
}

// route assigns the topics that changed, or all of them after a reload.
// It reports false when some topic could not be placed (the cluster has
// no master for its slot yet) and must be tried again.
func (r *router) route(all bool) bool {
	b := r.b
	b.mu.Lock()
	if all {
		for topic := range b.topics {
			b.dirty[topic] = struct{}{}
		}
		for topic := range r.at {
			b.dirty[topic] = struct{}{}
		}
	}
	want := make(map[string]bool, len(b.dirty))
	for topic := range b.dirty {
		want[topic] = b.topics[topic] != nil
	}
	clear(b.dirty)
	b.mu.Unlock()

	ok := true
	ctx, cancel := context.WithTimeout(b.ctx, b.cfg.Timeout)
	defer cancel()
	for topic, follow := range want {
		cur := r.at[topic]
		if !follow {
			if cur != nil {
				cur.drop(topic)
				delete(r.at, topic)
			}
			continue
		}
		master, err := b.cc.MasterForKey(ctx, b.channel(topic))
		if err != nil {
			ok = false
			b.mu.Lock()
			b.dirty[topic] = struct{}{}
			b.mu.Unlock()
			continue
		}
		addr := master.Options().Addr
		if cur != nil && cur.addr == addr {
			continue
		}
		if cur != nil {
			cur.drop(topic)
		}
		sh := r.shards[addr]
		if sh == nil {
			sh = newShard(b, addr, master, r.signalMoved)
			r.shards[addr] = sh
		}
		sh.add(topic)
		r.at[topic] = sh
	}
	// A shard with no topics (all moved away, or all left) lets go of its
	// connection.
	for addr, sh := range r.shards {
		if sh.empty() {
			sh.stop()
			delete(r.shards, addr)
		}
	}
	return ok
}

// reloadLayout reads again which master serves which slot of the
// cluster, giving up after Timeout.
func (b *Backplane) reloadLayout(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
	defer cancel()
	b.cc.ReloadState(ctx)
}

func (r *router) signalMoved() {
	notify(r.moved)
}

func (r *router) stopAll() {
	for _, sh := range r.shards {
		sh.stop()
	}
}

// A shard is this node's sharded Pub/Sub connection to one master.
type shard struct {
	b      *Backplane
	addr   string
	client *redis.Client // the master's client, owned by the cluster client
	moved  func()

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	resync chan struct{} // capacity 1

	mu    sync.Mutex
	want  map[string]bool     // topics assigned here
	dirty map[string]struct{} // assigned or dropped since the last reconcile
}

func newShard(b *Backplane, addr string, client *redis.Client, moved func()) *shard {
	sh := &shard{b: b, addr: addr, client: client, moved: moved, done: make(chan struct{}),
		resync: make(chan struct{}, 1), want: make(map[string]bool), dirty: make(map[string]struct{})}
	sh.ctx, sh.cancel = context.WithCancel(b.ctx)
	go sh.run()
	return sh
}

func (sh *shard) add(topic string) {
	sh.mu.Lock()
	sh.want[topic] = true
	sh.dirty[topic] = struct{}{}
	sh.mu.Unlock()
	sh.wake()
}

func (sh *shard) drop(topic string) {
	sh.mu.Lock()
	delete(sh.want, topic)
	sh.dirty[topic] = struct{}{}
	sh.mu.Unlock()
	sh.wake()
}

func (sh *shard) empty() bool {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return len(sh.want) == 0
}

func (sh *shard) wanted(topic string) bool {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.want[topic]
}

func (sh *shard) wake() {
	notify(sh.resync)
}

func (sh *shard) stop() {
	sh.cancel()
	<-sh.done
}

// run keeps the shard's connection up until stop, with backoff; each
// failure asks the router to look at the cluster's layout again.
func (sh *shard) run() {
	defer close(sh.done)
	var backoff reconnectBackoff
	for {
		start := time.Now()
		err := sh.session()
		if sh.ctx.Err() != nil {
			return
		}
		sh.b.cfg.Logger.Warn("redisbp: shard Pub/Sub connection lost; reconnecting", slog.String("shard", sh.addr), slog.Any("err", err))
		sh.moved()
		if !sleep(sh.ctx, backoff.after(start)) {
			return
		}
	}
}

// session runs one connection: it subscribes every assigned topic, then
// follows the changes, until the connection fails or the shard stops.
func (sh *shard) session() error {
	ps := sh.client.SSubscribe(sh.ctx)
	defer ps.Close()
	if err := ps.Ping(sh.ctx); err != nil {
		return err
	}
	received := make(chan error, 1)
	go func() { received <- sh.receive(ps) }()
	defer func() {
		ps.Close()
		<-received
	}()
	subscribed := make(map[string]bool)
	for full := true; ; full = false {
		if err := sh.reconcile(ps, subscribed, full); err != nil {
			return err
		}
		select {
		case <-sh.resync:
		case err := <-received:
			received <- err // for the deferred wait
			return err
		case <-sh.ctx.Done():
			return nil
		}
	}
}

// reconcile subscribes and unsubscribes what changed (everything on a new
// connection), one channel per command since each names one slot.
func (sh *shard) reconcile(ps *redis.PubSub, subscribed map[string]bool, full bool) error {
	sh.mu.Lock()
	if full {
		for topic := range sh.want {
			sh.dirty[topic] = struct{}{}
		}
	}
	add, drop := subscriptionChanges(sh.dirty, subscribed, func(topic string) bool { return sh.want[topic] })
	clear(sh.dirty)
	sh.mu.Unlock()
	for _, topic := range add {
		if err := ps.SSubscribe(sh.ctx, sh.b.channel(topic)); err != nil {
			return err
		}
		subscribed[topic] = true
	}
	for _, topic := range drop {
		if err := ps.SUnsubscribe(sh.ctx, sh.b.channel(topic)); err != nil {
			return err
		}
		delete(subscribed, topic)
	}
	return nil
}

// receive reads the connection until it fails, handing notes to the
// topics' followers.
func (sh *shard) receive(ps *redis.PubSub) error {
	for {
		msg, err := receiveWithPing(sh.ctx, ps, sh.b.cfg.pingAfter)
		if err != nil {
			if sh.ctx.Err() != nil {
				return nil
			}
			return err
		}
		switch m := msg.(type) {
		case *redis.Subscription:
			topic, ok := sh.b.topicOf(m.Channel)
			switch {
			case !ok:
			case m.Kind == "ssubscribe":
				sh.b.catchUpOn(m.Channel)
			case m.Kind == "sunsubscribe" && sh.wanted(topic):
				// Redis dropped a channel we still want: its slot moved to
				// another shard. Start again from the cluster's new layout.
				return errSlotMoved
			}
		case *redis.Message:
			sh.b.deliver(m)
		}
	}
}

// errSlotMoved ends a shard's session when Redis unsubscribed a channel
// the shard still wants.
var errSlotMoved = errors.New("a followed channel's slot moved to another shard")
