package redisbp

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
)

// since calls b.Since and fails the test on an error.
func since(t *testing.T, b *Backplane, topic, id string) ([]runtime.Event, bool) {
	t.Helper()
	events, ok, err := b.Since(context.Background(), topic, id)
	if err != nil {
		t.Fatalf("Since(%q, %q): %v", topic, id, err)
	}
	return events, ok
}

// An id handed out on node A resumes on node B, and on a node started
// after A has gone.
func TestSinceResumesOnAnotherNode(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	const topic = "comment/item:42"
	var all []runtime.Event
	for i, data := range []string{"one", "two\nlines", "three", "four"} {
		node := a
		if i%2 == 1 {
			node = b
		}
		all = append(all, publish(t, node, topic, "CommentAdded", data))
	}

	for i, e := range all {
		got, ok := since(t, b, topic, e.ID)
		if !ok {
			t.Fatalf("Since(%s) on B: ok false, want true", e.ID)
		}
		if diff := cmp.Diff(all[i+1:], got, cmpEmpty); diff != "" {
			t.Errorf("Since(%s) on B (-want +got):\n%s", e.ID, diff)
		}
	}

	a.Close()
	restarted := newNode(t, r.URL(), Config{})
	got, ok := since(t, restarted, topic, all[0].ID)
	if !ok {
		t.Fatal("Since on a restarted node: ok false, want true")
	}
	if diff := cmp.Diff(all[1:], got); diff != "" {
		t.Errorf("Since on a restarted node (-want +got):\n%s", diff)
	}
}

// cmpEmpty makes a nil and an empty event list equal.
var cmpEmpty = cmp.Comparer(func(x, y []runtime.Event) bool {
	return len(x) == 0 && len(y) == 0 || cmp.Equal(x, y)
})

// Since refuses ids it cannot vouch for, so that the client resyncs
// instead of silently missing events.
func TestSinceRefusesUnknownIDs(t *testing.T) {
	r := startRedis(t, false)
	b := newNode(t, r.URL(), Config{})
	const topic = "system/system"
	e1 := publish(t, b, topic, "Tick", "1")
	e2 := publish(t, b, topic, "Tick", "2")

	if got, ok := since(t, b, topic, ""); !ok || len(got) != 0 {
		t.Errorf(`Since(""): %v %v, want no events and ok`, describe(got), ok)
	}
	ms, _, _ := parseID(e2.ID)
	for _, id := range []string{
		"17", "abc", "1-", "-1", "01-0", "1-01", "+1-0", "1-0-0", "\n", "1 -0",
		"18446744073709551616-0", // overflows
		nextMs(ms + 1000),        // beyond the newest event
		"1-0",                    // before the first event, never an id of the stream
	} {
		if got, ok := since(t, b, topic, id); ok || len(got) != 0 {
			t.Errorf("Since(%q) = %v, %v; want no events and ok false", id, describe(got), ok)
		}
	}
	if _, ok := since(t, b, "comment/item:never", e1.ID); ok {
		t.Errorf("Since on a topic with no stream: ok true, want false")
	}
	if got, ok := since(t, b, "comment/item:never", "0-0"); !ok || len(got) != 0 {
		t.Errorf("Since(0-0) on a topic with no stream: %v %v, want nothing and ok", describe(got), ok)
	}
	if got, ok := since(t, b, topic, "0-0"); !ok || len(got) != 2 {
		t.Errorf("Since(0-0) with nothing trimmed: %v %v, want both events and ok", describe(got), ok)
	}
}

func nextMs(ms uint64) string {
	return formatID(ms, 0)
}

// The history keeps MaxLen events: an id whose successors were trimmed
// asks for a resync, and the newest trimmed id still resumes.
func TestSinceHonoursMaxLen(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{MaxLen: 3})
	b := newNode(t, r.URL(), Config{MaxLen: 3})
	const topic = "comment/item:1"
	var all []runtime.Event
	for i := range 6 {
		all = append(all, publish(t, a, topic, "CommentAdded", string(rune('a'+i))))
	}
	// Kept: all[3:]. all[2] is the newest trimmed id.
	for i := range 2 {
		if got, ok := since(t, b, topic, all[i].ID); ok {
			t.Errorf("Since(all[%d]) = %v, ok; want ok false", i, describe(got))
		}
	}
	for i := 2; i < len(all); i++ {
		got, ok := since(t, b, topic, all[i].ID)
		if !ok {
			t.Errorf("Since(all[%d]): ok false, want true", i)
		}
		if diff := cmp.Diff(all[i+1:], got, cmpEmpty); diff != "" {
			t.Errorf("Since(all[%d]) (-want +got):\n%s", i, diff)
		}
	}
	n, err := redis.NewClient(&redis.Options{Addr: r.Addr()}).XLen(context.Background(), a.streamKey(topic)).Result()
	if err != nil || n != 3 {
		t.Errorf("stream length %d (%v), want 3", n, err)
	}
}

// The history keeps events for MaxAge, and a topic silent for longer is
// forgotten: resuming it asks for a resync.
func TestSinceHonoursMaxAge(t *testing.T) {
	r := startRedis(t, false)
	const maxAge = 500 * time.Millisecond
	b := newNode(t, r.URL(), Config{MaxAge: maxAge})
	const topic = "system/system"
	e0 := publish(t, b, topic, "Tick", "0")
	e1 := publish(t, b, topic, "Tick", "1")
	time.Sleep(maxAge * 3 / 5)
	e2 := publish(t, b, topic, "Tick", "2")
	time.Sleep(maxAge * 3 / 5)
	e3 := publish(t, b, topic, "Tick", "3") // trims e0 and e1, keeps e2

	if _, ok := since(t, b, topic, e0.ID); ok {
		t.Error("Since(e0) after e1 aged out: ok true, want false")
	}
	got, ok := since(t, b, topic, e1.ID)
	if !ok {
		t.Error("Since(e1), the newest aged-out event: ok false, want true")
	}
	if diff := cmp.Diff([]runtime.Event{e2, e3}, got); diff != "" {
		t.Errorf("Since(e1) (-want +got):\n%s", diff)
	}

	time.Sleep(maxAge + 100*time.Millisecond)
	if got, ok := since(t, b, topic, e3.ID); ok {
		t.Errorf("Since(e3) after the topic was silent for MaxAge = %v, ok; want ok false", describe(got))
	}
}

// A Redis restart without persistence loses the streams; ids from before
// it must not resume against the new stream of the same topic.
func TestSinceRefusesIDsFromLostHistory(t *testing.T) {
	r := startRedis(t, false)
	b := newNode(t, r.URL(), Config{})
	const topic = "comment/item:9"
	old := publish(t, b, topic, "CommentAdded", "before")
	r.Stop()
	r.Restart()
	var fresh runtime.Event
	eventually(t, func() error {
		var err error
		fresh, err = b.Publish(context.Background(), topic, "CommentAdded", []byte("after"))
		return err
	})
	if got, ok := since(t, b, topic, old.ID); ok {
		t.Errorf("Since(id from lost history) = %v, ok; want ok false", describe(got))
	}
	if got, ok := since(t, b, topic, fresh.ID); !ok || len(got) != 0 {
		t.Errorf("Since(newest) = %v, %v; want nothing and ok", describe(got), ok)
	}
}
