package runtime

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file writes the wire form of events exactly as the WHATWG HTML
// standard ("Server-sent events") reads it, and refuses what that form
// cannot carry. Frames are built once per published event and shared,
// read-only, by every subscriber.

var lf, cr = []byte{'\n'}, []byte{'\r'}

// maxKeyLen bounds a channel key (the part after the channel prefix).
const maxKeyLen = 128

// frame is one event's bytes, built once and shared by all subscribers.
//
// buf holds "id: <id>\n" "event: <name>\n" "data: <topic>\n" "<data lines>\n":
// the one-channel form is buf[:dataTopic] + buf[dataLines:], the
// multiplexed form is a per-connection cursor line + buf[event:].
type frame struct {
	topic string
	id    string
	buf   []byte
	// Offsets into buf.
	event, dataTopic, dataLines int
	// closes marks the final event of a closed channel: the connection
	// stops carrying the topic after it.
	closes bool
	// at is when the hub fanned the event out, set only for
	// HubConfig.OnDelivered.
	at time.Time
}

// newFrame builds the shared bytes of ev. The id comes from the backplane,
// so it is checked here as well as at publish time.
func newFrame(ev Event) (*frame, error) {
	if err := checkID(ev.ID); err != nil {
		return nil, err
	}
	n := len("id: \nevent: \ndata: \n\n") + len(ev.ID) + len(ev.Name) + len(ev.Topic) + len(ev.Data) + 6*(1+bytes.Count(ev.Data, lf)+bytes.Count(ev.Data, cr))
	buf := make([]byte, 0, n)
	f := &frame{topic: ev.Topic, id: ev.ID}
	buf = append(buf, "id: "...)
	buf = append(buf, ev.ID...)
	buf = append(buf, '\n')
	f.event = len(buf)
	buf = append(buf, "event: "...)
	buf = append(buf, ev.Name...)
	buf = append(buf, '\n')
	f.dataTopic = len(buf)
	buf = append(buf, "data: "...)
	buf = append(buf, ev.Topic...)
	buf = append(buf, '\n')
	f.dataLines = len(buf)
	buf = appendData(buf, ev.Data)
	buf = append(buf, '\n')
	f.buf = buf
	return f, nil
}

// appendSingle appends the one-channel form of f.
func (f *frame) appendSingle(dst []byte) []byte {
	dst = append(dst, f.buf[:f.dataTopic]...)
	return append(dst, f.buf[f.dataLines:]...)
}

// appendMux appends the multiplexed form of f after the cursor id line.
func (f *frame) appendMux(dst []byte, cursor []byte) []byte {
	dst = appendIDLine(dst, cursor)
	return append(dst, f.buf[f.event:]...)
}

// appendIDLine appends an id field.
func appendIDLine(dst, id []byte) []byte {
	dst = append(dst, "id: "...)
	dst = append(dst, id...)
	return append(dst, '\n')
}

// appendData appends data as "data:" lines, one per line of data: a
// parser treats CR, LF and CRLF alike as line ends, so each of them starts
// a new data line and the client sees the lines joined by LF.
func appendData(dst, data []byte) []byte {
	for {
		i := indexLineEnd(data)
		dst = append(dst, "data: "...)
		if i < 0 {
			dst = append(dst, data...)
			return append(dst, '\n')
		}
		dst = append(dst, data[:i]...)
		dst = append(dst, '\n')
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
}

// indexLineEnd returns the index of the first CR or LF in b, or -1.
func indexLineEnd(b []byte) int {
	for i, c := range b {
		if c == '\n' || c == '\r' {
			return i
		}
	}
	return -1
}

// appendEventNoID appends an event without an id field, so that the
// client's last event id stays where it was (snapshots, resync).
func appendEventNoID(dst []byte, name, topic string, data []byte, mux bool) []byte {
	dst = append(dst, "event: "...)
	dst = append(dst, name...)
	dst = append(dst, '\n')
	if mux {
		dst = append(dst, "data: "...)
		dst = append(dst, topic...)
		dst = append(dst, '\n')
	}
	dst = appendData(dst, data)
	return append(dst, '\n')
}

// appendPosition appends an id field followed by a blank line and no data:
// the standard sets the client's last event id and dispatches nothing, so
// a reconnect resumes from there even when no event came yet.
func appendPosition(dst, id []byte) []byte {
	dst = appendIDLine(dst, id)
	return append(dst, '\n')
}

// ErrInvalid is wrapped by every error about a malformed name, channel,
// id or data given to Publish.
var ErrInvalid = errors.New("ssegen: invalid")

// invalid wraps ErrInvalid with what was wrong.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// checkEventName enforces the protocol's event names: non-empty UTF-8
// beginning with an upper-case letter (lower case is the runtime's, e.g.
// "resync"), with no CR, LF or NUL, which would break the frame.
func checkEventName(name string) error {
	if name == "" {
		return invalid("event name: empty")
	}
	if !utf8.ValidString(name) {
		return invalid("event name %q: not valid UTF-8", name)
	}
	if strings.ContainsAny(name, "\r\n\x00") {
		return invalid("event name %q: contains CR, LF or NUL", name)
	}
	if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) {
		return invalid("event name %q: must begin with an upper-case letter (lower case is reserved for the runtime)", name)
	}
	return nil
}

// checkID refuses ids that a parser would cut or ignore: CR and LF end the
// field, and the standard ignores ids containing NUL.
func checkID(id string) error {
	if id == "" {
		return invalid("event id: empty")
	}
	if strings.ContainsAny(id, "\r\n\x00") || !utf8.ValidString(id) {
		return invalid("event id %q: contains CR, LF, NUL or invalid UTF-8", id)
	}
	return nil
}

// checkData refuses data that is not UTF-8: the event stream is decoded as
// UTF-8 and a browser would silently replace the bad bytes.
func checkData(data []byte) error {
	if !utf8.Valid(data) {
		return invalid("event data: not valid UTF-8")
	}
	return nil
}

// checkName refuses a stream or channel name that cannot form a topic:
// empty, longer than limit bytes, not UTF-8, with a control character or
// a '/' (the topic separator).
func checkName(kind, s string, limit int) error {
	switch {
	case s == "":
		return invalid("%s: empty", kind)
	case len(s) > limit:
		return invalid("%s %.20q...: longer than %d bytes", kind, s, limit)
	case !utf8.ValidString(s):
		return invalid("%s %q: not valid UTF-8", kind, s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return invalid("%s %q: contains a control character", kind, s)
		}
		if r == '/' {
			return invalid("%s %q: contains '/'", kind, s)
		}
	}
	return nil
}

// Topic returns the topic of a channel of a stream: stream + "/" + channel.
func Topic(stream, channel string) string { return stream + "/" + channel }
