package client

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// ev builds an expected event.
func ev(id, name, data string) Event { return Event{ID: id, Name: name, Data: []byte(data)} }

// readAll parses the whole stream and returns its events and final error.
func readAll(r *Reader) ([]Event, error) {
	var evs []Event
	for {
		e, err := r.Next()
		if err != nil {
			return evs, err
		}
		evs = append(evs, e)
	}
}

// chunkReader hands out its input in pieces ending at the given increasing
// offsets, so that a test can place a read boundary anywhere, in particular
// between the CR and the LF of a CRLF.
type chunkReader struct {
	data  []byte
	cuts  []int
	taken int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if c.taken == len(c.data) {
		return 0, io.EOF
	}
	for len(c.cuts) > 0 && c.cuts[0] <= c.taken {
		c.cuts = c.cuts[1:]
	}
	end := len(c.data)
	if len(c.cuts) > 0 {
		end = min(end, c.cuts[0])
	}
	n := copy(p, c.data[c.taken:end])
	c.taken += n
	return n, nil
}

// readers returns the input as one read, one byte per read, and cut in two
// at every offset: the parser must give the same result for each.
func readers(in string) map[string]func() io.Reader {
	rs := map[string]func() io.Reader{
		"whole":   func() io.Reader { return strings.NewReader(in) },
		"onebyte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(in)) },
	}
	for i := 1; i < len(in) && i < 64; i++ {
		rs["cut"+string(rune('A'+i%26))+strings.Repeat("'", i/26)] = func() io.Reader {
			return &chunkReader{data: []byte(in), cuts: []int{i}}
		}
	}
	return rs
}

