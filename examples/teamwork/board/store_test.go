package board_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/examples/teamwork/internal/redistest"
	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
)

// stores runs one test against every Store, so both behave alike.
func stores(t *testing.T, test func(t *testing.T, s board.Store)) {
	t.Run("memory", func(t *testing.T) { test(t, &board.Memory{}) })
	t.Run("redis", func(t *testing.T) {
		s, err := board.NewRedis(context.Background(), redistest.Start(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		test(t, s)
	})
}

func TestAddToggleDelete(t *testing.T) {
	stores(t, func(t *testing.T, s board.Store) {
		ctx := context.Background()
		a, err := s.Add(ctx, "b1", "  first  ")
		if err != nil {
			t.Fatal(err)
		}
		if a != (sse.Task{ID: 1, Title: "first"}) {
			t.Fatalf("added %+v, want id 1 titled first (trimmed)", a)
		}
		b, _ := s.Add(ctx, "b1", "second")
		if _, err := s.Add(ctx, "other", "elsewhere"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Toggle(ctx, "b1", b.ID)
		if err != nil || !got.Done {
			t.Fatalf("toggle: %+v %v, want done", got, err)
		}
		if _, err := s.Delete(ctx, "b1", a.ID); err != nil {
			t.Fatal(err)
		}
		tasks, err := s.Tasks(ctx, "b1")
		if err != nil {
			t.Fatal(err)
		}
		want := []sse.Task{{ID: 2, Title: "second", Done: true}}
		if len(tasks) != 1 || tasks[0] != want[0] {
			t.Fatalf("tasks = %+v, want %+v", tasks, want)
		}
		// Ids are never reused, so a late toggle cannot hit a new task.
		c, _ := s.Add(ctx, "b1", "third")
		if c.ID != 3 {
			t.Fatalf("next id = %d, want 3", c.ID)
		}
		if _, err := s.Toggle(ctx, "b1", a.ID); !errors.Is(err, board.ErrNotFound) {
			t.Fatalf("toggle of a deleted task: %v, want ErrNotFound", err)
		}
		if _, err := s.Delete(ctx, "b1", 99); !errors.Is(err, board.ErrNotFound) {
			t.Fatalf("delete of an unknown task: %v, want ErrNotFound", err)
		}
	})
}

func TestBadTitles(t *testing.T) {
	stores(t, func(t *testing.T, s board.Store) {
		for _, title := range []string{"", "   ", strings.Repeat("x", board.MaxTitle+1), "bad \xff utf8"} {
			if _, err := s.Add(context.Background(), "b", title); err == nil {
				t.Errorf("Add(%q) succeeded, want an error", title)
			}
		}
		if tasks, _ := s.Tasks(context.Background(), "b"); len(tasks) != 0 {
			t.Fatalf("bad titles were stored: %+v", tasks)
		}
	})
}

// TestLockSerialises checks that the lock is exclusive: the counter below
// is read and written in two steps, so without mutual exclusion some
// increments are lost.
func TestLockSerialises(t *testing.T) {
	stores(t, func(t *testing.T, s board.Store) {
		ctx := context.Background()
		var (
			wg      sync.WaitGroup
			counter int
			inside  int
			mu      sync.Mutex // only makes the race detector happy about counter
		)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					unlock, err := s.Lock(ctx, "b")
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					inside++
					if inside != 1 {
						t.Error("two holders of the lock at once")
					}
					v := counter
					mu.Unlock()
					time.Sleep(time.Millisecond)
					mu.Lock()
					counter = v + 1
					inside--
					mu.Unlock()
					unlock()
				}
			}()
		}
		wg.Wait()
		if counter != 40 {
			t.Fatalf("counter = %d, want 40", counter)
		}
		// A waiter gives up when its context ends.
		unlock, _ := s.Lock(ctx, "b")
		defer unlock()
		ctx2, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if _, err := s.Lock(ctx2, "b"); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Lock on a held lock: %v, want deadline exceeded", err)
		}
	})
}

func TestTyping(t *testing.T) {
	stores(t, func(t *testing.T, s board.Store) {
		ctx := context.Background()
		soon := time.Now().Add(time.Minute)
		s.SetTyping(ctx, "b", "zoe", soon)
		got, err := s.SetTyping(ctx, "b", "al", soon)
		if err != nil || strings.Join(got, ",") != "al,zoe" {
			t.Fatalf("typing = %v %v, want [al zoe]", got, err)
		}
		// An entry whose time has passed no longer counts.
		got, _ = s.SetTyping(ctx, "b", "old", time.Now().Add(-time.Second))
		if strings.Join(got, ",") != "al,zoe" {
			t.Fatalf("typing = %v, want the expired user left out", got)
		}
		got, _ = s.SetTyping(ctx, "b", "zoe", time.Time{})
		if strings.Join(got, ",") != "al" {
			t.Fatalf("typing = %v after zoe stopped, want [al]", got)
		}
		if got, err := s.Typing(ctx, "b"); err != nil || strings.Join(got, ",") != "al" {
			t.Fatalf("Typing = %v %v, want [al]", got, err)
		}
	})
}
