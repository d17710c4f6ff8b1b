package sse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssegen/ssegen/runtime"
	"github.com/ssegen/ssegen/runtime/client"
)

// server is the runtime serving the seed streams over loopback HTTP, as an
// application mounts it with the generated Mount.
type server struct {
	hub *runtime.Hub
	url string
}

// bearerUser is the toy Authorizer of the tests: the bearer token names the
// user, who may follow only their own notifications.
func bearerUser(r *http.Request, stream, channel string) error {
	user := runtime.Token(r, "")
	if user == "" {
		return runtime.Deny(http.StatusUnauthorized, "no token")
	}
	if channel != NotificationChannel(user) {
		return runtime.Deny(http.StatusForbidden, "not your notifications")
	}
	return nil
}

func newServer(t *testing.T) *server {
	t.Helper()
	hub := runtime.NewHub(runtime.HubConfig{})
	srv := &runtime.Server{Hub: hub, Authorizer: bearerUser, HeartbeatInterval: -1}
	mux := http.NewServeMux()
	if err := Mount(mux, srv); err != nil {
		t.Fatalf("Mount: %v", err)
	}
	ts := httptest.NewServer(mux)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		ts.Close()
		hub.Close()
	})
	return &server{hub: hub, url: ts.URL}
}

// subscription is one client stream whose events arrive on events.
type subscription struct {
	events chan client.Event
	done   chan error
}

// subscribe follows path with the runtime's Go client and returns once
// the server has accepted the stream (or the client has given up).
func (s *server) subscribe(t *testing.T, path string, header http.Header) *subscription {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	connected := make(chan struct{}, 1)
	sub := &subscription{events: make(chan client.Event, 16), done: make(chan error, 1)}
	c := &client.Client{
		Header:      header,
		MaxAttempts: 1,
		OnConnect: func(string) {
			select {
			case connected <- struct{}{}:
			default:
			}
		},
	}
	go func() {
		sub.done <- c.Subscribe(ctx, s.url+path, func(e client.Event) { sub.events <- e })
	}()
	t.Cleanup(func() {
		cancel()
		<-sub.done
	})
	select {
	case <-connected:
	case err := <-sub.done:
		sub.done <- err // let the test read why
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: no connection after 5s", path)
	}
	return sub
}

