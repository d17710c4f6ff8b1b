package runtime

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"
)

// MemoryConfig configures the in-memory backplane. The zero value is ready
// to use.
type MemoryConfig struct {
	// HistorySize is how many events each topic keeps for replay
	// (default 1000; negative keeps none).
	HistorySize int
	// HistoryAge drops events older than this from the history
	// (0 keeps them until HistorySize pushes them out).
	HistoryAge time.Duration
	// now is replaced by tests that move time.
	now func() time.Time
}

// MemoryBackplane keeps topics, their history and their subscribers in
// this process: the default when one process serves every stream.
//
// Ids are decimal numbers, increasing by one within a topic. A topic's
// numbering starts at the time (in microseconds) the process first used
// the topic, so ids handed out by an earlier process are older than any
// this process holds: such an id gets a resync, never a wrong replay.
type MemoryBackplane struct {
	cfg    MemoryConfig
	mu     sync.Mutex
	topics map[string]*memTopic
	closed bool
	// publishes counts Publish calls, to sweep idle topics now and then.
	publishes uint64
}

// ErrBackplaneClosed is returned by a closed backplane.
var ErrBackplaneClosed = errors.New("ssegen: backplane closed")

// sweepEvery is how many publishes pass between sweeps of idle topics.
const sweepEvery = 4096

// memTopic is one topic's history ring and subscribers.
type memTopic struct {
	mu   sync.Mutex
	base uint64 // id before the topic's first event
	seq  uint64 // id of the newest event (base when none)
	// ring holds the history, oldest at head.
	ring  []memEvent
	head  int
	count int
	subs  map[*memSub]struct{}
	// gone is set when a sweep forgot the topic; whoever finds it so
	// looks the topic up again.
	gone bool
}

type memEvent struct {
	ev Event
	at time.Time
}

type memSub struct{ deliver func(Event) }

// NewMemoryBackplane returns an in-memory backplane.
func NewMemoryBackplane(cfg MemoryConfig) *MemoryBackplane {
	if cfg.HistorySize == 0 {
		cfg.HistorySize = 1000
	}
	if cfg.HistorySize < 0 {
		cfg.HistorySize = 0
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	return &MemoryBackplane{cfg: cfg, topics: map[string]*memTopic{}}
}

// topic returns the topic's state, creating it on first use.
func (b *MemoryBackplane) topic(name string) (*memTopic, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, ErrBackplaneClosed
	}
	t := b.topics[name]
	if t == nil {
		base := uint64(b.cfg.now().UnixMicro())
		t = &memTopic{base: base, seq: base, ring: make([]memEvent, b.cfg.HistorySize), subs: map[*memSub]struct{}{}}
		b.topics[name] = t
	}
	return t, nil
}

// lockTopic returns the topic, locked and not forgotten by a sweep.
func (b *MemoryBackplane) lockTopic(name string) (*memTopic, error) {
	for {
		t, err := b.topic(name)
		if err != nil {
			return nil, err
		}
		t.mu.Lock()
		if !t.gone {
			return t, nil
		}
		t.mu.Unlock()
	}
}

// sweep forgets topics without subscribers whose history has expired, so
// that a process touching many short-lived channels does not grow
// forever. A client positioned in a forgotten topic gets a resync.
func (b *MemoryBackplane) sweep(now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for name, t := range b.topics {
		t.mu.Lock()
		t.expire(now, b.cfg.HistoryAge)
		if len(t.subs) == 0 && t.count == 0 {
			t.gone = true
			delete(b.topics, name)
		}
		t.mu.Unlock()
	}
}

// Publish stores the event and hands it to every subscriber of the topic
// before returning, so a publisher's events reach local subscribers in
// the order of its calls. deliver callbacks must not block.
func (b *MemoryBackplane) Publish(_ context.Context, topic, name string, data []byte) (Event, error) {
	now := b.cfg.now()
	b.mu.Lock()
	b.publishes++
	sweep := b.publishes%sweepEvery == 0
	b.mu.Unlock()
	if sweep {
		b.sweep(now)
	}
	t, err := b.lockTopic(topic)
	if err != nil {
		return Event{}, err
	}
	defer t.mu.Unlock()
	t.seq++
	ev := Event{Topic: topic, ID: strconv.FormatUint(t.seq, 10), Name: name, Data: append([]byte(nil), data...)}
	if n := len(t.ring); n > 0 {
		if t.count == n {
			t.head = (t.head + 1) % n
			t.count--
		}
		t.ring[(t.head+t.count)%n] = memEvent{ev: ev, at: now}
		t.count++
	}
	t.expire(now, b.cfg.HistoryAge)
	for s := range t.subs {
		s.deliver(ev)
	}
	return ev, nil
}

