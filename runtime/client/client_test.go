package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

// scripted is a test server that answers its n-th request with the n-th
// step, and with 204 once the steps run out, recording each request.
type scripted struct {
	*httptest.Server
	mu    sync.Mutex
	steps []http.HandlerFunc
	reqs  []*http.Request
	times []time.Time
}

func newScripted(t *testing.T, steps ...http.HandlerFunc) *scripted {
	t.Helper()
	s := &scripted{steps: steps}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, r.Clone(context.Background()))
		s.times = append(s.times, time.Now())
		s.mu.Unlock()
		if n < len(s.steps) {
			s.steps[n](w, r)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(s.Close)
	return s
}

// lastEventIDs returns the Last-Event-ID of every request so far.
func (s *scripted) lastEventIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, len(s.reqs))
	for i, r := range s.reqs {
		ids[i] = r.Header.Get("Last-Event-ID")
	}
	return ids
}

// request returns the i-th request.
func (s *scripted) request(i int) *http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs[i]
}

// gap returns the time between request i-1 and request i.
func (s *scripted) gap(i int) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.times[i].Sub(s.times[i-1])
}

// requests returns how many requests the server has seen.
func (s *scripted) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// stream answers as an event stream, writes body and ends the response.
func stream(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, body)
	}
}

// status answers with code, the given headers and a short body.
func status(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, "refused by test\nsecond line")
	}
}

// testClient returns a client with its own transport, closed at cleanup so
// that goleak sees no idle connection goroutines.
func testClient(t *testing.T) *Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &Client{HTTPClient: &http.Client{Transport: tr}, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
}

// retryLog records OnRetry calls.
type retryLog struct {
	mu      sync.Mutex
	delays  []time.Duration
	reasons []error
}

func (l *retryLog) record(attempt int, d time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.delays = append(l.delays, d)
	l.reasons = append(l.reasons, err)
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestSubscribeResumesWithLastEventID(t *testing.T) {
	srv := newScripted(t,
		stream("retry: 20\n\nid: 1\ndata: a\n\nid: 2\nevent: Added\ndata: b\n\n"),
		// An id-only block moves the position without an event.
		stream("data: c\n\nid: 5\n\n"),
		// The stream breaks in the middle of an event: it is dropped.
		stream("id: 6\ndata: d\n\nid: 7\ndata: partial"),
	)
	c := testClient(t)
	c.MinBackoff = time.Hour // only the server's retry: can make this test finish
	var log retryLog
	c.OnRetry = log.record
	var connects []string
	c.OnConnect = func(id string) { connects = append(connects, id) }

	var got []Event
	err := c.Subscribe(testCtx(t), srv.URL+"/sse/comment/item:1", func(e Event) { got = append(got, e) })

	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusNoContent {
		t.Fatalf("Subscribe returned %v, want a 204 StatusError", err)
	}
	want := []Event{ev("1", "message", "a"), ev("2", "Added", "b"), ev("2", "message", "c"), ev("6", "message", "d")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "2", "5", "6"}, srv.lastEventIDs()); diff != "" {
		t.Errorf("Last-Event-ID per request (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "2", "5"}, connects); diff != "" {
		t.Errorf("OnConnect (-want +got):\n%s", diff)
	}
	if len(log.delays) != 3 {
		t.Fatalf("OnRetry called %d times, want 3", len(log.delays))
	}
	for i, d := range log.delays {
		if d < 20*time.Millisecond || d > 30*time.Millisecond {
			t.Errorf("retry %d waited %v, want the server's 20ms plus at most half in jitter", i, d)
		}
		if !errors.Is(log.reasons[i], ErrStreamEnded) {
			t.Errorf("retry %d reason %v, want ErrStreamEnded", i, log.reasons[i])
		}
	}
	for i := 1; i < srv.requests(); i++ {
		if gap := srv.gap(i); gap < 20*time.Millisecond {
			t.Errorf("request %d came %v after the previous one, before the server's retry", i, gap)
		}
	}
}

func TestSubscribeSendsHeaders(t *testing.T) {
	srv := newScripted(t)
	c := testClient(t)
	c.Header = http.Header{"Authorization": {"Bearer t0k"}, "Cookie": {"session=s1"}}
	c.SubscribeFrom(testCtx(t), srv.URL, "comment%2Fitem%3A1=4", func(Event) {})
	r := srv.request(0)
	for k, v := range map[string]string{
		"Authorization": "Bearer t0k",
		"Cookie":        "session=s1",
		"Accept":        "text/event-stream",
		"Cache-Control": "no-cache",
		"Last-Event-Id": "comment%2Fitem%3A1=4",
	} {
		if got := r.Header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if c.Header.Get("Last-Event-ID") != "" {
		t.Error("the client's own Header was changed")
	}
}

// Like a browser, the client stops for good on 204, on client errors and
// on a stream of the wrong type, and says which.
func TestSubscribeStops(t *testing.T) {
	for _, code := range []int{204, 301, 400, 401, 403, 404, 405, 410} {
		srv := newScripted(t, status(code, "Location", "/elsewhere"))
		c := testClient(t)
		c.HTTPClient.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		err := c.Subscribe(testCtx(t), srv.URL+"/sse/x/y?token=secret", func(Event) {})
		var se *StatusError
		if !errors.As(err, &se) || se.StatusCode != code {
			t.Errorf("%d: Subscribe returned %v, want a StatusError with that code", code, err)
			continue
		}
		if n := srv.requests(); n != 1 {
			t.Errorf("%d: %d requests, want 1", code, n)
		}
		msg := err.Error()
		if !strings.Contains(msg, http.StatusText(code)) || !strings.Contains(msg, "/sse/x/y") {
			t.Errorf("%d: message %q does not name the status and path", code, msg)
		}
		if strings.Contains(msg, "secret") || strings.Contains(msg, "second line") {
			t.Errorf("%d: message %q leaks the query or more than one line of body", code, msg)
		}
	}

	srv := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "data: a\n\n")
	})
	called := false
	err := testClient(t).Subscribe(testCtx(t), srv.URL, func(Event) { called = true })
	if !errors.Is(err, ErrNotEventStream) || called || srv.requests() != 1 {
		t.Errorf("text/plain: %v after %d requests (handler called: %v), want ErrNotEventStream after 1", err, srv.requests(), called)
	}
}

