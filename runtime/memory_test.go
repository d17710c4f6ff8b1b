package runtime

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"
)

func publishN(t *testing.T, b Backplane, topic string, n int) []Event {
	t.Helper()
	var evs []Event
	for i := range n {
		ev, err := b.Publish(context.Background(), topic, "E", []byte(strconv.Itoa(i)))
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	return evs
}

func TestMemoryIDsAndHistoryByCount(t *testing.T) {
	b := NewMemoryBackplane(MemoryConfig{HistorySize: 3})
	defer b.Close()
	evs := publishN(t, b, "s/a", 5)
	publishN(t, b, "s/b", 1)
	for i := 1; i < len(evs); i++ {
		prev, _ := strconv.ParseUint(evs[i-1].ID, 10, 64)
		if evs[i].ID != strconv.FormatUint(prev+1, 10) {
			t.Fatalf("ids %s then %s, want consecutive decimals", evs[i-1].ID, evs[i].ID)
		}
		if b.Compare(evs[i-1].ID, evs[i].ID) != -1 || b.Compare(evs[i].ID, evs[i-1].ID) != 1 || b.Compare(evs[i].ID, evs[i].ID) != 0 {
			t.Fatalf("Compare does not order %s and %s", evs[i-1].ID, evs[i].ID)
		}
	}
	ctx := context.Background()
	for _, tc := range []struct {
		id   string
		want []string // data of the events returned, nil for !ok
		ok   bool
	}{
		{"", nil, true},
		{evs[4].ID, nil, true},
		{evs[3].ID, []string{"4"}, true},
		{evs[1].ID, []string{"2", "3", "4"}, true},
		{evs[0].ID, nil, false}, // event 1 fell out of the history
		{"abc", nil, false},
		{"0" + evs[1].ID, nil, false}, // not canonical
		{strconv.Itoa(1 << 62), nil, false},
		{strconv.Itoa(mustAtoi(t, evs[4].ID) + 1), nil, false}, // beyond the newest
	} {
		got, ok, err := b.Since(ctx, "s/a", tc.id)
		if err != nil {
			t.Fatal(err)
		}
		var data []string
		for _, ev := range got {
			data = append(data, string(ev.Data))
		}
		if ok != tc.ok || len(data) != len(tc.want) || (len(data) > 0 && data[0] != tc.want[0]) || (len(data) > 0 && data[len(data)-1] != tc.want[len(tc.want)-1]) {
			t.Errorf("Since(%q) = %v, %v; want %v, %v", tc.id, data, ok, tc.want, tc.ok)
		}
	}
	if l, _ := b.Latest(ctx, "s/a"); l != evs[4].ID {
		t.Errorf("Latest = %s, want %s", l, evs[4].ID)
	}
	// A topic without events: Latest is a position that misses nothing.
	empty, _ := b.Latest(ctx, "s/empty")
	later := publishN(t, b, "s/empty", 2)
	if got, ok, _ := b.Since(ctx, "s/empty", empty); !ok || len(got) != 2 || got[0].ID != later[0].ID {
		t.Errorf("Since(Latest of an empty topic) = %v, %v; want both later events", got, ok)
	}
}

func TestMemoryHistoryByAge(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	b := NewMemoryBackplane(MemoryConfig{HistoryAge: time.Minute, now: clock})
	evs := publishN(t, b, "s/a", 2)
	advance(45 * time.Second)
	late := publishN(t, b, "s/a", 1)
	advance(30 * time.Second) // the first two are 75s old, the last 30s
	if _, ok, _ := b.Since(context.Background(), "s/a", evs[0].ID); ok {
		t.Errorf("Since an expired event: ok, want resync")
	}
	got, ok, _ := b.Since(context.Background(), "s/a", evs[1].ID)
	if !ok || len(got) != 1 || got[0].ID != late[0].ID {
		t.Errorf("Since the newest expired event = %v, %v; want the live one", got, ok)
	}
	advance(time.Hour)
	if got, ok, _ := b.Since(context.Background(), "s/a", late[0].ID); !ok || len(got) != 0 {
		t.Errorf("Since the newest event, all expired = %v, %v; want nothing missed", got, ok)
	}
}

func TestMemorySubscribeOrderAndCancel(t *testing.T) {
	b := NewMemoryBackplane(MemoryConfig{})
	defer b.Close()
	var got []string
	cancel, err := b.Subscribe("s/a", func(ev Event) { got = append(got, string(ev.Data)) })
	if err != nil {
		t.Fatal(err)
	}
	publishN(t, b, "s/a", 3)
	publishN(t, b, "s/b", 1)
	cancel()
	cancel()
	publishN(t, b, "s/a", 1)
	if len(got) != 3 || got[0] != "0" || got[2] != "2" {
		t.Fatalf("delivered %v, want [0 1 2]", got)
	}
}

func TestMemoryPublishCopiesData(t *testing.T) {
	b := NewMemoryBackplane(MemoryConfig{})
	defer b.Close()
	data := []byte("before")
	ev, _ := b.Publish(context.Background(), "s/a", "E", data)
	copy(data, "AFTER!")
	got, _, _ := b.Since(context.Background(), "s/a", strconv.Itoa(mustAtoi(t, ev.ID)-1))
	if len(got) != 1 || string(got[0].Data) != "before" {
		t.Fatalf("history holds %q after the caller reused its buffer", got)
	}
}

func mustAtoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMemoryFreesWhatIsNotHeld: a topic lives while it has subscribers
// or history. Leaving, expiry on a timer (with no publish to trigger it)
// and a history of none free it; asking about a topic does not make it;
// and a client positioned in a freed topic resumes when nothing after its
// position was lost, and gets a resync otherwise.
func TestMemoryFreesWhatIsNotHeld(t *testing.T) {
	ctx := context.Background()
	b := NewMemoryBackplane(MemoryConfig{HistoryAge: 50 * time.Millisecond})
	defer b.Close()

	// Asking about untouched topics makes nothing.
	pos, err := b.Latest(ctx, "s/untouched")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.Since(ctx, "s/untouched", pos); !ok {
		t.Errorf("Since(Latest) of an untouched topic: resync, want nothing missed")
	}
	if n := b.topicCount(); n != 0 {
		t.Fatalf("%d topics after Latest and Since of an untouched one, want 0", n)
	}

	// Subscribed and left without events: freed at once.
	cancel, _ := b.Subscribe("s/quiet", func(Event) {})
	if n := b.topicCount(); n != 1 {
		t.Fatalf("%d topics with one subscribed, want 1", n)
	}
	cancel()
	if n := b.topicCount(); n != 0 {
		t.Fatalf("%d topics after the last subscriber left, want 0", n)
	}
	// It comes back numbered after the position handed out, which then
	// resumes without a resync.
	later := publishN(t, b, "s/untouched", 2)
	if got, ok, _ := b.Since(ctx, "s/untouched", pos); !ok || len(got) != 2 || got[0].ID != later[0].ID {
		t.Errorf("Since(position before the topic existed) = %v, %v; want both events", got, ok)
	}

	// History expires on a timer and then the topic is freed.
	waitFor(t, 5*time.Second, "the history to expire and free the topic", func() bool { return b.topicCount() == 0 })
	// Its events are gone: a position before them resyncs, the newest
	// id resumes with nothing missed, and neither makes the topic again.
	if _, ok, _ := b.Since(ctx, "s/untouched", pos); ok {
		t.Errorf("Since(position before expired events of a freed topic): ok, want resync")
	}
	if got, ok, _ := b.Since(ctx, "s/untouched", later[1].ID); !ok || len(got) != 0 {
		t.Errorf("Since(newest id of a freed topic) = %v, %v; want nothing missed", got, ok)
	}
	if n := b.topicCount(); n != 0 {
		t.Fatalf("%d topics after Since of freed ones, want 0", n)
	}
	// Ids never go back: the topic made again numbers after its old ids.
	again := publishN(t, b, "s/untouched", 1)
	if b.Compare(again[0].ID, later[1].ID) <= 0 {
		t.Errorf("id %s after %s of the freed topic, want it larger", again[0].ID, later[1].ID)
	}
	if got, ok, _ := b.Since(ctx, "s/untouched", later[1].ID); !ok || len(got) != 1 || got[0].ID != again[0].ID {
		t.Errorf("Since(newest id of the topic's earlier life) = %v, %v; want the new event", got, ok)
	}

	// A subscribed topic keeps no expired history but stays.
	cancel, _ = b.Subscribe("s/held", func(Event) {})
	publishN(t, b, "s/held", 3)
	waitFor(t, 5*time.Second, "the subscribed topic's history to expire", func() bool {
		b.mu.Lock()
		tp := b.topics["s/held"]
		b.mu.Unlock()
		tp.mu.Lock()
		defer tp.mu.Unlock()
		return tp.count == 0 && tp.ring == nil
	})
	cancel()
	waitFor(t, 5*time.Second, "every topic to be freed", func() bool { return b.topicCount() == 0 })

	// With no history kept, a topic nobody follows is freed as it is
	// published to.
	none := NewMemoryBackplane(MemoryConfig{HistorySize: -1})
	defer none.Close()
	first := publishN(t, none, "s/a", 2)
	if n := none.topicCount(); n != 0 {
		t.Fatalf("%d topics without history or subscribers, want 0", n)
	}
	if _, ok, _ := none.Since(ctx, "s/a", first[0].ID); ok {
		t.Errorf("Since(an event never kept): ok, want resync")
	}

	b.Close()
	if _, err := b.Publish(ctx, "s/a", "E", nil); err != ErrBackplaneClosed {
		t.Fatalf("Publish after Close: %v, want ErrBackplaneClosed", err)
	}
}

// TestMemoryHistoryGrowsAndShrinks: the ring takes room for the events it
// holds, up to HistorySize, not HistorySize up front.
func TestMemoryHistoryGrowsAndShrinks(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	b := NewMemoryBackplane(MemoryConfig{HistorySize: 100, HistoryAge: time.Minute, now: clock})
	defer b.Close()
	ring := func() (slots, count int) {
		b.mu.Lock()
		tp := b.topics["s/a"]
		b.mu.Unlock()
		tp.mu.Lock()
		defer tp.mu.Unlock()
		return len(tp.ring), tp.count
	}
	publishN(t, b, "s/a", 1)
	if slots, _ := ring(); slots != 1 {
		t.Fatalf("%d slots for one event, want 1", slots)
	}
	publishN(t, b, "s/a", 40)
	if slots, n := ring(); slots != 64 || n != 41 {
		t.Fatalf("%d slots for %d events, want 64 for 41", slots, n)
	}
	publishN(t, b, "s/a", 200)
	if slots, n := ring(); slots != 100 || n != 100 {
		t.Fatalf("%d slots for %d events, want HistorySize, 100", slots, n)
	}
	mu.Lock()
	now = now.Add(30 * time.Second)
	mu.Unlock()
	recent := publishN(t, b, "s/a", 5)
	mu.Lock()
	now = now.Add(45 * time.Second) // all but the 5 recent ones expire
	mu.Unlock()
	got, ok, _ := b.Since(context.Background(), "s/a", strconv.Itoa(mustAtoi(t, recent[0].ID)-1))
	if !ok || len(got) != 5 {
		t.Fatalf("Since the recent ones: %d events, %v", len(got), ok)
	}
	if slots, n := ring(); n != 5 || slots > 20 {
		t.Fatalf("%d slots for %d events after expiry, want the ring shrunk", slots, n)
	}
}
