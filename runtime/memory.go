package runtime

import (
	"container/heap"
	"context"
	"errors"
	"hash/maphash"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// MemoryConfig configures the in-memory backplane. The zero value is ready
// to use.
type MemoryConfig struct {
	// HistorySize is how many events each topic keeps for replay, at
	// most (default 1000; negative keeps none). A topic's history takes
	// memory for the events it holds, not for HistorySize.
	HistorySize int
	// HistoryAge drops events older than this from the history, on a
	// timer, so that a topic nobody follows is freed once its events are
	// that old (0 keeps them until HistorySize pushes them out).
	HistoryAge time.Duration
	// now is replaced by tests that move time.
	now func() time.Time
}

// MemoryBackplane keeps topics, their history and their subscribers in
// this process: the default when one process serves every stream.
//
// Memory follows what is held: a topic exists while it has subscribers
// or history, and its history grows and shrinks with the events it
// holds. A topic without either is freed at once, and asking about one
// (Since, Latest) does not create it.
//
// Ids are decimal numbers, increasing by one within a topic. A topic's
// numbering starts at the time (in microseconds) the topic was made, and
// above every id the backplane handed out before, so ids handed out by an
// earlier process, or by an earlier life of a freed topic, are never
// reused: such an id is replayed when nothing after it was lost, and
// gets a resync otherwise, never a wrong replay.
type MemoryBackplane struct {
	cfg    MemoryConfig
	mu     sync.Mutex
	topics map[string]*memTopic
	closed bool
	// high is the highest id handed out as a position of a topic that
	// did not exist, or held by a freed topic: new topics number above
	// it. Ids of live topics may run ahead of it.
	high uint64
	// lost bounds, per bucket of topic names, the ids whose successors
	// may have been forgotten with a freed topic: a position below it,
	// in a topic that was freed since, gets a resync. It starts at the
	// backplane's birth, before which nothing is known. Buckets keep it
	// one topic's business in all but a few collisions, at a fixed cost.
	// Written with b.mu held; read without it, under a topic's lock.
	lost [lostBuckets]atomic.Uint64
	seed maphash.Seed
	peak mapPeak // of topics

	// expiries holds, for each topic with history, when its oldest event
	// expires (HistoryAge set): one timer for the soonest serves them
	// all, so that expiry costs no goroutine per topic.
	expiries expiryHeap
	expTimer *time.Timer
	expAt    int64 // when expTimer is due, on cfg.now's clock
}

// lostBuckets is the number of lost watermarks: 8 KiB per backplane.
const lostBuckets = 1024

// ErrBackplaneClosed is returned by a closed backplane.
var ErrBackplaneClosed = errors.New("ssegen: backplane closed")

// memTopic is one topic's history and subscribers.
type memTopic struct {
	name string
	mu   sync.Mutex
	base uint64 // id before the topic's first event
	seq  uint64 // id of the newest event (base when none)
	// ring holds the history, oldest at head; it grows up to HistorySize
	// as events come and shrinks as they expire.
	ring  []memEvent
	head  int
	count int
	subs  []*memSub
	// scheduled is set while the topic is in the backplane's expiries;
	// it is cleared only with both locks held.
	scheduled atomic.Bool
	// gone is set when the topic was freed; whoever finds it so looks
	// the topic up again.
	gone bool
}

type memEvent struct {
	ev Event
	at int64 // when published, Unix nanoseconds
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
	b := &MemoryBackplane{cfg: cfg, topics: map[string]*memTopic{}, seed: maphash.MakeSeed()}
	birth := uint64(cfg.now().UnixMicro())
	b.high = birth
	for i := range b.lost {
		b.lost[i].Store(birth)
	}
	return b
}

// clock returns an id above every id handed out as a position of a
// missing topic or held by a freed one: the time in microseconds, or
// past it. Call with b.mu held.
func (b *MemoryBackplane) clock() uint64 {
	b.high = max(b.high, uint64(b.cfg.now().UnixMicro()))
	return b.high
}

// bucket returns the lost watermark of a topic.
func (b *MemoryBackplane) bucket(topic string) *atomic.Uint64 {
	return &b.lost[maphash.String(b.seed, topic)%lostBuckets]
}

// lockTopic returns the topic locked, making it when create is set; it
// returns nil (and no error) for a missing topic when create is not set.
func (b *MemoryBackplane) lockTopic(name string, create bool) (*memTopic, error) {
	for {
		b.mu.Lock()
		if b.closed {
			b.mu.Unlock()
			return nil, ErrBackplaneClosed
		}
		t := b.topics[name]
		if t == nil {
			if !create {
				b.mu.Unlock()
				return nil, nil
			}
			base := b.clock()
			t = &memTopic{name: name, base: base, seq: base}
			b.topics[name] = t
			b.peak.noteLen(len(b.topics))
		}
		b.mu.Unlock()
		t.mu.Lock()
		if !t.gone {
			return t, nil
		}
		t.mu.Unlock()
	}
}

// release frees t when it has neither subscribers nor history.
func (b *MemoryBackplane) release(t *memTopic) {
	b.mu.Lock()
	defer b.mu.Unlock()
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.gone && len(t.subs) == 0 && t.count == 0 {
		b.freeLocked(t)
	}
}

// freeLocked forgets t; call with b.mu and t.mu held. Its events, if it
// had any, are lost for resuming clients, and its ids stay taken.
func (b *MemoryBackplane) freeLocked(t *memTopic) {
	t.gone = true
	if b.topics[t.name] == t {
		delete(b.topics, t.name)
		b.topics = shrinkMap(b.topics, &b.peak)
	}
	t.ring = nil
	b.high = max(b.high, t.seq)
	if l := b.bucket(t.name); t.seq > t.base && t.seq > l.Load() {
		l.Store(t.seq)
	}
}

// Publish stores the event and hands it to every subscriber of the topic
// before returning, so a publisher's events reach local subscribers in
// the order of its calls. deliver callbacks must not block.
func (b *MemoryBackplane) Publish(_ context.Context, topic, name string, data []byte) (Event, error) {
	t, err := b.lockTopic(topic, true)
	if err != nil {
		return Event{}, err
	}
	now := b.cfg.now().UnixNano()
	t.seq++
	// The topic's own name is shared by its events: the caller's string
	// is often built for this call.
	ev := Event{Topic: t.name, ID: strconv.FormatUint(t.seq, 10), Name: name, Data: append([]byte(nil), data...)}
	schedule := false
	if b.cfg.HistorySize > 0 {
		t.push(memEvent{ev: ev, at: now}, b.cfg.HistorySize)
		t.expire(now, b.cfg.HistoryAge)
		// Read under t.mu: while set, the expiry run that clears it has
		// yet to look at this topic, and will see this event.
		schedule = b.cfg.HistoryAge > 0 && t.count > 0 && t.scheduled.CompareAndSwap(false, true)
	}
	for _, s := range t.subs {
		s.deliver(ev)
	}
	idle := len(t.subs) == 0 && t.count == 0
	var due int64
	if schedule {
		due = t.ring[t.head].at + int64(b.cfg.HistoryAge)
	}
	t.mu.Unlock()
	if schedule {
		b.mu.Lock()
		b.scheduleLocked(t, due)
		b.mu.Unlock()
	}
	if idle {
		b.release(t) // no history kept and nobody listening
	}
	return ev, nil
}

// push appends e to the history, growing the ring up to limit and then
// dropping the oldest event.
func (t *memTopic) push(e memEvent, limit int) {
	if t.count == len(t.ring) {
		if len(t.ring) < limit {
			t.resize(min(max(2*len(t.ring), 1), limit))
		} else {
			t.ring[t.head] = memEvent{}
			t.head = (t.head + 1) % len(t.ring)
			t.count--
		}
	}
	t.ring[(t.head+t.count)%len(t.ring)] = e
	t.count++
}

// resize moves the history into a ring of n slots, oldest first.
func (t *memTopic) resize(n int) {
	if n == 0 {
		t.ring, t.head = nil, 0
		return
	}
	ring := make([]memEvent, n)
	for i := range t.count {
		ring[i] = t.ring[(t.head+i)%len(t.ring)]
	}
	t.ring, t.head = ring, 0
}

// expire drops events older than age from the head of the ring, and
// shrinks the ring when it is mostly empty.
func (t *memTopic) expire(now int64, age time.Duration) {
	if age <= 0 || t.count == 0 {
		return
	}
	for t.count > 0 && now-t.ring[t.head].at > int64(age) {
		t.ring[t.head] = memEvent{}
		t.head = (t.head + 1) % len(t.ring)
		t.count--
	}
	if t.count == 0 || (len(t.ring) > 8 && t.count <= len(t.ring)/4) {
		t.resize(t.count * 2)
	}
}

// scheduleLocked adds t to the expiries, due at due, and brings the
// timer forward when t is the soonest. Call with b.mu held.
func (b *MemoryBackplane) scheduleLocked(t *memTopic, due int64) {
	if b.closed {
		return
	}
	heap.Push(&b.expiries, expiry{due: due, t: t})
	if b.expTimer != nil && due >= b.expAt {
		return
	}
	b.armLocked(due)
}

// armLocked sets the timer for due, on cfg.now's clock; it waits at least
// a millisecond so that one run handles events that expire together.
func (b *MemoryBackplane) armLocked(due int64) {
	wait := max(time.Duration(due-b.cfg.now().UnixNano()), 0) + time.Millisecond
	b.expAt = due
	if b.expTimer == nil {
		b.expTimer = time.AfterFunc(wait, b.expireDue)
		return
	}
	b.expTimer.Reset(wait)
}

// expireBatch bounds the topics one expiry run handles while holding the
// backplane's lock; the rest follow in the next run, at once.
const expireBatch = 4096

// expireDue drops the expired events of every topic that is due, frees
// those left with neither history nor subscribers, and sets the timer for
// the next.
func (b *MemoryBackplane) expireDue() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	now := b.cfg.now().UnixNano()
	for n := 0; len(b.expiries) > 0 && b.expiries[0].due <= now; n++ {
		if n == expireBatch {
			b.armLocked(now)
			return
		}
		t := heap.Pop(&b.expiries).(expiry).t
		t.mu.Lock()
		if !t.gone {
			t.expire(now, b.cfg.HistoryAge)
			switch {
			case t.count > 0:
				heap.Push(&b.expiries, expiry{due: t.ring[t.head].at + int64(b.cfg.HistoryAge), t: t})
			case len(t.subs) == 0:
				t.scheduled.Store(false)
				b.freeLocked(t)
			default:
				t.scheduled.Store(false)
			}
		}
		t.mu.Unlock()
	}
	if len(b.expiries) > 0 {
		b.armLocked(b.expiries[0].due)
	} else {
		b.expiries = nil
		b.expTimer.Stop()
		b.expTimer = nil
	}
}

