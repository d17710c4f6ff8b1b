package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssegen/ssegen/examples/teamwork/app"
	"github.com/ssegen/ssegen/examples/teamwork/board"
	"github.com/ssegen/ssegen/examples/teamwork/models/sse"
	"github.com/ssegen/ssegen/runtime/client"
)

// newServer serves a fresh board app over real HTTP on loopback.
func newServer(t *testing.T) (*httptest.Server, *app.App) {
	t.Helper()
	a, err := app.New(app.Config{Store: &board.Memory{}, TypingTimeout: 200 * time.Millisecond, ImportStep: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		a.Shutdown(ctx)
		srv.Close()
		a.Close()
	})
	return srv, a
}

// stream is one open event stream, read on its own goroutine.
type stream struct {
	t      *testing.T
	events chan client.Event
}

func openStream(t *testing.T, rawURL string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", rawURL, resp.Status)
	}
	s := &stream{t: t, events: make(chan client.Event, 64)}
	go func() {
		defer resp.Body.Close()
		defer close(s.events)
		r := client.NewReader(resp.Body)
		for {
			ev, err := r.Next()
			if err != nil {
				return
			}
			s.events <- ev
		}
	}()
	return s
}

// next returns the next event, failing after a second.
func (s *stream) next() client.Event {
	s.t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			s.t.Fatal("stream ended")
		}
		return ev
	case <-time.After(time.Second):
		s.t.Fatal("no event within 1s")
	}
	return client.Event{}
}

// nextNamed skips to the next event with this name.
func (s *stream) nextNamed(name string) client.Event {
	s.t.Helper()
	for {
		if ev := s.next(); ev.Name == name {
			return ev
		}
	}
}

// nextExcept skips events with this name: users-online updates arrive
// whenever the hub gets to them.
func (s *stream) nextExcept(name string) client.Event {
	s.t.Helper()
	for {
		if ev := s.next(); ev.Name != name {
			return ev
		}
	}
}

func post(t *testing.T, method, rawURL string, form url.Values) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, rawURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// decodeMux splits an event of the multiplexed endpoint and decodes it
// with the generated decoders, as the Elm front end's glue does.
func decodeMux(t *testing.T, ev client.Event) any {
	t.Helper()
	topic, data, err := client.SplitMux(ev.Data)
	if err != nil {
		t.Fatalf("%s: %v", ev.Name, err)
	}
	var v any
	switch topic {
	case "task/board:t":
		v, err = sse.DecodeTaskStreamEvent(ev.Name, data)
	case "presence/board:t":
		v, err = sse.DecodePresenceStreamEvent(ev.Name, data)
	case "notification/board:t":
		v, err = sse.DecodeNotificationStreamEvent(ev.Name, data)
	case "typing/board:t":
		v, err = sse.DecodeTypingStreamEvent(ev.Name, data)
	default:
		t.Fatalf("event on unexpected topic %q", topic)
	}
	if err != nil {
		t.Fatalf("decode %s: %v", ev.Name, err)
	}
	return v
}

