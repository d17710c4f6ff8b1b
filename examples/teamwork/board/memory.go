package board

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
)

// Memory is a Store for one process. Its zero value is ready to use.
type Memory struct {
	mu     sync.Mutex // guards boards
	boards map[string]*memBoard
	locks  sync.Map // board name -> *boardLock
}

type memBoard struct {
	tasks  []sse.Task
	next   int64
	typing map[string]time.Time // user -> typing until
}

// boardLock is a mutex that a context can give up waiting for.
type boardLock chan struct{}

func (m *Memory) board(name string) *memBoard {
	if m.boards == nil {
		m.boards = make(map[string]*memBoard)
	}
	b := m.boards[name]
	if b == nil {
		b = &memBoard{next: 1}
		m.boards[name] = b
	}
	return b
}

// Tasks implements Store.
func (m *Memory) Tasks(_ context.Context, board string) ([]sse.Task, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]sse.Task(nil), m.board(board).tasks...), nil
}

// Add implements Store.
func (m *Memory) Add(_ context.Context, board, title string) (sse.Task, error) {
	title, err := CleanTitle(title)
	if err != nil {
		return sse.Task{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.board(board)
	t := sse.Task{ID: b.next, Title: title}
	b.next++
	b.tasks = append(b.tasks, t)
	return t, nil
}

// Toggle implements Store.
func (m *Memory) Toggle(_ context.Context, board string, id int64) (sse.Task, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.board(board)
	for i := range b.tasks {
		if b.tasks[i].ID == id {
			b.tasks[i].Done = !b.tasks[i].Done
			return b.tasks[i], nil
		}
	}
	return sse.Task{}, ErrNotFound
}

// Delete implements Store.
func (m *Memory) Delete(_ context.Context, board string, id int64) (sse.Task, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.board(board)
	for i, t := range b.tasks {
		if t.ID == id {
			b.tasks = append(b.tasks[:i], b.tasks[i+1:]...)
			return t, nil
		}
	}
	return sse.Task{}, ErrNotFound
}

// Lock implements Store.
func (m *Memory) Lock(ctx context.Context, board string) (func(), error) {
	v, _ := m.locks.LoadOrStore(board, make(boardLock, 1))
	l := v.(boardLock)
	select {
	case l <- struct{}{}:
		return func() { <-l }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close implements Store.
func (m *Memory) Close() error { return nil }

// SetTyping implements Store.
func (m *Memory) SetTyping(_ context.Context, board, user string, until time.Time) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.board(board)
	if b.typing == nil {
		b.typing = make(map[string]time.Time)
	}
	if until.IsZero() {
		delete(b.typing, user)
	} else {
		b.typing[user] = until
	}
	return b.typists(), nil
}

// Typing implements Store.
func (m *Memory) Typing(_ context.Context, board string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.board(board).typists(), nil
}

// typists drops the entries whose time has passed and returns the rest,
// sorted. The caller holds m.mu.
func (b *memBoard) typists() []string {
	now := time.Now()
	var users []string
	for u, t := range b.typing {
		if t.After(now) {
			users = append(users, u)
		} else {
			delete(b.typing, u)
		}
	}
	slices.Sort(users)
	return users
}