// expiry is a topic and when its oldest event expires.
type expiry struct {
	due int64
	t   *memTopic
}

// expiryHeap orders expiries soonest first (container/heap).
type expiryHeap []expiry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].due < h[j].due }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	old[len(old)-1] = expiry{}
	*h = old[:len(old)-1]
	if cap(*h) > 64 && len(*h) <= cap(*h)/4 {
		*h = append(expiryHeap(nil), *h...)
	}
	return x
}

// Subscribe registers deliver for the topic's future events.
func (b *MemoryBackplane) Subscribe(topic string, deliver func(Event)) (cancel func(), err error) {
	cancel, _, err = b.SubscribeAt(topic, deliver)
	return cancel, err
}

// SubscribeAt is Subscribe that also returns the id of the topic's newest
// event when delivery began: deliver gets every event after it.
func (b *MemoryBackplane) SubscribeAt(topic string, deliver func(Event)) (cancel func(), after string, err error) {
	t, err := b.lockTopic(topic, true)
	if err != nil {
		return nil, "", err
	}
	s := &memSub{deliver: deliver}
	t.subs = append(t.subs, s)
	after = strconv.FormatUint(t.seq, 10)
	t.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			t.mu.Lock()
			for i, x := range t.subs {
				if x == s {
					last := len(t.subs) - 1
					t.subs[i], t.subs[last] = t.subs[last], nil
					t.subs = t.subs[:last]
					break
				}
			}
			if len(t.subs) == 0 {
				t.subs = nil
			}
			idle := len(t.subs) == 0 && t.count == 0
			t.mu.Unlock()
			if idle {
				b.release(t)
			}
		})
	}, after, nil
}

