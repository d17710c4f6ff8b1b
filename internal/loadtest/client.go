package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// tally is what all clients of a run saw together.
type tally struct {
	delivered  atomic.Uint64 // events received for the first time
	outOfOrder atomic.Uint64 // events doubled or older than one already seen
	gaps       atomic.Uint64 // events skipped over when a later one came
	reconnects atomic.Uint64 // connections the client had to open again
	resyncs    atomic.Uint64 // resync events (history did not reach back)
	latency    histogram
}

// subscriber is one SSE client: it reads ticks, checks their order and
// measures their latency, and reconnects with Last-Event-ID when cut.
//
// It speaks HTTP/1.1 over its own TCP connection, parsing the response
// with http.ReadResponse, rather than through an http.Transport: the
// clients share the machine's cores with the server under test, and a
// transport's two goroutines and hand-offs per connection would take more
// of them than reading the stream needs.
type subscriber struct {
	addr   string // host:port of the server
	path   string
	t      *tally
	next   int64  // the sequence number expected next
	lastID string // for Last-Event-ID on reconnect
	// onReady is called once, when the first connection is established.
	onReady func()
}

// run reads until ctx ends, reconnecting whenever the server cuts it.
func (s *subscriber) run(ctx context.Context) {
	connected := false
	for ctx.Err() == nil {
		ok := s.connect(ctx)
		if ctx.Err() != nil {
			return
		}
		if !ok && !connected {
			// Failing to connect at all is a setup problem, not a cut:
			// retry quietly after a pause.
			time.Sleep(50 * time.Millisecond)
			continue
		}
		connected = true
		s.t.reconnects.Add(1)
		time.Sleep(10 * time.Millisecond)
	}
}

var dialer = net.Dialer{Timeout: 10 * time.Second}

// connect reads one connection until it ends, and reports whether the
// server accepted it.
func (s *subscriber) connect(ctx context.Context) bool {
	c, err := dialer.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return false
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	req := "GET " + s.path + " HTTP/1.1\r\nHost: " + s.addr + "\r\nAccept: text/event-stream\r\n"
	if s.lastID != "" {
		req += "Last-Event-ID: " + s.lastID + "\r\n"
	}
	if _, err := io.WriteString(c, req+"\r\n"); err != nil {
		return false
	}
	br := bufio.NewReaderSize(c, 4096)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	if s.onReady != nil {
		s.onReady()
		s.onReady = nil
	}
	r := br // a body that ends with the connection is read straight from br
	if len(resp.TransferEncoding) > 0 {
		r = bufio.NewReaderSize(resp.Body, 4096) // chunked: decode first
	}
	_ = s.read(r) // ends when the server cuts the stream
	return true
}

var (
	fieldID    = []byte("id: ")
	fieldEvent = []byte("event: ")
	fieldData  = []byte("data: ")
	keySeq     = []byte(`"seq":`)
	keySent    = []byte(`"sent":`)
)

// read parses just enough of the stream for the load test: ids, event
// names and one-line data. The runtime's own client does full spec parsing.
//
// As a browser does, it acts on an event only when the blank line ends
// it: an event cut off by the connection's end is discarded, and its id
// is not the one to resume from.
func (s *subscriber) read(r *bufio.Reader) error {
	var event, data []byte
	var id string
	idSet, hasData := false, false
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case len(line) == 0:
			if idSet {
				s.lastID = id
			}
			if hasData {
				if string(event) == "resync" {
					s.t.resyncs.Add(1)
				} else {
					s.tick(data)
				}
			}
			event, data = event[:0], data[:0]
			idSet, hasData = false, false
		case bytes.HasPrefix(line, fieldID):
			id, idSet = string(line[len(fieldID):]), true
		case bytes.HasPrefix(line, fieldEvent):
			event = append(event[:0], line[len(fieldEvent):]...)
		case bytes.HasPrefix(line, fieldData):
			data = append(data[:0], line[len(fieldData):]...)
			hasData = true
		}
	}
}

func (s *subscriber) tick(data []byte) {
	now := time.Now().UnixNano()
	seq := intAfter(data, keySeq)
	sent := intAfter(data, keySent)
	if seq <= 0 {
		return
	}
	if seq < s.next {
		// Already delivered, or older than one already delivered: either
		// way the stream broke its order or doubled an event.
		s.t.outOfOrder.Add(1)
		return
	}
	if seq > s.next {
		s.t.gaps.Add(uint64(seq - s.next))
	}
	s.next = seq + 1
	s.t.delivered.Add(1)
	s.t.latency.record(time.Duration(now - sent))
}

// intAfter parses the decimal integer that follows key in data, or -1.
func intAfter(data, key []byte) int64 {
	i := bytes.Index(data, key)
	if i < 0 {
		return -1
	}
	rest := data[i+len(key):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	n, err := strconv.ParseInt(string(rest[:j]), 10, 64)
	if err != nil {
		return -1
	}
	return n
}
