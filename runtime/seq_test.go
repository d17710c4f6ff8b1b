package runtime

import (
	"bufio"
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// seqServer serves handler over loopback and closes it when the test ends.
func seqServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// getAll reads a whole response body within the test's time bound.
func getAll(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(req.Context(), 5*time.Second)
	defer cancel()
	res, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestServeSeqWritesEveryMessageThenTheEndMark(t *testing.T) {
	ts := seqServer(t, func(w http.ResponseWriter, r *http.Request) {
		SeqOptions{Retry: 1500 * time.Millisecond}.Serve(w, r, func(yield func(Message) bool) {
			_ = yield(Message{Event: "Progress", Data: []byte(`<progress value="1"></progress>`)}) &&
				yield(Message{Event: "Done", Data: []byte("line one\nline two"), ID: "7"}) &&
				yield(Message{Data: []byte("unnamed")})
		})
	})
	req, _ := http.NewRequest("GET", ts.URL, nil)
	res, body := getAll(t, req)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" || res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
	}
	want := "retry: 1500\n\n" +
		"event: Progress\ndata: <progress value=\"1\"></progress>\n\n" +
		"id: 7\nevent: Done\ndata: line one\ndata: line two\n\n" +
		"data: unnamed\n\n" +
		"id: " + EndID + "\n\n"
	if body != want {
		t.Fatalf("body:\n%q\nwant:\n%q", body, want)
	}
}

func TestServeSeqAnswersAReconnectAfterTheEndWith204(t *testing.T) {
	runs := 0
	ts := seqServer(t, func(w http.ResponseWriter, r *http.Request) {
		ServeSeq(w, r, func(yield func(Message) bool) {
			runs++
			yield(Message{Event: "Done", Data: []byte("ok")})
		})
	})
	req, _ := http.NewRequest("GET", ts.URL, nil)
	req.Header.Set("Last-Event-ID", EndID)
	res, body := getAll(t, req)
	if res.StatusCode != http.StatusNoContent || body != "" || runs != 0 {
		t.Fatalf("reconnect after the end: status %d, body %q, sequence ran %d times", res.StatusCode, body, runs)
	}
	// A new client, with no position, gets the final state.
	req, _ = http.NewRequest("GET", ts.URL+"?lastEventId=3", nil)
	res, body = getAll(t, req)
	if res.StatusCode != 200 || !strings.Contains(body, "event: Done\ndata: ok\n\n") || runs != 1 {
		t.Fatalf("late subscriber: status %d, body %q, runs %d", res.StatusCode, body, runs)
	}
}

func TestServeSeqSendsHeartbeatsWhileTheSequenceWaits(t *testing.T) {
	release := make(chan struct{})
	ts := seqServer(t, func(w http.ResponseWriter, r *http.Request) {
		SeqOptions{HeartbeatInterval: 20 * time.Millisecond}.Serve(w, r, func(yield func(Message) bool) {
			<-release
			yield(Message{Event: "Done", Data: []byte("x")})
		})
	})
	res, err := http.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	lines := bufio.NewScanner(res.Body)
	pings := 0
	for pings < 3 && lines.Scan() {
		if lines.Text() == ": ping" {
			pings++
		}
	}
	close(release)
	if pings < 3 {
		t.Fatalf("saw %d heartbeats before the stream ended: %v", pings, lines.Err())
	}
	rest, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(rest), "event: Done") {
		t.Fatalf("no final event after the heartbeats: %q", rest)
	}
}

func TestServeSeqStopsTheSequenceWhenTheClientLeaves(t *testing.T) {
	stopped := make(chan bool, 1)
	served := make(chan struct{})
	ts := seqServer(t, func(w http.ResponseWriter, r *http.Request) {
		defer close(served)
		ServeSeq(w, r, func(yield func(Message) bool) {
			for i := 0; ; i++ {
				if !yield(Message{Event: "Tick", Data: []byte("t")}) {
					stopped <- true
					return
				}
				select {
				case <-time.After(5 * time.Millisecond):
				case <-r.Context().Done():
				}
			}
		})
	})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(res.Body)
	for n := 0; n < 3 && lines.Scan(); {
		if lines.Text() == "event: Tick" {
			n++
		}
	}
	cancel()
	res.Body.Close()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("the sequence was not told to stop after the client left")
	}
	select {
	case <-served:
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after the client left")
	}
}

// badEvent fails to encode.
type badEvent struct{}

func (badEvent) EventName() string                   { return "Bad" }
func (badEvent) AppendJSON(b []byte) ([]byte, error) { return b, errors.New("cannot encode") }

// goodEvent encodes as a number.
type goodEvent struct{ n int }

func (goodEvent) EventName() string { return "Good" }
func (e goodEvent) AppendJSON(b []byte) ([]byte, error) {
	return append(b, byte('0'+e.n)), nil
}

func TestServeSeqEndsWithoutTheEndMarkOnAnError(t *testing.T) {
	cases := map[string]iter.Seq[Message]{
		"lower-case event name": func(yield func(Message) bool) {
			_ = yield(Message{Event: "Ok", Data: []byte("1")}) && yield(Message{Event: "progress", Data: []byte("2")})
		},
		"invalid UTF-8": func(yield func(Message) bool) {
			_ = yield(Message{Event: "Ok", Data: []byte("1")}) && yield(Message{Event: "Bad", Data: []byte{0xff}})
		},
		"reserved id": func(yield func(Message) bool) {
			_ = yield(Message{Event: "Ok", Data: []byte("1")}) && yield(Message{Event: "Bad", ID: EndID})
		},
		"Fail": func(yield func(Message) bool) {
			_ = yield(Message{Event: "Ok", Data: []byte("1")}) && yield(Fail(errors.New("store down")))
		},
		"encoding": Events(func(yield func(Encoder) bool) {
			_ = yield(goodEvent{1}) && yield(badEvent{})
		}),
		"panic": func(yield func(Message) bool) {
			yield(Message{Event: "Ok", Data: []byte("1")})
			panic("Bad")
		},
	}
	for name, seq := range cases {
		t.Run(name, func(t *testing.T) {
			ts := seqServer(t, func(w http.ResponseWriter, r *http.Request) { ServeSeq(w, r, seq) })
			req, _ := http.NewRequest("GET", ts.URL, nil)
			_, body := getAll(t, req)
			if !strings.Contains(body, "data: 1\n\n") {
				t.Fatalf("the message before the error is missing: %q", body)
			}
			if strings.Contains(body, EndID) || strings.Contains(body, "Bad") || strings.Contains(body, "progress") {
				t.Fatalf("an error must end the stream at once, without the end mark: %q", body)
			}
		})
	}
}

func TestEventsNamesAndEncodesTypedEvents(t *testing.T) {
	var got []Message
	for m := range Events(func(yield func(goodEvent) bool) { _ = yield(goodEvent{1}) && yield(goodEvent{2}) }) {
		got = append(got, m)
	}
	if len(got) != 2 || got[0].Event != "Good" || string(got[0].Data) != "1" || string(got[1].Data) != "2" {
		t.Fatalf("got %+v", got)
	}
}
