package runtime

import (
	"errors"
	"io"
	"log/slog"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"
)

// sink is where a connection writes: the handler's ResponseWriter
// (httpSink), a hijacked connection (netSink), a plain writer in
// benchmarks.
type sink interface {
	io.Writer
	Flush() error
	SetWriteDeadline(time.Time) error
}

// connTopic is one topic of a connection and how far the client got in it.
type connTopic struct {
	name, stream, channel string
	esc                   []byte // the topic, query-escaped for cursors
	// last is the id of the newest event of the topic the client has (or
	// had before connecting): the resume position, and the floor below
	// which live events are duplicates. Once the connection started, it
	// is set for every topic whose backplane can tell positions.
	last string
	done bool // closed by CloseChannel
	// inOrder is set once a live frame passed the position: later live
	// frames are newer by the backplane's ordering.
	inOrder bool
}

// conn is one event stream: its subscriber queue and the state needed to
// write frames. Only the connection's own goroutine touches it, apart
// from sub, and apart from a direct write (direct.go), which the
// subscriber's lock keeps apart from the goroutine's own writes.
type conn struct {
	hub    *Hub
	sub    *subscriber
	mux    bool
	topics []*connTopic // sorted by name
	names  []string     // the topics' names, as joined
	out    sink
	// writeTimeout bounds each write; 0 means none.
	writeTimeout time.Duration
	log          *slog.Logger

	// b holds the buffers the stream writes with, borrowed for a step
	// (batch.go); nil while the stream idles.
	b      *batch
	cursor []byte // the cursor being built, reused

	// direct is the socket a publishing goroutine may write to directly
	// (nil: it may not); pend is what it could not write at once, and
	// pendErr why, for the connection's goroutine to finish or end on.
	direct    *netSink
	pend      []byte
	pendFrame *frame // the frame pend ends, to observe once written
	pendErr   error

	// flags are what woke the loop besides queued frames (flagPing...).
	flags atomic.Uint32

	// retry and expire are begin's.
	retry  []byte
	expire *time.Timer
	// slot and index place the stream among its server's open streams
	// (openStreams); slot is -1 while it is not among them.
	slot  int32
	index int32
	// drive and finished drive a stream that has no goroutine of its own
	// while it idles (drive.go).
	drive    atomic.Uint32
	finished func(reason string)
}

// signal sets flag and wakes the connection's loop. Any goroutine may
// call it.
func (c *conn) signal(flag uint32) {
	c.flags.Or(flag)
	c.sub.wakeUp()
}

// errEnded reports that every topic of the connection was closed.
var errEnded = errors.New("ssegen: every channel of the stream closed")

// topic returns the connection's state for a topic name, or nil.
func (c *conn) topic(name string) *connTopic {
	if !c.mux {
		return c.topics[0]
	}
	for _, t := range c.topics {
		if t.name == name {
			return t
		}
	}
	return nil
}

// appendCursor appends the cursor of the connection's positions. After
// start every topic has one (see connTopic.last), so every cursor names
// every topic.
func (c *conn) appendCursor(dst []byte) []byte {
	start := len(dst)
	for _, t := range c.topics {
		pos := t.last
		if pos == "" {
			continue
		}
		if len(dst) > start {
			dst = append(dst, '&')
		}
		dst = append(dst, t.esc...)
		dst = append(dst, '=')
		dst = appendQueryEscape(dst, pos)
	}
	return dst
}

// appendFrame appends f in the connection's form and moves the topic's
// position. It returns false for a duplicate (id at or below the
// position), which it leaves out.
//
// Live frames come in id order, so once one passed the position, the
// ones after it need no comparison (which may cost a parse per
// subscriber and event); closing frames, queued besides the backplane's
// delivery, always do.
func (c *conn) appendFrame(t *connTopic, f *frame, live bool) bool {
	var ok bool
	c.b.buf, ok = c.appendFrameTo(c.b.buf, t, f, live)
	return ok
}

// appendFrameTo is appendFrame appending to dst.
func (c *conn) appendFrameTo(dst []byte, t *connTopic, f *frame, live bool) ([]byte, bool) {
	if (!t.inOrder || f.closes) && t.last != "" && c.hub.bp.Compare(f.id, t.last) <= 0 {
		return dst, false
	}
	if live {
		t.inOrder = true
	}
	t.last = f.id
	if !c.mux {
		return f.appendSingle(dst), true
	}
	c.cursor = c.appendCursor(c.cursor[:0])
	return f.appendMux(dst, c.cursor), true
}

// writeQueued writes frames with one write and one flush, and reports
// errEnded when a closing frame ended the last open topic.
func (c *conn) writeQueued(frames []*frame) error {
	c.b.buf = c.b.buf[:0]
	n := 0
	ended := false
	for _, f := range frames {
		t := c.topic(f.topic)
		if t == nil || t.done {
			continue
		}
		if len(c.b.buf) >= maxBatch {
			// Bound the per-connection buffer for a client that lags far
			// behind: write this part now, flush once at the end.
			if err := c.writeChunk(c.b.buf); err != nil {
				return err
			}
			c.b.buf = c.b.buf[:0]
		}
		if c.appendFrame(t, f, true) {
			n++
			c.willObserve(f)
		}
		if f.closes {
			t.done = true
			if c.allDone() {
				ended = true
				break
			}
			c.hub.leaveTopic(c.sub, t.name)
		}
	}
	if len(c.b.buf) > 0 {
		if err := c.write(c.b.buf); err != nil {
			return err
		}
		c.hub.m.delivered.Add(uint64(n))
		c.observeWritten()
	}
	if ended {
		return errEnded
	}
	return nil
}

