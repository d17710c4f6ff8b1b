package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// HubConfig configures a Hub. The zero value is ready to use.
type HubConfig struct {
	// Backplane stores and distributes events; nil uses a new
	// MemoryBackplane with its defaults.
	Backplane Backplane
	// QueueSize is how many events may wait for one connection before it
	// is disconnected as too slow (default 1024).
	QueueSize int
	// OnPresence, if set, is called after the number of subscribers of a
	// topic changed, with the new number. Calls for one topic may
	// interleave; Presence gives the current number. With a
	// ClusterBackplane the number counts every node and is reported on
	// every node, coalesced (see ClusterBackplane); otherwise it counts
	// this process.
	OnPresence func(topic string, n int)
	// OnDelivered, if set, is called for every live event written to a
	// client, with the event's stream and the time from the hub fanning
	// the event out (in one process: Publish) to the write that carried
	// it returning. It is called from connection and publishing
	// goroutines at once, so it must be safe for that and quick;
	// runtime/promsse observes latency histograms with it. Unset, it
	// costs nothing.
	OnDelivered func(stream string, latency time.Duration)
	// Logger receives events that matter (slow clients dropped, backplane
	// errors). Nil logs nothing.
	Logger *slog.Logger
}

// Hub fans events out to the subscribers of this process. Publish hands
// an event to the backplane; the backplane hands it back to the hub of
// every node subscribed to the topic, which builds its frame once and
// queues it for each local subscriber without blocking.
type Hub struct {
	bp         Backplane
	cluster    ClusterBackplane // bp, when it shares presence and closing
	queue      int
	onPresence func(string, int)
	log        *slog.Logger
	m          counters
	// budget, if set, replaces the direct-write budget a fan-out
	// learnt (directPace) in tests and benchmarks.
	budget func(learnt time.Duration) time.Duration
	// epoch and pushed tell the time since the hub's previous fan-out
	// of any topic (pushed: since epoch, in nanoseconds).
	epoch  time.Time
	pushed atomic.Int64
	// onDelivered is HubConfig.OnDelivered (observe.go).
	onDelivered func(string, time.Duration)

	mu     sync.Mutex
	topics map[string]*hubTopic
	peak   mapPeak         // of topics
	closed map[string]bool // topics closed by CloseChannel
	subs   int             // local subscribers (connections)
}

// hubTopic is a topic with local subscribers.
type hubTopic struct {
	name string
	// ready is closed once the backplane subscription is settled: cancel
	// set, or err when it failed.
	ready  chan struct{}
	err    error
	cancel func()
	// start is where the backplane subscription began delivering, when
	// the backplane tells it (PositionedSubscriber); set before ready.
	start string
	mu    sync.Mutex
	subs  []*subscriber
	// last is the id of the newest event pushed to subs: a subscriber
	// added now gets every event after it.
	last string
	// pace is how long its fan-outs may write directly (direct.go).
	pace directPace
}

// NewHub returns a hub over cfg.Backplane.
func NewHub(cfg HubConfig) *Hub {
	h := &Hub{bp: cfg.Backplane, queue: cfg.QueueSize, onPresence: cfg.OnPresence, onDelivered: cfg.OnDelivered, log: cfg.Logger, topics: map[string]*hubTopic{}, closed: map[string]bool{}, epoch: time.Now()}
	if h.bp == nil {
		h.bp = NewMemoryBackplane(MemoryConfig{})
	}
	if h.queue <= 0 {
		h.queue = 1024
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.joinCluster()
	return h
}

// Backplane returns the hub's backplane.
func (h *Hub) Backplane() Backplane { return h.bp }

// Publish sends an event to every subscriber of stream/channel on every
// node and returns its id. It refuses malformed names and data with an
// error wrapping ErrInvalid, and never waits for a subscriber.
//
// With the in-memory backplane the event is fanned out on the calling
// goroutine before Publish returns, and below saturation that includes
// writing it to idle hijacked streams' sockets (without waiting, and for
// at most half the time since the topic's previous event): a publish to
// thousands of such streams takes milliseconds of the caller's time.
func (h *Hub) Publish(ctx context.Context, stream, channel, event string, data []byte) (string, error) {
	if err := checkPublish(stream, channel, event, data); err != nil {
		return "", err
	}
	ev, err := h.bp.Publish(ctx, Topic(stream, channel), event, data)
	if err != nil {
		return "", fmt.Errorf("ssegen: publish %s to %s: %w", event, Topic(stream, channel), err)
	}
	h.m.published.Add(1)
	return ev.ID, nil
}

// checkPublish validates what Publish and CloseChannel are given.
func checkPublish(stream, channel, event string, data []byte) error {
	if err := checkName("stream", stream, maxKeyLen); err != nil {
		return err
	}
	if err := checkName("channel", channel, 2*maxKeyLen); err != nil {
		return err
	}
	if err := checkEventName(event); err != nil {
		return err
	}
	return checkData(data)
}

// Presence returns the number of subscribers of a topic
// (stream + "/" + channel): on every node with a ClusterBackplane, else in
// this process.
func (h *Hub) Presence(topic string) int {
	if h.cluster != nil {
		return h.cluster.Count(topic)
	}
	return h.localPresence(topic)
}

// localPresence is the number of this process's subscribers of a topic.
func (h *Hub) localPresence(topic string) int {
	h.mu.Lock()
	t := h.topics[topic]
	h.mu.Unlock()
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.subs)
}

