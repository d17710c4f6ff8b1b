package redisbp

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/ssegen/ssegen/runtime"
)

// Subscribe calls deliver for each event of topic published, on any node,
// after Subscribe returns: in id order, one call at a time, from a
// goroutine of the topic. The first subscription of a topic on this node
// asks Redis where the topic stands, and fails when Redis is unreachable;
// later ones need no Redis. Once cancel returns, deliver is not called
// again, except for a call that was already under way.
func (b *Backplane) Subscribe(topic string, deliver func(runtime.Event)) (cancel func(), err error) {
	cancel, _, err = b.SubscribeAt(topic, deliver)
	return cancel, err
}

// SubscribeAt is Subscribe that also returns the id after which deliver
// gets every event of topic (runtime.PositionedSubscriber): the newest id
// when the topic's first subscription here began, or the last one this
// node delivered of it since.
func (b *Backplane) SubscribeAt(topic string, deliver func(runtime.Event)) (cancel func(), after string, err error) {
	switch {
	case topic == "":
		return nil, "", errors.New("redisbp: subscribe: empty topic")
	case deliver == nil:
		return nil, "", fmt.Errorf("redisbp: subscribe to %q: nil deliver function", topic)
	}
	s := &subscription{deliver: deliver}
	f, err := b.join(topic, s, "")
	if err != nil {
		return nil, "", err
	}
	if f == nil {
		if b.down.Load() {
			// Fail at once (the client gets its 503 and retries) rather
			// than wait for dial retries that the Pub/Sub loop already
			// knows to be failing.
			return nil, "", fmt.Errorf("redisbp: subscribe to %q: %w", topic, errUnreachable)
		}
		ctx, done := context.WithTimeout(b.ctx, b.cfg.Timeout)
		start, err := b.lastID(ctx, topic)
		done()
		if err != nil {
			return nil, "", fmt.Errorf("redisbp: subscribe to %q: %w", topic, err)
		}
		if f, err = b.join(topic, s, start); err != nil {
			return nil, "", err
		}
	}
	var once sync.Once
	// s.from was settled by the follower's add, under its lock, in this
	// goroutine.
	return func() { once.Do(func() { b.leave(f, s) }) }, s.from, nil
}

// join adds s to the topic's follower. With no follower yet, it starts one
// from position start, or returns nil when start is empty (unknown).
func (b *Backplane) join(topic string, s *subscription, start string) (*follower, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing() {
		return nil, errClosed
	}
	s.from = start
	if f := b.topics[topic]; f != nil {
		f.add(s)
		return f, nil
	}
	if start == "" {
		return nil, nil
	}
	f := newFollower(b, topic, start)
	f.add(s)
	b.topics[topic] = f
	b.topicsPeak = max(b.topicsPeak, len(b.topics))
	b.dirty[topic] = struct{}{}
	b.wakePubSub()
	return f, nil
}

// leave removes s, and stops following the topic when s was its last
// subscription here.
func (b *Backplane) leave(f *follower, s *subscription) {
	s.cancelled.Store(true)
	b.mu.Lock()
	defer b.mu.Unlock()
	if f.remove(s) == 0 && b.topics[f.topic] == f {
		delete(b.topics, f.topic)
		b.topics = shrunk(b.topics, &b.topicsPeak)
		b.dirty[f.topic] = struct{}{}
		f.stop()
		b.wakePubSub()
	}
}

// lastID is the id of the newest event of topic, or 0-0 when it has none.
func (b *Backplane) lastID(ctx context.Context, topic string) (string, error) {
	info, err := b.rdb.XInfoStream(ctx, b.streamKey(topic)).Result()
	switch {
	case isNoSuchKey(err):
		return zeroID, nil
	case err != nil:
		return "", err
	}
	return info.LastGeneratedID, nil
}

// Latest is the id of the newest event of topic, or 0-0 when it has none
// (0-0 resumes as "everything", which Since allows while nothing of the
// topic has been trimmed). It implements runtime.LatestIDer, so that a
// client positioned before any event arrives resumes without a gap.
func (b *Backplane) Latest(ctx context.Context, topic string) (string, error) {
	if b.closing() {
		return "", errClosed
	}
	id, err := b.lastID(ctx, topic)
	if err != nil {
		return "", fmt.Errorf("redisbp: latest id of %q: %w", topic, err)
	}
	return id, nil
}
