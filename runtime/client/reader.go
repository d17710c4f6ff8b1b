package client

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math"
	"time"
)

// Event is one dispatched event, as a browser's EventSource hands it to
// script in a MessageEvent.
type Event struct {
	// ID is the stream's last event ID when the event was dispatched: the
	// value of the most recent `id:` field, which may belong to an earlier
	// event (the spec's "last event ID buffer" persists between events).
	ID string
	// Name is the event type: the `event:` field, or "message" without one.
	Name string
	// Data is the event's data lines joined with LF. It is freshly
	// allocated for each event, so the caller may keep it.
	Data []byte
}

// DefaultMaxEventSize bounds a line and an event's data when
// Reader.SetMaxEventSize is not called.
const DefaultMaxEventSize = 4 << 20

// ErrEventTooLarge is returned when a line or an event's data outgrows the
// reader's maximum event size. The spec sets no limit; a client needs one so
// that a broken or hostile server cannot exhaust its memory.
var ErrEventTooLarge = errors.New("sse: event exceeds the maximum event size")

// bom is U+FEFF encoded as UTF-8; the spec strips one at the stream's start.
const bom = "\xEF\xBB\xBF"

// maxNames bounds the cache of event names, so a server that sends a new
// name with every event cannot grow it without limit.
const maxNames = 64

// Reader parses an event stream as the WHATWG HTML standard's "Interpreting
// an event stream" section describes: UTF-8 decoded with U+FFFD for invalid
// bytes, one leading BOM stripped, lines ended by CR, LF or CRLF, comments,
// the fields data, event, id and retry, and dispatch on a blank line. A
// Reader is not safe for concurrent use.
type Reader struct {
	br      *bufio.Reader
	maxSize int

	started bool  // the BOM check has been done
	skipLF  bool  // the previous line ended with CR: a following LF belongs to it
	lines   int64 // lines read, so a client can tell a stream that said something
	err     error // sticky: once reading failed, Next keeps returning it

	line  []byte // a line longer than bufio's buffer, put together
	data  []byte // the data buffer
	typ   []byte // the event type buffer
	idBuf []byte // the last event ID buffer
	hasID bool   // idBuf differs from lastID, so dispatch must copy it

	lastID   string            // the last event ID string, set at dispatch
	retry    time.Duration     // the last valid retry field
	hasRetry bool              // a valid retry field has been read
	names    map[string]string // interned event names, saving an allocation per event
}

// NewReader returns a Reader that parses the event stream r.
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 32<<10), maxSize: DefaultMaxEventSize}
}

// SetMaxEventSize bounds the length of a line and of an event's data; n <= 0
// restores DefaultMaxEventSize.
func (r *Reader) SetMaxEventSize(n int) {
	if n <= 0 {
		n = DefaultMaxEventSize
	}
	r.maxSize = n
}

// SetLastEventID sets the last event ID before the first event is read, so
// that a resumed stream that sends no `id:` of its own keeps reporting the
// position it resumed from, as browsers do across reconnects.
func (r *Reader) SetLastEventID(id string) {
	r.lastID = id
	r.idBuf = append(r.idBuf[:0], id...)
	r.hasID = false
}

// LastEventID returns the last event ID string: the value of the last event
// ID buffer at the most recent dispatch, including the dispatch of a block
// without data, which delivers no event but still moves the position. This
// is what a reconnecting client sends as Last-Event-ID.
func (r *Reader) LastEventID() string { return r.lastID }

// Retry returns the reconnection time of the most recent valid `retry:`
// field, and false when none has been read.
func (r *Reader) Retry() (time.Duration, bool) { return r.retry, r.hasRetry }

// Lines returns how many lines have been read; a client uses it to tell a
// connection on which the server spoke from one that ended at once.
func (r *Reader) Lines() int64 { return r.lines }

// Next reads until the next event is dispatched and returns it. At the end
// of the stream it returns io.EOF, or io.ErrUnexpectedEOF when an incomplete
// event was discarded (the spec discards it either way). Any other error is
// the underlying reader's, or ErrEventTooLarge.
func (r *Reader) Next() (Event, error) {
	if r.err != nil {
		return Event{}, r.err
	}
	if !r.started {
		if err := r.skipBOM(); err != nil {
			return Event{}, r.fail(err)
		}
	}
	for {
		line, err := r.readLine()
		if err != nil {
			return Event{}, r.fail(err)
		}
		r.lines++
		if len(line) == 0 {
			if ev, ok := r.dispatch(); ok {
				return ev, nil
			}
			continue
		}
		if err := r.field(line); err != nil {
			return Event{}, r.fail(err)
		}
	}
}

// fail records err so that later calls return it too, turning an end of
// input in the middle of an event into io.ErrUnexpectedEOF.
func (r *Reader) fail(err error) error {
	if err == io.EOF && (len(r.line) > 0 || len(r.data) > 0 || len(r.typ) > 0) {
		err = io.ErrUnexpectedEOF
	}
	r.err = err
	return err
}