func TestReaderSpec(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Event
		wantErr error
		lastID  string
		retry   time.Duration
	}{
		{
			// The spec's first example: the last block has no blank line.
			name: "spec stock ticker",
			in:   "data: This is the first message.\n\ndata: This is the second message, it\ndata: has two lines.\n\ndata: This is the third message.\n",
			want: []Event{
				ev("", "message", "This is the first message."),
				ev("", "message", "This is the second message, it\nhas two lines."),
			},
			wantErr: io.ErrUnexpectedEOF,
		},
		{
			name: "spec named events",
			in:   "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n",
			want: []Event{
				ev("", "add", "73857293"),
				ev("", "remove", "2153"),
				ev("", "add", "113411"),
			},
			wantErr: io.EOF,
		},
		{
			name:    "spec multi-line data",
			in:      "data: YHOO\ndata: +2\ndata: 10\n\n",
			want:    []Event{ev("", "message", "YHOO\n+2\n10")},
			wantErr: io.EOF,
		},
		{
			// An `id` without a value resets the last event ID; the third
			// block is never ended and so never fired.
			name: "spec ids and comments",
			in:   ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n",
			want: []Event{
				ev("1", "message", "first event"),
				ev("", "message", "second event"),
			},
			wantErr: io.ErrUnexpectedEOF,
		},
		{
			name:    "spec empty data",
			in:      "data\n\ndata\ndata\n\ndata:\n",
			want:    []Event{ev("", "message", ""), ev("", "message", "\n")},
			wantErr: io.ErrUnexpectedEOF,
		},
		{
			name:    "spec one leading space removed",
			in:      "data:test\n\ndata: test\n\ndata:  test\n\n",
			want:    []Event{ev("", "message", "test"), ev("", "message", "test"), ev("", "message", " test")},
			wantErr: io.EOF,
		},
		{
			name:    "CR and CRLF line ends",
			in:      "data: a\rdata: b\r\ndata: c\n\r\nevent: x\r\rdata: d\r\n\r\n",
			want:    []Event{ev("", "message", "a\nb\nc"), ev("", "message", "d")},
			wantErr: io.EOF,
		},
		{
			// The event type buffer is cleared by the block without data.
			name:    "block without data is not dispatched",
			in:      "event: x\nid: 7\n\ndata: y\n\n",
			want:    []Event{ev("7", "message", "y")},
			wantErr: io.EOF,
			lastID:  "7",
		},
		{
			name:    "id persists across events",
			in:      "id: 5\ndata: a\n\ndata: b\n\nid: 6\ndata: c\n\n",
			want:    []Event{ev("5", "message", "a"), ev("5", "message", "b"), ev("6", "message", "c")},
			wantErr: io.EOF,
			lastID:  "6",
		},
		{
			name:    "id with NUL ignored",
			in:      "id: 1\n\nid: a\x00b\ndata: x\n\n",
			want:    []Event{ev("1", "message", "x")},
			wantErr: io.EOF,
			lastID:  "1",
		},
		{
			// An id-only block moves the position without an event.
			name:    "id-only block sets last event ID",
			in:      "data: a\n\nid: 9\n\n",
			want:    []Event{ev("", "message", "a")},
			wantErr: io.EOF,
			lastID:  "9",
		},
		{
			name:    "id seen but block not ended",
			in:      "id: 1\ndata: a\n\nid: 2\n",
			want:    []Event{ev("1", "message", "a")},
			wantErr: io.EOF,
			lastID:  "1",
		},
		{
			name:    "retry digits only",
			in:      "retry: 1500\n\nretry: 15x\n\nretry: -1\n\nretry:\n\nretry: +3\n\nretry:  2\n\ndata: a\n\n",
			want:    []Event{ev("", "message", "a")},
			wantErr: io.EOF,
			retry:   1500 * time.Millisecond,
		},
		{
			name:    "retry overflow ignored",
			in:      "retry: 7\nretry: 99999999999999999999999\ndata: a\n\n",
			want:    []Event{ev("", "message", "a")},
			wantErr: io.EOF,
			retry:   7 * time.Millisecond,
		},
		{
			name:    "unknown fields and case ignored",
			in:      "Data: no\nfoo: bar\ndata : no\nevent\ndata: yes\n\n",
			want:    []Event{ev("", "message", "yes")},
			wantErr: io.EOF,
		},
		{
			// `event` with no value sets the type to "", which dispatches
			// as "message".
			name:    "empty event name",
			in:      "event: a\nevent\ndata: x\n\n",
			want:    []Event{ev("", "message", "x")},
			wantErr: io.EOF,
		},
		{
			name:    "leading BOM stripped once",
			in:      bom + bom + "data: a\n\n" + bom + "data: b\n\ndata: c\n\n",
			want:    []Event{ev("", "message", "c")},
			wantErr: io.EOF,
		},
		{
			name:    "BOM only after a blank line is kept",
			in:      "\n" + bom + "data: a\n\ndata: b\n\n",
			want:    []Event{ev("", "message", "b")},
			wantErr: io.EOF,
		},
		{
			name:    "BOM inside data kept",
			in:      "data: " + bom + "x\n\n",
			want:    []Event{ev("", "message", "\uFEFFx")},
			wantErr: io.EOF,
		},
		{
			name:    "partial BOM is invalid UTF-8",
			in:      "\xEF\xBBdata: a\n\ndata: b\n\n",
			want:    []Event{ev("", "message", "b")},
			wantErr: io.EOF,
		},
		{
			name:    "invalid UTF-8 replaced",
			in:      "data: a\xffb\xe2\x82c\n\nevent: \xc0x\ndata: y\n\n",
			want:    []Event{ev("", "message", "a\uFFFDb\uFFFDc"), ev("", "\uFFFDx", "y")},
			wantErr: io.EOF,
		},
		{
			name:    "colon in value kept",
			in:      "data: a: b:c\n\n",
			want:    []Event{ev("", "message", "a: b:c")},
			wantErr: io.EOF,
		},
		{
			name:    "NUL in data kept",
			in:      "data: a\x00b\n\n",
			want:    []Event{ev("", "message", "a\x00b")},
			wantErr: io.EOF,
		},
		{
			name:    "empty stream",
			in:      "",
			wantErr: io.EOF,
		},
		{
			name:    "comments only",
			in:      ": ping\n\n:\n\n",
			wantErr: io.EOF,
		},
		{
			name:    "trailing CR ends the last line",
			in:      "data: a\r\r",
			want:    []Event{ev("", "message", "a")},
			wantErr: io.EOF,
		},
	}
	for _, tt := range tests {
		for rname, mk := range readers(tt.in) {
			r := NewReader(mk())
			got, err := readAll(r)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("%s/%s: error %v, want %v", tt.name, rname, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s/%s: events (-want +got):\n%s", tt.name, rname, diff)
			}
			if id := r.LastEventID(); id != tt.lastID {
				t.Errorf("%s/%s: LastEventID %q, want %q", tt.name, rname, id, tt.lastID)
			}
			d, ok := r.Retry()
			if d != tt.retry || ok != (tt.retry != 0) {
				t.Errorf("%s/%s: Retry %v %v, want %v", tt.name, rname, d, ok, tt.retry)
			}
		}
	}
}

func TestParseRetryLimit(t *testing.T) {
	// 9223372036854 ms is the longest time.Duration in whole milliseconds.
	if d, ok := parseRetry([]byte("9223372036854")); !ok || d != 9223372036854*time.Millisecond {
		t.Errorf("largest retry: %v, %v", d, ok)
	}
	if _, ok := parseRetry([]byte("9223372036855")); ok {
		t.Error("retry one past the largest duration accepted")
	}
}

func TestReaderRetryZero(t *testing.T) {
	r := NewReader(strings.NewReader("retry: 0\n\n"))
	readAll(r)
	if d, ok := r.Retry(); d != 0 || !ok {
		t.Fatalf("Retry() = %v, %v; want 0, true", d, ok)
	}
}

