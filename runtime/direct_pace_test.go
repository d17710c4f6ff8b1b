package runtime

import (
	"context"
	"testing"
	"time"
)

// TestDirectBudgetGrowsWhileWritersAreIdleAndFallsBackWhenTheyLag walks a
// topic's directPace through fan-outs 50 ms apart (a trickle): each that
// ran out of budget and found the writers idle doubles it, up to half the
// time between events; one that found the writers lagging (saturation)
// drops it to directBaseBudget at once.
func TestDirectBudgetGrowsWhileWritersAreIdleAndFallsBackWhenTheyLag(t *testing.T) {
	const n = 2000
	var p directPace
	now := time.Now()
	step := func(want time.Duration, run directRun) {
		t.Helper()
		got := p.next(now, 50*time.Millisecond)
		if got != want {
			t.Fatalf("budget %v, want %v", got, want)
		}
		p.settle(&run, n)
		now = now.Add(50 * time.Millisecond)
	}
	idleRanOut := directRun{ranOut: true}
	step(directBaseBudget, idleRanOut) // a topic's first fan-out
	step(2*time.Millisecond, idleRanOut)
	step(4*time.Millisecond, idleRanOut)
	// A few slow clients do not stop the growth.
	step(8*time.Millisecond, directRun{ranOut: true, lagging: n / directIdleShare})
	step(16*time.Millisecond, idleRanOut)
	// Half the 50 ms between events, at most.
	step(25*time.Millisecond, idleRanOut)
	// Finishing within the budget teaches nothing; neither does a few
	// more than a few slow clients.
	step(25*time.Millisecond, directRun{})
	step(25*time.Millisecond, directRun{ranOut: true, lagging: n / directLagShare})
	// Writers lag: saturated, back to the base at once.
	step(25*time.Millisecond, directRun{ranOut: true, lagging: n/directLagShare + 1})
	step(directBaseBudget, idleRanOut)
	step(2*time.Millisecond, idleRanOut)
}

// TestDirectBudgetLimits: events closer than directMinInterval are all
// queued; a learnt budget is bounded by half the time since the hub's
// previous fan-out of any topic, but never below directBaseBudget.
func TestDirectBudgetLimits(t *testing.T) {
	for _, c := range []struct {
		since, sinceAny, learnt, want time.Duration
	}{
		{0, 0, 0, directBaseBudget},
		{directMinInterval - 1, time.Second, time.Second, 0},
		{directMinInterval, directMinInterval, 0, directBaseBudget},
		{time.Second, time.Second, 0, directBaseBudget},
		{time.Second, time.Second, 40 * time.Millisecond, 40 * time.Millisecond},
		{time.Second, 10 * time.Millisecond, 40 * time.Millisecond, 5 * time.Millisecond},
		{time.Second, 100 * time.Microsecond, 40 * time.Millisecond, directBaseBudget},
		{time.Second, time.Second, time.Hour, 500 * time.Millisecond},
		{6 * time.Millisecond, time.Second, 40 * time.Millisecond, 3 * time.Millisecond},
	} {
		if got := directBudget(c.since, c.sinceAny, c.learnt); got != c.want {
			t.Errorf("directBudget(%v, %v, %v) = %v, want %v", c.since, c.sinceAny, c.learnt, got, c.want)
		}
	}
	var p directPace
	for range 20 {
		p.settle(&directRun{ranOut: true}, 1)
	}
	if p.budget != directMaxBudget {
		t.Errorf("learnt %v after 20 idle fan-outs, want directMaxBudget", p.budget)
	}
}

// slowDirect is a directWriter whose every write takes a while, so that
// a fan-out runs out of budget whatever the machine's speed.
type slowDirect struct{ took time.Duration }

func (d slowDirect) writeDirect(_ *frame, run *directRun) bool {
	time.Sleep(d.took)
	run.written++
	return true
}

// TestFanOutLearnsItsBudgetFromItsSubscribers runs real fan-outs of a hub
// over subscribers whose direct writes take 200 µs: with the writers
// drained between events (idle, a trickle) the budget doubles per event;
// with what the budget left queued still there at the next event (the
// writers lag) it falls back to directBaseBudget.
func TestFanOutLearnsItsBudgetFromItsSubscribers(t *testing.T) {
	hub := NewHub(HubConfig{})
	defer hub.Close()
	const n = 64 // 12.8 ms of direct writes: more than any budget below
	topics := []string{"comment/item:1"}
	subs := make([]*subscriber, n)
	for i := range subs {
		s := newSubscriber(hub.queue, true)
		if err := hub.join(s, topics, limits{}); err != nil {
			t.Fatal(err)
		}
		s.setDirect(slowDirect{200 * time.Microsecond})
		s.release()
		subs[i] = s
		defer hub.leave(s, topics)
	}
	learnt := func() time.Duration {
		hub.mu.Lock()
		tp := hub.topics[topics[0]]
		hub.mu.Unlock()
		tp.mu.Lock()
		defer tp.mu.Unlock()
		return max(tp.pace.budget, directBaseBudget)
	}
	publish := func() {
		t.Helper()
		// Further apart than directMinInterval, so that every fan-out
		// may write directly.
		time.Sleep(directMinInterval + time.Millisecond)
		if _, err := hub.Publish(context.Background(), "comment", "item:1", "CommentAdded", benchData); err != nil {
			t.Fatal(err)
		}
	}
	drain := func() {
		for _, s := range subs {
			s.take(nil)
			s.release()
		}
	}
	publish()
	if got := learnt(); got != 2*directBaseBudget {
		t.Fatalf("after one fan-out with idle writers: budget %v, want %v", got, 2*directBaseBudget)
	}
	if d := hub.m.direct.Load(); d == 0 || d >= n {
		t.Fatalf("%d of %d written directly: want the budget to end direct writes part way", d, n)
	}
	drain()
	publish()
	if got := learnt(); got != 4*directBaseBudget {
		t.Fatalf("after two fan-outs with idle writers: budget %v, want %v", got, 4*directBaseBudget)
	}
	// Not drained: most subscribers still hold the frame queued for them
	// when the next event comes.
	publish()
	if got := learnt(); got != directBaseBudget {
		t.Fatalf("after a fan-out that found writers lagging: budget %v, want %v", got, directBaseBudget)
	}
	if m := hub.Metrics(); m.Delivered != hub.m.direct.Load() {
		t.Errorf("delivered %d, direct %d: every delivery here is direct", m.Delivered, hub.m.direct.Load())
	}
}
