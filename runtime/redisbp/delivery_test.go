package redisbp

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssegen/ssegen/runtime"
)

// Two nodes on one Redis: what either publishes reaches the subscribers of
// both, whole and in one order.
func TestEventsCrossNodes(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	const topic = "comment/item:42"
	onA, onB := newRecorder(), newRecorder()
	onA.subscribe(t, a, topic)
	onB.subscribe(t, b, topic)

	var want []runtime.Event
	want = append(want, publish(t, a, topic, "CommentAdded", `{"text":"first"}`))
	want = append(want, publish(t, b, topic, "CommentAdded", "line one\nline two\r\nthree"))
	want = append(want, publish(t, a, topic, "CommentDeleted", ""))
	want = append(want, publish(t, b, topic, "CommentAdded", "\n\n"))

	for node, rec := range map[string]*recorder{"A": onA, "B": onB} {
		got := rec.wait(t, len(want))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("node %s got (-want +got):\n%s", node, diff)
		}
	}
	for i := 1; i < len(want); i++ {
		if a.Compare(want[i-1].ID, want[i].ID) >= 0 {
			t.Errorf("ids not increasing: %s then %s", want[i-1].ID, want[i].ID)
		}
	}
	if got := onB.settle(100 * time.Millisecond); len(got) != len(want) {
		t.Errorf("node B got %d events, want exactly %d: %s", len(got), len(want), describe(got))
	}
}

// A subscription gets what is published after Subscribe returns, not the
// history before it, and topics never mix.
func TestSubscribeGetsOnlyLaterEventsOfItsTopic(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	publish(t, a, "system/system", "Before", "1")
	publish(t, a, "system/system", "Before", "2")

	rec := newRecorder()
	rec.subscribe(t, b, "system/system")
	publish(t, a, "other/system", "Elsewhere", "x")
	after := publish(t, a, "system/system", "After", "3")

	rec.wait(t, 1)
	if diff := cmp.Diff([]runtime.Event{after}, rec.settle(100*time.Millisecond)); diff != "" {
		t.Errorf("got (-want +got):\n%s", diff)
	}
}

// A second subscription of a topic on the same node starts from where the
// node is, and cancelling one leaves the other untouched.
func TestSubscriptionsShareATopic(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	const topic = "notification/user:7"
	first, second := newRecorder(), newRecorder()
	cancelFirst := first.subscribe(t, b, topic)
	e1 := publish(t, a, topic, "Notified", "1")
	first.wait(t, 1)

	second.subscribe(t, b, topic)
	e2 := publish(t, a, topic, "Notified", "2")
	second.wait(t, 1)
	first.wait(t, 2)

	cancelFirst()
	cancelFirst() // a second cancel is harmless
	e3 := publish(t, a, topic, "Notified", "3")
	if diff := cmp.Diff([]runtime.Event{e2, e3}, second.wait(t, 2)); diff != "" {
		t.Errorf("second subscription (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]runtime.Event{e1, e2}, first.settle(100*time.Millisecond)); diff != "" {
		t.Errorf("cancelled subscription (-want +got):\n%s", diff)
	}
}

// Leaving a topic and joining it again at once on one node, over and over,
// never loses the Pub/Sub subscription: the last join still gets events.
func TestRejoinTopicQuickly(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	const topic = "comment/item:1"
	for range 50 {
		cancel, err := b.Subscribe(topic, func(runtime.Event) {})
		if err != nil {
			t.Fatal(err)
		}
		cancel()
	}
	rec := newRecorder()
	rec.subscribe(t, b, topic)
	// Delivery below must go through notifications, not only through the
	// topic's first read of the stream.
	waitSubscribed(t, r, b, topic)
	e := publish(t, a, topic, "CommentAdded", "after churn")
	if diff := cmp.Diff([]runtime.Event{e}, rec.wait(t, 1)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A deliver function that blocks holds up its own topic only.
func TestSlowTopicDoesNotDelayOthers(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	release := make(chan struct{})
	defer close(release)
	_, err := b.Subscribe("slow/slow", func(runtime.Event) { <-release })
	if err != nil {
		t.Fatal(err)
	}
	fast := newRecorder()
	fast.subscribe(t, b, "fast/fast")
	publish(t, a, "slow/slow", "Stuck", "")
	e := publish(t, a, "fast/fast", "Quick", "")
	if diff := cmp.Diff([]runtime.Event{e}, fast.wait(t, 1)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A subscriber that stalls while hundreds of events arrive makes its
// topic's note queue overflow; the topic then reads the stream and still
// delivers every event once, in order.
func TestStalledTopicCatchesUpFromTheStream(t *testing.T) {
	r := startRedis(t, false)
	a := newNode(t, r.URL(), Config{})
	b := newNode(t, r.URL(), Config{})
	const topic = "comment/item:8"
	release := make(chan struct{})
	rec := newRecorder()
	first := true
	cancel, err := b.Subscribe(topic, func(e runtime.Event) {
		if first {
			first = false
			<-release
		}
		rec.deliver(e)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	waitSubscribed(t, r, b, topic)

	var want []runtime.Event
	for i := range maxPendingNotes + 100 {
		want = append(want, publish(t, a, topic, "CommentAdded", strconv.Itoa(i)))
	}
	// Let every note reach node B while its topic is stalled.
	time.Sleep(200 * time.Millisecond)
	close(release)
	rec.wait(t, len(want))
	if diff := cmp.Diff(want, rec.settle(100*time.Millisecond)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
