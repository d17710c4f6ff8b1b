package redisbp

import (
	"context"
	"strconv"
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

// The history keeps at least MaxLen events, trimmed in whole blocks: an
// id older than the oldest kept event asks for a resync, any later one
// resumes, on any node.
func TestSinceHonoursMaxLen(t *testing.T) {
	r := startRedis(t, false)
	const maxLen = 3
	a := newNode(t, r.URL(), Config{MaxLen: maxLen})
	b := newNode(t, r.URL(), Config{MaxLen: maxLen})
	const topic = "comment/item:1"
	var all []runtime.Event
	// More than a block (stream-node-max-entries, 100) so that Redis trims.
	for i := range 250 {
		all = append(all, publish(t, a, topic, "CommentAdded", strconv.Itoa(i)))
	}
	kept := keptFrom(t, r, a.streamKey(topic), all)
	if n := len(all) - kept; n < maxLen || n > 200 {
		t.Fatalf("kept %d events of %d; want at least MaxLen = %d and some trimmed", n, len(all), maxLen)
	}
	for _, i := range []int{0, kept - 1} {
		if got, ok := since(t, b, topic, all[i].ID); ok {
			t.Errorf("Since(all[%d]), older than the oldest kept all[%d] = %d events, ok; want ok false", i, kept, len(got))
		}
	}
	for _, i := range []int{kept, kept + 1, len(all) - 2, len(all) - 1} {
		got, ok := since(t, b, topic, all[i].ID)
		if !ok {
			t.Errorf("Since(all[%d]): ok false, want true (all[%d] is the oldest kept)", i, kept)
		}
		if diff := cmp.Diff(all[i+1:], got, cmpEmpty); diff != "" {
			t.Errorf("Since(all[%d]) (-want +got):\n%s", i, diff)
		}
	}
}

// keptFrom returns the index in all of the oldest event still in the
// stream at key, read directly from Redis.
func keptFrom(t *testing.T, r *redisServer, key string, all []runtime.Event) int {
	t.Helper()
	raw := redis.NewClient(&redis.Options{Addr: r.Addr()})
	defer raw.Close()
	first, err := raw.XRangeN(context.Background(), key, "-", "+", 1).Result()
	if err != nil || len(first) != 1 {
		t.Fatalf("read the oldest entry: %v %v", first, err)
	}
	for i, e := range all {
		if e.ID == first[0].ID {
			return i
		}
	}
	t.Fatalf("oldest entry %s is none of the published events", first[0].ID)
	return 0
}

// The history keeps events for at least MaxAge, and a topic silent for
// longer is forgotten: resuming it asks for a resync.
func TestSinceHonoursMaxAge(t *testing.T) {
	r := startRedis(t, false)
	const maxAge = 400 * time.Millisecond
	b := newNode(t, r.URL(), Config{MaxAge: maxAge})
	const topic = "system/system"
	var all []runtime.Event
	for i := range 150 {
		all = append(all, publish(t, b, topic, "Tick", strconv.Itoa(i)))
	}
	// Keep the topic alive (each publish renews its time to live) while
	// the first block ages out.
	for range 2 {
		time.Sleep(maxAge / 2)
		all = append(all, publish(t, b, topic, "Tick", "keepalive"))
	}
	time.Sleep(maxAge / 4)
	all = append(all, publish(t, b, topic, "Tick", "last"))

	kept := keptFrom(t, r, b.streamKey(topic), all)
	if kept == 0 {
		t.Fatal("nothing aged out")
	}
	if got, ok := since(t, b, topic, all[0].ID); ok {
		t.Errorf("Since(aged-out event) = %d events, ok; want ok false", len(got))
	}
	got, ok := since(t, b, topic, all[kept].ID)
	if !ok {
		t.Error("Since(oldest kept event): ok false, want true")
	}
	if diff := cmp.Diff(all[kept+1:], got); diff != "" {
		t.Errorf("Since(oldest kept) (-want +got):\n%s", diff)
	}

	time.Sleep(maxAge + 100*time.Millisecond)
	last := all[len(all)-1]
	if got, ok := since(t, b, topic, last.ID); ok {
		t.Errorf("Since(last) after the topic was silent for MaxAge = %v, ok; want ok false", describe(got))
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
