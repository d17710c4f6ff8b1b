package runtime

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	sse "github.com/tmaxmax/go-sse"
)

// racingBackplane is the memory backplane that publishes an event of two
// topics at the moment the handler positions the second one: when it asks
// for the topic's newest id (Latest), and, through racingSubscribeAt, the
// moment its subscription starts. That is the interleaving where a live
// event is already queued before the topic has a position. It offers
// no SubscribeAt of its own, so the handler positions through Latest.
type racingBackplane struct {
	mem  *MemoryBackplane
	on   string   // the topic whose positioning triggers the publishes
	fire []string // topics published to, in this order
	once sync.Once
	mu   sync.Mutex
	sent []Event // every event published, in order
}

func (r *racingBackplane) publishAll() {
	r.once.Do(func() {
		for _, topic := range r.fire {
			if _, err := r.Publish(context.Background(), topic, "CommentAdded", []byte("raced")); err != nil {
				panic(err)
			}
		}
	})
}

func (r *racingBackplane) Publish(ctx context.Context, topic, name string, data []byte) (Event, error) {
	ev, err := r.mem.Publish(ctx, topic, name, data)
	if err == nil {
		r.mu.Lock()
		r.sent = append(r.sent, ev)
		r.mu.Unlock()
	}
	return ev, err
}

func (r *racingBackplane) Subscribe(topic string, deliver func(Event)) (func(), error) {
	return r.mem.Subscribe(topic, deliver)
}

func (r *racingBackplane) Since(ctx context.Context, topic, id string) ([]Event, bool, error) {
	return r.mem.Since(ctx, topic, id)
}

func (r *racingBackplane) Latest(ctx context.Context, topic string) (string, error) {
	if topic == r.on {
		r.publishAll()
	}
	return r.mem.Latest(ctx, topic)
}

func (r *racingBackplane) Compare(a, b string) int { return r.mem.Compare(a, b) }
func (r *racingBackplane) Close() error            { return r.mem.Close() }

// published returns the ids of topic's events, oldest first.
func (r *racingBackplane) published(topic string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []string
	for _, ev := range r.sent {
		if ev.Topic == topic {
			ids = append(ids, ev.ID)
		}
	}
	return ids
}

// racingSubscribeAt adds a SubscribeAt that publishes right after the
// subscription of the trigger topic started.
type racingSubscribeAt struct{ *racingBackplane }

func (r racingSubscribeAt) SubscribeAt(topic string, deliver func(Event)) (func(), string, error) {
	cancel, after, err := r.mem.SubscribeAt(topic, deliver)
	if err == nil && topic == r.on {
		r.publishAll()
	}
	return cancel, after, err
}

// TestMuxCursorNamesEveryTopicFromTheFirstFrame is the regression test of
// a silent loss: a live event of B queued while the handler positioned B
// left B out of the position block and of the cursors of the first
// frames; a client cut after one of them resumed B at its newest id and
// never saw the events in between.
func TestMuxCursorNamesEveryTopicFromTheFirstFrame(t *testing.T) {
	const a, b = "comment/item:a", "comment/item:b"
	for name, wrap := range map[string]func(*racingBackplane) Backplane{
		"latest":      func(r *racingBackplane) Backplane { return r },
		"subscribeAt": func(r *racingBackplane) Backplane { return racingSubscribeAt{r} },
	} {
		t.Run(name, func(t *testing.T) {
			rb := &racingBackplane{mem: NewMemoryBackplane(MemoryConfig{}), on: b, fire: []string{a, b}}
			e := newEnv(t, nil, HubConfig{Backplane: wrap(rb)})
			path := "/sse?c=" + a + "&c=" + b
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.ts.URL+path, nil)
			res, err := e.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			// Every id up to and including the first event must name both
			// topics; the client is then cut.
			var last string
			for ev, err := range sse.Read(res.Body, nil) {
				if err != nil {
					t.Fatalf("read: %v", err)
				}
				last = ev.LastEventID
				pos, perr := parseCursor(last)
				if perr != nil || pos[a] == "" || pos[b] == "" {
					t.Fatalf("id %q (before event %q %q) does not name both topics", last, ev.Type, ev.Data)
				}
				if ev.Type != "" {
					break
				}
			}
			cancel()
			res.Body.Close()

			// Events published while the client is away.
			e.publish(t, "comment", "item:a", "CommentAdded", "away")
			e.publish(t, "comment", "item:b", "CommentAdded", "away")
			pos, _ := parseCursor(last)
			want := map[string][]string{}
			for _, topic := range []string{a, b} {
				for _, id := range rb.published(topic) {
					if rb.Compare(id, pos[topic]) > 0 {
						want[topic] = append(want[topic], id)
					}
				}
			}
			c := e.open(t, path, "Last-Event-ID", last)
			got := map[string][]string{}
			for len(got[a]) < len(want[a]) || len(got[b]) < len(want[b]) {
				ev := c.next(t, 5*time.Second)
				if ev.Type == "resync" {
					t.Fatalf("resync of %q after a cursor the server wrote", ev.Data)
				}
				topic, _, _ := strings.Cut(ev.Data, "\n")
				p, err := parseCursor(ev.LastEventID)
				if err != nil {
					t.Fatalf("cursor %q: %v", ev.LastEventID, err)
				}
				got[topic] = append(got[topic], p[topic])
			}
			for _, topic := range []string{a, b} {
				if strings.Join(got[topic], ",") != strings.Join(want[topic], ",") {
					t.Errorf("%s after resuming from %q: got ids %v, want %v", topic, last, got[topic], want[topic])
				}
			}
		})
	}
}

// TestMuxReplayNamesTopicsNewToTheClient: a page that adds a channel opens
// a new stream with the last cursor, which lacks the new channel. The
// replayed frames of the channels it had must already name the new one,
// which sorts after them; they once named only the topics positioned so
// far, so a client cut during the replay lost the new channel's position.
func TestMuxReplayNamesTopicsNewToTheClient(t *testing.T) {
	e := newEnv(t, nil, HubConfig{})
	from := e.publish(t, "comment", "item:a", "CommentAdded", "a1")
	e.publish(t, "comment", "item:a", "CommentAdded", "a2")
	cursor := formatCursor(map[string]string{"comment/item:a": from})
	c := e.open(t, "/sse?c=comment/item:a&c=comment/item:b&lastEventId="+urlQueryEscape(cursor))
	ev := c.next(t, 5*time.Second)
	if ev.Data != "comment/item:a\na2" {
		t.Fatalf("first event %+v, want the replay of a2", ev)
	}
	pos, err := parseCursor(ev.LastEventID)
	if err != nil || pos["comment/item:b"] == "" {
		t.Fatalf("replayed frame's cursor %q does not name the new channel", ev.LastEventID)
	}
}