func TestSubscribeRetryAfter(t *testing.T) {
	srv := newScripted(t,
		status(http.StatusServiceUnavailable, "Retry-After", "1"),
		status(http.StatusBadGateway),
		stream("data: a\n\n"),
	)
	c := testClient(t)
	var log retryLog
	c.OnRetry = log.record
	var got []Event
	err := c.Subscribe(testCtx(t), srv.URL, func(e Event) { got = append(got, e) })
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 204 || len(got) != 1 {
		t.Fatalf("Subscribe: %v with %d events, want 204 after one event", err, len(got))
	}
	if gap := srv.gap(1); gap < time.Second {
		t.Errorf("retried %v after a 503 with Retry-After: 1", gap)
	}
	if !errors.As(log.reasons[0], &se) || se.StatusCode != 503 || log.delays[0] < time.Second {
		t.Errorf("first retry: %v after %v, want the 503 and at least 1s", log.reasons[0], log.delays[0])
	}
	if !errors.As(log.reasons[1], &se) || se.StatusCode != 502 {
		t.Errorf("second retry: %v, want the 502", log.reasons[1])
	}
}

func TestSubscribeBackoffGrowsAndGivesUp(t *testing.T) {
	steps := make([]http.HandlerFunc, 10)
	for i := range steps {
		steps[i] = status(http.StatusBadGateway)
	}
	srv := newScripted(t, steps...)
	c := testClient(t)
	c.MinBackoff, c.MaxBackoff, c.MaxAttempts = 2*time.Millisecond, 10*time.Millisecond, 6
	var log retryLog
	var attempts []int
	c.OnRetry = func(a int, d time.Duration, err error) { attempts = append(attempts, a); log.record(a, d, err) }
	err := c.Subscribe(testCtx(t), srv.URL, func(Event) {})
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 502 || !strings.Contains(err.Error(), "6 failed attempts") {
		t.Fatalf("Subscribe returned %v, want giving up on the 502 after 6 attempts", err)
	}
	if n := srv.requests(); n != 6 {
		t.Errorf("%d requests, want 6", n)
	}
	if diff := cmp.Diff([]int{1, 2, 3, 4, 5}, attempts); diff != "" {
		t.Errorf("attempts (-want +got):\n%s", diff)
	}
	base := []time.Duration{2, 4, 8, 10, 10}
	for i, d := range log.delays {
		lo := base[i] * time.Millisecond
		if d < lo || d > lo+lo/2 {
			t.Errorf("delay %d = %v, want within [%v, %v]", i, d, lo, lo+lo/2)
		}
	}
}

// Delays must differ between clients that fail together, or they all come
// back at the same instant.
func TestBackoffJitter(t *testing.T) {
	s := &subscription{c: &Client{MinBackoff: time.Second, MaxBackoff: time.Minute}}
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[s.backoff(3)] = true
	}
	if len(seen) < 40 {
		t.Fatalf("50 delays took only %d values", len(seen))
	}
	// A huge retry from the server neither overflows nor is undercut.
	s.retry, s.hasRetry = time.Duration(1<<62), true
	if d := s.backoff(60); d < s.retry {
		t.Fatalf("backoff(60) with retry %v = %v", s.retry, d)
	}
	// retry: 0 reconnects at once, but not in a tight loop after that.
	s.retry = 0
	if d := s.backoff(0); d != 0 {
		t.Errorf("first delay with retry: 0 = %v, want 0", d)
	}
	if d := s.backoff(1); d < 2*time.Second {
		t.Errorf("second delay with retry: 0 = %v, want at least twice MinBackoff", d)
	}
}

func TestSubscribeConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := testClient(t)
	c.MaxAttempts = 3
	var log retryLog
	c.OnRetry = log.record
	err := c.Subscribe(testCtx(t), url+"/sse/x/y?token=secret", func(Event) {})
	if err == nil || !strings.Contains(err.Error(), "3 failed attempts") || len(log.reasons) != 2 {
		t.Fatalf("Subscribe returned %v after %d retries, want giving up after 3 attempts", err, len(log.reasons))
	}
	if msg := err.Error(); strings.Contains(msg, "secret") || !strings.Contains(msg, "/sse/x/y") {
		t.Errorf("message %q leaks the query or does not name the path", msg)
	}
}

func TestSubscribeBadInput(t *testing.T) {
	for _, u := range []string{"://no-scheme", "http://[::1", "ftp://127.0.0.1/x"} {
		if err := testClient(t).Subscribe(testCtx(t), u, func(Event) {}); err == nil || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Subscribe(%q) succeeded", u)
		}
	}
	srv := newScripted(t)
	for name, c := range map[string]*Client{
		"header value": {Header: http.Header{"X-Token": {"a\r\nInjected: 1"}}},
		"header name":  {Header: http.Header{"Bad Name": {"v"}}},
	} {
		if err := c.Subscribe(testCtx(t), srv.URL, func(Event) {}); err == nil || !strings.Contains(err.Error(), "header") {
			t.Errorf("%s: Subscribe returned %v", name, err)
		}
	}
	if err := testClient(t).SubscribeFrom(testCtx(t), srv.URL, "1\n2", func(Event) {}); err == nil || !strings.Contains(err.Error(), "last event ID") {
		t.Errorf("bad last event ID: Subscribe returned %v", err)
	}
	if err := testClient(t).Subscribe(testCtx(t), srv.URL, nil); err == nil {
		t.Error("nil handler accepted")
	}
	if n := srv.requests(); n != 0 {
		t.Errorf("%d requests sent with bad input", n)
	}

	srv = newScripted(t, stream("data: "+strings.Repeat("x", 100)+"\n\n"))
	c := testClient(t)
	c.MaxEventSize = 50
	if err := c.Subscribe(testCtx(t), srv.URL, func(Event) {}); !errors.Is(err, ErrEventTooLarge) || srv.requests() != 1 {
		t.Fatalf("oversized event: %v after %d requests, want ErrEventTooLarge after 1", err, srv.requests())
	}
}

// Cancelling the context ends Subscribe promptly, whether it is reading a
// live stream or waiting to reconnect, and leaves no goroutine behind.
func TestSubscribeCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	release := make(chan struct{})
	live := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: first\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	srv := newScripted(t, live, status(http.StatusServiceUnavailable, "Retry-After", "3600"))
	defer srv.Close()
	defer close(release)
	c := testClient(t)
	defer c.HTTPClient.CloseIdleConnections()

	// Cancelled while reading the live stream.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Subscribe(ctx, srv.URL, func(Event) { cancel() }) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Subscribe returned %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Subscribe did not return after cancel during a live stream")
	}

	// Cancelled during an hour-long wait asked for by Retry-After.
	ctx, cancel = context.WithCancel(context.Background())
	c.OnRetry = func(int, time.Duration, error) { cancel() }
	go func() { done <- c.Subscribe(ctx, srv.URL, func(Event) {}) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Subscribe returned %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Subscribe did not return after cancel during backoff")
	}
}

func TestRetryAfterForms(t *testing.T) {
	for v, want := range map[string]time.Duration{
		"":         0,
		"7":        7 * time.Second,
		"-1":       0,
		"soon":     0,
		"99999999": 24 * time.Hour,
		time.Now().Add(time.Hour).UTC().Format(http.TimeFormat): time.Hour,
	} {
		got := retryAfter(&http.Response{Header: http.Header{"Retry-After": {v}}})
		if got > want || got < want-2*time.Second {
			t.Errorf("Retry-After %q = %v, want %v", v, got, want)
		}
	}
}

// An error response whose body stays open must not hold up the retry.
func TestSubscribeErrorBodyLeftOpen(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := newScripted(t,
		func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
			io.WriteString(w, "partial")
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-release:
			}
		},
		stream("data: a\n\n"),
	)
	var got []Event
	start := time.Now()
	err := testClient(t).Subscribe(testCtx(t), srv.URL, func(e Event) { got = append(got, e) })
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 204 || len(got) != 1 {
		t.Fatalf("Subscribe: %v with %d events, want 204 after one event", err, len(got))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v: the open error body stalled the retry", d)
	}
}