// errLimit and errClosed tell the handler why join refused.
var (
	errLimit  = errors.New("ssegen: subscriber limit reached")
	errClosed = errors.New("ssegen: channel closed")
)

// limits are the handler's subscriber limits; zero means none.
type limits struct{ total, perTopic int }

// join subscribes s to topics, all or none. Live events are queued from
// the moment join returns.
//
// A topic new to this hub is subscribed on the backplane outside the
// hub's lock, since that may take a network round trip: joiners of the
// same topic wait for it, joiners of other topics do not.
func (h *Hub) join(s *subscriber, topics []string, lim limits) error {
	h.mu.Lock()
	if lim.total > 0 && h.subs >= lim.total {
		h.mu.Unlock()
		return errLimit
	}
	for _, name := range topics {
		if h.closed[name] || h.clusterClosed(name) {
			h.mu.Unlock()
			return errClosed
		}
		if t := h.topics[name]; t != nil && lim.perTopic > 0 && t.count() >= lim.perTopic {
			h.mu.Unlock()
			return errLimit
		}
	}
	joined := make([]*hubTopic, 0, len(topics))
	// at is where each topic's live events start for s: the last event
	// pushed before s was added, or, when none was, the subscription's
	// start (known once it is ready).
	at := make([]string, len(topics))
	var fresh []*hubTopic
	for i, name := range topics {
		t := h.topics[name]
		if t == nil {
			t = &hubTopic{name: name, ready: make(chan struct{})}
			h.topics[name] = t
			h.peak.noteLen(len(h.topics))
			fresh = append(fresh, t)
		}
		t.mu.Lock()
		t.subs = append(t.subs, s)
		at[i] = t.last
		t.mu.Unlock()
		joined = append(joined, t)
	}
	h.subs++
	h.mu.Unlock()
	h.m.subscriptions.Add(int64(len(topics)))

	for _, t := range fresh {
		h.subscribe(t)
	}
	var err error
	for i, t := range joined {
		<-t.ready
		if t.err != nil && err == nil {
			err = t.err
		}
		if at[i] == "" {
			at[i] = t.start
		}
	}
	if err != nil {
		h.abandon(s, joined)
		return err
	}
	s.joinedAt = at
	h.notify(joined)
	return nil
}

// abandon undoes a join that failed. It works on the topics themselves,
// since a failed one is no longer in the hub's map.
func (h *Hub) abandon(s *subscriber, joined []*hubTopic) {
	h.mu.Lock()
	removed := 0
	for _, t := range joined {
		if h.removeLocked(t, s) {
			removed++
		}
	}
	h.subs--
	h.mu.Unlock()
	h.m.subscriptions.Add(-int64(removed))
}

// subscribe subscribes t on the backplane and opens its gate. On failure
// the topic is forgotten at once, so that the next joiner tries afresh.
func (h *Hub) subscribe(t *hubTopic) {
	defer close(t.ready)
	deliver := func(ev Event) { h.fanout(t, ev) }
	var cancel func()
	var err error
	if p, ok := h.bp.(PositionedSubscriber); ok {
		cancel, t.start, err = p.SubscribeAt(t.name, deliver)
	} else {
		cancel, err = h.bp.Subscribe(t.name, deliver)
	}
	if err != nil {
		h.log.Error("ssegen: backplane subscribe failed", "topic", t.name, "err", err)
		t.err = fmt.Errorf("ssegen: subscribe to %s: %w", t.name, err)
		h.mu.Lock()
		if h.topics[t.name] == t {
			delete(h.topics, t.name)
			h.topics = shrinkMap(h.topics, &h.peak)
		}
		h.mu.Unlock()
		return
	}
	t.cancel = cancel
}

// leave unsubscribes s from topics.
func (h *Hub) leave(s *subscriber, topics []string) {
	h.mu.Lock()
	left := make([]*hubTopic, 0, len(topics))
	for _, name := range topics {
		if t := h.topics[name]; t != nil && h.removeLocked(t, s) {
			left = append(left, t)
		}
	}
	h.subs--
	h.mu.Unlock()
	h.m.subscriptions.Add(-int64(len(left)))
	h.notify(left)
}

// leaveTopic unsubscribes s from one topic but keeps it counted as a
// subscriber (a multiplexed connection whose channel was closed).
func (h *Hub) leaveTopic(s *subscriber, topic string) {
	h.mu.Lock()
	t := h.topics[topic]
	ok := t != nil && h.removeLocked(t, s)
	h.mu.Unlock()
	if ok {
		h.m.subscriptions.Add(-1)
		h.notify([]*hubTopic{t})
	}
}

