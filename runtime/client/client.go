package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Default backoff bounds, used when the Client's fields are zero.
const (
	DefaultMinBackoff = time.Second
	DefaultMaxBackoff = 30 * time.Second
)

// Client subscribes to event streams and keeps them going: it reconnects
// with exponential backoff and jitter, resumes with Last-Event-ID, honours
// the server's `retry:` and Retry-After, and stops where a browser's
// EventSource would stop. The zero Client is usable; a Client is safe for
// concurrent use once its fields are set.
type Client struct {
	// HTTPClient sends the requests; nil means http.DefaultClient. Its
	// Timeout must be zero (or longer than any stream lives), since it
	// bounds the whole response, body included.
	HTTPClient *http.Client
	// Header is added to every request: cookies, authorization.
	Header http.Header

	// MinBackoff is the reconnection time until the server sends `retry:`,
	// and the smallest delay that backoff doubles from. Zero means
	// DefaultMinBackoff.
	MinBackoff time.Duration
	// MaxBackoff caps the doubling; the server's `retry:` and Retry-After
	// may ask for longer and are obeyed. Zero means DefaultMaxBackoff.
	MaxBackoff time.Duration
	// MaxAttempts is how many attempts in a row may fail (fail to connect,
	// or connect and end without a single line) before Subscribe gives up.
	// Zero means never give up.
	MaxAttempts int
	// MaxEventSize bounds a line and an event's data (see
	// Reader.SetMaxEventSize); zero means DefaultMaxEventSize.
	MaxEventSize int

	// OnConnect, when set, is called each time a stream is accepted (200
	// with text/event-stream), with the Last-Event-ID that was sent.
	OnConnect func(lastEventID string)
	// OnRetry, when set, is called before each wait to reconnect: attempt
	// counts the failures in a row (1 after a stream that worked and
	// ended), delay is the wait, err why the last attempt ended.
	OnRetry func(attempt int, delay time.Duration, err error)
}

// ErrStreamEnded is the reason OnRetry reports when the server closed a
// stream normally.
var ErrStreamEnded = errors.New("sse: stream ended")

// ErrNotEventStream is returned when a 200 response is not
// text/event-stream; a browser fails such a connection for good.
var ErrNotEventStream = errors.New("sse: response is not text/event-stream")

// StatusError is returned, or reported to OnRetry, for a response other
// than 200 OK. 204 No Content is the server's way to say "stop".
type StatusError struct {
	// URL is the request's URL without its query, which may carry tokens.
	URL string
	// StatusCode and Status are the response's.
	StatusCode int
	Status     string
	// Body is the start of the response body, for the message.
	Body string
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("sse: GET %s: %s", e.URL, e.Status)
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// Subscribe opens the stream at url and calls handler with each event, in
// the order received, on the calling goroutine, until ctx is done or the
// stream fails for good. It reconnects whenever the connection breaks or
// the server ends the response, sending the last event ID seen.
//
// It returns ctx.Err() after cancellation, a *StatusError for 204 and for
// statuses a browser would not retry (4xx but 429), ErrNotEventStream, an
// error wrapping ErrEventTooLarge, or the last error after MaxAttempts
// failures in a row. 429, 500, 502, 503 and 504 are retried, waiting at
// least the Retry-After the server gives. No goroutine outlives the call.
func (c *Client) Subscribe(ctx context.Context, url string, handler func(Event)) error {
	return c.SubscribeFrom(ctx, url, "", handler)
}

// SubscribeFrom is Subscribe resuming after lastEventID: it is sent as
// Last-Event-ID from the first request on, so a service that stored the id
// of the last event it handled picks up where it left off.
func (c *Client) SubscribeFrom(ctx context.Context, url, lastEventID string, handler func(Event)) error {
	if handler == nil {
		return errors.New("sse: Subscribe needs a handler")
	}
	if err := checkHeaders(c.Header, lastEventID); err != nil {
		return err
	}
	s := &subscription{c: c, url: url, lastID: lastEventID}
	failures := 0
	for {
		progressed, notBefore, err := s.connect(ctx, handler)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var fatal *fatalError
		if errors.As(err, &fatal) {
			return fatal.err
		}
		if progressed {
			failures = 0
		}
		failures++
		if c.MaxAttempts > 0 && failures >= c.MaxAttempts {
			return fmt.Errorf("sse: giving up after %d failed attempts: %w", failures, err)
		}
		delay := max(s.backoff(failures-1), notBefore)
		if c.OnRetry != nil {
			c.OnRetry(failures, delay, err)
		}
		if err := sleep(ctx, delay); err != nil {
			return err
		}
	}
}

// fatalError marks an error that ends Subscribe instead of a reconnect.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }

// subscription is the state that survives reconnects: where the stream is
// and how long the server wants a client to wait.
type subscription struct {
	c        *Client
	url      string
	lastID   string
	retry    time.Duration
	hasRetry bool
}

// connect makes one request and reads the stream until it ends. progressed
// tells whether the server sent at least one line; notBefore is the server's
// Retry-After.
func (s *subscription) connect(ctx context.Context, handler func(Event)) (progressed bool, notBefore time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return false, 0, &fatalError{fmt.Errorf("sse: %w", err)}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return false, 0, &fatalError{fmt.Errorf("sse: GET %s: scheme must be http or https", withoutQuery(req.URL))}
	}
	for k, v := range s.c.Header {
		req.Header[k] = append([]string(nil), v...)
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Cache-Control", "no-cache")
	if s.lastID != "" {
		req.Header.Set("Last-Event-ID", s.lastID)
	}
	hc := s.c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = withoutQuery(req.URL) // the query may carry a token
		}
		return false, 0, err
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		return false, retryAfter(resp), statusError(req.URL, resp)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		return false, 0, &fatalError{fmt.Errorf("%w: GET %s: Content-Type %q", ErrNotEventStream, withoutQuery(req.URL), resp.Header.Get("Content-Type"))}
	}
	if s.c.OnConnect != nil {
		s.c.OnConnect(s.lastID)
	}

	r := NewReader(resp.Body)
	r.SetLastEventID(s.lastID)
	r.SetMaxEventSize(s.c.MaxEventSize)
	for {
		ev, err := r.Next()
		// A block without data can move the position, and a retry field
		// counts even when no event follows it.
		s.lastID = r.LastEventID()
		if d, ok := r.Retry(); ok {
			s.retry, s.hasRetry = d, true
		}
		if err != nil {
			switch {
			case errors.Is(err, ErrEventTooLarge):
				err = &fatalError{fmt.Errorf("sse: GET %s: %w", withoutQuery(req.URL), err)}
			case err == io.EOF || err == io.ErrUnexpectedEOF:
				err = ErrStreamEnded
			}
			return r.Lines() > 0, 0, err
		}
		handler(ev)
	}
}

