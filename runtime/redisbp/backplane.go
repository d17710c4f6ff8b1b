package redisbp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
)

var (
	_ runtime.Backplane            = (*Backplane)(nil)
	_ runtime.LatestIDer           = (*Backplane)(nil)
	_ runtime.PositionedSubscriber = (*Backplane)(nil)
)

var (
	// errClosed is returned by calls on a closed Backplane.
	errClosed = errors.New("redisbp: backplane is closed")
	// errUnreachable is returned by Subscribe while the node's Pub/Sub
	// connection cannot reach Redis.
	errUnreachable = errors.New("cannot reach Redis (reconnecting)")
)

// Backplane is a runtime.Backplane that shares topics between processes
// through Redis. Create it with New; it is safe for concurrent use.
type Backplane struct {
	cfg Config
	// rdb is a *redis.Client on one server, or cc on a cluster.
	rdb redis.UniversalClient
	cc  *redis.ClusterClient

	// ctx ends at Close and stops every goroutine and Redis call.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// closed is set once Close begins.
	closed atomic.Bool
	// down is set while the Pub/Sub connection cannot reach Redis.
	down atomic.Bool

	// mu guards topics. Held only briefly, never across Redis calls.
	mu     sync.Mutex
	topics map[string]*follower // topics with at least one local subscriber
	dirty  map[string]struct{}  // topics added or removed since the last reconcile
	// peaks of topics and dirty (see shrunk)
	topicsPeak, dirtyPeak int

	// cl shares presence and closing once a hub joined; guarded by mu.
	cl *cluster

	// resync wakes the Pub/Sub loop to bring its subscriptions in line
	// with topics.
	resync chan struct{}
}

// New connects to the Redis at cfg.URL (one server, or a Redis Cluster
// for a redis+cluster:// URL), checks that it is Redis 7.0 or newer, and
// starts the node's Pub/Sub connection (one per shard on a cluster). It
// fails when Redis cannot be reached within ctx.
func New(ctx context.Context, cfg Config) (*Backplane, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	rdb, cc, err := cfg.newClient()
	if err != nil {
		return nil, err
	}
	if err := checkServer(ctx, rdb); err != nil {
		rdb.Close()
		return nil, err
	}
	b := &Backplane{
		cfg:    cfg,
		rdb:    rdb,
		cc:     cc,
		topics: make(map[string]*follower),
		dirty:  make(map[string]struct{}),
		resync: make(chan struct{}, 1),
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.wg.Add(1)
	if cc != nil {
		go b.runShards()
	} else {
		go b.runPubSub()
	}
	return b, nil
}

// checkServer pings Redis and refuses versions without the stream commands
// the backplane relies on.
func checkServer(ctx context.Context, rdb redis.UniversalClient) error {
	info, err := rdb.Info(ctx, "server").Result()
	var rerr redis.Error
	if errors.As(err, &rerr) && strings.HasPrefix(rerr.Error(), "NOPERM") {
		// An ACL user may lack INFO: check that Redis answers, and leave
		// a too old server to show itself by failing stream commands.
		if err := rdb.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("redisbp: connect to Redis: %w", err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("redisbp: connect to Redis: %w", err)
	}
	for line := range strings.Lines(info) {
		v, ok := strings.CutPrefix(strings.TrimSpace(line), "redis_version:")
		if !ok {
			continue
		}
		major, _, _ := strings.Cut(v, ".")
		if n, err := strconv.Atoi(major); err != nil || n < 7 {
			return fmt.Errorf("redisbp: Redis %s is too old; want 7.0 or newer", v)
		}
		return nil
	}
	return errors.New("redisbp: Redis did not report its version (INFO server)")
}

// Compare orders two ids of one topic numerically ("<ms>-<seq>"). Malformed
// ids sort before well-formed ones.
func (b *Backplane) Compare(x, y string) int {
	return compareIDs(x, y)
}

// Close stops delivery to every subscription, ends the backplane's
// goroutines and closes its connections; it waits for deliver calls under
// way, so a deliver function must not wait for Close. Calls after Close
// fail.
func (b *Backplane) Close() error {
	if b.closed.Swap(true) {
		return nil
	}
	if c := b.clusterOf(); c != nil {
		c.stop()
	}
	b.mu.Lock()
	for _, f := range b.topics {
		f.stop()
	}
	b.topics = nil
	b.mu.Unlock()

	b.cancel()
	b.wg.Wait()
	return b.rdb.Close()
}

// closing reports whether Close has begun.
func (b *Backplane) closing() bool {
	return b.closed.Load()
}

// notify leaves a wake-up in ch, a channel of capacity 1, unless one is
// already waiting there. It never blocks, and wake-ups given before the
// receiver looks count as one.
func notify(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// wakePubSub asks the Pub/Sub loop to update its subscriptions.
func (b *Backplane) wakePubSub() {
	notify(b.resync)
}