// next waits for the next event.
func (sub *subscription) next(t *testing.T) client.Event {
	t.Helper()
	select {
	case e := <-sub.events:
		return e
	case err := <-sub.done:
		t.Fatalf("stream ended before the next event: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return client.Event{}
}

func TestPublishedEventsArriveTypedOnTheirChannel(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	sub := s.subscribe(t, "/sse/comment/"+CommentChannel("42"), nil)
	comments := NewCommentPublisher(s.hub)

	added := CommentAdded{CommentID: "c1", ItemID: "42", AuthorName: "Ada", Text: "line one\nline two <b>&</b> \u2028", Timestamp: 1732370000123}
	other := CommentAdded{CommentID: "c2", ItemID: "7", AuthorName: "Bob", Text: "elsewhere"}
	updated := &CommentUpdated{CommentID: "c1", ItemID: "42", NewText: "edited", EditedAt: 1732370100456}
	var ids []string
	for _, ev := range []CommentStreamEvent{added, other, updated} {
		id, err := comments.Publish(ctx, ev)
		if err != nil {
			t.Fatalf("publishing %s: %v", ev.EventName(), err)
		}
		ids = append(ids, id)
	}

	// Only item 42's events reach item:42, in order, and decode to what
	// was published.
	for i, want := range []CommentStreamEvent{added, *updated} {
		e := sub.next(t)
		if e.Name != want.EventName() {
			t.Fatalf("event %d: name %q, want %q", i, e.Name, want.EventName())
		}
		got, err := DecodeCommentStreamEvent(e.Name, e.Data)
		if err != nil {
			t.Fatalf("decoding %s: %v", e.Name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("event %d differs from what was published (-want +got):\n%s", i, diff)
		}
	}
	if ids[0] == ids[2] || ids[2] == "" {
		t.Errorf("ids of one channel should differ: %q", ids)
	}
	select {
	case e := <-sub.events:
		t.Errorf("unexpected event on item:42: %s %s", e.Name, e.Data)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestGlobalStreamAndMultiplexedConnection(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	topics := "c=" + runtime.Topic("comment", CommentChannel("9")) + "&c=" + runtime.Topic("system", SystemChannel())
	sub := s.subscribe(t, "/sse?"+topics, nil)

	alert := SystemAlert{Message: "maintenance at noon", Severity: "high", ExpiresAt: 1732400000}
	if _, err := NewSystemPublisher(s.hub).PublishSystemAlert(ctx, alert); err != nil {
		t.Fatal(err)
	}
	added := CommentAdded{CommentID: "c9", ItemID: "9", Text: "hi"}
	if _, err := NewCommentPublisher(s.hub).PublishCommentAdded(ctx, added); err != nil {
		t.Fatal(err)
	}

	for _, want := range []any{alert, added} {
		e := sub.next(t)
		topic, data, err := client.SplitMux(e.Data)
		if err != nil {
			t.Fatal(err)
		}
		stream, _, _ := strings.Cut(topic, "/")
		got, err := DecodeEvent(stream, e.Name, data)
		if err != nil {
			t.Fatalf("decoding %s on %s: %v", e.Name, topic, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s differs (-want +got):\n%s", topic, diff)
		}
	}
}

func TestAuthStreamNeedsTheAuthorizersConsent(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	bearer := func(user string) http.Header { return http.Header{"Authorization": {"Bearer " + user}} }

	for _, c := range []struct {
		name   string
		header http.Header
		status int
	}{
		{"no token", nil, http.StatusUnauthorized},
		{"someone else", bearer("u-2"), http.StatusForbidden},
	} {
		sub := s.subscribe(t, "/sse/notification/"+NotificationChannel("u-1"), c.header)
		err := <-sub.done
		sub.done <- err
		var se *client.StatusError
		if !errors.As(err, &se) || se.StatusCode != c.status {
			t.Errorf("%s: got %v, want status %d", c.name, err, c.status)
		}
	}

	sub := s.subscribe(t, "/sse/notification/"+NotificationChannel("u-1"), bearer("u-1"))
	sent := EmailSent{UserID: "u-1", EmailType: "digest", SentTo: "ada@example.com", CorrelationID: "x-1"}
	if _, err := NewNotificationPublisher(s.hub).Publish(ctx, sent); err != nil {
		t.Fatal(err)
	}
	e := sub.next(t)
	got, err := DecodeNotificationStreamEvent(e.Name, e.Data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(NotificationStreamEvent(sent), got); diff != "" {
		t.Errorf("notification differs (-want +got):\n%s", diff)
	}
}

func TestMountRefusesAuthStreamsWithoutAuthorizer(t *testing.T) {
	hub := runtime.NewHub(runtime.HubConfig{})
	defer hub.Close()
	err := Mount(http.NewServeMux(), &runtime.Server{Hub: hub})
	if err == nil || !strings.Contains(err.Error(), "notification") {
		t.Fatalf("Mount without Authorizer: %v, want an error naming the notification stream", err)
	}
	if err := Mount(http.NewServeMux(), &runtime.Server{}); err == nil {
		t.Error("Mount without Hub succeeded")
	}
	srv := &runtime.Server{Hub: hub, Authorizer: bearerUser}
	mux := http.NewServeMux()
	if err := Mount(mux, srv); err != nil {
		t.Fatal(err)
	}
	if err := Mount(mux, srv); err == nil || !strings.Contains(err.Error(), `"/sse"`) {
		t.Errorf("a second Mount on one mux: %v, want an error naming the prefix", err)
	}
	if err := Mount(nil, srv); err == nil {
		t.Error("Mount without a mux succeeded")
	}
	var names []string
	for _, s := range srv.Streams {
		names = append(names, s.Name)
	}
	if diff := cmp.Diff([]string{"comment", "notification", "system"}, names); diff != "" {
		t.Errorf("mounted streams (-want +got):\n%s", diff)
	}
}

func TestChannelsAndStreamDescriptions(t *testing.T) {
	if got := CommentChannel("42"); got != "item:42" {
		t.Errorf("CommentChannel: %q", got)
	}
	if got := SystemChannel(); got != "system" {
		t.Errorf("SystemChannel: %q", got)
	}
	want := runtime.Stream{Name: "notification", ChannelPrefix: "user:", Auth: true, Events: []string{"EmailSent", "TaskComplete"}}
	if diff := cmp.Diff(want, NotificationStream); diff != "" {
		t.Errorf("NotificationStream (-want +got):\n%s", diff)
	}
}

// recorder is a runtime.Publisher that keeps what it is given, to check
// the routing of the typed publishers without a hub.
type recorder struct{ stream, channel, event, data string }

func (r *recorder) Publish(_ context.Context, stream, channel, event string, data []byte) (string, error) {
	*r = recorder{stream, channel, event, string(data)}
	return "1", nil
}

func TestPublishersRouteByKeyAndRefuseNil(t *testing.T) {
	var rec recorder
	ctx := context.Background()
	if _, err := NewNotificationPublisher(&rec).Publish(ctx, &TaskComplete{UserID: "u-9", TaskType: "export", DurationMs: 5}); err != nil {
		t.Fatal(err)
	}
	want := recorder{"notification", "user:u-9", "TaskComplete", `{"user_id":"u-9","task_type":"export","result":"","duration_ms":5}`}
	if rec != want {
		t.Errorf("published %+v, want %+v", rec, want)
	}
	if _, err := NewNotificationPublisher(&rec).Publish(ctx, (*TaskComplete)(nil)); err == nil {
		t.Error("publishing a nil *TaskComplete succeeded")
	}
	if _, err := NewNotificationPublisher(&rec).Publish(ctx, nil); err == nil {
		t.Error("publishing a nil event succeeded")
	}
	if _, err := DecodeEvent("nosuch", "CommentAdded", []byte(`{}`)); err == nil {
		t.Error("decoding an event of an unknown stream succeeded")
	}
	if _, err := DecodeCommentStreamEvent("SystemAlert", []byte(`{}`)); err == nil {
		t.Error("decoding another stream's event succeeded")
	}
	if _, err := DecodeCommentStreamEvent("CommentAdded", []byte(`{"timestamp":"soon"}`)); err == nil {
		t.Error("decoding malformed data succeeded")
	}
}

func TestSnapshotSendsTypedStateBeforeLiveEvents(t *testing.T) {
	hub := runtime.NewHub(runtime.HubConfig{})
	// The application's state and its lock: the snapshot is read and sent
	// under the lock that changes and their publishing also hold, as the
	// runtime asks, so that nothing is lost or doubled in between.
	var mu sync.Mutex
	state := CommentAdded{CommentID: "c0", ItemID: "5", Text: "already there"}
	var refused []error
	srv := &runtime.Server{Hub: hub, Authorizer: bearerUser, HeartbeatInterval: -1, OnConnect: func(s *runtime.Snapshot) error {
		mu.Lock()
		defer mu.Unlock()
		// Events of other channels, and nil events, are refused.
		refused = append(refused,
			SendCommentSnapshot(s, CommentAdded{ItemID: "6"}),
			SendCommentSnapshot(s, (*CommentUpdated)(nil)),
		)
		return SendCommentSnapshot(s, &state)
	}}
	mux := http.NewServeMux()
	if err := Mount(mux, srv); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(mux)
	defer hub.Close()
	defer ts.Close()
	defer srv.Shutdown(context.Background())
	s := &server{hub: hub, url: ts.URL}

	sub := s.subscribe(t, "/sse/comment/"+CommentChannel("5"), nil)
	mu.Lock()
	state.Text = "edited"
	_, err := NewCommentPublisher(hub).Publish(context.Background(), CommentUpdated{CommentID: "c0", ItemID: "5", NewText: state.Text})
	mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	// Whether the edit landed before or after the snapshot, the client's
	// view ends up edited, starting from a typed CommentAdded.
	view := ""
	for i := 0; view != "edited"; i++ {
		e := sub.next(t)
		ev, err := DecodeCommentStreamEvent(e.Name, e.Data)
		if err != nil {
			t.Fatal(err)
		}
		switch ev := ev.(type) {
		case CommentAdded:
			if i != 0 || ev.CommentID != "c0" {
				t.Fatalf("event %d: unexpected %+v", i, ev)
			}
			view = ev.Text
		case CommentUpdated:
			if i == 0 {
				t.Fatal("a live event came before the snapshot")
			}
			view = ev.NewText
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for i, err := range refused {
		if err == nil {
			t.Errorf("refused[%d]: SendCommentSnapshot accepted an event that does not belong", i)
		}
	}
}

// checker is a runtime.Publisher for concurrent use that keeps the data
// slices it is given as they are, not copies: were a slice shared with
// the encoders' pooled buffers, later events would overwrite it.
type checker struct {
	mu   sync.Mutex
	seen []published
}

type published struct {
	channel string
	data    []byte
}

func (c *checker) Publish(_ context.Context, stream, channel, event string, data []byte) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = append(c.seen, published{channel, data})
	return "1", nil
}

func TestPublishersAreSafeForConcurrentUse(t *testing.T) {
	var c checker
	p := NewCommentPublisher(&c)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				ev := CommentAdded{CommentID: fmt.Sprintf("c%d-%d", g, i), ItemID: fmt.Sprint(g), Text: strings.Repeat("<x>", i)}
				if _, err := p.Publish(context.Background(), ev); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(c.seen) != 8*200 {
		t.Fatalf("%d events recorded, want %d", len(c.seen), 8*200)
	}
	ids := map[string]bool{}
	for _, r := range c.seen {
		var ev CommentAdded
		if err := json.Unmarshal(r.data, &ev); err != nil {
			t.Fatalf("published data is not JSON any more: %v: %q", err, r.data)
		}
		want, _ := json.Marshal(ev)
		if string(want) != string(r.data) || r.channel != CommentChannel(ev.ItemID) || ids[ev.CommentID] {
			t.Fatalf("event %s on %s: data %q, want %q once", ev.CommentID, r.channel, r.data, want)
		}
		ids[ev.CommentID] = true
	}
}