// expire drops events older than age from the head of the ring.
func (t *memTopic) expire(now time.Time, age time.Duration) {
	if age <= 0 {
		return
	}
	for t.count > 0 && now.Sub(t.ring[t.head].at) > age {
		t.ring[t.head] = memEvent{}
		t.head = (t.head + 1) % len(t.ring)
		t.count--
	}
}

// Subscribe registers deliver for the topic's future events.
func (b *MemoryBackplane) Subscribe(topic string, deliver func(Event)) (cancel func(), err error) {
	cancel, _, err = b.SubscribeAt(topic, deliver)
	return cancel, err
}

// SubscribeAt is Subscribe that also returns the id of the topic's newest
// event when delivery began: deliver gets every event after it.
func (b *MemoryBackplane) SubscribeAt(topic string, deliver func(Event)) (cancel func(), after string, err error) {
	t, err := b.lockTopic(topic)
	if err != nil {
		return nil, "", err
	}
	s := &memSub{deliver: deliver}
	t.subs[s] = struct{}{}
	after = strconv.FormatUint(t.seq, 10)
	t.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			t.mu.Lock()
			delete(t.subs, s)
			t.mu.Unlock()
		})
	}, after, nil
}

// Since returns the events after id. ok is false when id is malformed,
// newer than the topic's newest event, or older than its history.
func (b *MemoryBackplane) Since(_ context.Context, topic, id string) ([]Event, bool, error) {
	if id == "" {
		return nil, true, nil
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || strconv.FormatUint(n, 10) != id {
		return nil, false, nil
	}
	t, err := b.lockTopic(topic)
	if err != nil {
		return nil, false, err
	}
	defer t.mu.Unlock()
	t.expire(b.cfg.now(), b.cfg.HistoryAge)
	if n > t.seq || n < t.base {
		return nil, false, nil
	}
	if n == t.seq {
		return nil, true, nil
	}
	// Events base+1 .. seq were issued; the ring holds the newest count.
	oldest := t.seq - uint64(t.count) + 1
	if n+1 < oldest {
		return nil, false, nil
	}
	skip := int(n + 1 - oldest)
	out := make([]Event, 0, t.count-skip)
	for i := skip; i < t.count; i++ {
		out = append(out, t.ring[(t.head+i)%len(t.ring)].ev)
	}
	return out, true, nil
}

// Latest returns the id of the topic's newest event, or the id before its
// first one when it has none: a client positioned there misses nothing.
func (b *MemoryBackplane) Latest(_ context.Context, topic string) (string, error) {
	t, err := b.lockTopic(topic)
	if err != nil {
		return "", err
	}
	defer t.mu.Unlock()
	return strconv.FormatUint(t.seq, 10), nil
}

// Compare orders two decimal ids; without leading zeros the longer one is
// the larger, and equal lengths compare as strings.
func (b *MemoryBackplane) Compare(a, c string) int {
	switch {
	case len(a) < len(c):
		return -1
	case len(a) > len(c):
		return 1
	case a < c:
		return -1
	case a > c:
		return 1
	}
	return 0
}

// Close drops every topic; later calls fail with ErrBackplaneClosed.
// It is safe to call more than once.
func (b *MemoryBackplane) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.topics = map[string]*memTopic{}
	b.closed = true
	return nil
}

// LatestIDer is an optional Backplane method: the id a client that has
// seen everything so far is positioned at. The handler sends it as a
// bare id field on connect, so that a client reconnecting before its
// first event resumes without a gap.
type LatestIDer interface {
	Latest(ctx context.Context, topic string) (string, error)
}

var (
	_ Backplane            = (*MemoryBackplane)(nil)
	_ LatestIDer           = (*MemoryBackplane)(nil)
	_ PositionedSubscriber = (*MemoryBackplane)(nil)
)
