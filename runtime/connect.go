package runtime

import (
	"context"
	"net/http"
)

// Snapshot is handed to Server.OnConnect to send a new subscriber the
// current state of one channel before live events.
//
// Events of the channel published before a Send count as part of the
// snapshot and are not sent; events after it are sent live. So read the
// state and Send it while holding the lock that your code holds while it
// changes that state and publishes the change: then nothing is lost or
// doubled between snapshot and live events. Send learns the channel's
// newest id from the backplane (LatestIDer) while your lock is held, and
// drops live events up to it; a backplane without LatestIDer falls back
// to dropping the live events that reached this node before the Send,
// which is exact when delivery to local subscribers is synchronous, as
// with the in-memory backplane. A hook that sends nothing leaves the live
// events alone.
type Snapshot struct {
	// Request is the subscriber's request.
	Request *http.Request
	// Stream and Channel name the channel whose state to send.
	Stream, Channel string
	c               *conn
	t               *connTopic
}

// Send queues an event of the snapshot. It has no id, so the client's
// resume position stays where the live stream puts it. The name follows
// the rules of Publish.
func (s *Snapshot) Send(event string, data []byte) error {
	if err := checkEventName(event); err != nil {
		return err
	}
	if err := checkData(data); err != nil {
		return err
	}
	s.c.b.buf = appendEventNoID(s.c.b.buf, event, s.t.name, data, s.c.mux)
	if l, ok := s.c.hub.bp.(LatestIDer); ok {
		id, err := l.Latest(s.Request.Context(), s.t.name)
		if err == nil && checkID(id) == nil {
			if s.t.last == "" || s.c.hub.bp.Compare(id, s.t.last) > 0 {
				s.t.last = id
			}
			s.c.dropQueuedUpTo(s.t)
			return nil
		}
	}
	s.c.dropQueued(s.t)
	return nil
}

// start brings the client up to date before live events: per topic it
// replays from the client's position, or sends resync when it cannot,
// then runs the connect hook for a client without state, then writes the
// client's resulting position. Live events are queued meanwhile (join ran
// before) and written afterwards, duplicates left out by id.
//
// clientID is the id the client sent (Last-Event-ID or lastEventId).
func (c *conn) start(ctx context.Context, r *http.Request, clientID string, pos map[string]string, badCursor bool, hook func(*Snapshot) error) error {
	c.borrow()
	defer c.giveBack()
	// sent is the client's last event id as far as this stream told it.
	sent := clientID
	// resume marks the topics the client gave a position in (all of them
	// for a cursor that could not be read, which resyncs them).
	resume := make([]bool, len(c.topics))
	for i, t := range c.topics {
		if !badCursor {
			t.last = pos[t.name]
		}
		resume[i] = badCursor || t.last != ""
	}
	// Topics new to the client get their position before any topic is
	// replayed, so that the cursors of replayed frames name them too.
	for i, t := range c.topics {
		if !resume[i] {
			c.position(ctx, t, i)
		}
	}
	for i, t := range c.topics {
		needState := true
		if resume[i] {
			ok := false
			if !badCursor {
				var evs []Event
				var err error
				evs, ok, err = c.hub.bp.Since(ctx, t.name, t.last)
				if err != nil {
					c.log.Error("ssegen: history unavailable, client told to resync", "topic", t.name, "err", err)
					ok = false
				}
				for _, ev := range evs {
					f, err := newFrame(ev)
					if err != nil {
						c.log.Error("ssegen: backplane returned a malformed event", "topic", t.name, "err", err)
						continue
					}
					if c.appendFrame(t, f, false) {
						c.hub.m.delivered.Add(1)
						sent = f.id
						if c.mux {
							sent = string(c.cursor)
						}
					}
					if len(c.b.buf) >= maxBatch {
						// Write a long replay in parts as it is framed:
						// the client gets its first events at once, and
						// the buffer stays bounded.
						if err := c.write(c.b.buf); err != nil {
							return err
						}
						c.b.buf = c.b.buf[:0]
					}
				}
			}
			if ok {
				needState = false
			} else {
				t.last = ""
				c.b.buf = appendResync(c.b.buf, t.name)
			}
		}
		if needState && hook != nil {
			s := &Snapshot{Request: r, Stream: t.stream, Channel: t.channel, c: c, t: t}
			if err := hook(s); err != nil {
				return err
			}
		}
		if t.last == "" {
			c.position(ctx, t, i)
		}
	}
	// Tell the client where it stands when that differs from the id it
	// saw last, so that a reconnect before the next event misses nothing.
	var now string
	if c.mux {
		now = string(c.appendCursor(nil))
	} else {
		now = c.topics[0].last
	}
	if now != "" && now != sent {
		c.b.buf = appendPosition(c.b.buf, []byte(now))
	}
	if len(c.b.buf) == 0 {
		return nil
	}
	return c.write(c.b.buf)
}

// appendResync appends the runtime's resync event for topic. Its data
// is the topic alone on both endpoints, as docs/protocol.md shows.
func appendResync(dst []byte, topic string) []byte {
	return appendEventNoID(dst, "resync", topic, []byte(topic), false)
}

// dropQueued removes the topic's queued live events, which the snapshot
// just sent covers, and moves the topic's position past them.
func (c *conn) dropQueued(t *connTopic) {
	s := c.sub
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.queue[:0]
	for _, f := range s.queue {
		if f.topic == t.name && !f.closes {
			if t.last == "" || c.hub.bp.Compare(f.id, t.last) > 0 {
				t.last = f.id
			}
			continue
		}
		kept = append(kept, f)
	}
	clear(s.queue[len(kept):])
	s.queue = kept
}

// dropQueuedUpTo removes the topic's queued live events at or below its
// position, which the snapshot just sent covers.
func (c *conn) dropQueuedUpTo(t *connTopic) {
	s := c.sub
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.queue[:0]
	for _, f := range s.queue {
		if f.topic == t.name && !f.closes && c.hub.bp.Compare(f.id, t.last) <= 0 {
			continue
		}
		kept = append(kept, f)
	}
	clear(s.queue[len(kept):])
	s.queue = kept
}

// position gives the i-th topic, which has no position yet, the one where
// its live events start: every later event of the topic is queued, none
// before it, so the client's first cursor names the topic exactly.
//
// A backplane that cannot tell where its subscription started is asked
// for the topic's newest id instead, which becomes the floor: live events
// up to it, already queued or still on their way from an asynchronous
// backplane, are left out, since the client is told it stands past them.
// A backplane that tells neither leaves the topic without a position
// until its first event.
func (c *conn) position(ctx context.Context, t *connTopic, i int) {
	if at := c.sub.joinedAt; i < len(at) && at[i] != "" && checkID(at[i]) == nil {
		t.last = at[i]
		return
	}
	l, ok := c.hub.bp.(LatestIDer)
	if !ok {
		return
	}
	id, err := l.Latest(ctx, t.name)
	if err != nil || checkID(id) != nil {
		return
	}
	t.last = id
}
