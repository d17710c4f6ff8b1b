package runtime_test

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/ssegen/ssegen/runtime"
)

// board is application state that new subscribers receive in full.
type board struct {
	mu    sync.Mutex
	tasks []string
	hub   *runtime.Hub
}

// add changes the state and publishes the change under one lock...
func (b *board) add(ctx context.Context, task string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tasks = append(b.tasks, task)
	data, _ := json.Marshal(task)
	_, err := b.hub.Publish(ctx, "board", "board:main", "TaskAdded", data)
	return err
}

// ...and the connect hook reads and sends the state under the same lock,
// so a new subscriber gets the snapshot and then every later change,
// none lost and none twice.
func (b *board) snapshot(s *runtime.Snapshot) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, err := json.Marshal(b.tasks)
	if err != nil {
		return err
	}
	return s.Send("BoardState", data)
}

// Initial state for new subscribers with Server.OnConnect.
func ExampleSnapshot() {
	hub := runtime.NewHub(runtime.HubConfig{})
	b := &board{hub: hub}
	srv := &runtime.Server{
		Hub:       hub,
		Streams:   []runtime.Stream{{Name: "board", ChannelPrefix: "board:", Events: []string{"TaskAdded"}}},
		OnConnect: b.snapshot,
	}
	_ = srv // mount it: mux.Handle("/sse", srv); mux.Handle("/sse/", srv)
	_ = b.add(context.Background(), "write the runtime")
}
