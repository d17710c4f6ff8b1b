package runtime

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// This file serves an event stream straight from a Go iterator, for
// endpoints whose events are made per request rather than published to a
// channel: a job's progress, a search that streams its results, a
// generator of fragments. The runtime owns the protocol (headers, retry,
// heartbeats, framing, errors, the client leaving, the end); the
// application owns only the sequence.

// Message is one event of an iterator stream.
type Message struct {
	// Event is the event name (the SSE `event:` field), following the
	// rules of Publish; empty sends an unnamed event, which EventSource
	// (and htmx's sse-swap="message") receives as "message".
	Event string
	// Data is the event's data: JSON, an HTML fragment, or text.
	Data []byte
	// ID, if set, becomes the client's last event id, which a browser
	// sends back as Last-Event-ID when it reconnects (see LastEventID).
	ID string

	err error // set by Events when an event cannot be encoded
}

// Encoder is what every generated event type implements.
type Encoder interface {
	// EventName is the event's name on the wire.
	EventName() string
	// AppendJSON appends the event's JSON to b.
	AppendJSON(b []byte) ([]byte, error)
}

// Events turns a sequence of typed events into messages: each one named
// after its type and encoded as JSON. An event that cannot be encoded
// ends the stream as an error would (see SeqOptions.Serve).
func Events[E Encoder](seq iter.Seq[E]) iter.Seq[Message] {
	return func(yield func(Message) bool) {
		for ev := range seq {
			data, err := ev.AppendJSON(nil)
			m := Message{Event: ev.EventName(), Data: data}
			if err != nil {
				m = Message{err: fmt.Errorf("encoding %s: %w", ev.EventName(), err)}
			}
			if !yield(m) {
				return
			}
		}
	}
}

// Fail is a message that ends an iterator stream with err, as a failure:
// the error is logged, and the client, told nothing, reconnects after
// the retry delay and gets a fresh sequence. Yield it when the sequence
// cannot go on.
func Fail(err error) Message {
	if err == nil {
		err = fmt.Errorf("ssegen: Fail(nil)")
	}
	return Message{err: err}
}

// EndID is the last event id a finished iterator stream leaves with its
// client. A reconnect that sends it back as Last-Event-ID (what a
// browser's EventSource does after the response ends) is answered 204,
// which tells the browser to stop reconnecting.
const EndID = "ssegen:end"

// LastEventID returns the position a client resumes from: the
// Last-Event-ID header, or the lastEventId query parameter that a new
// EventSource can send instead.
func LastEventID(r *http.Request) string {
	if id := r.Header.Get("Last-Event-ID"); id != "" {
		return id
	}
	return r.URL.Query().Get("lastEventId")
}

// SeqOptions tune iterator streams. The zero value is ready to use.
type SeqOptions struct {
	// Retry is sent as the client's reconnection delay (default 3s).
	Retry time.Duration
	// HeartbeatInterval is the time between comment lines while the
	// sequence has nothing to send (default 15s; negative sends none).
	HeartbeatInterval time.Duration
	// WriteTimeout bounds each write to the client (default 10s;
	// negative means none).
	WriteTimeout time.Duration
	// Logger receives the errors that end streams. Nil logs nothing.
	Logger *slog.Logger
}

// ServeSeq serves seq with the default SeqOptions; see SeqOptions.Serve.
func ServeSeq(w http.ResponseWriter, r *http.Request, seq iter.Seq[Message]) {
	SeqOptions{}.Serve(w, r, seq)
}

// Serve answers r with an event stream of the messages seq yields, and
// returns when the stream is over. It writes the headers and the retry
// delay at once, then each message as it comes, a heartbeat comment
// whenever the sequence is silent for the heartbeat interval, and,
// when seq returns, the end mark (EndID) before ending the response: a
// browser that reconnects after the end gets 204 and stops, while a new
// client (a new EventSource, say a page opened later) runs seq afresh,
// so that a finite stream's late subscriber gets its final state.
//
// seq runs on its own goroutine, so that heartbeats and the client's
// leaving are noticed while it waits. When the client leaves, or a
// message cannot be written or is malformed, yield returns false; seq
// must then return, and should stop waiting once r.Context() is done.
// Serve waits for seq to return, so nothing it started outlives the
// request. A malformed message, one from Fail, or a panic of seq ends
// the stream without the end mark, and is logged: the client reconnects
// after the retry delay.
func (o SeqOptions) Serve(w http.ResponseWriter, r *http.Request, seq iter.Seq[Message]) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if LastEventID(r) == EndID {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	ctx, cancel := context.WithCancel(r.Context())
	msgs := make(chan Message)
	finished := make(chan struct{})
	// panicked is set before finished closes. A panic on the sequence's
	// goroutine would end the whole program (net/http recovers only the
	// handler's own), so it ends this stream as an error instead.
	var panicked error
	go func() {
		defer close(finished)
		defer func() {
			if p := recover(); p != nil {
				panicked = fmt.Errorf("the sequence panicked: %v\n%s", p, debug.Stack())
			}
		}()
		seq(func(m Message) bool {
			select {
			case msgs <- m:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	// However the stream ends, the sequence is told to stop and waited
	// for.
	defer func() {
		cancel()
		<-finished
	}()

	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	writeTimeout := orDefault(o.WriteTimeout, defaultWrite)
	if writeTimeout < 0 {
		writeTimeout = 0
	}
	c := &conn{out: newHTTPSink(w), writeTimeout: writeTimeout}
	if err := c.write(retryField(orDefault(o.Retry, defaultRetry))); err != nil {
		return
	}
	heartbeat := orDefault(o.HeartbeatInterval, defaultHeartbeat)
	var ping <-chan time.Time
	if heartbeat > 0 {
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		ping = t.C
	}
	// Lift the last write's deadline, which may pass while the stream
	// idles, so that net/http can end the response cleanly.
	defer func() { _ = c.out.SetWriteDeadline(time.Time{}) }()
	var buf []byte
	for {
		select {
		case <-ctx.Done():
			return
		case <-finished:
			// Drained: seq returned after its last send was taken.
			if panicked != nil {
				log.Error("ssegen: iterator stream ended by an error", "url", RedactURL(r.URL), "err", panicked)
				return
			}
			_ = c.write(appendPosition(nil, []byte(EndID)))
			return
		case <-ping:
			if err := c.write(heartbeatComment); err != nil {
				return
			}
		case m := <-msgs:
			var err error
			buf, err = appendMessage(buf[:0], m)
			if err != nil {
				log.Error("ssegen: iterator stream ended by an error", "url", RedactURL(r.URL), "err", err)
				return
			}
			if err := c.write(buf); err != nil {
				return
			}
		}
	}
}

// appendMessage appends m's frame, or reports why it cannot be sent.
func appendMessage(dst []byte, m Message) ([]byte, error) {
	if m.err != nil {
		return dst, m.err
	}
	if m.Event != "" {
		if err := checkEventName(m.Event); err != nil {
			return dst, err
		}
	}
	if err := checkData(m.Data); err != nil {
		return dst, err
	}
	if m.ID != "" {
		if err := checkID(m.ID); err != nil {
			return dst, err
		}
		if m.ID == EndID {
			return dst, invalid("event id %q: reserved for the end of a stream", m.ID)
		}
		dst = appendIDLine(dst, []byte(m.ID))
	}
	if m.Event != "" {
		dst = append(dst, "event: "...)
		dst = append(dst, m.Event...)
		dst = append(dst, '\n')
	}
	dst = appendData(dst, m.Data)
	return append(dst, '\n'), nil
}