func TestReaderSetLastEventID(t *testing.T) {
	r := NewReader(strings.NewReader("data: a\n\nid: 3\ndata: b\n\n"))
	r.SetLastEventID("2")
	got, _ := readAll(r)
	want := []Event{ev("2", "message", "a"), ev("3", "message", "b")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("events (-want +got):\n%s", diff)
	}
}

func TestReaderLongLines(t *testing.T) {
	long := strings.Repeat("x", 100<<10) // longer than bufio's buffer
	in := "id: " + long + "\ndata: " + long + "\r\ndata: " + long + "\r\n\r\n"
	r := NewReader(iotest.HalfReader(strings.NewReader(in)))
	got, err := readAll(r)
	if err != io.EOF {
		t.Fatalf("error %v, want EOF", err)
	}
	if len(got) != 1 || string(got[0].Data) != long+"\n"+long || got[0].ID != long {
		t.Fatalf("long event not read back intact: %d events", len(got))
	}
}

func TestReaderMaxEventSize(t *testing.T) {
	for name, in := range map[string]string{
		"long line":    "data: " + strings.Repeat("x", 2000) + "\n\n",
		"many lines":   strings.Repeat("data: "+strings.Repeat("x", 100)+"\n", 20) + "\n",
		"long comment": ":" + strings.Repeat("x", 2000),
	} {
		r := NewReader(strings.NewReader(in))
		r.SetMaxEventSize(1000)
		if _, err := readAll(r); !errors.Is(err, ErrEventTooLarge) {
			t.Errorf("%s: error %v, want ErrEventTooLarge", name, err)
		}
		// The error sticks: the stream cannot be resynchronised.
		if _, err := r.Next(); !errors.Is(err, ErrEventTooLarge) {
			t.Errorf("%s: second Next error %v, want ErrEventTooLarge", name, err)
		}
	}
	r := NewReader(strings.NewReader("data: " + strings.Repeat("x", 1000) + "\n\n"))
	r.SetMaxEventSize(1000)
	if got, err := readAll(r); err != io.EOF || len(got) != 1 {
		t.Fatalf("event of exactly the maximum: %d events, error %v", len(got), err)
	}
}

func TestReaderReadError(t *testing.T) {
	boom := errors.New("boom")
	r := NewReader(io.MultiReader(strings.NewReader("data: a\n\ndata: b\n"), iotest.ErrReader(boom)))
	got, err := readAll(r)
	if !errors.Is(err, boom) || len(got) != 1 {
		t.Fatalf("got %d events, error %v; want 1 event and the reader's error", len(got), err)
	}
}

// A live stream must hand over an event as soon as its blank line arrives,
// even when that blank line ends with a CR whose possible LF has not come.
func TestReaderDoesNotWaitAfterCR(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	r := NewReader(pr)
	go pw.Write([]byte("data: a\r\r"))
	done := make(chan Event, 1)
	go func() {
		e, _ := r.Next()
		done <- e
	}()
	select {
	case e := <-done:
		if string(e.Data) != "a" {
			t.Fatalf("data %q, want a", e.Data)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Next blocked on a stream whose event was complete")
	}
	// The LF that completes the CRLF is skipped, not read as a blank line.
	go pw.Write([]byte("\ndata: b\n\n"))
	e, err := r.Next()
	if err != nil || string(e.Data) != "b" {
		t.Fatalf("next event %q, %v; want b", e.Data, err)
	}
}

func TestDecodeUTF8(t *testing.T) {
	// Cases from the Unicode standard's "U+FFFD substitution of maximal
	// subparts" (as the WHATWG Encoding standard decodes them).
	tests := map[string]string{
		"abc":                                "abc",
		"h\u00e9\u20ac\U0001F600":            "h\u00e9\u20ac\U0001F600",
		"\x80":                               "\uFFFD",
		"\xc0\xaf":                           "\uFFFD\uFFFD",
		"\xe0\x80\xaf":                       "\uFFFD\uFFFD\uFFFD",
		"\xe2\x82":                           "\uFFFD",
		"\xe2\x82a":                          "\uFFFDa",
		"\xf0\x9f\x98":                       "\uFFFD",
		"\xed\xa0\x80":                       "\uFFFD\uFFFD\uFFFD",
		"\xf4\x90\x80\x80":                   "\uFFFD\uFFFD\uFFFD\uFFFD",
		"\xf5":                               "\uFFFD",
		"\xff\xfe":                           "\uFFFD\uFFFD",
		"a\xf1\x80\x80\xe1\x80\xc2b\x80\x80": "a\uFFFD\uFFFD\uFFFDb\uFFFD\uFFFD",
	}
	for in, want := range tests {
		if got := string(decodeUTF8([]byte(in))); got != want {
			t.Errorf("decodeUTF8(%q) = %q, want %q", in, got, want)
		}
	}
	valid := []byte("plain")
	if got := decodeUTF8(valid); &got[0] != &valid[0] {
		t.Error("valid input was copied")
	}
	if !bytes.Equal(decodeUTF8(nil), nil) {
		t.Error("nil input")
	}
}