// TestTypedStreamsFollowTheBoard is the board as the Elm front end sees
// it: one multiplexed connection, the state on connect, then one typed
// event per change.
func TestTypedStreamsFollowTheBoard(t *testing.T) {
	srv, _ := newServer(t)
	s := openStream(t, srv.URL+"/sse?c=task/board:t&c=presence/board:t&c=notification/board:t&c=typing/board:t")
	// The state on connect, in topic order; this connection itself is the
	// one user online.
	want := []any{sse.UsersOnline{BoardID: "t", Count: 1}, sse.BoardSnapshot{BoardID: "t", Tasks: []sse.Task{}}}
	got := []any{decodeMux(t, s.next()), decodeMux(t, s.next())}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("state on connect (-want +got):\n%s", diff)
	}

	tasks := srv.URL + "/boards/t/tasks"
	steps := []struct {
		method, url string
		want        []any
	}{
		{"POST", tasks + "?title=Write+docs", []any{
			sse.TaskAdded{BoardID: "t", Task: sse.Task{ID: 1, Title: "Write docs"}, By: "ann"},
			sse.Notification{BoardID: "t", Message: "ann added “Write docs”", Level: sse.LevelInfo},
		}},
		{"POST", tasks + "/1/toggle", []any{
			sse.TaskToggled{BoardID: "t", TaskID: 1, Done: true, By: "ann"},
			sse.Notification{BoardID: "t", Message: "ann finished “Write docs”", Level: sse.LevelSuccess},
		}},
		{"DELETE", tasks + "/1", []any{
			sse.TaskDeleted{BoardID: "t", TaskID: 1, By: "ann"},
			sse.Notification{BoardID: "t", Message: "ann deleted “Write docs”", Level: sse.LevelWarning},
		}},
	}
	for _, step := range steps {
		if code, body := post(t, step.method, step.url+sep(step.url)+"user=ann", nil); code != http.StatusNoContent {
			t.Fatalf("%s %s: %d %s", step.method, step.url, code, body)
		}
		var got []any
		for range step.want {
			got = append(got, decodeMux(t, s.nextExcept("UsersOnline")))
		}
		if diff := cmp.Diff(step.want, got); diff != "" {
			t.Fatalf("%s %s (-want +got):\n%s", step.method, step.url, diff)
		}
	}

	// Typing: one event when it starts, one when it stops, not one per key.
	for range 3 {
		post(t, "POST", srv.URL+"/boards/t/typing?user=bo", nil)
	}
	if diff := cmp.Diff(sse.UserTyping{BoardID: "t", User: "bo", Typing: []string{"bo"}}, decodeMux(t, s.nextExcept("UsersOnline"))); diff != "" {
		t.Fatalf("typing (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(sse.UserStoppedTyping{BoardID: "t", User: "bo", Typing: []string{}}, decodeMux(t, s.nextExcept("UsersOnline"))); diff != "" {
		t.Fatalf("after the timeout (-want +got):\n%s", diff)
	}
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

// TestFragmentsRenderedOncePerEvent checks that a change is rendered and
// published once, whatever the number of tabs: every tab gets the same
// event, with the same id and the same bytes.
func TestFragmentsRenderedOncePerEvent(t *testing.T) {
	srv, _ := newServer(t)
	var tabs []*stream
	for range 5 {
		s := openStream(t, srv.URL+sse.BoardHTMLURL("t"))
		s.nextNamed(sse.BoardSwap.UserTyping) // the end of the state on connect
		tabs = append(tabs, s)
	}
	if code, body := post(t, "POST", srv.URL+"/boards/t/tasks", url.Values{"title": {"<b>bold</b> & co"}, "user": {"ann"}}); code != http.StatusNoContent {
		t.Fatalf("add: %d %s", code, body)
	}
	var first client.Event
	for i, s := range tabs {
		// Exactly one board, then the toast: one publish per change.
		ev := s.nextExcept("UsersOnline")
		if ev.Name != sse.BoardSwap.BoardSnapshot {
			t.Fatalf("tab %d: got %s, want BoardSnapshot", i, ev.Name)
		}
		if next := s.nextExcept("UsersOnline"); next.Name != sse.BoardSwap.Notification {
			t.Fatalf("tab %d: after BoardSnapshot got %s, want Notification", i, next.Name)
		}
		if i == 0 {
			first = ev
		} else if ev.ID != first.ID || string(ev.Data) != string(first.Data) {
			t.Fatalf("tab %d got another BoardSnapshot event (id %q) than tab 0 (id %q):\n%s\nvs\n%s", i, ev.ID, first.ID, ev.Data, first.Data)
		}
	}
	if first.ID == "" {
		t.Fatal("the BoardSnapshot event has no id, so a tab could not resume after it")
	}
	if !strings.Contains(string(first.Data), "&lt;b&gt;bold&lt;/b&gt; &amp; co") || strings.Contains(string(first.Data), "<b>") {
		t.Fatalf("the title is not escaped in the fragment:\n%s", first.Data)
	}
}

// TestBadRequests checks that mistakes get a clear status and message.
func TestBadRequests(t *testing.T) {
	srv, _ := newServer(t)
	cases := []struct {
		method, path string
		form         url.Values
		code         int
		says         string
	}{
		{"POST", "/boards/t/tasks", url.Values{"title": {"   "}}, http.StatusUnprocessableEntity, "the title is empty"},
		{"POST", "/boards/t/tasks", url.Values{"title": {strings.Repeat("x", board.MaxTitle+1)}}, http.StatusUnprocessableEntity, "longer than"},
		{"POST", "/boards/t/tasks/7/toggle", nil, http.StatusNotFound, "That task is gone."},
		{"DELETE", "/boards/t/tasks/7", nil, http.StatusNotFound, "That task is gone."},
		{"POST", "/boards/t/tasks/x/toggle", nil, http.StatusNotFound, "positive integers"},
		{"POST", "/boards/Bad%20Name/tasks", url.Values{"title": {"a"}}, http.StatusNotFound, "no such board"},
		{"GET", "/boards/t/tasks", nil, http.StatusMethodNotAllowed, ""},
		{"GET", "/sse/board/elsewhere:t", nil, http.StatusNotFound, ""},
		{"POST", "/boards/t/imports", url.Values{"lines": {" \n \n"}}, http.StatusUnprocessableEntity, "Nothing to import"},
		{"POST", "/boards/t/imports", url.Values{"lines": {strings.Repeat("a\n", 101)}}, http.StatusUnprocessableEntity, "at most 100 lines"},
		{"GET", "/boards/t/imports/nope", nil, http.StatusNotFound, "No such import"},
	}
	for _, c := range cases {
		code, body := post(t, c.method, srv.URL+c.path, c.form)
		if code != c.code || !strings.Contains(body, c.says) {
			t.Errorf("%s %s: %d %q, want %d saying %q", c.method, c.path, code, body, c.code, c.says)
		}
	}
}

// TestPage checks the first load: the board as it is, the stream to
// follow, and vendored scripts only.
func TestPage(t *testing.T) {
	srv, _ := newServer(t)
	post(t, "POST", srv.URL+"/boards/t/tasks", url.Values{"title": {`<script>alert(1)</script>`}})
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Request.URL.Path != "/boards/main" {
		t.Fatalf("/ led to %s, want /boards/main", resp.Request.URL.Path)
	}
	resp, _ = http.Get(srv.URL + "/boards/t")
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	for _, want := range []string{
		`hx-ext="sse"`, `sse-connect="/sse/board/board:t"`, `sse-swap="BoardSnapshot"`,
		`sse-swap="UserTyping,UserStoppedTyping"`, `sse-swap="Notification"`, `sse-swap="UsersOnline"`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`src="/static/vendor/htmx.org/htmx.min.js"`, `src="/static/vendor/htmx-ext-sse/sse.js"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, "<script>alert(1)") || strings.Contains(page, "://unpkg") || strings.Contains(page, "cdn") {
		t.Errorf("page has live markup from a title or a script from elsewhere:\n%s", page)
	}
	for _, path := range []string{"/static/vendor/htmx.org/htmx.min.js", "/static/vendor/htmx-ext-sse/sse.js", "/static/vendor/htmx.org/LICENSE", "/static/app.js"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %v %v", path, resp.Status, err)
		}
		resp.Body.Close()
	}
}

// TestNewNeedsAStore checks that a missing store is an error, not a panic
// on the first request.
func TestNewNeedsAStore(t *testing.T) {
	if a, err := app.New(app.Config{}); err == nil || a != nil {
		t.Fatalf("New without a store = %v, %v; want an error", a, err)
	}
}