// statusError builds the error for a non-200 response, fatal unless the
// status is one worth retrying.
func statusError(u *url.URL, resp *http.Response) error {
	// Only a body of known length is read: a server may keep an error
	// response open, and waiting for it would stall the retries.
	var body []byte
	if resp.ContentLength > 0 {
		body = make([]byte, min(resp.ContentLength, 256))
		n, _ := io.ReadFull(resp.Body, body)
		body = body[:n]
	}
	err := &StatusError{
		URL:        withoutQuery(u),
		StatusCode: resp.StatusCode,
		Status:     resp.Status,
		Body:       printable(body),
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return err
	}
	return &fatalError{err}
}

// withoutQuery renders u without query and credentials, so that tokens in
// either never reach an error message or a log.
func withoutQuery(u *url.URL) string {
	v := *u
	v.RawQuery, v.ForceQuery, v.Fragment, v.User = "", false, "", nil
	return v.String()
}

// printable trims a response body to one line of printable text.
func printable(b []byte) string {
	out := make([]rune, 0, len(b))
	for _, r := range string(b) {
		if r == '\n' || r == '\r' {
			break
		}
		if r >= ' ' && r != 0x7f && r != '\uFFFD' {
			out = append(out, r)
		}
	}
	return string(out)
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(resp *http.Response) time.Duration {
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseUint(v, 10, 64); err == nil {
		// A day is longer than any sensible wait and keeps the product small.
		return time.Duration(min(secs, uint64(24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// checkHeaders refuses header names and values that net/http would refuse
// at every attempt: caught here, they are an error at once instead of a
// reason to retry forever.
func checkHeaders(h http.Header, lastEventID string) error {
	if strings.ContainsAny(lastEventID, "\r\n\x00") {
		return fmt.Errorf("sse: last event ID %q contains CR, LF or NUL", lastEventID)
	}
	for name, values := range h {
		if name == "" || strings.ContainsFunc(name, func(r rune) bool {
			return r <= ' ' || r >= 0x7f || strings.ContainsRune("\"(),/:;<=>?@[\\]{}", r)
		}) {
			return fmt.Errorf("sse: header name %q is not a token", name)
		}
		for _, v := range values {
			if strings.ContainsAny(v, "\r\n\x00") {
				return fmt.Errorf("sse: header %s contains CR, LF or NUL", name)
			}
		}
	}
	return nil
}
