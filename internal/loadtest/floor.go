package loadtest

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// floor is the least a server can spend below saturation while writing
// each event to each client as it comes: it takes every stream over from
// net/http (as ssegen's Server.Hijack does), and the publishing goroutine
// writes each event to each socket with one non-blocking write(2) and
// nothing else: no queue, no goroutine per client, no clock read, lock or
// atomic per delivery, not even the Go scheduler's system call
// bookkeeping. What it costs per delivery is, on the machine measured,
// what the write system call costs (on loopback that includes the
// receiving side's TCP work, done inside the sender's write).
//
// It is a yardstick, not a server: a client whose socket is full holds
// the publisher until it has room (as go-sse's Joe does), a client that
// left is noticed only when a write to it fails, and a reconnecting
// client gets no replay of what it missed. Below saturation none of that
// happens, and it delivers the load test's contract.
type floor struct {
	mu    sync.Mutex
	conns []floorConn
	frame []byte // the event being written, built once per publish
}

// floorConn is one hijacked stream and its socket's file descriptor.
// Only the publishing goroutine writes to it or closes it (under
// floor.mu), so the descriptor stays the connection's while it is used.
type floorConn struct {
	c  net.Conn
	fd int
}

// floorHead is the response head: the body ends with the connection, so
// it needs no chunked framing.
const floorHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"

func (f *floor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	nc, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "the floor serves HTTP/1.1 only", http.StatusHTTPVersionNotSupported)
		return
	}
	fd, ok := socketFD(nc)
	if !ok {
		nc.Close()
		return
	}
	if _, err := io.WriteString(nc, floorHead); err != nil {
		nc.Close()
		return
	}
	f.mu.Lock()
	f.conns = append(f.conns, floorConn{c: nc, fd: fd})
	f.mu.Unlock()
}

// socketFD returns c's file descriptor.
func socketFD(c net.Conn) (int, bool) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return 0, false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return 0, false
	}
	fd := -1
	if err := raw.Control(func(x uintptr) { fd = int(x) }); err != nil || fd < 0 {
		return 0, false
	}
	return fd, true
}

func (f *floor) Subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.conns)
}

// The floor neither drops nor cuts: a full socket holds the publisher.
func (f *floor) Dropped() uint64 { return 0 }
func (f *floor) Cut() uint64     { return 0 }

// Publish builds the event's frame once and writes it to every client in
// turn; a client whose write fails has left and is closed.
func (f *floor) Publish(_ context.Context, t Tick) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := append(f.frame[:0], "id: "...)
	b = strconv.AppendInt(b, t.Seq, 10)
	b = append(b, "\nevent: Tick\ndata: "...)
	b = append(b, t.JSON()...)
	f.frame = append(b, "\n\n"...)
	kept := f.conns[:0]
	for _, c := range f.conns {
		if f.write(c) {
			kept = append(kept, c)
		} else {
			c.c.Close()
		}
	}
	clear(f.conns[len(kept):])
	f.conns = kept
	return nil
}

// write writes the frame to c with one non-blocking write(2); only when
// the socket does not take it all does it wait for room, through the
// connection, for at most floorWait.
func (f *floor) write(c floorConn) bool {
	n, ok := writeNoWait(c.fd, f.frame)
	if !ok {
		return false
	}
	if n == len(f.frame) {
		return true
	}
	_ = c.c.SetWriteDeadline(time.Now().Add(floorWait))
	_, err := c.c.Write(f.frame[n:])
	return err == nil
}

// floorWait bounds the wait for room in a full socket.
const floorWait = 10 * time.Second
