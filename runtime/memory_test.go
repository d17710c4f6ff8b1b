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
	other := publishN(t, b, "s/b", 1)
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
		{other[0].ID, nil, false}, // another topic's later id
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

func TestMemoryForgetsIdleTopicsAndCloses(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	b := NewMemoryBackplane(MemoryConfig{HistoryAge: time.Second, now: clock})
	cancel, _ := b.Subscribe("s/watched", func(Event) {})
	defer cancel()
	for i := range sweepEvery - 1 {
		publishN(t, b, "s/t"+strconv.Itoa(i), 1)
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	publishN(t, b, "s/last", 1) // the sweepEvery-th publish sweeps
	b.mu.Lock()
	n := len(b.topics)
	_, watched := b.topics["s/watched"]
	b.mu.Unlock()
	if n != 2 || !watched {
		t.Fatalf("%d topics after the sweep (watched kept: %v), want the subscribed one and the fresh one", n, watched)
	}
	b.Close()
	if _, err := b.Publish(context.Background(), "s/a", "E", nil); err != ErrBackplaneClosed {
		t.Fatalf("Publish after Close: %v, want ErrBackplaneClosed", err)
	}
}