// skipBOM drops one leading U+FEFF. It waits for a third byte only when the
// first bytes could still be a BOM, so a stream that starts otherwise is
// never held back.
func (r *Reader) skipBOM() error {
	r.started = true
	for n := 1; n <= len(bom); n++ {
		b, err := r.br.Peek(n)
		if len(b) < n || b[n-1] != bom[n-1] {
			if err == io.EOF {
				err = nil // the short stream is parsed (and ends) as usual
			}
			return err
		}
	}
	_, err := r.br.Discard(len(bom))
	return err
}

// readLine returns the next line without its end. The slice is valid until
// the next call. A line that is not ended before the input is discarded.
func (r *Reader) readLine() ([]byte, error) {
	r.line = r.line[:0]
	for {
		n := r.br.Buffered()
		if n == 0 {
			if _, err := r.br.Peek(1); err != nil {
				return nil, err
			}
			n = r.br.Buffered()
		}
		buf, _ := r.br.Peek(n) // n bytes are buffered: no read, no error
		if r.skipLF {
			r.skipLF = false
			if buf[0] == '\n' {
				r.br.Discard(1)
				continue
			}
		}
		i := indexEOL(buf)
		if i < 0 {
			if len(r.line)+len(buf) > r.maxSize {
				return nil, ErrEventTooLarge
			}
			r.line = append(r.line, buf...)
			r.br.Discard(n)
			continue
		}
		end := i + 1
		if buf[i] == '\r' {
			if end < n {
				if buf[end] == '\n' {
					end++
				}
			} else {
				r.skipLF = true // the LF of a CRLF may come with the next read
			}
		}
		line := buf[:i]
		if len(r.line) > 0 {
			if len(r.line)+i > r.maxSize {
				return nil, ErrEventTooLarge
			}
			r.line = append(r.line, line...)
			line = r.line
		}
		// Discard only moves bufio's read position: line stays valid until
		// the next Peek refills the buffer.
		r.br.Discard(end)
		return line, nil
	}
}

// indexEOL returns the index of the first CR or LF in b, or -1. It looks
// through b a window at a time with two vectorised IndexByte calls per
// window: searching all of b for LF first would rescan the whole buffer for
// every line of a stream that ends its lines with CR alone.
func indexEOL(b []byte) int {
	const window = 512
	for start := 0; start < len(b); start += window {
		w := b[start:min(len(b), start+window)]
		lf := bytes.IndexByte(w, '\n')
		if lf >= 0 {
			w = w[:lf]
		}
		if cr := bytes.IndexByte(w, '\r'); cr >= 0 {
			return start + cr
		}
		if lf >= 0 {
			return start + lf
		}
	}
	return -1
}

// field processes one non-blank line.
func (r *Reader) field(line []byte) error {
	if line[0] == ':' {
		return nil // a comment
	}
	line = decodeUTF8(line)
	name, value := line, line[:0]
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		name, value = line[:i], line[i+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(name) {
	case "event":
		r.typ = append(r.typ[:0], value...)
	case "data":
		if len(r.data)+len(value)+1 > r.maxSize+1 {
			return ErrEventTooLarge
		}
		r.data = append(r.data, value...)
		r.data = append(r.data, '\n')
	case "id":
		if bytes.IndexByte(value, 0) < 0 {
			r.idBuf = append(r.idBuf[:0], value...)
			r.hasID = string(r.idBuf) != r.lastID
		}
	case "retry":
		if d, ok := parseRetry(value); ok {
			r.retry, r.hasRetry = d, true
		}
	}
	return nil
}

// parseRetry reads a retry field's value: only ASCII digits, in
// milliseconds. The spec ignores any other value; an empty value, and one
// too large for a time.Duration, are ignored too.
func parseRetry(v []byte) (time.Duration, bool) {
	if len(v) == 0 {
		return 0, false
	}
	const limit = math.MaxInt64 / int64(time.Millisecond)
	var ms int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if ms > (limit-d)/10 { // ms*10+d would exceed limit
			return 0, false
		}
		ms = ms*10 + d
	}
	return time.Duration(ms) * time.Millisecond, true
}

// dispatch ends the current block as the spec's "dispatch the event" steps
// do, and reports whether it yields an event.
func (r *Reader) dispatch() (Event, bool) {
	if r.hasID {
		r.lastID = string(r.idBuf)
		r.hasID = false
	}
	if len(r.data) == 0 {
		r.typ = r.typ[:0]
		return Event{}, false
	}
	data := make([]byte, len(r.data)-1)
	copy(data, r.data)
	ev := Event{ID: r.lastID, Name: r.name(), Data: data}
	r.data = r.data[:0]
	r.typ = r.typ[:0]
	return ev, true
}

// name returns the event type buffer as a string, interned: streams repeat a
// handful of names, and a lookup keyed by string(bytes) does not allocate.
func (r *Reader) name() string {
	if len(r.typ) == 0 {
		return "message"
	}
	if s, ok := r.names[string(r.typ)]; ok {
		return s
	}
	s := string(r.typ)
	if r.names == nil {
		r.names = make(map[string]string)
	}
	if len(r.names) < maxNames {
		r.names[s] = s
	}
	return s
}