func (c *conn) allDone() bool {
	for _, t := range c.topics {
		if !t.done {
			return false
		}
	}
	return true
}

// maxBatch is the size above which a batch is written in parts.
const maxBatch = 32 << 10

// write writes p and flushes it within the write timeout.
func (c *conn) write(p []byte) error {
	if err := c.writeChunk(p); err != nil {
		return err
	}
	return c.out.Flush()
}

// writeChunk writes p within the write timeout, without flushing.
func (c *conn) writeChunk(p []byte) error {
	if c.writeTimeout > 0 {
		if err := c.out.SetWriteDeadline(time.Now().Add(c.writeTimeout)); err != nil {
			return err
		}
	}
	_, err := c.out.Write(p)
	return err
}

// loop writes queued frames and heartbeats until the connection ends, and
// returns why it ended.
//
// It waits on the subscriber's wake channel alone: the heartbeat, the
// lifetime, the client's leaving and Server.Shutdown set a flag and wake
// it (signal), as ending the subscriber does. A select over every source
// at once cost more than the write itself at low event rates, since each
// wait enqueued and each wake dequeued the goroutine on all of them, and
// a stop channel shared by every connection made them contend for its
// lock. Streams that hijack took over have no loop: see drive.
func (c *conn) loop(lifetime time.Duration, retry []byte) string {
	c.begin(lifetime, retry)
	defer c.end()
	for {
		<-c.sub.wake
		if r := c.step(); r != "" {
			return r
		}
	}
}

// begin starts the stream's lifetime and, on a socket that can take
// writes without waiting, lets publishing goroutines write to it
// directly. (Heartbeats come from the server's openStreams.)
func (c *conn) begin(lifetime time.Duration, retry []byte) {
	c.retry = retry
	if lifetime > 0 {
		c.expire = time.AfterFunc(lifetime, func() { c.signal(flagExpired) })
	}
	if ns, ok := c.out.(*netSink); ok && ns.raw != nil {
		c.direct = ns
	}
	if c.direct != nil {
		c.sub.setDirect(c)
		// The socket is free for direct writes now, unless start left
		// frames queued: their wake is pending, and the next step writes
		// them first.
		c.sub.release()
	}
}

// end stops what begin started. No publishing goroutine writes once it
// returned.
func (c *conn) end() {
	if c.expire != nil {
		c.expire.Stop()
	}
	if c.direct != nil {
		c.sub.setDirect(nil)
	}
}

// step does what a wake asks for: it ends the stream on a flag that says
// so, writes what is queued and the heartbeat when due, and returns why
// the stream must end, or "".
func (c *conn) step() string {
	if r := c.sub.ended(); r != "" {
		return r
	}
	c.borrow()
	defer c.giveBack()
	f := c.flags.Swap(0)
	switch {
	case f&flagClientGone != 0:
		return reasonClient
	case f&flagStop != 0:
		// Tell the client to come back soon; it resumes from its
		// last id on whichever node answers.
		c.writeLast(c.retry)
		return reasonShutdown
	case f&flagExpired != 0:
		return reasonLifetime
	}
	if reason := c.writeBatch(); reason != "" {
		return reason
	}
	if f&flagPing != 0 {
		if err := c.write(heartbeatComment); err != nil {
			return reasonWrite
		}
	}
	if c.direct != nil {
		c.sub.release()
	}
	return ""
}

// writeLast writes p as the stream's last words, after what a direct
// write left unwritten.
func (c *conn) writeLast(p []byte) {
	c.sub.setDirect(nil)
	if c.pendErr == nil && len(c.pend) > 0 {
		if c.write(c.pend) != nil {
			return
		}
	}
	_ = c.write(p)
}

// Flags that wake a connection's loop besides queued frames.
const (
	flagPing       = 1 << iota // a heartbeat is due
	flagExpired                // the connection's lifetime passed
	flagStop                   // Server.Shutdown: send retry and end
	flagClientGone             // the client went away
)

// writeBatch takes what is queued and writes it, and returns why the
// connection must end, or "".
func (c *conn) writeBatch() string {
	if r := c.sub.ended(); r != "" {
		return r // dropped as slow: do not start another write
	}
	// Yield once before taking: under load this lets the publisher (and
	// other writers) run first, so that more events join this batch and
	// cost one write instead of many. When idle it costs next to nothing.
	runtime.Gosched()
	frames := c.sub.take(c.b.spare)
	err := c.writePending()
	if err == nil {
		err = c.writeQueued(frames)
	}
	clear(frames)
	c.b.spare = frames
	switch {
	case errors.Is(err, errEnded):
		return reasonClosed
	case err != nil:
		if r := c.sub.ended(); r != "" {
			return r // the write was stuck because the client is slow
		}
		c.log.Debug("ssegen: write failed", "err", err)
		return reasonWrite
	}
	return ""
}

// heartbeatComment is the comment line a heartbeat writes; writes only
// read it.
var heartbeatComment = []byte(": ping\n")

// retryField returns "retry: <ms>\n\n".
func retryField(d time.Duration) []byte {
	b := strconv.AppendInt([]byte("retry: "), d.Milliseconds(), 10)
	return append(b, "\n\n"...)
}
