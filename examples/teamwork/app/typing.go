package app

import (
	"context"
	"sync"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
)

// typingTracker turns keystrokes into UserTyping when someone starts and
// UserStoppedTyping when they have not typed for the timeout, so the
// streams carry two events per burst of typing, not one per key.
type typingTracker struct {
	a       *App
	timeout time.Duration

	mu     sync.Mutex
	timers map[typist]*time.Timer
	closed bool
}

type typist struct{ board, user string }

func newTypingTracker(a *App, timeout time.Duration) *typingTracker {
	return &typingTracker{a: a, timeout: timeout, timers: make(map[typist]*time.Timer)}
}

// keystroke records that user typed on board just now.
func (t *typingTracker) keystroke(ctx context.Context, board, user string) error {
	k := typist{board, user}
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	timer, already := t.timers[k]
	if already {
		timer.Reset(t.timeout)
	} else {
		t.timers[k] = time.AfterFunc(t.timeout, func() { t.expire(k) })
	}
	t.mu.Unlock()

	unlock, err := t.a.store.Lock(ctx, board)
	if err != nil {
		return err
	}
	defer unlock()
	// The store's entry outlives the timer a little, so that it lapses by
	// itself only if this node died before it could clear it.
	users, err := t.a.store.SetTyping(ctx, board, user, time.Now().Add(t.timeout+time.Second))
	if err != nil || already {
		return err
	}
	return t.a.frags.PublishUserTyping(ctx, sse.UserTyping{BoardID: board, User: user, Typing: nonNil(users)})
}

// expire runs when someone's timer fires.
func (t *typingTracker) expire(k typist) {
	t.mu.Lock()
	delete(t.timers, k)
	closed := t.closed
	t.mu.Unlock()
	if closed {
		return
	}
	ctx, cancel := bg()
	defer cancel()
	if err := t.publishStop(ctx, k); err != nil {
		t.a.log.Error("typing: clear", "board", k.board, "err", err)
	}
}

// stop ends someone's typing at once, for example when they add the task.
func (t *typingTracker) stop(ctx context.Context, board, user string) error {
	k := typist{board, user}
	t.mu.Lock()
	timer, ok := t.timers[k]
	if ok {
		timer.Stop()
		delete(t.timers, k)
	}
	t.mu.Unlock()
	if !ok {
		return nil
	}
	return t.publishStop(ctx, k)
}

func (t *typingTracker) publishStop(ctx context.Context, k typist) error {
	unlock, err := t.a.store.Lock(ctx, k.board)
	if err != nil {
		return err
	}
	defer unlock()
	users, err := t.a.store.SetTyping(ctx, k.board, k.user, time.Time{})
	if err != nil {
		return err
	}
	return t.a.frags.PublishUserStoppedTyping(ctx, sse.UserStoppedTyping{BoardID: k.board, User: k.user, Typing: nonNil(users)})
}

// close stops every timer; no typing event is published after it returns.
func (t *typingTracker) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	for k, timer := range t.timers {
		timer.Stop()
		delete(t.timers, k)
	}
}

// nonNil makes an empty list [] on the wire rather than null, which the
// typed clients' decoders read as a list.
func nonNil(users []string) []string {
	if users == nil {
		return []string{}
	}
	return users
}