// Since returns the events after id. ok is false when id is malformed,
// newer than the topic's newest event, older than its history, or older
// than a life of the topic whose events were forgotten.
func (b *MemoryBackplane) Since(_ context.Context, topic, id string) ([]Event, bool, error) {
	if id == "" {
		return nil, true, nil
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || strconv.FormatUint(n, 10) != id {
		return nil, false, nil
	}
	t, err := b.lockTopic(topic, false)
	if err != nil {
		return nil, false, err
	}
	if t == nil {
		// No subscribers and no history: nothing happened after id
		// unless a life of the topic after id was forgotten.
		b.mu.Lock()
		defer b.mu.Unlock()
		return nil, n >= b.bucket(topic).Load() && n <= b.high, nil
	}
	defer t.mu.Unlock()
	t.expire(b.cfg.now().UnixNano(), b.cfg.HistoryAge)
	if n > t.seq {
		return nil, false, nil
	}
	if n == t.seq {
		return nil, true, nil
	}
	// Events base+1 .. seq were issued; the ring holds the newest count.
	oldest := t.seq - uint64(t.count) + 1
	if n < t.base {
		// From before this life of the topic: every event of this life
		// must still be held, and no earlier life's lost. (b.mu may not
		// be taken under t.mu; an earlier life was freed, and its
		// watermark raised, before this one was made.)
		if n < b.bucket(topic).Load() || oldest != t.base+1 {
			return nil, false, nil
		}
		n = t.base
	}
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

// Latest returns the id of the topic's newest event, or, for a topic
// without one, an id before its first: a client positioned there misses
// nothing. It does not make a missing topic.
func (b *MemoryBackplane) Latest(_ context.Context, topic string) (string, error) {
	t, err := b.lockTopic(topic, false)
	if err != nil {
		return "", err
	}
	if t == nil {
		b.mu.Lock()
		defer b.mu.Unlock()
		return strconv.FormatUint(b.clock(), 10), nil
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
	for _, t := range b.topics {
		t.mu.Lock()
		t.gone = true
		t.mu.Unlock()
	}
	b.topics = map[string]*memTopic{}
	if b.expTimer != nil {
		b.expTimer.Stop()
		b.expTimer = nil
	}
	b.expiries = nil
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
