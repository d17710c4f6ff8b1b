package redisbp

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/ssegen/ssegen/runtime"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if os.Getenv(nodeProcessEnv) != "" {
		// This test binary was started again as one node of a cluster.
		os.Exit(runNodeProcess())
	}
	// go-redis logs failed dials to stderr; the fault tests cause many.
	redis.SetLogger(quietLogger{})
	goleak.VerifyTestMain(m)
}

type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}

// waitFor bounds every wait in these tests.
const waitFor = 10 * time.Second

// newNode opens a backplane on the Redis at url, as one server process
// would, and closes it at cleanup.
func newNode(t testing.TB, url string, cfg Config) *Backplane {
	t.Helper()
	cfg.URL = url
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	b, err := New(ctx, cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// recorder collects what a subscription delivers.
type recorder struct {
	mu      sync.Mutex
	events  []runtime.Event
	changed chan struct{}
	busy    bool // a deliver call is under way
	overlap bool // two deliver calls overlapped
}

func newRecorder() *recorder {
	return &recorder{changed: make(chan struct{}, 1)}
}

func (r *recorder) deliver(e runtime.Event) {
	r.mu.Lock()
	if r.busy {
		r.overlap = true
	}
	r.busy = true
	r.mu.Unlock()
	// Give a concurrent call the chance to show itself.
	time.Sleep(time.Microsecond)
	r.mu.Lock()
	r.busy = false
	r.events = append(r.events, e)
	r.mu.Unlock()
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// subscribe subscribes r to topic on b, cancelling at cleanup.
func (r *recorder) subscribe(t testing.TB, b *Backplane, topic string) func() {
	t.Helper()
	cancel, err := b.Subscribe(topic, r.deliver)
	if err != nil {
		t.Fatalf("Subscribe(%q): %v", topic, err)
	}
	t.Cleanup(cancel)
	return cancel
}

// wait returns the first n events once they have arrived, failing the
// test after waitFor.
func (r *recorder) wait(t testing.TB, n int) []runtime.Event {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		r.mu.Lock()
		got := slices.Clone(r.events)
		overlap := r.overlap
		r.mu.Unlock()
		if overlap {
			t.Fatal("deliver was called concurrently for one subscription")
		}
		if len(got) >= n {
			return got
		}
		select {
		case <-r.changed:
		case <-deadline:
			t.Fatalf("got %d events within %v, want %d: %v", len(got), waitFor, n, describe(got))
		}
	}
}

// settle waits a little and returns everything delivered, to check that
// nothing more arrives than expected.
func (r *recorder) settle(d time.Duration) []runtime.Event {
	time.Sleep(d)
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// publish publishes on b or fails the test.
func publish(t testing.TB, b *Backplane, topic, name, data string) runtime.Event {
	t.Helper()
	e, err := b.Publish(context.Background(), topic, name, []byte(data))
	if err != nil {
		t.Fatalf("Publish(%q, %q): %v", topic, name, err)
	}
	return e
}

// describe renders events compactly for failure messages.
func describe(events []runtime.Event) string {
	s := ""
	for _, e := range events {
		s += fmt.Sprintf("[%s %s %s %q] ", e.Topic, e.ID, e.Name, e.Data)
	}
	return s
}

// eventually retries f until it succeeds, failing the test after waitFor.
func eventually(t testing.TB, f func() error) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing after %v: %v", waitFor, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitSubscribed waits until node's Pub/Sub connection is subscribed to
// topic's channel in Redis, so that what follows goes through
// notifications and not only through the topic's first read of the stream.
func waitSubscribed(t testing.TB, r *redisServer, node *Backplane, topic string) {
	t.Helper()
	raw := redis.NewClient(&redis.Options{Addr: r.Addr()})
	defer raw.Close()
	ch := node.channel(topic)
	eventually(t, func() error {
		n, err := raw.PubSubNumSub(context.Background(), ch).Result()
		if err == nil && n[ch] < 1 {
			err = fmt.Errorf("no subscriber of %s yet", ch)
		}
		return err
	})
}