// removeLocked removes s from t, and t from the hub when it was the last
// subscriber. It reports whether s was there.
func (h *Hub) removeLocked(t *hubTopic, s *subscriber) bool {
	t.mu.Lock()
	found := false
	for i, x := range t.subs {
		if x == s {
			last := len(t.subs) - 1
			t.subs[i] = t.subs[last]
			t.subs[last] = nil
			t.subs = t.subs[:last]
			found = true
			break
		}
	}
	empty := len(t.subs) == 0
	t.mu.Unlock()
	if empty && h.topics[t.name] == t {
		// Every subscriber of t waited for its gate before it could
		// leave, so cancel is settled here.
		delete(h.topics, t.name)
		h.topics = shrinkMap(h.topics, &h.peak)
		if t.cancel != nil {
			t.cancel()
		}
	}
	return found
}

func (t *hubTopic) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.subs)
}

// notify tells OnPresence the new counts of topics.
func (h *Hub) notify(ts []*hubTopic) {
	if h.cluster != nil {
		for _, t := range ts {
			h.cluster.LocalChanged(t.name)
		}
		return
	}
	if h.onPresence == nil {
		return
	}
	for _, t := range ts {
		h.onPresence(t.name, t.count())
	}
}

// fanout builds ev's frame once and queues it for every local subscriber.
func (h *Hub) fanout(t *hubTopic, ev Event) {
	f, err := newFrame(ev)
	if err != nil {
		h.log.Error("ssegen: backplane delivered a malformed event", "topic", ev.Topic, "err", err)
		return
	}
	h.push(t, f)
}

// push queues f for t's subscribers. Subscribers it ends as too slow
// leave the topic at once, so that presence and later publishes no
// longer count them while their connection finishes.
func (h *Hub) push(t *hubTopic, f *frame) {
	t.mu.Lock()
	if !f.closes {
		t.last = f.id
	}
	now := time.Now()
	h.stamp(f, now)
	sinceAny := now.Sub(h.epoch) - time.Duration(h.pushed.Swap(int64(now.Sub(h.epoch))))
	budget := t.pace.next(now, sinceAny)
	if h.budget != nil {
		budget = h.budget(budget)
	}
	run := directRuns.Get().(*directRun)
	run.write = budget > 0
	kept := t.subs[:0]
	for i, s := range t.subs {
		// Past its budget the fan-out only queues (checked every few
		// subscribers: reading the clock costs too).
		if run.write && i%16 == 15 && time.Since(now) > budget {
			run.write, run.ranOut = false, true
		}
		if s.push(f, run) {
			kept = append(kept, s)
		}
	}
	t.pace.settle(run, len(t.subs))
	if run.written > 0 {
		h.m.delivered.Add(run.written)
		h.m.direct.Add(run.written)
	}
	*run = directRun{scratch: run.scratch[:0]}
	directRuns.Put(run)
	dropped := len(t.subs) - len(kept)
	clear(t.subs[len(kept):])
	t.subs = kept
	t.mu.Unlock()
	if dropped > 0 {
		h.m.dropped.Add(uint64(dropped))
		h.m.subscriptions.Add(-int64(dropped))
		// push runs inside the backplane's delivery, maybe under its
		// locks: an OnPresence that publishes must not run here.
		go h.notify([]*hubTopic{t})
	}
}

// CloseChannel ends a channel: it publishes a final event (for example
// the one htmx's sse-close listens for), ends the channel's connections
// after that event, and answers 204 to later requests for it until
// ReopenChannel. Without a ClusterBackplane this holds in this process
// only: other nodes receive the final event but keep their connections.
// With one it holds on every node, for as long as the backplane keeps a
// close (runtime/redisbp: Config.CloseTTL).
func (h *Hub) CloseChannel(ctx context.Context, stream, channel, event string, data []byte) error {
	if err := checkPublish(stream, channel, event, data); err != nil {
		return err
	}
	topic := Topic(stream, channel)
	h.mu.Lock()
	h.closed[topic] = true
	h.mu.Unlock()
	ev, err := h.bp.Publish(ctx, topic, event, data)
	if err != nil {
		return fmt.Errorf("ssegen: close %s: %w", topic, err)
	}
	h.m.published.Add(1)
	if err := h.closeOnCluster(ctx, ev); err != nil {
		return err
	}
	f, err := newFrame(ev)
	if err != nil {
		return err
	}
	// The final frame is queued again, marked as closing: a connection
	// that already got it from the backplane skips the duplicate by id but
	// still ends.
	f.closes = true
	h.mu.Lock()
	t := h.topics[topic]
	h.mu.Unlock()
	if t != nil {
		h.push(t, f)
	}
	return nil
}

// ReopenChannel lets clients subscribe again to a channel closed by
// CloseChannel, on every node with a ClusterBackplane (a failure to tell
// the others is logged).
func (h *Hub) ReopenChannel(stream, channel string) {
	h.mu.Lock()
	delete(h.closed, Topic(stream, channel))
	h.mu.Unlock()
	h.reopenOnCluster(Topic(stream, channel))
}

// isClosed reports whether CloseChannel closed the topic.
func (h *Hub) isClosed(topic string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed[topic] || h.clusterClosed(topic)
}

// Close releases the backplane.
func (h *Hub) Close() error { return h.bp.Close() }

// The hub is what generated publishers are given.
var _ Publisher = (*Hub)(nil)
